// watch.hpp: `pubpipe watch` (and the rebuilding half of `pubpipe serve`):
// rebuild a pipeline whenever one of its inputs, its pipeline file or a
// resource it names changes.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "pipeline.hpp"
#include "runner.hpp"

namespace pubpipe {

struct WatchConfig {
  std::string file;  // the pipeline file
  std::vector<Define> defines;
  RunOptions run;
  bool verbose = false;
  int debounce_ms = 150;  // quiet time after the last change before a rebuild
  // Called on the watching thread once each build's pipeline file is read,
  // before anything runs, with the build's number and the pipeline (nullptr
  // when the file is broken); may be empty.  serve's RunHooks (run.hooks)
  // then know which build and which outputs they see.
  std::function<void(unsigned number, const Pipeline *pipeline)> on_start = nullptr;
};

// What one build came to, given to the caller after each.
struct BuildReport {
  unsigned number = 0;       // 1, 2, ...: counts the builds that ran
  bool pipeline_ok = false;  // false: the pipeline file is broken, nothing ran, the last good book stays
  int status = 0;            // run_pipeline's exit status (pipeline_ok), else 2
  std::string error;         // the pipeline's problems, file:line:column (when !pipeline_ok)
  Pipeline pipeline;         // the pipeline that ran (when pipeline_ok)
  double seconds = 0;        // the build's wall time
};

// Builds once, then again after every change, until the process is ended by
// SIGINT or SIGTERM; on_build (may be empty) sees each build's report.
// Returns 2 only when the first load finds no pipeline file at all.
int watch_pipeline(const WatchConfig &config, const std::function<void(const BuildReport &)> &on_build);

}  // namespace pubpipe
