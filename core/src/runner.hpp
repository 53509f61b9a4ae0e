// runner.hpp: runs a checked pipeline: document stages in workers, book
// stages in order in the parent, then the writers.
#pragma once

#include <functional>
#include <vector>

#include "diagnostics.hpp"
#include "host.hpp"
#include "pipeline.hpp"
#include "scheduler.hpp"
#include "shard.hpp"

namespace pubpipe {

// What a caller (pubpipe serve) learns of a run while it runs.  Both hooks
// run in the parent process; an empty one is not called.
struct RunHooks {
  // The book's articles, in the book's order, without their payload (source,
  // ids, diagnostics), once the book stages are done and before any writer
  // starts; on the run's own thread.
  std::function<void(const std::vector<ArticleRecord> &articles)> book = nullptr;
  // One output's writer has ended: its outputs were committed (ok) or left
  // as they were, and diags is what it said.  On the writer's thread, so
  // calls for different outputs may come at once.
  std::function<void(const Entry &output, bool ok, const std::vector<Diagnostic> &diags)> writer = nullptr;
  // Each file the run wrote, as `pubpipe run` names it; when set, the run
  // does not print "pubpipe: wrote PATH" itself (watch prints one build's
  // outputs once: not the preview's, not an abandoned run's).  On the run's
  // thread, after its writers have ended.
  std::function<void(const std::string &path)> wrote = nullptr;
};

struct RunOptions {
  int jobs = 1;
  Isolation isolation = Isolation::process;
  bool progress = false;
  RunSettings settings;
  // The article cache (docs/cache.md): --cache DIR, else the pipeline's
  // `cache:`, else .pubpipe-cache beside the pipeline file; --no-cache or
  // `cache: false` turn it off.
  std::string cache_dir;
  bool no_cache = false;
  // --shard K/N (docs/cache.md, "Shards"): only the document stages of the
  // inputs in that slice run, into the cache; no book is written.
  Shard shard;
  RunHooks hooks = {};
};

// Returns the exit status: 0 when every document and stage succeeded, 1
// otherwise; 2 when --shard is given with no cache to fill.
int run_pipeline(const Pipeline &pipeline, const RunOptions &options, DiagnosticLog &log);

// What run_fixture leaves: the article's DocBook (has_tree), else the text
// (a text stage on a text fixture).
struct FixtureResult {
  bool has_tree = false;
  std::string xml, text;
};

// `pubpipe stage` (stage_cmd.cpp): the pipeline's one input through its
// stages (no outputs) in this process, as a run does them: the same plugin
// instances, host table, crash reporter and tree checks, but no cache, trace
// or worker.  `start` is an encoded ArticleRecord to start from (a DocBook
// fixture), or empty to read the input as text.  Returns 0 (also when the
// stage left the document out, with a warning; *result is then empty) or 1
// when a stage failed; the diagnostics go to log.
int run_fixture(const Pipeline &pipeline, const RunOptions &options, DiagnosticLog &log, const std::string &start,
                FixtureResult *result);

}  // namespace pubpipe
