// cache.cpp: the article cache (see cache.hpp and docs/cache.md).
#include "cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/SHA2Engine.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "atomic_file.hpp"
#include "host.hpp"
#include "version.hpp"

namespace pubpipe {

namespace {

constexpr std::string_view kMagic = "pubpipe-cache-entry\n";
constexpr uint32_t kFormat = 1;

std::string sha256(std::string_view bytes) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(bytes.data(), static_cast<unsigned>(bytes.size()));
  return Poco::DigestEngine::digestToHex(sha.digest());
}

// The bytes of a regular file, or false.
bool read_file(const std::string &path, std::string *out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  *out = s.str();
  return !in.bad();
}

bool is_regular_file(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// A string option may name a file (an exec stage's program, a script it
// runs): when it does, relative to the pipeline's folder or absolute, the
// file's contents are part of the key.
void add_named_file(WireWriter &w, const std::string &dir, const std::string &s) {
  if (s.empty() || s.size() > 4096) return;
  const std::string path = s[0] == '/' ? s : dir + "/" + s;
  std::string bytes;
  if (is_regular_file(path) && read_file(path, &bytes)) {
    w.str("file");
    w.str(sha256(bytes));
  }
}

}  // namespace

std::string encode_cache_entry(const std::string &key, const std::string &record) {
  WireWriter w;
  w.bytes().append(kMagic);
  w.u32(kFormat);
  w.str(kVersion);
  w.str(key);
  w.str(record);
  w.str(sha256(w.bytes()));
  return std::move(w.bytes());
}

bool decode_cache_entry(std::string_view bytes, const std::string &key, std::string *record, std::string *why) {
  if (bytes.substr(0, kMagic.size()) != kMagic) return *why = "it is not a pubpipe cache entry", false;
  WireReader r(bytes.substr(kMagic.size()));
  uint32_t format = 0;
  std::string version, stored_key, payload, sum;
  if (!r.u32(&format)) return *why = "it is truncated", false;
  if (format != kFormat) return *why = "it is of another cache format (" + std::to_string(format) + ")", false;
  if (!r.str(&version) || !r.str(&stored_key) || !r.str(&payload)) return *why = "it is truncated", false;
  if (!r.str(&sum) || !r.done()) return *why = "it is truncated or has bytes after its end", false;
  const size_t body = bytes.size() - sizeof(uint64_t) - sum.size();
  if (sum != sha256(bytes.substr(0, body))) return *why = "its checksum does not match (the entry is damaged)", false;
  if (version != kVersion) return *why = "it was written by pubpipe " + version + ", not " + kVersion, false;
  if (stored_key != key) return *why = "it belongs to another key (a foreign entry)", false;
  ArticleRecord check;
  if (!decode_record(payload, &check, true)) return *why = "the article inside it cannot be read", false;
  *record = std::move(payload);
  return true;
}

std::string default_cache_dir(const Pipeline &p) {
  if (!p.cache_dir.empty()) return p.cache_dir;
  return p.dir + "/.pubpipe-cache";
}

ArticleCache::ArticleCache(std::string dir, const Pipeline &p, const RunSettings &s)
    : dir_(std::move(dir)), p_(p), sandbox_(s.sandbox.on ? &s.sandbox : nullptr) {
  // A stage that asks for the book's date gets the build's day when the
  // pipeline gives none (host.cpp): that day is part of the key, the time
  // of day is not.
  if (p.book.date.empty()) {
    const std::time_t t = static_cast<std::time_t>(s.build_time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    build_day_ = buf;
  }
}

void ArticleCache::set_stages(const std::vector<std::pair<uint32_t, const Entry *>> &stages,
                              const std::vector<std::string> &stage_names) {
  WireWriter w;
  w.str("pubpipe");
  w.str(kVersion);
  const BookMeta &b = p_.book;
  for (const auto *s : {&b.title, &b.subtitle, &b.language, &b.publisher, &b.identifier, &b.date}) w.str(*s);
  w.str(build_day_);
  w.u64(b.authors.size());
  for (const auto &a : b.authors) w.str(a);
  w.u64(b.index.size());
  for (const auto &t : b.index) w.str(t);
  std::map<std::string, std::string> so_digest;
  for (size_t k = 0; k < stages.size(); ++k) {
    const auto &[entry, e] = stages[k];
    const LoadedPlugin &pl = *e->plugin;
    w.u32(entry);
    w.str(pl.name);
    w.str(pl.desc.version ? pl.desc.version : "");
    w.str(stage_names[k]);
    auto it = so_digest.find(pl.file);
    if (it == so_digest.end()) {
      std::string bytes;
      it = so_digest.emplace(pl.file, read_file(pl.file, &bytes) ? sha256(bytes) : "unreadable " + pl.file).first;
    }
    w.str(it->second);
    w.u8(e->output);
    w.str(e->path);
    for (const auto &[name, v] : e->options) {
      w.str(name);
      w.u32(static_cast<uint32_t>(v.type));
      w.u8(v.set);
      w.u8(v.b);
      w.u64(static_cast<uint64_t>(v.i));
      w.str(std::to_string(v.d));
      w.str(v.s);
      w.u64(v.list.size());
      for (const auto &item : v.list) w.str(item);
      if (v.type == PP_OPT_RESOURCE) {
        std::string bytes;
        // One the run writes (a page map) is read by a writer's book stage,
        // after every document: no document's work depends on it.
        w.str(v.s.empty() ? "none" : e->output && p_.made_by_run(v.s) ? "made by the run" : read_file(v.s, &bytes) ? sha256(bytes) : "unreadable");
      } else if (v.type == PP_OPT_STRING) {
        add_named_file(w, p_.dir, v.s);
      } else if (v.type == PP_OPT_STRING_LIST) {
        for (const auto &item : v.list) add_named_file(w, p_.dir, item);
      }
    }
  }
  common_ = sha256(w.bytes());
}

std::string ArticleCache::key(size_t i) const {
  std::string bytes;
  const std::string &path = p_.inputs[i];
  if (!is_regular_file(path) || !read_file(path, &bytes)) return {};
  WireWriter w;
  w.str(common_);
  w.str(path);
  w.str(sha256(bytes));
  return sha256(w.bytes());
}

std::string ArticleCache::path_of(const std::string &key) const { return dir_ + "/" + key.substr(0, 2) + "/" + key; }

bool ArticleCache::get(const std::string &key, ArticleRecord *out, std::string *warning) const {
  const std::string path = path_of(key);
  const int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP) *warning = "the cache entry " + display_path(path) + " is a symlink; it is ignored and the article recomputed";
    else if (errno != ENOENT) *warning = "cannot read the cache entry " + display_path(path) + ": " + std::strerror(errno);
    return false;
  }
  struct stat st;
  std::string bytes;
  bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  char buf[65536];
  for (ssize_t n; ok && (n = read(fd, buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false;
    else bytes.append(buf, static_cast<size_t>(n));
  }
  std::string record, why = "it is not a regular file or cannot be read";
  if (!ok || !decode_cache_entry(bytes, key, &record, &why) || !decode_record(record, out)) {
    close(fd);
    *warning = "the cache entry " + display_path(path) + " is not usable: " + why + "; the article is recomputed";
    return false;
  }
  // A hit makes the entry the most recently used: `pubpipe cache prune
  // --max-size` removes by mtime.  A read-only cache stays as it is.
  futimens(fd, nullptr);
  close(fd);
  return true;
}

std::string ArticleCache::put(const std::string &key, const ArticleRecord &r) const {
  const std::string folder = dir_ + "/" + key.substr(0, 2);
  try {
    Poco::File(folder).createDirectories();
  } catch (const std::exception &e) {
    return "cannot create the cache folder " + display_path(folder) + ": " + e.what();
  }
  // write_file_atomically: a temporary beside the entry, renamed into place,
  // so that concurrent writers and readers never see half an entry.
  return write_file_atomically(path_of(key), encode_cache_entry(key, encode_record(r)), sandbox_);
}

}  // namespace pubpipe
