// slurm.cpp: `pubpipe slurm BOOK.yaml --shards N` (docs/scale-out.md).
// Runs in the user's process on the submitting machine; what it submits
// runs on the cluster's nodes: the N shards as one job array (each task
// `pubpipe run BOOK.yaml --shard K/N`) and the assembly (`pubpipe run
// BOOK.yaml`) as a job that starts when every task has succeeded.  Both
// share the cache folder, which must therefore be on a shared file system.
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <Poco/Environment.h>
#include <Poco/Path.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <sstream>

#include "cache.hpp"
#include "loader.hpp"
#include "pipeline.hpp"
#include "slurm.hpp"
#include "../../plugins/common/spawn.hpp"

namespace pubpipe {

namespace {

constexpr int kOk = 0, kFailed = 1, kUsage = 2;
constexpr long kMaxShards = 65536;  // as --shard K/N (shard.cpp)

const char *kSlurmUsage =
    "usage: pubpipe slurm PIPELINE.yaml --shards N [--cache DIR] [--define key=value]... [-v]\n"
    "                     [--partition NAME] [--time LIMIT] [--cpus-per-task N] [--log-dir DIR]\n"
    "                     [--sbatch-arg ARG]... [-- RUN-OPTION...]\n";

// The job script, given to sbatch on its standard input (/dev/stdin), so
// that no file is left behind; sbatch keeps a copy with the job.  The
// arguments come from sbatch's command line, never from a shell string:
// $1 the pubpipe program, $2 the number of shards (0: the assembly), then
// run's arguments.  -j comes first so that a -j among them wins.
const char *kJobScript =
    "#!/bin/sh\n"
    "# pubpipe slurm (docs/scale-out.md): one shard of a book (a task of the job array), or its assembly.\n"
    "pubpipe=$1 shards=$2\n"
    "shift 2\n"
    "if [ \"$shards\" -gt 0 ]; then set -- --shard \"$SLURM_ARRAY_TASK_ID/$shards\" \"$@\"; fi\n"
    "exec \"$pubpipe\" run -j \"${SLURM_CPUS_PER_TASK:-1}\" \"$@\"\n";

int slurm_usage(const std::string &message) {
  std::fprintf(stderr, "pubpipe slurm: %s\n%s", message.c_str(), kSlurmUsage);
  return kUsage;
}

struct SlurmArgs {
  std::string file, cache_dir, partition, time_limit, log_dir;
  long shards = 0, cpus = 0;
  std::vector<Define> defines;
  std::vector<std::string> sbatch_args, run_args;
  bool verbose = false;
};

bool parse_count(const std::string &s, long max, long *out) {
  if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos) return false;
  *out = std::strtol(s.c_str(), nullptr, 10);
  return *out >= 1 && *out <= max;
}

// Parses the arguments after `slurm`; returns -1 on success or the exit
// status (a message printed).
int parse_slurm_args(const std::vector<std::string> &args, SlurmArgs *a) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i], value;
    if (arg == "--") {
      a->run_args.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    }
    const bool has_eq = arg.rfind("--", 0) == 0 && arg.find('=') != std::string::npos;
    if (has_eq) value = arg.substr(arg.find('=') + 1), arg = arg.substr(0, arg.find('='));
    auto take = [&]() {
      if (has_eq) return true;
      if (i + 1 >= args.size()) return false;
      value = args[++i];
      return true;
    };
    if (arg == "-h" || arg == "--help") {
      std::fputs(kSlurmUsage, stdout);
      return kOk;
    } else if (arg == "--shards") {
      if (!take() || !parse_count(value, kMaxShards, &a->shards))
        return slurm_usage("--shards needs a number of shards from 1 to " + std::to_string(kMaxShards) +
                           (value.empty() ? std::string() : ", not '" + value + "'"));
    } else if (arg == "--cache") {
      if (!take() || value.empty()) return slurm_usage("--cache needs a folder");
      a->cache_dir = value;
    } else if (arg == "--define" || arg == "-D") {
      const size_t eq = take() ? value.find('=') : std::string::npos;
      if (eq == std::string::npos || eq == 0) return slurm_usage("--define needs key=value");
      a->defines.push_back({value.substr(0, eq), value.substr(eq + 1)});
    } else if (arg == "--partition") {
      if (!take() || value.empty()) return slurm_usage("--partition needs a partition's name");
      a->partition = value;
    } else if (arg == "--time") {
      if (!take() || value.empty()) return slurm_usage("--time needs a time limit, as sbatch takes it (e.g. 30, 2:00:00, 1-0)");
      a->time_limit = value;
    } else if (arg == "--cpus-per-task") {
      if (!take() || !parse_count(value, 1024, &a->cpus)) return slurm_usage("--cpus-per-task needs a number from 1 to 1024");
    } else if (arg == "--log-dir") {
      if (!take() || value.empty()) return slurm_usage("--log-dir needs a folder");
      a->log_dir = value;
    } else if (arg == "--sbatch-arg") {
      if (!take() || value.empty()) return slurm_usage("--sbatch-arg needs an sbatch option, e.g. --sbatch-arg=--account=NAME");
      a->sbatch_args.push_back(value);
    } else if (arg == "-v" || arg == "--verbose") {
      a->verbose = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      return slurm_usage("unknown option '" + args[i] + "' (run's options go after --)");
    } else if (!a->file.empty()) {
      return slurm_usage("slurm takes one pipeline file");
    } else {
      a->file = arg;
    }
  }
  if (a->file.empty()) return slurm_usage("slurm needs a pipeline file");
  if (a->shards == 0) return slurm_usage("slurm needs --shards N");
  // These would make a shard fill no cache, or use another one than the assembly.
  for (const std::string &r : a->run_args) {
    const std::string name = r.substr(0, r.find('='));
    if (name == "--shard" || name == "--cache" || name == "--no-cache" || name == "--trace")
      return slurm_usage(name + " cannot be a run option here: pubpipe slurm gives each job its shard and the cache folder");
  }
  return -1;
}

