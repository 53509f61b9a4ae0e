// atomic_file.cpp: temporary file, fsync, rename, fsync of the folder; the
// live temporaries, swept by owner and removed on a signal.
#include "atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/Path.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "sandbox.hpp"

namespace pubpipe {

namespace {

const char kTempMark[] = ".pubpipe-tmp-";

std::string temp_prefix(const std::string &path) {
  const Poco::Path p(path);
  return "." + p.getFileName() + kTempMark;
}

std::string folder_of(const std::string &path) {
  std::string dir = Poco::Path(path).parent().toString();
  return dir.empty() ? "." : dir;
}

std::string name_of(const std::string &path) { return Poco::Path(path).getFileName(); }

// The temporaries this process has begun and not committed or discarded.
std::mutex live_mutex;
std::set<std::string> live;

void forget(const std::string &temp) {
  std::lock_guard<std::mutex> lock(live_mutex);
  live.erase(temp);
}

// Removes the files libzip makes beside a file it writes (`FILE.XXXXXX`),
// reading the folder through folder_fd when one is given (it is closed).
void remove_companions(const std::string &temp, int folder_fd = -1) {
  const std::string dir = folder_of(temp);
  const std::string stem = name_of(temp) + ".";
  DIR *d = folder_fd >= 0 ? fdopendir(folder_fd) : opendir(dir.c_str());
  if (!d) {
    if (folder_fd >= 0) close(folder_fd);
    return;
  }
  while (dirent *e = readdir(d))
    if (std::strncmp(e->d_name, stem.c_str(), stem.size()) == 0 && std::strlen(e->d_name) == stem.size() + 6)
      unlink((dir + "/" + e->d_name).c_str());
  closedir(d);
}

// The folder of path, opened: under a sandbox that is on, component by
// component from the sandbox's root without following any symlink.
int open_folder(const std::string &path, const Sandbox *sandbox, std::string *why) {
  const std::string dir = folder_of(path);
  if (sandbox && sandbox->on) return sandbox_open_folder(*sandbox, dir, false, why);
  const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) *why = "cannot open the folder " + dir + ": " + std::strerror(errno);
  return fd;
}

// Creates the temporary: O_EXCL and O_NOFOLLOW in the opened folder.
int create_temp(const std::string &path, const Sandbox *sandbox, std::string *temp, std::string *why) {
  const int dfd = open_folder(path, sandbox, why);
  if (dfd < 0) return -1;
  static std::atomic<unsigned> counter{0};
  std::random_device seed;
  std::mt19937 random(seed() ^ (static_cast<unsigned>(getpid()) << 8) ^ counter++);
  static const char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const std::string dir = folder_of(path);
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = temp_prefix(path) + std::to_string(getpid()) + "-";
    for (int k = 0; k < 6; ++k) name += kChars[random() % (sizeof kChars - 1)];
    std::lock_guard<std::mutex> lock(live_mutex);  // a signal never sees a file it does not know
    const int fd = openat(dfd, name.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) break;
    *temp = dir + (dir.back() == '/' ? "" : "/") + name;
    live.insert(*temp);
    close(dfd);
    fchmod(fd, 0644);
    return fd;
  }
  *why = "cannot create a temporary file in " + dir + ": " + std::strerror(errno);
  close(dfd);
  return -1;
}

std::string fail_and_discard(const std::string &temp, const std::string &message) {
  discard_atomic_file(temp);
  return message;
}

}  // namespace

std::string begin_atomic_file(const std::string &path, std::string *temp, const Sandbox *sandbox) {
  std::string why;
  const int fd = create_temp(path, sandbox, temp, &why);
  if (fd < 0) return why;
  if (close(fd) != 0) return fail_and_discard(*temp, "cannot prepare " + *temp + ": " + std::strerror(errno));
  return {};
}

std::string commit_atomic_file(const std::string &temp, const std::string &path, const Sandbox *sandbox) {
  std::string why;
  const int dfd = open_folder(path, sandbox, &why);
  if (dfd < 0) return fail_and_discard(temp, why);
  const std::string temp_name = name_of(temp), name = name_of(path);
  const int fd = openat(dfd, temp_name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || fsync(fd) != 0) {
    const std::string m = "cannot sync " + temp + ": " + std::strerror(errno);
    if (fd >= 0) close(fd);
    close(dfd);
    return fail_and_discard(temp, m);
  }
  close(fd);
  // rename() would replace a device, a FIFO or the /dev/stdout link with a
  // regular file: such a path is refused, not replaced.
  struct stat st;
  const bool sandboxed = sandbox && sandbox->on;
  if (fstatat(dfd, name.c_str(), &st, sandboxed ? AT_SYMLINK_NOFOLLOW : 0) == 0 && !S_ISREG(st.st_mode)) {
    close(dfd);
    return fail_and_discard(temp, path + (S_ISLNK(st.st_mode) ? " is a symlink; --sandbox never writes through one"
                                                               : " is not a regular file (a device, FIFO or socket); "
                                                                 "pubpipe writes an output only as a regular file"));
  }
  if (renameat(dfd, temp_name.c_str(), dfd, name.c_str()) != 0) {
    const std::string m = "cannot rename the finished file to " + path + ": " + std::strerror(errno);
    close(dfd);
    return fail_and_discard(temp, m);
  }
  forget(temp);
  fsync(dfd);
  close(dfd);
  return {};
}

void discard_atomic_file(const std::string &temp) {
  unlink(temp.c_str());
  remove_companions(temp);
  forget(temp);
}

