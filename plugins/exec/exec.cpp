// exec.cpp: a stage in any language.  Runs an external program per
// document: the article goes to its standard input (DocBook XML, or the
// text in the text phase, for exec-text), and what it writes to standard
// output replaces it.  A time limit, a non-zero exit, no output or output
// that is not well-formed fail that document, with the program's stderr.
//
// Built twice: `exec` (tree phase) and `exec-text` (text phase, with
// PUBPIPE_EXEC_TEXT), because a stage's phase is static in its descriptor.
#include <pubpipe/plugin.hpp>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

extern char **environ;

namespace {

struct Result {
  int status = 0;  // as waitpid gives it
  bool timed_out = false, too_big = false, err_cut = false;
  std::string out, err;
};

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset(int fd = -1) {
    if (fd_ >= 0) close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

constexpr size_t kMaxErr = 65536;  // stderr kept; the rest is read and dropped

// True once pid has ended; it is not reaped (WNOWAIT), so its process group
// id stays reserved and can still be killed.
bool ended(pid_t pid) {
  siginfo_t info;
  info.si_pid = 0;
  return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid;
}

// Relative paths in the command are relative to the pipeline file's folder,
// as everywhere in a pipeline file: the program when it names a path (with a
// '/'; a bare name is looked up in PATH), and each argument that names an
// existing file or folder there.  Anything else is passed on as written.
std::vector<std::string> resolve_command(std::vector<std::string> argv, const std::string &pipeline_file) {
  const size_t slash = pipeline_file.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : pipeline_file.substr(0, slash + 1);
  for (size_t i = 0; i < argv.size(); ++i) {
    std::string &a = argv[i];
    if (a.empty() || a[0] == '/' || a[0] == '-' || (i == 0 && a.find('/') == std::string::npos)) continue;
    const std::string there = (dir == "." ? std::string() : dir) + a;
    if (access(there.c_str(), F_OK) == 0) a = there;
  }
  return argv;
}

// Runs argv with input on stdin, in a session of its own (so also its own
// process group) with CPU time and core dumps limited; collects stdout and
// stderr until both close, the limit of bytes is passed, or the deadline.
// The deadline holds even if the program closes its pipes and lingers; when
// the program ends, is too big or too slow, its whole process group is killed.
Result run_program(const std::vector<std::string> &argv, std::string_view input, double seconds, size_t max_out,
                   const std::vector<std::string> &extra_env) {
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
    throw pubpipe::Error(std::string("cannot make pipes: ") + std::strerror(errno));
  Fd in_r(in[0]), in_w(in[1]), out_r(out[0]), out_w(out[1]), err_r(err[0]), err_w(err[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_r.get(), 0);
  posix_spawn_file_actions_adddup2(&actions, out_w.get(), 1);
  posix_spawn_file_actions_adddup2(&actions, err_w.get(), 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own session: no terminal signals reach it, and its process group
  // (its pid) is what a timeout kills.  Signals pubpipe handles start at
  // their defaults.
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF);
  std::vector<char *> args, env;
  for (const auto &a : argv) args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  for (char **e = environ; e && *e; ++e) env.push_back(*e);
  for (const auto &e : extra_env) env.push_back(const_cast<char *>(e.c_str()));
  env.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, &attr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw pubpipe::Error("cannot run '" + argv[0] + "': " + std::strerror(rc));
  // CPU time to the timeout (and a second), no core files; its children
  // inherit both.
  const rlim_t cpu = static_cast<rlim_t>(seconds) + 1;
  const struct rlimit cpu_limit = {cpu, cpu + 1}, no_core = {0, 0};
  prlimit(pid, RLIMIT_CPU, &cpu_limit, nullptr);
  prlimit(pid, RLIMIT_CORE, &no_core, nullptr);
  in_r.reset(), out_w.reset(), err_w.reset();
  fcntl(in_w.get(), F_SETFL, O_NONBLOCK);

  Result r;
  size_t written = 0;
  bool exited = false;
  if (input.empty()) in_w.reset();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  const auto ms_left = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
  };
  char buf[65536];
  while (out_r.get() >= 0 || err_r.get() >= 0) {
    const auto left = ms_left();
    if (left <= 0) {
      r.timed_out = true;
      break;
    }
    // Once the program has ended, what is left of its group (children that
    // hold its pipes) is killed, and what they wrote is still read.
    if (!exited && ended(pid)) {
      exited = true;
      kill(-pid, SIGKILL);
    }
    pollfd fds[3] = {{out_r.get(), POLLIN, 0}, {err_r.get(), POLLIN, 0}, {in_w.get(), POLLOUT, 0}};
    if (poll(fds, 3, static_cast<int>(std::min<long long>(left, exited ? 10 : 100))) < 0 && errno != EINTR) break;
    if (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) {
      const ssize_t n = write(in_w.get(), input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if (n < 0 && errno != EAGAIN) in_w.reset();  // the program stopped reading
      if (written == input.size()) in_w.reset();
    }
    for (int k = 0; k < 2; ++k) {
      if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Fd &fd = k == 0 ? out_r : err_r;
      const ssize_t n = read(fd.get(), buf, sizeof buf);
      if (n <= 0) {
        fd.reset();
        continue;
      }
      if (k == 0 && r.out.size() + static_cast<size_t>(n) > max_out) {
        r.too_big = true;
        fd.reset();
        continue;
      }
      if (k == 1) {  // stderr is read to its end, so the program never dies of SIGPIPE; its start is kept
        const size_t keep = std::min(static_cast<size_t>(n), kMaxErr - std::min(kMaxErr, r.err.size()));
        r.err.append(buf, keep);
        r.err_cut = r.err_cut || keep < static_cast<size_t>(n);
        continue;
      }
      r.out.append(buf, static_cast<size_t>(n));
    }
    if (r.too_big) break;
  }
  // Its pipes are closed: the program still has until the deadline to end.
  while (!r.timed_out && !r.too_big && !ended(pid)) {
    if (ms_left() <= 0) r.timed_out = true;
    else usleep(2000);
  }
  kill(-pid, SIGKILL);  // the group: the program if it lingers, and what it left behind
  while (waitpid(pid, &r.status, 0) < 0 && errno == EINTR) {
  }
  return r;
}

std::string tail(const std::string &s) {
  std::string t = s.size() > 600 ? "…" + s.substr(s.size() - 600) : s;
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
  return t;
}

class Exec {
 public:
#ifdef PUBPIPE_EXEC_TEXT
  static constexpr pubpipe::PluginInfo info{"exec-text", "0.1.0", "MIT",
                                            "Runs a program per document on its text (text phase): stdin to stdout."};
  static constexpr pubpipe::StageInfo document_stage{"run", "text", ""};
#else
  static constexpr pubpipe::PluginInfo info{"exec", "0.1.0", "MIT",
                                            "Runs a program per document on its DocBook article: stdin to stdout."};
  static constexpr pubpipe::StageInfo document_stage{"run", "tree", ""};
#endif
  static constexpr pubpipe::Option options[] = {
      {"command", PP_OPT_STRING_LIST, nullptr, nullptr,
       "The program and its arguments, for example [python3, filters/emphasize.py]. A bare program name is looked up in PATH; a "
       "relative path (the program's, or an argument naming an existing file) is relative to the pipeline file's folder."},
      {"timeout", PP_OPT_NUMBER, "30", nullptr, "Seconds the program may take per document; then it is killed and the document fails."},
      {"max_output_mb", PP_OPT_INT, "64", nullptr, "The most output the program may write per document."},
  };

  explicit Exec(pubpipe::Context &setup)
      : command_(resolve_command(setup.option_list("command"), setup.source_name())), timeout_(setup.option_number("timeout")) {
    if (command_.empty() || command_[0].empty()) throw pubpipe::Error("'command' must name a program, for example [python3, filter.py]");
    if (!(timeout_ > 0 && timeout_ <= 86400)) throw pubpipe::Error("timeout must be between 0 and 86400 seconds");
    const int64_t mb = setup.option_int("max_output_mb");
    if (mb < 1 || mb > 4096) throw pubpipe::Error("max_output_mb must be between 1 and 4096");
    max_out_ = static_cast<size_t>(mb) << 20;
  }

  void document(pubpipe::Context &doc) {
    doc.check_may_run(command_[0]);
#ifdef PUBPIPE_EXEC_TEXT
    const std::string input(doc.text());
#else
    xmlChar *mem = nullptr;
    int len = 0;
    xmlDocDumpMemoryEnc(doc.tree(), &mem, &len, "UTF-8");
    const std::string input(reinterpret_cast<const char *>(mem), static_cast<size_t>(len));
    xmlFree(mem);
#endif
    const Result r = run_program(command_, input, timeout_, max_out_, {"PUBPIPE_SOURCE=" + doc.source_name()});
    const std::string who = "'" + command_[0] + "'";
    if (r.timed_out) throw pubpipe::Error(who + " took longer than " + std::to_string(timeout_) + " s and was killed");
    if (r.too_big) throw pubpipe::Error(who + " wrote more than the max_output_mb limit and was killed");
    if (WIFSIGNALED(r.status)) throw pubpipe::Error(who + " was killed by signal " + std::to_string(WTERMSIG(r.status)) + ": " + tail(r.err));
    if (WEXITSTATUS(r.status) != 0)
      throw pubpipe::Error(who + " exited with status " + std::to_string(WEXITSTATUS(r.status)) + (r.err.empty() ? "" : ": " + tail(r.err)));
    if (r.out.empty()) throw pubpipe::Error(who + " wrote nothing to its standard output");
    if (!r.err.empty()) doc.note(0, who + " said: " + tail(r.err) + (r.err_cut ? " (its standard error was cut at 64 KiB)" : ""));
#ifdef PUBPIPE_EXEC_TEXT
    doc.set_text(r.out);
#else
    // Parsed without network, DTD or entity expansion; the host checks
    // the tree's invariants when the stage returns.
    xmlDoc *fresh = xmlReadMemory(r.out.data(), static_cast<int>(r.out.size()), "stdout", "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!fresh) {
      const xmlError *e = xmlGetLastError();
      throw pubpipe::Error(who + " did not write well-formed XML" +
                           (e && e->message ? " (line " + std::to_string(e->line) + ": " + tail(e->message) + ")" : std::string()));
    }
    doc.set_tree(fresh);
#endif
  }

 private:
  std::vector<std::string> command_;
  double timeout_;
  size_t max_out_ = 64u << 20;
};

}  // namespace

PUBPIPE_PLUGIN(Exec)
