// crash_report.cpp: see crash_report.hpp.  The handler uses only
// async-signal-safe calls (write, getpid, sigaction, raise).  It runs on
// an alternate signal stack of the crashed thread (sigaltstack), so a stack
// overflow in a plugin, which leaves no room on the thread's own stack, is
// reported too.
#include "crash_report.hpp"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <atomic>
#include <memory>

namespace pubpipe {

namespace {

thread_local const char *t_plugin = nullptr;
thread_local const char *t_stage = nullptr;
thread_local const char *t_article = nullptr;
std::atomic<const char *> g_isolation{"thread"};
pid_t g_pid = 0;

const int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

void put(const char *s) {
  if (!s) return;
  size_t n = strlen(s);
  while (n > 0) {
    const ssize_t w = write(STDERR_FILENO, s, n);
    if (w <= 0) return;
    s += w, n -= static_cast<size_t>(w);
  }
}

void on_crash(int sig) {
  if (getpid() == g_pid && t_plugin) {
    char num[16];
    int k = sizeof num - 1;
    num[k] = '\0';
    for (int v = sig; v > 0 && k > 0; v /= 10) num[--k] = static_cast<char>('0' + v % 10);
    put("pubpipe: error: ");
    put(t_plugin);
    if (t_stage && strcmp(t_stage, t_plugin) != 0) put("/"), put(t_stage);
    put(" crashed (signal ");
    put(num + k);
    const char *name = sigabbrev_np(sig);
    if (name) put(", SIG"), put(name);
    put(")");
    if (t_article && *t_article) {
      put(" on "), put(t_article);
      put(" under --isolation "), put(g_isolation.load());
      put("; the whole run stops (with --isolation process only that article would fail)\n");
    } else {
      put(" in a book stage, which runs in pubpipe itself; the whole run stops\n");
    }
  }
  // SA_RESETHAND restored the default action: the signal, raised again or
  // met again when the faulting instruction reruns, ends the process.
  raise(sig);
}

// The calling thread's alternate signal stack, set up the first time the
// thread enters a CrashScope and taken down (before it is freed) when the
// thread ends.
class AltStack {
 public:
  static constexpr size_t kSize = 64 * 1024;
  AltStack() : mem_(new char[kSize]) {
    stack_t ss{};
    ss.ss_sp = mem_.get();
    ss.ss_size = kSize;
    on_ = sigaltstack(&ss, nullptr) == 0;
  }
  ~AltStack() {
    if (!on_) return;
    stack_t ss{};
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, nullptr);
  }
  AltStack(const AltStack &) = delete;
  AltStack &operator=(const AltStack &) = delete;

 private:
  std::unique_ptr<char[]> mem_;
  bool on_ = false;
};

void ensure_alt_stack() { thread_local AltStack stack; }

}  // namespace

void install_crash_reporter(const char *isolation) {
  g_isolation = isolation;
  static bool installed = false;
  if (installed) return;
  installed = true;
  g_pid = getpid();
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_crash;
  sa.sa_flags = SA_RESETHAND | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  for (int s : kSignals) sigaction(s, &sa, nullptr);
}

CrashScope::CrashScope(const char *plugin, const char *stage, const char *article)
    : saved_{t_plugin, t_stage, t_article} {
  ensure_alt_stack();
  t_plugin = plugin, t_stage = stage, t_article = article;
}

CrashScope::~CrashScope() { t_plugin = saved_[0], t_stage = saved_[1], t_article = saved_[2]; }

}  // namespace pubpipe
