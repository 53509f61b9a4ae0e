// scheduler.hpp: runs document jobs in worker processes (the default), in
// threads, or inline, and hands each result back in the parent.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "record.hpp"

namespace pubpipe {

enum class Isolation { process, thread, none };

struct Job {
  size_t index = 0;
  std::string record;  // an encoded ArticleRecord to start from; empty: start from the input file
};

// Per-worker state (plugin instances); one per worker process or thread.
class WorkerState {
 public:
  virtual ~WorkerState() = default;
};

struct SchedulerHooks {
  // Makes the state of a new worker, in the worker.
  std::function<std::unique_ptr<WorkerState>()> make_state;
  // Runs a job; calls stage_started(k) before step k.  Runs in the worker.
  std::function<ArticleRecord(WorkerState &, const Job &, const std::function<void(int)> &stage_started)> work;
  // Builds the failed record of a job whose worker died during step `step`
  // (-1: before any step).  Runs in the parent.
  std::function<ArticleRecord(const Job &, int step, const std::string &what)> died;
  // Receives each result as it was encoded where it was made (a worker's
  // frame, as it came), with its layout (scan_record: it is a whole record;
  // the layout's diagnostics may be moved out).
  // Runs in the parent (thread mode: under a lock); the bytes are valid only
  // during the call.
  std::function<void(size_t index, std::string_view record, RecordLayout &layout)> done;
};

void run_jobs(Isolation isolation, int workers, double timeout_seconds, std::vector<Job> jobs, const SchedulerHooks &hooks);

}  // namespace pubpipe
