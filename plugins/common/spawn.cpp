// spawn.cpp: see spawn.hpp.  Moved here from plugins/exec, where it was
// written; exec, xsl-fo (FOP) and `pubpipe slurm` (sbatch) use it.
#include "spawn.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <stdexcept>

extern char **environ;

namespace pubpipe::spawn {

namespace {

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

// True once pid has ended; it is not reaped (WNOWAIT).
bool ended(pid_t pid) {
  siginfo_t info;
  info.si_pid = 0;
  return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid;
}

// The pids of the calling process's children, by a walk of /proc (the
// kernel's children lists are not always built in): at most max of them.
// Uses no heap, as it runs in the keeper, forked from a threaded process.
size_t own_children(pid_t self, pid_t *pids, size_t max) {
  size_t found = 0;
  const int dir = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return 0;
  alignas(8) char entries[8192];
  for (ssize_t n; found < max && (n = getdents64(dir, entries, sizeof entries)) > 0;)
    for (ssize_t at = 0; at < n && found < max;) {
      const auto *e = reinterpret_cast<const struct dirent64 *>(entries + at);
      at += e->d_reclen;
      char path[64] = "/proc/", stat[512];
      size_t len = 6, digits = 0;
      for (const char *c = e->d_name; *c >= '0' && *c <= '9' && len < 40; ++c, ++digits) path[len++] = *c;
      if (digits == 0 || e->d_name[digits] != '\0') continue;
      std::memcpy(path + len, "/stat", 6);
      const int fd = open(path, O_RDONLY | O_CLOEXEC);
      if (fd < 0) continue;
      const ssize_t got = read(fd, stat, sizeof stat - 1);
      close(fd);
      if (got <= 0) continue;
      stat[got] = '\0';
      // "pid (comm) state ppid ...": comm may hold anything, so the last ')'.
      const char *p = std::strrchr(stat, ')');
      if (!p || p[1] != ' ' || !p[2] || p[3] != ' ') continue;
      long ppid = 0;
      for (p += 4; *p >= '0' && *p <= '9'; ++p) ppid = ppid * 10 + (*p - '0');
      if (ppid != self) continue;
      long pid = 0;
      for (size_t i = 6; i < 6 + digits; ++i) pid = pid * 10 + (path[i] - '0');
      pids[found++] = static_cast<pid_t>(pid);
    }
  close(dir);
  return found;
}

// The keeper: a process forked per filter run that is the filter's parent
// and a child subreaper, so that every descendant of the filter that loses
// its parent (a `setsid` daemon, a double fork) becomes its child.  It waits
// until the filter ends or it is told to stop (SIGTERM, SIGINT, SIGHUP, or
// pubpipe ending: PR_SET_PDEATHSIG), then kills every child it has, reaps
// it, and repeats until it has none, so nothing the filter started
// survives.  It writes posix_spawn's result and then the filter's wait
// status to fd `report`.  Between fork and _exit it uses system calls only.
[[noreturn]] void keeper(int in, int out, int err, int report, char *const *args, char *const *env,
                         const posix_spawnattr_t *attr, rlim_t cpu, pid_t parent) {
  sigset_t wanted;
  sigemptyset(&wanted);
  for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGCHLD}) sigaddset(&wanted, sig);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  if (getppid() != parent) _exit(1);  // pubpipe ended before the death signal was armed
  // The filter's fds as 0, 1, 2; the report as 3; nothing else stays open
  // (another thread's pipes would otherwise not close while this lives).
  if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 || dup2(report, 3) < 0) _exit(1);
  close_range(4, ~0U, 0);
  fcntl(3, F_SETFD, FD_CLOEXEC);
  // The CPU time asked for (SIGXCPU, then a second later SIGKILL), no core
  // files; the filter and its children inherit both.
  const struct rlimit cpu_limit = {cpu, cpu + 1}, no_core = {0, 0};
  if (cpu > 0) setrlimit(RLIMIT_CPU, &cpu_limit);
  setrlimit(RLIMIT_CORE, &no_core);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], nullptr, attr, args, env);
  if (write(3, &rc, sizeof rc) != sizeof rc || rc != 0) _exit(1);
  close(0), close(1), close(2);
  int status = SIGKILL;  // if it had to be stopped
  for (bool running = true; running;) {
    siginfo_t info;
    const int sig = sigwaitinfo(&wanted, &info);
    if (sig < 0) continue;
    running = sig == SIGCHLD;
    int st = 0;
    for (pid_t w; (w = waitpid(-1, &st, WNOHANG)) > 0;)  // the filter, or an orphan that ended by itself
      if (w == pid) status = st, running = false;
  }
  // Each round kills every child (an orphan's children become ours when it
  // dies) and reaps one; a child can only be reaped here, so its pid cannot
  // be reused while it is listed.
  const pid_t self = getpid();
  for (;;) {
    pid_t children[256];
    const size_t n = own_children(self, children, 256);
    for (size_t i = 0; i < n; ++i) kill(children[i], SIGKILL);
    int st = 0;
    const pid_t w = waitpid(-1, &st, 0);
    if (w == pid) status = st;
    if (w < 0 && errno != EINTR) break;  // ECHILD: none left
  }
  if (write(3, &status, sizeof status) != sizeof status) _exit(1);
  _exit(0);
}

}  // namespace

