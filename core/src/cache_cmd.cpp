// cache_cmd.cpp: `pubpipe cache stats|prune` (docs/cache.md).  Only paths
// of the cache's own layout, DIR/xx/KEY with KEY 64 hex digits beginning
// with xx, are entries; nothing else in the folder (a running writer's
// temporaries, files of the user's) is ever removed.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>

#include "cache.hpp"
#include "loader.hpp"

namespace pubpipe {

namespace {

constexpr int kOk = 0, kFailed = 1, kUsage = 2;

const char *kCacheUsage =
    "usage: pubpipe cache stats PIPELINE.yaml | --cache DIR\n"
    "       pubpipe cache prune PIPELINE.yaml | --cache DIR [--max-size SIZE]   (SIZE: bytes, or with K, M, G)\n";

int cache_usage(const std::string &message) {
  std::fprintf(stderr, "pubpipe cache: %s\n%s", message.c_str(), kCacheUsage);
  return kUsage;
}

struct CacheFile {
  std::string path, key;
  uint64_t size = 0;
  struct timespec mtime {};
  bool regular = false;  // else a symlink or special file at an entry's path
};

bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// The entry paths under dir (none when dir does not exist); *others counts
// the files that are not, *builds the records of last builds (DIR/last-build/,
// docs/cache.md), which are part of the layout but not entries.  Returns an
// error message.
std::string list_entries(const std::string &dir, std::vector<CacheFile> *out, size_t *others, size_t *builds) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(dir, ec))) return {};
  if (!fs::is_directory(dir, ec)) return display_path(dir) + " is not a folder";  // checked before, too
  for (fs::directory_iterator top(dir, ec), end; !ec && top != end; top.increment(ec)) {
    const std::string sub = top->path().filename().string();
    if (sub == "file-digests" && top->is_directory(ec) && !top->is_symlink(ec)) continue;  // docs/cache.md
    if (sub == "last-build" && top->is_directory(ec) && !top->is_symlink(ec)) {
      std::error_code ec2;
      for (fs::directory_iterator it(top->path(), ec2), end2; !ec2 && it != end2; it.increment(ec2)) ++*builds;
      continue;
    }
    if (sub.size() != 2 || !is_hex(sub) || !top->is_directory(ec) || top->is_symlink(ec)) {
      ++*others;
      continue;
    }
    std::error_code ec2;
    for (fs::directory_iterator it(top->path(), ec2); !ec2 && it != end; it.increment(ec2)) {
      const std::string name = it->path().filename().string();
      struct stat st;
      if (name.size() != 64 || !is_hex(name) || name.compare(0, 2, sub) != 0 || lstat(it->path().c_str(), &st) != 0 ||
          S_ISDIR(st.st_mode)) {
        ++*others;
        continue;
      }
      out->push_back({it->path().string(), name, static_cast<uint64_t>(st.st_size), st.st_mtim, S_ISREG(st.st_mode)});
    }
    if (ec2) return "cannot list " + display_path(top->path().string()) + ": " + ec2.message();
  }
  if (ec) return "cannot list " + display_path(dir) + ": " + ec.message();
  return {};
}