// What one sbatch call did.
struct Submission {
  bool ok = false;
  std::string job_id;  // when ok
  std::string said;    // sbatch's output (standard output and error)
  int status = 0;
};

// Runs PROGRAM ARGS... (sbatch with --parsable) with the job script on its
// standard input and reads the job id it prints: "ID" or "ID;CLUSTER".  It
// runs through the plugins' one spawner (plugins/common/spawn.hpp), as exec
// and FOP do: a session of its own, and killed after kSbatchSeconds (a
// controller that never answers) with anything it started.
constexpr double kSbatchSeconds = 300;

Submission submit(const std::string &program, const std::vector<std::string> &args) {
  Submission s;
  pubpipe::spawn::Request run;
  run.argv = {program};
  run.argv.insert(run.argv.end(), args.begin(), args.end());
  run.input = kJobScript;  // if sbatch ends before it reads it (a wrong option), its message says why
  run.seconds = kSbatchSeconds;
  run.out_to_err = true;   // its warnings and the id, in the order it printed them
  pubpipe::spawn::Result r;
  try {
    r = pubpipe::spawn::run(run);
  } catch (const std::exception &e) {
    s.said = e.what();
    s.status = -1;
    return s;
  }
  s.said = r.err;
  if (r.timed_out) {
    s.said = "it took longer than " + std::to_string(static_cast<int>(kSbatchSeconds)) + " s and was killed" + (s.said.empty() ? "" : ": " + s.said);
    s.status = -1;
    return s;
  }
  if (WIFSIGNALED(r.status)) {
    s.said = "it was killed by signal " + std::to_string(WTERMSIG(r.status)) + (s.said.empty() ? "" : ": " + s.said);
    s.status = -1;
    return s;
  }
  s.status = WEXITSTATUS(r.status);
  // sbatch may print warnings too ("sbatch: warning: ..."); the id is the line of digits.
  std::istringstream lines(s.said);
  for (std::string line; std::getline(lines, line);) {
    const std::string id = line.substr(0, line.find(';'));
    if (!id.empty() && id.find_first_not_of("0123456789") == std::string::npos) s.job_id = id;
  }
  s.ok = s.status == 0 && !s.job_id.empty();
  return s;
}

std::string trimmed(const std::string &s) {
  const size_t end = s.find_last_not_of(" \n\r\t");
  return end == std::string::npos ? std::string() : s.substr(0, end + 1);
}

int sbatch_failed(const char *what, const Submission &s) {
  std::string said = trimmed(s.said);
  if (said.empty()) said = "(it printed nothing)";
  if (s.status == 0) std::fprintf(stderr, "pubpipe slurm: sbatch printed no job id for %s: %s\n", what, said.c_str());
  else if (s.status < 0) std::fprintf(stderr, "pubpipe slurm: sbatch failed for %s: %s\n", what, said.c_str());  // not started, killed or timed out
  else std::fprintf(stderr, "pubpipe slurm: sbatch failed for %s (exit %d): %s\n", what, s.status, said.c_str());
  return kFailed;
}

std::string absolute(const std::string &path) { return std::filesystem::absolute(path).lexically_normal().string(); }

}  // namespace

