// scheduler.cpp: worker processes with pipes, threads, or inline.
#include "scheduler.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace pubpipe {

namespace {

bool write_all(int fd, const void *data, size_t len) {
  const char *p = static_cast<const char *>(data);
  while (len) {
    const ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

bool read_all(int fd, void *data, size_t len) {
  char *p = static_cast<char *>(data);
  while (len) {
    const ssize_t n = read(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

bool send_frame(int fd, char type, const std::string &payload) {
  const uint64_t len = payload.size();
  return write_all(fd, &type, 1) && write_all(fd, &len, sizeof len) && write_all(fd, payload.data(), payload.size());
}

// Hands a result to hooks.done with its layout.  Bytes that do not read as
// a whole record (a worker's frame) are the job's failure instead.
void deliver(const SchedulerHooks &hooks, const Job &job, int step, std::string_view record) {
  RecordLayout layout;
  if (scan_record(record, &layout)) return hooks.done(job.index, record, layout);
  const std::string failed = encode_record(hooks.died(job, step, "sent back a damaged result"));
  if (!scan_record(failed, &layout)) throw std::logic_error("a failed article's record does not read back");
  hooks.done(job.index, failed, layout);
}

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// The body of a worker process: read jobs, run them, send frames back.
[[noreturn]] void worker_main(int in_fd, int out_fd, const SchedulerHooks &hooks) {
  signal(SIGPIPE, SIG_DFL);
  std::unique_ptr<WorkerState> state = hooks.make_state();
  for (;;) {
    uint64_t len;
    if (!read_all(in_fd, &len, sizeof len)) break;
    Job job;
    uint64_t index;
    if (!read_all(in_fd, &index, sizeof index)) break;
    job.index = index;
    job.record.resize(len);
    if (len && !read_all(in_fd, job.record.data(), len)) break;
    ArticleRecord r = hooks.work(*state, job, [&](int step) {
      const uint32_t s = static_cast<uint32_t>(step);
      send_frame(out_fd, 'S', std::string(reinterpret_cast<const char *>(&s), sizeof s));
    });
    if (!send_frame(out_fd, 'R', encode_record(r))) break;
  }
  state.reset();
  _exit(0);
}

struct Worker {
  pid_t pid = -1;
  int to = -1, from = -1;
  bool busy = false;
  Job job;
  int step = -1;
  double started = 0;
  std::string inbuf;
};

std::string describe_status(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char *name = sigabbrev_np(sig);
    return std::string("crashed with signal ") + std::to_string(sig) + (name ? std::string(" (SIG") + name + ")" : "");
  }
  if (WIFEXITED(status)) return "ended the worker process with exit status " + std::to_string(WEXITSTATUS(status)) + " (did a plugin call exit()?)";
  return "ended the worker process";
}

class ProcessPool {
 public:
  ProcessPool(int n, double timeout, const SchedulerHooks &hooks) : timeout_(timeout), hooks_(hooks), workers_(static_cast<size_t>(n)) {}

  void run(std::vector<Job> jobs) {
    size_t next = 0, pending = jobs.size();
    while (pending) {
      for (auto &w : workers_) {
        if (next >= jobs.size()) break;
        if (w.busy) continue;
        if (w.pid < 0) spawn(w);
        w.job = std::move(jobs[next++]);
        w.busy = true;
        w.step = -1;
        w.started = now();
        const uint64_t len = w.job.record.size(), index = w.job.index;
        if (!(write_all(w.to, &len, sizeof len) && write_all(w.to, &index, sizeof index) &&
              write_all(w.to, w.job.record.data(), w.job.record.size()))) {
          lost(w, "could not be given its document");
          --pending;
        }
      }
      std::vector<pollfd> fds;
      std::vector<Worker *> who;
      double wait = 3600;
      for (auto &w : workers_)
        if (w.busy) {
          fds.push_back({w.from, POLLIN, 0});
          who.push_back(&w);
          wait = std::min(wait, w.started + timeout_ - now());
        }
      if (fds.empty()) continue;
      const int ms = static_cast<int>(std::max(0.0, wait) * 1000) + 1;
      const int rc = poll(fds.data(), fds.size(), ms);
      if (rc < 0 && errno != EINTR) throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
      for (size_t k = 0; k < fds.size(); ++k) {
        Worker &w = *who[k];
        if (fds[k].revents) {
          char buf[65536];
          const ssize_t n = read(w.from, buf, sizeof buf);
          if (n > 0) {
            w.inbuf.append(buf, static_cast<size_t>(n));
            if (drain(w)) --pending;
            continue;
          }
          if (n < 0 && errno == EINTR) continue;
          int status = 0;
          close_pipes(w);
          waitpid(w.pid, &status, 0);
          w.pid = -1;
          lost(w, describe_status(status));
          --pending;
        } else if (now() - w.started > timeout_) {
          kill(w.pid, SIGKILL);
          close_pipes(w);
          waitpid(w.pid, nullptr, 0);
          w.pid = -1;
          lost(w, "did not finish within " + std::to_string(static_cast<long>(timeout_)) + " s (--timeout) and was stopped");
          --pending;
        }
      }
    }
    for (auto &w : workers_)
      if (w.pid >= 0) {
        close_pipes(w);
        waitpid(w.pid, nullptr, 0);
      }
  }

 private:
  void spawn(Worker &w) {
    int to[2], from[2];
    if (pipe(to) != 0 || pipe(from) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
      close(to[1]);
      close(from[0]);
      for (auto &other : workers_) {
        if (other.to >= 0) close(other.to);
        if (other.from >= 0) close(other.from);
      }
      worker_main(to[0], from[1], hooks_);
    }
    close(to[0]);
    close(from[1]);
    w.pid = pid;
    w.to = to[1];
    w.from = from[0];
    w.inbuf.clear();
  }

  void close_pipes(Worker &w) {
    if (w.to >= 0) close(w.to);
    if (w.from >= 0) close(w.from);
    w.to = w.from = -1;
  }

  // Consumes complete frames; returns true when the job's result arrived.
  // The result goes to the hooks as it came, not copied out of the buffer.
  bool drain(Worker &w) {
    size_t at = 0;
    bool finished = false;
    while (!finished && w.inbuf.size() - at >= 1 + sizeof(uint64_t)) {
      uint64_t len;
      std::memcpy(&len, w.inbuf.data() + at + 1, sizeof len);
      if (w.inbuf.size() - at - 1 - sizeof len < len) break;
      const char type = w.inbuf[at];
      const std::string_view payload(w.inbuf.data() + at + 1 + sizeof len, len);
      at += 1 + sizeof len + len;
      if (type == 'S' && payload.size() == sizeof(uint32_t)) {
        uint32_t s;
        std::memcpy(&s, payload.data(), sizeof s);
        w.step = static_cast<int>(s);
      } else if (type == 'R') {
        w.busy = false;
        deliver(hooks_, w.job, w.step, payload);
        finished = true;
      }
    }
    w.inbuf.erase(0, at);
    return finished;
  }

  void lost(Worker &w, const std::string &what) {
    w.busy = false;
    deliver(hooks_, w.job, w.step, encode_record(hooks_.died(w.job, w.step, what)));
  }

  double timeout_;
  const SchedulerHooks &hooks_;
  std::vector<Worker> workers_;
};

}  // namespace

void run_jobs(Isolation isolation, int workers, double timeout_seconds, std::vector<Job> jobs, const SchedulerHooks &hooks) {
  if (jobs.empty()) return;
  workers = std::max(1, std::min<int>(workers, static_cast<int>(jobs.size())));
  if (isolation == Isolation::process) {
    ProcessPool(workers, timeout_seconds, hooks).run(std::move(jobs));
    return;
  }
  const auto nothing = [](int) {};
  if (isolation == Isolation::none) {
    auto state = hooks.make_state();
    for (auto &job : jobs) deliver(hooks, job, -1, encode_record(hooks.work(*state, job, nothing)));
    return;
  }
  std::atomic<size_t> next{0};
  std::mutex mutex;
  std::vector<std::thread> threads;
  for (int t = 0; t < workers; ++t)
    threads.emplace_back([&] {
      auto state = hooks.make_state();
      for (size_t i; (i = next++) < jobs.size();) {
        const std::string record = encode_record(hooks.work(*state, jobs[i], nothing));
        std::lock_guard<std::mutex> lock(mutex);
        deliver(hooks, jobs[i], -1, record);
      }
    });
  for (auto &t : threads) t.join();
}

}  // namespace pubpipe