std::string utc(const struct timespec &t) {
  std::tm tm{};
  gmtime_r(&t.tv_sec, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool older(const CacheFile &a, const CacheFile &b) {
  if (a.mtime.tv_sec != b.mtime.tv_sec) return a.mtime.tv_sec < b.mtime.tv_sec;
  if (a.mtime.tv_nsec != b.mtime.tv_nsec) return a.mtime.tv_nsec < b.mtime.tv_nsec;
  return a.path < b.path;
}

// Why the entry cannot be used, or "" when it can.
std::string unusable(const CacheFile &f) {
  if (!f.regular) return "it is a symlink or not a regular file";
  const int fd = open(f.path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return std::string("it cannot be read: ") + std::strerror(errno);
  std::string bytes;
  char buf[65536];
  bool ok = true;
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ok = false;
      break;
    }
    bytes.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  if (!ok) return "it cannot be read";
  std::string record, why;
  return decode_cache_entry(bytes, f.key, &record, &why) ? std::string() : why;
}

// SIZE: a number of bytes, or with a K, M or G suffix (powers of 1024).
bool parse_size(const std::string &s, uint64_t *out) {
  size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits == 0 || digits > 15) return false;
  uint64_t v = std::stoull(s.substr(0, digits));
  const std::string unit = s.substr(digits);
  int shift = 0;
  if (unit == "K" || unit == "k") shift = 10;
  else if (unit == "M" || unit == "m") shift = 20;
  else if (unit == "G" || unit == "g") shift = 30;
  else if (!unit.empty()) return false;
  if (v > (UINT64_MAX >> shift)) return false;
  *out = v << shift;
  return true;
}

int stats(const std::string &dir, const std::vector<CacheFile> &files, size_t others, size_t builds) {
  size_t entries = 0;
  uint64_t bytes = 0;
  const CacheFile *oldest = nullptr, *newest = nullptr;
  for (const auto &f : files) {
    if (!f.regular) {
      ++others;
      continue;
    }
    ++entries;
    bytes += f.size;
    if (!oldest || older(f, *oldest)) oldest = &f;
    if (!newest || older(*newest, f)) newest = &f;
  }
  std::printf("cache: %s\nentries: %zu\nbytes: %llu\n", display_path(dir).c_str(), entries, static_cast<unsigned long long>(bytes));
  if (oldest) std::printf("oldest: %s\nnewest: %s\n", utc(oldest->mtime).c_str(), utc(newest->mtime).c_str());
  if (builds) std::printf("builds recorded: %zu (last-build/, for the nothing-changed shortcut)\n", builds);
  if (others) std::printf("other files: %zu (not entries; left alone)\n", others);
  return kOk;
}

int prune(const std::string &dir, std::vector<CacheFile> files, bool limited, uint64_t max_size) {
  int status = kOk;
  auto remove = [&](const CacheFile &f) {
    if (unlink(f.path.c_str()) == 0 || errno == ENOENT) return true;
    std::fprintf(stderr, "pubpipe cache: cannot remove %s: %s\n", display_path(f.path).c_str(), std::strerror(errno));
    status = kFailed;
    return false;
  };
  // Unusable entries first: damaged, foreign, of another pubpipe version, symlinks.
  std::map<std::string, size_t> reasons;
  std::vector<CacheFile> kept;
  size_t bad = 0;
  for (auto &f : files) {
    if (std::string why = unusable(f); why.empty()) kept.push_back(std::move(f));
    else if (remove(f)) ++bad, ++reasons[why];
  }
  std::printf("removed %zu unusable entr%s\n", bad, bad == 1 ? "y" : "ies");
  for (const auto &[why, n] : reasons) std::printf("  %zu: %s\n", n, why.c_str());
  uint64_t total = 0;
  for (const auto &f : kept) total += f.size;
  if (limited) {
    std::sort(kept.begin(), kept.end(), older);
    size_t removed = 0, next = 0;
    uint64_t freed = 0;
    for (; next < kept.size() && total > max_size; ++next) {
      if (!remove(kept[next])) continue;
      total -= kept[next].size;
      freed += kept[next].size;
      ++removed;
    }
    kept.erase(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(next));
    std::printf("removed %zu least recently used entr%s (%llu bytes) to fit in %llu bytes\n", removed, removed == 1 ? "y" : "ies",
                static_cast<unsigned long long>(freed), static_cast<unsigned long long>(max_size));
  }
  std::printf("%s: %zu entr%s, %llu bytes\n", display_path(dir).c_str(), kept.size(), kept.size() == 1 ? "y" : "ies",
              static_cast<unsigned long long>(total));
  return status;
}

}  // namespace

int cache_command(const std::vector<std::string> &args) {
  if (args.empty()) return cache_usage("say stats or prune");
  const std::string &what = args[0];
  if (what != "stats" && what != "prune") return cache_usage("unknown cache command '" + what + "'");
  std::string file, dir;
  bool limited = false;
  uint64_t max_size = 0;
  for (size_t i = 1; i < args.size(); ++i) {
    std::string arg = args[i], value;
    const bool has_eq = arg.rfind("--", 0) == 0 && arg.find('=') != std::string::npos;
    if (has_eq) value = arg.substr(arg.find('=') + 1), arg = arg.substr(0, arg.find('='));
    const bool has_value = has_eq || i + 1 < args.size();
    if (arg == "--cache") {
      if (!has_value || (value = has_eq ? value : args[++i]).empty()) return cache_usage("--cache needs a folder");
      dir = value;
    } else if (arg == "--max-size" && what == "prune") {
      if (!has_value || !parse_size(has_eq ? value : args[++i], &max_size))
        return cache_usage("--max-size needs a size: a number of bytes, or with K, M or G");
      limited = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      return cache_usage("unknown option '" + args[i] + "' for cache " + what);
    } else if (!file.empty()) {
      return cache_usage("cache " + what + " takes one pipeline file");
    } else {
      file = arg;
    }
  }
  if (dir.empty()) {
    if (file.empty()) return cache_usage("cache " + what + " needs a pipeline file or --cache DIR");
    PluginLoader loader;
    Pipeline p;
    std::vector<Diagnostic> problems;
    const bool ok = load_pipeline(file, {}, loader, &p, &problems);
    DiagnosticLog log;
    log.report_all(problems);
    if (!ok) {
      std::fprintf(stderr, "pubpipe cache: %s has %zu error%s\n", file.c_str(), log.errors(), log.errors() == 1 ? "" : "s");
      return kUsage;
    }
    if (p.cache_off) return cache_usage(file + " turns the cache off (cache: false); name the folder with --cache DIR");
    dir = default_cache_dir(p);
  }
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec))
    return cache_usage(display_path(dir) + " is not a folder");
  std::vector<CacheFile> files;
  size_t others = 0, builds = 0;
  if (const std::string error = list_entries(dir, &files, &others, &builds); !error.empty()) {
    std::fprintf(stderr, "pubpipe cache: %s\n", error.c_str());
    return kFailed;
  }
  return what == "stats" ? stats(dir, files, others, builds) : prune(dir, std::move(files), limited, max_size);
}

}  // namespace pubpipe
