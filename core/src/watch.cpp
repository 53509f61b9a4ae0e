// watch.cpp: rebuild a pipeline when its inputs, its pipeline file or its
// resources change.  Each build is run_pipeline, as `pubpipe run` does it,
// so what a rebuild costs is what a run costs (the article cache, when a
// pipeline has it, makes one changed article cheap).
#include "watch.hpp"

#include <Poco/Delegate.h>
#include <Poco/DirectoryWatcher.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "atomic_file.hpp"
#include "diagnostics.hpp"
#include "loader.hpp"
#include "sandbox.hpp"

namespace pubpipe {
namespace {

using Clock = std::chrono::steady_clock;

// Counts the changes that matter in the watched folders: to the pipeline
// file, an input, a resource, or a new file beside the inputs with an
// input's extension (a new article).  What else changes there (the outputs,
// a log the user writes, an editor's swap file) does not start a build.
class ChangeCounter {
 public:
  void set_relevant(std::set<std::string> files, std::set<std::string> dir_exts) {
    std::lock_guard<std::mutex> lock(mutex_);
    files_ = std::move(files);
    dir_exts_ = std::move(dir_exts);
  }
  void on_event(const Poco::DirectoryWatcher::DirectoryEvent &event) {
    const Poco::Path path = Poco::Path(event.item.path()).absolute();
    std::lock_guard<std::mutex> lock(mutex_);
    if (!files_.count(path.toString()) && !dir_exts_.count(path.parent().toString() + "*." + path.getExtension())) return;
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
  // Waits until the count differs from seen (true) or end_wait is called
  // (false); begin_wait first, on the thread that will call end_wait.
  void begin_wait() {
    std::lock_guard<std::mutex> lock(mutex_);
    wait_ended_ = false;
  }
  bool wait_change(unsigned long seen) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return count_ != seen || wait_ended_; });
    return count_ != seen;
  }
  void end_wait() {
    std::lock_guard<std::mutex> lock(mutex_);
    wait_ended_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  unsigned long count_ = 0;
  bool wait_ended_ = false;
  Clock::time_point last_;
  std::set<std::string> files_, dir_exts_;
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
        if (v.type != PP_OPT_RESOURCE || !v.set || v.s.empty() || (e.output && p->made_by_run(v.s))) continue;
        try {
          if (Poco::File(v.s).exists() && Poco::File(v.s).isFile()) dirs.insert(Poco::Path(absolute(v.s)).parent().toString());
        } catch (const Poco::Exception &) {
        }
      }
  return dirs;
}

// The files whose change means a rebuild: the pipeline file, the inputs,
// the resources (not one that the run itself writes).
std::set<std::string> files_of(const std::string &file, const Pipeline *p) {
  std::set<std::string> files{absolute(file)};
  if (!p) return files;
  for (const auto &in : p->inputs) files.insert(absolute(in));
  for (const auto *list : {&p->stages, &p->outputs})
    for (const auto &e : *list)
      for (const auto &opt : e.options)
        if (opt.second.type == PP_OPT_RESOURCE && opt.second.set && !opt.second.s.empty() && !(e.output && p->made_by_run(opt.second.s)))
          files.insert(absolute(opt.second.s));
  return files;
}

// "FOLDER/*.EXT" for each input: a file added there may be a new input.
std::set<std::string> input_patterns(const Pipeline *p) {
  std::set<std::string> patterns;
  if (!p) return patterns;
  for (const auto &in : p->inputs) {
    const Poco::Path path = Poco::Path(in).absolute();
    patterns.insert(path.parent().toString() + "*." + path.getExtension());
  }
  return patterns;
}

// Every file a pipeline's outputs write: each output's path and its output
// options (the PDF, the page map).
std::vector<std::string> output_files(const Pipeline &p) {
  std::vector<std::string> paths;
  for (const auto &e : p.outputs) {
    paths.push_back(e.path);
    for (const auto &[name, v] : e.options)
      if (v.type == PP_OPT_OUTPUT && v.set && !v.s.empty()) paths.push_back(v.s);
  }
  return paths;
}

