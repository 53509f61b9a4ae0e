// book_probe: a writer whose book stage shows which other probes' book
// stages ran at the same time (ABI 1.3, PP_PLUGIN_BOOK_ALONE).  Built twice:
// book-probe (no flag) and book-probe-alone (PROBE_ALONE: the flag).
//
// The probes of a run share a folder (`probe`).  Under an flock on
// probe/lock a book stage adds its `label` to probe/active and appends
// "start LABEL with: OTHERS" to probe/log, OTHERS being the labels active
// then; then it waits, up to `wait_ms`, until another probe is active beside
// it (a handshake: two probes that run at once meet at once, and no sleep
// decides the result); then it removes its label and appends "end LABEL".
// A probe that ran alone waits the whole wait_ms and logs "with:" alone.
#include <pubpipe/plugin.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#ifdef PROBE_ALONE
#define PROBE_NAME "book-probe-alone"
#define PROBE_FLAGS PP_PLUGIN_BOOK_ALONE
#else
#define PROBE_NAME "book-probe"
#define PROBE_FLAGS 0u
#endif

namespace {

// probe/lock held for the life of the object.
class Locked {
 public:
  explicit Locked(const std::string &dir) : fd_(open((dir + "/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ < 0 || flock(fd_, LOCK_EX) != 0) throw pubpipe::Error("cannot lock " + dir + "/lock");
  }
  ~Locked() {
    flock(fd_, LOCK_UN);
    close(fd_);
  }
  Locked(const Locked &) = delete;
  Locked &operator=(const Locked &) = delete;

 private:
  int fd_;
};

std::vector<std::string> read_lines(const std::string &path) {
  std::ifstream in(path);
  std::vector<std::string> v;
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) v.push_back(l);
  return v;
}

void write_lines(const std::string &path, const std::vector<std::string> &v) {
  std::ofstream out(path, std::ios::trunc);
  for (const auto &l : v) out << l << '\n';
  if (!out) throw pubpipe::Error("cannot write " + path);
}

void append(const std::string &path, const std::string &line) {
  std::ofstream out(path, std::ios::app);
  out << line << '\n';
  if (!out) throw pubpipe::Error("cannot write " + path);
}

}  // namespace

class BookProbe {
 public:
  static constexpr pubpipe::PluginInfo info{PROBE_NAME, "1.0.0", "MIT", "Test writer: logs which book stages overlap.",
                                            nullptr, PROBE_FLAGS};
  static constexpr pubpipe::StageInfo book_stage{"probe", "tree", ""};
  static constexpr pubpipe::Option options[] = {
      {"probe", PP_OPT_STRING, nullptr, nullptr, "The folder the probes of a run share."},
      {"label", PP_OPT_STRING, nullptr, nullptr, "This entry's name in the log."},
      {"wait_ms", PP_OPT_INT, "10000", nullptr, "How long to wait for `expect` probes to run at once with this one.", "0.."},
      {"expect", PP_OPT_INT, "2", nullptr, "How many probes (this one included) to wait for at once.", "1.."},
  };

  explicit BookProbe(pubpipe::Context &setup)
      : dir_(setup.option_string("probe")), label_(setup.option_string("label")), wait_ms_(setup.option_int("wait_ms")),
        expect_(setup.option_int("expect")) {}

  void book(pubpipe::Context &c) {
    const std::string active = dir_ + "/active", log = dir_ + "/log";
    {
      Locked l(dir_);
      auto now = read_lines(active);
      std::string others;
      for (const auto &a : now) others += " " + a;
      append(log, "start " + label_ + " with:" + others);
      now.push_back(label_);
      write_lines(active, now);
      // Each probe active now has seen this many at once (probe/seen.LABEL
      // keeps the most): sticky, so that one that leaves first does not
      // leave the others waiting.
      for (const auto &a : now) {
        const auto seen = read_lines(dir_ + "/seen." + a);
        if (seen.empty() || std::stoul(seen.front()) < now.size()) write_lines(dir_ + "/seen." + a, {std::to_string(now.size())});
      }
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms_);
    for (bool met = false; !met && std::chrono::steady_clock::now() < deadline;) {
      {
        Locked l(dir_);
        const auto seen = read_lines(dir_ + "/seen." + label_);
        met = !seen.empty() && std::stoll(seen.front()) >= expect_;
      }
      if (!met) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    {
      Locked l(dir_);
      auto now = read_lines(active);
      for (auto it = now.begin(); it != now.end(); ++it)
        if (*it == label_) {
          now.erase(it);
          break;
        }
      write_lines(active, now);
      append(log, "end " + label_);
    }
    c.write_output(nullptr, "book-probe " + label_ + ": " + std::to_string(c.book_size()) + " articles\n");
  }

 private:
  std::string dir_, label_;
  int64_t wait_ms_, expect_;
};

PUBPIPE_PLUGIN(BookProbe)
