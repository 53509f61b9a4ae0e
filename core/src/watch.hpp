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

// A build of serve has two runs: a preview (the pipeline with what waits for
// FOP left out, into serve's preview folder) and then the full pipeline.
enum class BuildPhase { preview, full };

struct WatchConfig {
  std::string file;  // the pipeline file
  std::vector<Define> defines;
  RunOptions run;
  bool verbose = false;
  // Quiet time after the last change before a rebuild: an editor's save
  // (write and rename, or truncate and write) comes within it as one change;
  // docs/preview.md says why 50 ms is enough.
  int debounce_ms = 50;
  // Not empty: each build first runs preview_pipeline's pipeline into this
  // folder (serve's own), then the full one; on_build hears of both.
  std::string preview_dir = {};
  // Called on the watching thread before each run of a build, with the
  // build's number, the pipeline about to run (nullptr when the file is
  // broken) and which run it is; may be empty.  serve's RunHooks
  // (run.hooks) then know which build and which outputs they see.
  std::function<void(unsigned number, const Pipeline *pipeline, BuildPhase phase)> on_start = nullptr;
};

// serve's preview of a pipeline: the same inputs, stages, cache and book,
// with only its first EPUB output, written into dir (the file's name kept),
// and that output's options that read another writer's output (page_map,
// which waits for FOP's two passes) unset; so the other writers (DocBook,
// XSL-FO and its PDF) do not run.  False when the pipeline has no EPUB
// output, or when the preview would leave nothing out (the EPUB is the only
// output and reads no other's): then there is no preview, the full run is as
// quick.
bool preview_pipeline(const Pipeline &full, const std::string &dir, Pipeline *preview);

// What one build came to, given to the caller after each.
struct BuildReport {
  unsigned number = 0;       // 1, 2, ...: counts the builds that ran
  BuildPhase phase = BuildPhase::full;  // a build's preview run is reported before its full run
  bool pipeline_ok = false;  // false: the pipeline file is broken, nothing ran, the last good book stays
  int status = 0;            // run_pipeline's exit status (pipeline_ok), else 2
  std::string error;         // the pipeline's problems, file:line:column (when !pipeline_ok)
  Pipeline pipeline;         // the pipeline that ran (when pipeline_ok)
  double seconds = 0;        // the build's wall time
  // The full run was abandoned for a newer edit (serve, a build with a
  // preview): its outputs were put back as they were, its writers' hooks
  // are not the book's; the next build follows at once.
  bool abandoned = false;
};

// Builds once, then again after every change, until the process is ended by
// SIGINT or SIGTERM; on_build (may be empty) sees each build's report.
// Returns 2 only when the first load finds no pipeline file at all.
int watch_pipeline(const WatchConfig &config, const std::function<void(const BuildReport &)> &on_build);

}  // namespace pubpipe