// The outputs as they were before a full run, so that a run abandoned for a
// newer edit leaves them so: each existing output is copied into a
// temporary beside it (atomic_file's, so a signal removes it), put back by a
// rename when the run is abandoned, dropped otherwise.  An output that did
// not exist is removed again.  The copy is the cost: a few MB of disk
// writes against FOP's seconds.
class KeptOutputs {
 public:
  KeptOutputs(const Pipeline &p, const Sandbox *sandbox) : sandbox_(sandbox) {
    for (const auto &path : output_files(p)) {
      std::error_code ec;
      Kept k{path, {}};
      if (std::filesystem::is_regular_file(path, ec)) {
        if (!begin_atomic_file(path, &k.temp, sandbox_).empty() ||
            !std::filesystem::copy_file(path, k.temp, std::filesystem::copy_options::overwrite_existing, ec) || ec) {
          if (!k.temp.empty()) discard_atomic_file(k.temp);
          complete_ = false;  // this output could not be put back: the run is not abandoned
          continue;
        }
      }
      kept_.push_back(std::move(k));
    }
  }
  KeptOutputs(const KeptOutputs &) = delete;
  KeptOutputs &operator=(const KeptOutputs &) = delete;
  ~KeptOutputs() {
    for (const auto &k : kept_)
      if (!k.temp.empty()) discard_atomic_file(k.temp);
  }
  // Every output could be kept: only then may a run be abandoned.
  bool complete() const { return complete_; }
  // The outputs as they were; returns what could not be put back ("" when all was).
  std::string restore() {
    std::string problems;
    for (auto &k : kept_) {
      std::error_code ec;
      if (k.temp.empty()) {
        std::filesystem::remove(k.path, ec);
      } else {
        const std::string why = commit_atomic_file(k.temp, k.path, sandbox_);
        if (!why.empty()) problems += k.path + ": " + why + "\n";
        k.temp.clear();
      }
    }
    return problems;
  }

 private:
  struct Kept {
    std::string path, temp;  // temp: the copy; "" when the output did not exist
  };
  const Sandbox *sandbox_;
  std::vector<Kept> kept_;
  bool complete_ = true;
};