// Runs the program under a keeper (above); collects stdout and stderr until
// both close, the limit of bytes is passed, or the deadline.  The deadline
// holds even if the program closes its pipes and lingers; when the program
// ends, is too big or too slow, everything it started is killed.
Result run(const Request &request) {
  const std::vector<std::string> &argv = request.argv;
  const std::string_view input = request.input;
  const double seconds = request.seconds;
  if (argv.empty() || argv[0].empty()) throw std::runtime_error("no program to run");
  int in[2], out[2], err[2], rep[2];
  if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC) || pipe2(rep, O_CLOEXEC))
    throw std::runtime_error(std::string("cannot make pipes: ") + std::strerror(errno));
  Fd in_r(in[0]), in_w(in[1]), out_r(out[0]), out_w(out[1]), err_r(err[0]), err_w(err[1]), rep_r(rep[0]), rep_w(rep[1]);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own session: no terminal signals reach it, and it leads its own
  // process group.  Signals pubpipe handles or ignores start at their
  // defaults, and none is blocked.
  sigset_t defaults, none;
  sigemptyset(&defaults);
  sigemptyset(&none);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  std::vector<char *> args, env;
  for (const auto &a : argv) args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  for (char **e = environ; e && *e; ++e) env.push_back(*e);
  for (const auto &e : request.env) env.push_back(const_cast<char *>(e.c_str()));
  env.push_back(nullptr);
  // Every signal blocked across the fork: the keeper must never run
  // pubpipe's handlers; it waits for the ones it wants.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0)
    keeper(in_r.get(), request.out_to_err ? err_w.get() : out_w.get(), err_w.get(), rep_w.get(), args.data(), env.data(), &attr,
           request.cpu_seconds > 0 ? static_cast<rlim_t>(std::ceil(request.cpu_seconds)) : 0, parent);
  const int fork_errno = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  posix_spawnattr_destroy(&attr);
  if (pid < 0) throw std::runtime_error(std::string("cannot start a process: ") + std::strerror(fork_errno));
  in_r.reset(), out_w.reset(), err_w.reset(), rep_w.reset();
  const auto reap = [&] {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    int reported = SIGKILL;
    for (ssize_t n; (n = read(rep_r.get(), &reported, sizeof reported)) < 0 && errno == EINTR;) {
    }
    return reported;
  };
  int spawned = -1;
  ssize_t got;
  while ((got = read(rep_r.get(), &spawned, sizeof spawned)) < 0 && errno == EINTR) {
  }
  if (got != sizeof spawned || spawned != 0) {
    reap();
    throw std::runtime_error("cannot run '" + argv[0] + "': " + (got == sizeof spawned ? std::strerror(spawned) : "its keeper process failed"));
  }
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
    // Once the program has ended, the keeper kills what it left behind
    // (which may hold its pipes); what they wrote is still read.
    if (!exited && ended(pid)) exited = true;
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
      if (k == 0 && r.out.size() + static_cast<size_t>(n) > request.max_out) {
        r.too_big = true;
        fd.reset();
        continue;
      }
      if (k == 1) {  // stderr is read to its end, so the program never dies of SIGPIPE; its start is kept
        const size_t keep = std::min(static_cast<size_t>(n), request.max_err - std::min(request.max_err, r.err.size()));
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
  if (r.timed_out || r.too_big) kill(pid, SIGTERM);  // the keeper kills the program and all it started
  r.status = reap();
  return r;
}

}  // namespace pubpipe::spawn
