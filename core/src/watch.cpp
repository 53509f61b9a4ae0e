// watch.cpp: rebuild a pipeline when its inputs, its pipeline file or its
// resources change.  Each build is run_pipeline, as `pubpipe run` does it,
// so what a rebuild costs is what a run costs (the article cache, when a
// pipeline has it, makes one changed article cheap).
#include "watch.hpp"

#include <Poco/Delegate.h>
#include <Poco/DirectoryWatcher.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "diagnostics.hpp"
#include "loader.hpp"

namespace pubpipe {
namespace {

using Clock = std::chrono::steady_clock;

// Counts the changes seen in the watched folders, ignoring what the builds
// themselves write (the outputs, their temporaries, the trace folder).
class ChangeCounter {
 public:
  void set_ignored(std::vector<std::string> output_names, std::string trace_dir) {
    std::lock_guard<std::mutex> lock(mutex_);
    output_names_ = std::move(output_names);
    trace_dir_ = std::move(trace_dir);
  }
  void on_event(const Poco::DirectoryWatcher::DirectoryEvent &event) {
    const std::string path = event.item.path();
    const std::string name = Poco::Path(path).getFileName();
    std::lock_guard<std::mutex> lock(mutex_);
    if (!trace_dir_.empty() && path.rfind(trace_dir_, 0) == 0) return;
    for (const auto &out : output_names_)
      if (name.find(out) != std::string::npos) return;
    ++count_;
    last_ = Clock::now();
    changed_.notify_all();
  }
  void on_error(const Poco::Exception &e) { std::fprintf(stderr, "pubpipe watch: %s\n", e.displayText().c_str()); }
  unsigned long count() {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }
  // Waits until the count differs from seen and then nothing changed for
  // quiet_ms; returns the count then.
  unsigned long wait_settled(unsigned long seen, int quiet_ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return count_ != seen; });
    const auto quiet = std::chrono::milliseconds(quiet_ms);
    while (Clock::now() - last_ < quiet) changed_.wait_until(lock, last_ + quiet);
    return count_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  unsigned long count_ = 0;
  Clock::time_point last_;
  std::vector<std::string> output_names_;
  std::string trace_dir_;
};

std::string absolute(const std::string &path) { return Poco::Path(path).absolute().toString(); }

// The folders to watch: the pipeline file's, each input's, and each of a
// file-valued option's (a glossary, a stylesheet, a font...).
std::set<std::string> folders_of(const std::string &file, const Pipeline *p) {
  std::set<std::string> dirs{Poco::Path(absolute(file)).parent().toString()};
  if (!p) return dirs;
  for (const auto &in : p->inputs) dirs.insert(Poco::Path(absolute(in)).parent().toString());
  for (const auto *list : {&p->stages, &p->outputs})
    for (const auto &e : *list)
      for (const auto &opt : e.options) {
        const OptionValue &v = opt.second;
        if (v.type != PP_OPT_RESOURCE || !v.set || v.s.empty()) continue;
        try {
          if (Poco::File(v.s).exists() && Poco::File(v.s).isFile()) dirs.insert(Poco::Path(absolute(v.s)).parent().toString());
        } catch (const Poco::Exception &) {
        }
      }
  return dirs;
}

}  // namespace

int watch_pipeline(const WatchConfig &config, const std::function<void(const BuildReport &)> &on_build) {
  ChangeCounter changes;
  std::map<std::string, std::unique_ptr<Poco::DirectoryWatcher>> watchers;
  const auto watch_folders = [&](const std::set<std::string> &dirs) {
    for (auto it = watchers.begin(); it != watchers.end();) {
      if (dirs.count(it->first)) ++it;
      else it = watchers.erase(it);
    }
    for (const auto &dir : dirs) {
      if (watchers.count(dir) || !Poco::File(dir).exists()) continue;
      try {
        auto w = std::make_unique<Poco::DirectoryWatcher>(dir, Poco::DirectoryWatcher::DW_FILTER_ENABLE_ALL, 1);
        w->itemAdded += Poco::delegate(&changes, &ChangeCounter::on_event);
        w->itemRemoved += Poco::delegate(&changes, &ChangeCounter::on_event);
        w->itemModified += Poco::delegate(&changes, &ChangeCounter::on_event);
        w->itemMovedFrom += Poco::delegate(&changes, &ChangeCounter::on_event);
        w->itemMovedTo += Poco::delegate(&changes, &ChangeCounter::on_event);
        w->scanError += Poco::delegate(&changes, &ChangeCounter::on_error);
        watchers.emplace(dir, std::move(w));
      } catch (const Poco::Exception &e) {
        std::fprintf(stderr, "pubpipe watch: cannot watch %s: %s\n", dir.c_str(), e.displayText().c_str());
      }
    }
  };
  if (!Poco::File(config.file).exists()) {
    std::fprintf(stderr, "pubpipe: %s: no such pipeline file\n", config.file.c_str());
    return 2;
  }
  // One loader for the whole session: the plugins stay loaded between builds.
  PluginLoader loader;
  std::unique_ptr<Pipeline> last_good;
  unsigned number = 0;
  unsigned long seen = changes.count();
  watch_folders(folders_of(config.file, nullptr));
  for (;;) {
    BuildReport report;
    report.number = ++number;
    const auto start = Clock::now();
    // Changes from here on, even while this build runs, lead to the next one.
    seen = changes.count();
    std::vector<Diagnostic> problems;
    auto pipeline = std::make_unique<Pipeline>();
    DiagnosticLog log(config.verbose);
    const bool ok = load_pipeline(config.file, config.defines, loader, pipeline.get(), &problems);
    log.report_all(problems);
    if (!ok) {
      for (const auto &d : problems)
        if (d.severity == Severity::error) report.error += format_diagnostic(d) + "\n";
      report.status = 2;
      std::fprintf(stderr, "pubpipe watch: build %u: %s is broken; nothing was run, the last good book stays\n", number,
                   config.file.c_str());
    } else {
      std::vector<std::string> names;
      for (const auto &o : pipeline->outputs) {
        names.push_back(Poco::Path(o.path).getFileName());
        for (const auto &opt : o.options)
          if (opt.second.type == PP_OPT_OUTPUT && opt.second.set) names.push_back(Poco::Path(opt.second.s).getFileName());
      }
      changes.set_ignored(names, config.run.settings.trace_dir.empty() ? "" : absolute(config.run.settings.trace_dir));
      std::fprintf(stderr, "pubpipe watch: build %u: running %s\n", number, config.file.c_str());
      report.status = run_pipeline(*pipeline, config.run, log);
      report.pipeline_ok = true;
      report.pipeline = *pipeline;
      last_good = std::move(pipeline);
    }
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::fprintf(stderr, "pubpipe watch: build %u: %s in %.2f s; watching for changes (Ctrl-C ends)\n", number,
                 report.pipeline_ok ? (report.status == 0 ? "done" : "failed") : "pipeline error", report.seconds);
    watch_folders(folders_of(config.file, last_good.get()));
    if (on_build) on_build(report);
    seen = changes.wait_settled(seen, config.debounce_ms);
  }
}

}  // namespace pubpipe