// During a full run, the first change ends it: every child process (the
// run's workers; FOP's keeper, which kills FOP and its JVM and reaps them)
// is sent SIGTERM, and again every 20 ms until the run has returned, so
// that one the run starts after a round (FOP's second pass) ends too.  The
// run then fails, and its caller puts the outputs back.
class Abandoner {
 public:
  Abandoner(ChangeCounter &changes, unsigned long seen) : changes_(changes) {
    changes_.begin_wait();
    thread_ = std::thread([this, seen] {
      if (!changes_.wait_change(seen)) return;
      abandoned_ = true;
      while (!done_) {
        for (const pid_t pid : own_children()) kill(pid, SIGTERM);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
  }
  Abandoner(const Abandoner &) = delete;
  Abandoner &operator=(const Abandoner &) = delete;
  // The run has returned: no more rounds.  True when it was abandoned.
  bool finish() {
    done_ = true;
    changes_.end_wait();
    if (thread_.joinable()) thread_.join();
    return abandoned_;
  }
  ~Abandoner() { finish(); }

 private:
  ChangeCounter &changes_;
  std::atomic<bool> abandoned_{false}, done_{false};
  std::thread thread_;
};

}  // namespace

bool preview_pipeline(const Pipeline &full, const std::string &dir, Pipeline *preview) {
  const auto epub = std::find_if(full.outputs.begin(), full.outputs.end(), [](const Entry &o) {
    return o.plugin_ref == "epub" || (o.plugin && o.plugin->name == "epub");
  });
  if (epub == full.outputs.end()) return false;
  const auto into_dir = [&](const std::string &path) { return Poco::Path(dir).makeDirectory().setFileName(Poco::Path(path).getFileName()).toString(); };
  *preview = full;
  preview->outputs.assign(1, *epub);
  preview->output_files.clear();
  Entry &e = preview->outputs.front();
  e.path = into_dir(e.path);
  e.create_folder = false;
  bool left_out = full.outputs.size() > 1;
  for (auto &[name, v] : e.options) {
    if (!v.set) continue;
    if (v.type == PP_OPT_RESOURCE && full.made_by_run(v.s)) {
      left_out = true;
      v.set = false;
      v.s.clear();
      e.option_at.erase(name);
    } else if (v.type == PP_OPT_OUTPUT && !v.s.empty()) {
      v.s = into_dir(v.s);
      preview->output_files.insert(v.s);
    }
  }
  return left_out;
}

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
  // --sandbox as `run` has it: plugins only from the pipeline's folders, and
  // each build's paths checked against its pipeline file's folder.
  if (config.run.settings.sandbox.on) loader.confine({});
  std::unique_ptr<Pipeline> last_good;
  unsigned number = 0;
  unsigned long seen = changes.count();
  for (;;) {
    BuildReport report;
    report.number = ++number;
    const auto start = Clock::now();
    // Changes from here on, even while this build runs, lead to the next one.
    seen = changes.count();
    std::vector<Diagnostic> problems;
    auto pipeline = std::make_unique<Pipeline>();
    DiagnosticLog log(config.verbose);
    RunOptions run = config.run;
    // Each build takes its own time, as `pubpipe run` takes it (the command
    // line checked SOURCE_DATE_EPOCH once; when it is set, every build has it).
    bool time_ok = true;
    run.settings.build_time = build_time_now(&time_ok);
    const bool ok = load_pipeline(config.file, config.defines, loader, pipeline.get(), &problems) &&
                    sandbox_confine(*pipeline, run.settings.trace_dir, &run.settings.sandbox, &problems);
    log.report_all(problems);
    // The files of the pipeline about to run are watched before it runs, so
    // that an edit made during the build (the first one too) is counted.
    const Pipeline *watched = ok ? pipeline.get() : last_good.get();
    watch_folders(folders_of(config.file, watched));
    changes.set_relevant(files_of(config.file, watched), input_patterns(watched));
    if (!ok) {
      if (config.on_start) config.on_start(number, nullptr, BuildPhase::full);
      for (const auto &d : problems)
        if (d.severity == Severity::error) report.error += format_diagnostic(d) + "\n";
      report.status = 2;
      std::fprintf(stderr, "pubpipe watch: build %u: %s is broken; nothing was run, the last good book stays\n", number,
                   config.file.c_str());
    } else {
      Pipeline preview;
      const bool previewed = !config.preview_dir.empty() && preview_pipeline(*pipeline, config.preview_dir, &preview);
      if (previewed) {
        // The preview: the same cache, so the full run after it redoes no
        // article; its diagnostics are the full run's, printed by that.
        if (config.on_start) config.on_start(number, &preview, BuildPhase::preview);
        RunOptions quick = run;
        quick.settings.trace_dir.clear();  // --trace is the full run's
        quick.hooks.wrote = [](const std::string &) {};  // the outputs are named once, by the full run
        DiagnosticLog quiet(config.verbose, true);
        BuildReport first;
        first.number = number;
        first.phase = BuildPhase::preview;
        first.pipeline_ok = true;
        first.status = run_pipeline(preview, quick, quiet);
        first.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        std::fprintf(stderr, "pubpipe watch: build %u: preview %s in %.2f s (%s); now the full build\n", number,
                     first.status == 0 ? "done" : "failed", first.seconds, display_path(preview.outputs.front().path).c_str());
        first.pipeline = std::move(preview);
        if (on_build) on_build(first);
      }
      if (config.on_start) config.on_start(number, pipeline.get(), BuildPhase::full);
      if (!previewed) {
        std::fprintf(stderr, "pubpipe watch: build %u: running %s\n", number, config.file.c_str());
        report.status = run_pipeline(*pipeline, run, log);
      } else if (changes.count() != seen) {
        // Edited again during the preview: its full run would be abandoned at once.
        report.status = 1;
        report.abandoned = true;
      } else {
        // serve's full run is abandoned when an edit comes while it runs
        // (FOP takes seconds): the new edit's preview need not wait for it.
        // The outputs are then put back as they were, and only a run that
        // ran to its end names what it wrote.
        std::fprintf(stderr, "pubpipe watch: build %u: running %s\n", number, config.file.c_str());
        std::vector<std::string> wrote;
        RunOptions full = run;
        full.hooks.wrote = [&](const std::string &path) { wrote.push_back(path); };
        KeptOutputs kept(*pipeline, run.settings.sandbox.on ? &run.settings.sandbox : nullptr);
        if (kept.complete()) {
          Abandoner abandoner(changes, seen);
          report.status = run_pipeline(*pipeline, full, log);
          report.abandoned = abandoner.finish() && report.status != 0;
        } else {
          report.status = run_pipeline(*pipeline, full, log);
        }
        if (report.abandoned) {
          const std::string problems = kept.restore();
          if (!problems.empty()) std::fprintf(stderr, "pubpipe watch: build %u: cannot put the outputs back:\n%s", number, problems.c_str());
        } else {
          for (const auto &path : wrote) std::printf("pubpipe: wrote %s\n", path.c_str());
          std::fflush(stdout);
        }
      }
      report.pipeline_ok = true;
      report.pipeline = *pipeline;
      last_good = std::move(pipeline);
    }
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (report.abandoned)
      std::fprintf(stderr, "pubpipe watch: build %u: full run abandoned for a newer edit after %.2f s; the outputs are as they were\n",
                   number, report.seconds);
    else
      std::fprintf(stderr, "pubpipe watch: build %u: %s in %.2f s; watching for changes (Ctrl-C ends)\n", number,
                   report.pipeline_ok ? (report.status == 0 ? "done" : "failed") : "pipeline error", report.seconds);
    if (on_build) on_build(report);
    seen = changes.wait_settled(seen, config.debounce_ms);
  }
}

}  // namespace pubpipe