std::string write_file_atomically(const std::string &path, std::string_view bytes, const Sandbox *sandbox) {
  std::string temp, why;
  const int fd = create_temp(path, sandbox, &temp, &why);
  if (fd < 0) return why;
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  if (done < bytes.size() || close(fd) != 0) {
    const std::string m = "cannot write " + temp + ": " + std::strerror(errno);
    if (done < bytes.size()) close(fd);
    return fail_and_discard(temp, m);
  }
  return commit_atomic_file(temp, path, sandbox);
}

void sweep_stale_temporaries(const std::string &path) {
  const std::string dir = folder_of(path);
  const std::string prefix = temp_prefix(path);
  DIR *d = opendir(dir.c_str());
  if (!d) return;
  while (dirent *e = readdir(d)) {
    if (std::strncmp(e->d_name, prefix.c_str(), prefix.size()) != 0) continue;
    const std::string rest = e->d_name + prefix.size();
    bool stale = false;
    if (rest.size() == 6 && rest.find('-') == std::string::npos) {
      stale = true;  // made before temporaries named their owner
    } else if (const size_t dash = rest.find('-'); dash != std::string::npos && dash > 0 && dash <= 10 &&
               (rest.size() == dash + 7 || (rest.size() == dash + 14 && rest[dash + 7] == '.'))) {
      const long pid = std::strtol(rest.substr(0, dash).c_str(), nullptr, 10);
      stale = pid > 0 && pid != getpid() && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
    }
    if (stale) unlink((dir + "/" + e->d_name).c_str());
  }
  closedir(d);
}

std::vector<pid_t> own_children() {
  std::vector<pid_t> pids;
  DIR *tasks = opendir("/proc/self/task");
  if (!tasks) return pids;
  while (const dirent *t = readdir(tasks)) {
    if (t->d_name[0] == '.') continue;
    std::ifstream in(std::string("/proc/self/task/") + t->d_name + "/children");
    for (long pid; in >> pid;) pids.push_back(static_cast<pid_t>(pid));
  }
  closedir(tasks);
  return pids;
}

namespace {

pid_t main_pid = 0;
int signal_pipe[2] = {-1, -1};
volatile sig_atomic_t caught = 0;
std::string signal_folder;  // remove_folder_on_signal's, under live_mutex

// True while pid runs (a zombie has ended: its parent's wait reaps it).
bool still_runs(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const size_t close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

// Ends the children with SIGTERM (a worker dies of it, the JVM of FOP shuts
// down, the exec plugin's keeper kills its filters first) and waits until
// they have ended, 2 s at most, then SIGKILL: none outlives the process, and
// none writes a file after the temporaries are swept.
void end_children() {
  const std::vector<pid_t> children = own_children();
  for (const pid_t pid : children) kill(pid, SIGTERM);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (const pid_t pid : children) {
    while (still_runs(pid) && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (still_runs(pid)) kill(pid, SIGKILL);
  }
}

void on_signal(int sig) {
  // Worker processes forked from the main one end at once, as by default.
  if (getpid() != main_pid) {
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  caught = sig;
  const char c = 1;
  const ssize_t ignored = write(signal_pipe[1], &c, 1);
  (void)ignored;
}

// Removing files needs readdir and a lock, which a signal handler may not
// use; this thread does it, woken by the handler.
void cleaner() {
  char c;
  while (read(signal_pipe[0], &c, 1) < 0 && errno == EINTR) {
  }
  const int sig = caught;
  end_children();
  {
    std::lock_guard<std::mutex> lock(live_mutex);
    // Another thread (libzip's writer) may be about to make a companion; once
    // no file descriptor may be opened, none can appear after the sweep.  The
    // folders are opened first, for the sweep itself.
    std::vector<int> folders;
    for (const auto &t : live) folders.push_back(open(folder_of(t).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    const int own = signal_folder.empty() ? -1 : open(signal_folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    // (Not in a sanitizer build: its checks need a pipe to see whether
    // memory is readable, and without one UBSan takes an object that a
    // thread still destroys for a bad one and ends the process with its own
    // status, not the signal's: docs/decisions.md.)
#ifndef __SANITIZE_ADDRESS__
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
      files.rlim_cur = 0;
      setrlimit(RLIMIT_NOFILE, &files);
    }
#endif
    size_t i = 0;
    for (const auto &t : live) {
      unlink(t.c_str());
      remove_companions(t, folders[i++]);
    }
    live.clear();
    // The folder's files, listed through the descriptor opened above (no
    // new one can be opened now, so none can appear after this).
    if (DIR *d = own >= 0 ? fdopendir(own) : nullptr) {
      while (const dirent *e = readdir(d))
        if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) unlinkat(own, e->d_name, 0);
      closedir(d);
      rmdir(signal_folder.c_str());
    }
    signal(sig, SIG_DFL);
    kill(getpid(), sig);
  }
}

}  // namespace

void remove_folder_on_signal(const std::string &dir) {
  std::lock_guard<std::mutex> lock(live_mutex);
  signal_folder = dir;
}

void remove_temporaries_on_signals() {
  if (main_pid) return;
  main_pid = getpid();
  if (pipe2(signal_pipe, O_CLOEXEC) != 0) return;
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old;
    // A signal the caller ignores (nohup, a background job) stays ignored.
    if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    sigaction(sig, &sa, nullptr);
  }
  std::thread(cleaner).detach();
}

}  // namespace pubpipe