int slurm_command(const std::vector<std::string> &args) {
  signal(SIGPIPE, SIG_IGN);  // sbatch may end before it reads the script
  SlurmArgs a;
  if (const int rc = parse_slurm_args(args, &a); rc >= 0) return rc;

  // The pipeline is checked here, so that a wrong one submits nothing.
  PluginLoader loader;
  Pipeline p;
  std::vector<Diagnostic> problems;
  const bool ok = load_pipeline(a.file, a.defines, loader, &p, &problems);
  DiagnosticLog log(a.verbose);
  log.report_all(problems);
  if (!ok) {
    std::fprintf(stderr, "pubpipe slurm: %s has %zu error%s; nothing was submitted\n", a.file.c_str(), log.errors(),
                 log.errors() == 1 ? "" : "s");
    return kUsage;
  }
  if (a.cache_dir.empty() && p.cache_off)
    return slurm_usage(a.file + " turns the cache off (cache: false), but the shards hand their articles to the assembly "
                       "through it; name a folder with --cache DIR");
  const std::string cache = absolute(a.cache_dir.empty() ? default_cache_dir(p) : a.cache_dir);

  Poco::Path found;
  if (!Poco::Path::find(Poco::Environment::get("PATH", ""), "sbatch", found))
    return slurm_usage("sbatch is not on PATH: pubpipe slurm submits the jobs with Slurm's sbatch (Debian: apt-get install slurm-client)");
  const std::string sbatch = found.toString();
  char self[PATH_MAX];
  if (!realpath("/proc/self/exe", self)) {
    std::fprintf(stderr, "pubpipe slurm: cannot find the pubpipe program itself: %s\n", std::strerror(errno));
    return kFailed;
  }

  // run's arguments, the same for every job.
  const std::string file = absolute(a.file);
  std::vector<std::string> run{file, "--cache", cache};
  for (const Define &d : a.defines) run.insert(run.end(), {"--define", d.key + "=" + d.value});
  if (a.verbose) run.push_back("-v");
  run.insert(run.end(), a.run_args.begin(), a.run_args.end());

  // sbatch's options, the same for both jobs.  Every job builds the book at
  // the same time, so that the day in the cache key is the same for all.
  const std::string stem = std::filesystem::path(file).stem().string();
  std::vector<std::string> common{"--parsable"};
  if (!a.partition.empty()) common.push_back("--partition=" + a.partition);
  if (!a.time_limit.empty()) common.push_back("--time=" + a.time_limit);
  if (a.cpus) common.push_back("--cpus-per-task=" + std::to_string(a.cpus));
  if (const char *sde = std::getenv("SOURCE_DATE_EPOCH"); !sde || !*sde)
    common.push_back("--export=ALL,SOURCE_DATE_EPOCH=" + std::to_string(static_cast<long long>(std::time(nullptr))));
  const std::string logs = a.log_dir.empty() ? std::string() : absolute(a.log_dir);
  if (std::error_code ec; !logs.empty() && (std::filesystem::create_directories(logs, ec), ec)) {
    std::fprintf(stderr, "pubpipe slurm: cannot make the log folder %s: %s\n", display_path(logs).c_str(), ec.message().c_str());
    return kFailed;
  }

  auto job = [&](std::vector<std::string> own, long shards) {
    std::vector<std::string> argv = common;
    argv.insert(argv.end(), own.begin(), own.end());
    argv.insert(argv.end(), a.sbatch_args.begin(), a.sbatch_args.end());
    argv.insert(argv.end(), {"/dev/stdin", self, std::to_string(shards)});
    argv.insert(argv.end(), run.begin(), run.end());
    return submit(sbatch, argv);
  };
  const std::string n = std::to_string(a.shards);
  std::vector<std::string> array_opts{"--job-name=pubpipe-" + stem + "-shards", "--array=1-" + n};
  if (!logs.empty()) array_opts.push_back("--output=" + logs + "/pubpipe-" + stem + "-%A_%a.out");
  const Submission shards = job(array_opts, a.shards);
  if (!shards.ok) return sbatch_failed("the shards' job array (nothing was submitted)", shards);
  std::printf("shards: job %s, tasks 1-%s (pubpipe run %s --shard K/%s)\n", shards.job_id.c_str(), n.c_str(),
              display_path(file).c_str(), n.c_str());
  std::fflush(stdout);

  std::vector<std::string> book_opts{"--job-name=pubpipe-" + stem, "--dependency=afterok:" + shards.job_id,
                                     "--kill-on-invalid-dep=yes"};
  if (!logs.empty()) book_opts.push_back("--output=" + logs + "/pubpipe-" + stem + "-%j.out");
  const Submission book = job(book_opts, 0);
  if (!book.ok) {
    sbatch_failed("the assembly", book);
    std::fprintf(stderr, "pubpipe slurm: the shards (job %s) were submitted and fill the cache; "
                 "cancel them with scancel %s, or run pubpipe run %s when they are done\n",
                 shards.job_id.c_str(), shards.job_id.c_str(), display_path(file).c_str());
    return kFailed;
  }
  std::printf("book: job %s, after job %s succeeds (pubpipe run %s)\n", book.job_id.c_str(), shards.job_id.c_str(),
              display_path(file).c_str());
  std::printf("cache: %s (every node must see this folder: put it on a shared file system)\n", display_path(cache).c_str());
  return kOk;
}

}  // namespace pubpipe
