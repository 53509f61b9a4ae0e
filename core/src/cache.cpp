// cache.cpp: the article cache (see cache.hpp and docs/cache.md).
#include "cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <xxhash.h>

#include <Poco/File.h>
#include <Poco/Path.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <sstream>
#include <stdexcept>

#include "atomic_file.hpp"
#include "host.hpp"
#include "version.hpp"

namespace pubpipe {

namespace {

constexpr std::string_view kMagic = "pubpipe-cache-entry\n";
// 2: the checksum is XXH3-128 (1 had SHA-256).  3: the record's index
// begins with its XML's SHA-1.  4: a part that is the record's XML (the
// DocBook writer's) is not written again.  Entries of another format are
// refused and recomputed.
constexpr uint32_t kFormat = 4;

std::string to_hex(const unsigned char *p, size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string hex(2 * n, '0');
  for (size_t k = 0; k < n; ++k) hex[2 * k] = digits[p[k] >> 4], hex[2 * k + 1] = digits[p[k] & 15];
  return hex;
}

}  // namespace

// The key's hash: OpenSSL's SHA-256 (with the CPU's SHA instructions where
// it has them).
std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!EVP_Digest(bytes.data(), bytes.size(), md, &n, EVP_sha256(), nullptr)) throw std::runtime_error("OpenSSL's SHA-256 failed");
  return to_hex(md, n);
}

// The entry's checksum: XXH3-128, not cryptographic, enough to find a
// truncated or damaged entry (the key, not the checksum, says what it is).
std::string entry_checksum(std::string_view bytes) {
  XXH128_canonical_t c;
  XXH128_canonicalFromHash(&c, XXH3_128bits(bytes.data(), bytes.size()));
  return to_hex(c.digest, sizeof c.digest);
}

namespace {

std::string sha256(std::string_view bytes) { return sha256_hex(bytes); }

// The rest of an open file into *out, in one read of the size fstat gives
// (more reads only for a file that grows meanwhile).  False on an error.
bool read_fd(int fd, std::string *out) {
  struct stat st;
  if (fstat(fd, &st) != 0) return false;
  out->resize(static_cast<size_t>(st.st_size) + 1);  // one byte more: the end is seen in the same read
  size_t got = 0;
  for (;;) {
    if (got == out->size()) out->resize(2 * got);
    const ssize_t n = read(fd, out->data() + got, out->size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  out->resize(got);
  return true;
}

// The bytes of a file, or false.
bool read_file(const std::string &path, std::string *out) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = read_fd(fd, out);
  close(fd);
  return ok;
}

bool is_regular_file(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// What says that a file is the one whose digest was recorded: its device,
// inode, size, mtime and ctime (nanoseconds).
std::string file_stamp(const struct stat &st) {
  return std::to_string(st.st_dev) + " " + std::to_string(st.st_ino) + " " + std::to_string(st.st_size) + " " +
         std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_ctim.tv_sec) +
         "." + std::to_string(st.st_ctim.tv_nsec);
}

constexpr std::string_view kDigestsMagic = "pubpipe-file-digests 1";

}  // namespace

std::string encode_cache_entry(const std::string &key, std::string_view record) {
  WireWriter w;
  w.bytes().append(kMagic);
  w.u32(kFormat);
  w.str(kVersion);
  w.str(key);
  w.str(record);
  w.str(entry_checksum(w.bytes()));
  return std::move(w.bytes());
}

bool open_cache_entry(std::string_view bytes, const std::string &key, std::string_view *record, RecordLayout *layout,
                      std::string *why) {
  if (bytes.substr(0, kMagic.size()) != kMagic) return *why = "it is not a pubpipe cache entry", false;
  WireReader r(bytes.substr(kMagic.size()));
  uint32_t format = 0;
  std::string version, stored_key, sum;
  if (!r.u32(&format)) return *why = "it is truncated", false;
  if (format != kFormat) return *why = "it is of another cache format (" + std::to_string(format) + ")", false;
  if (!r.str(&version) || !r.str(&stored_key)) return *why = "it is truncated", false;
  const size_t payload_at = kMagic.size() + r.pos() + sizeof(uint64_t);
  if (!r.str(nullptr)) return *why = "it is truncated", false;
  const size_t body = kMagic.size() + r.pos();
  if (!r.str(&sum) || !r.done()) return *why = "it is truncated or has bytes after its end", false;
  if (sum != entry_checksum(bytes.substr(0, body))) return *why = "its checksum does not match (the entry is damaged)", false;
  if (version != kVersion) return *why = "it was written by pubpipe " + version + ", not " + kVersion, false;
  if (stored_key != key) return *why = "it belongs to another key (a foreign entry)", false;
  const std::string_view payload = bytes.substr(payload_at, body - payload_at);
  if (!scan_record(payload, layout)) return *why = "the article inside it cannot be read", false;
  *record = payload;
  return true;
}

bool decode_cache_entry(std::string_view bytes, const std::string &key, std::string *record, std::string *why) {
  std::string_view view;
  RecordLayout layout;
  if (!open_cache_entry(bytes, key, &view, &layout, why)) return false;
  record->assign(view);
  return true;
}

std::string default_cache_dir(const Pipeline &p) {
  if (!p.cache_dir.empty()) return p.cache_dir;
  return p.dir + "/.pubpipe-cache";
}

ArticleCache::ArticleCache(std::string dir, const Pipeline &p, const RunSettings &s)
    : dir_(std::move(dir)), p_(p), sandbox_(s.sandbox.on ? &s.sandbox : nullptr) {
  run_start_ = static_cast<int64_t>(std::time(nullptr));
  if (on()) load_file_digests();
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
  add_stages(w, stages, stage_names);
  common_ = sha256(w.bytes());
}

std::string ArticleCache::file_digests_path() const {
  char host[256] = "";
  if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  std::string name;
  for (const char *c = host; *c; ++c) name += std::isalnum(static_cast<unsigned char>(*c)) || *c == '-' || *c == '.' ? *c : '_';
  if (name.empty() || name[0] == '.') name = "host" + name;
  return dir_ + "/file-digests/" + name + "-" + sha256(Poco::Path(p_.file).absolute().toString()).substr(0, 16);
}

void ArticleCache::load_file_digests() {
  std::string bytes;
  if (!read_file(file_digests_path(), &bytes)) return;
  std::istringstream in(bytes);
  std::string line;
  if (!std::getline(in, line) || line != kDigestsMagic) return;  // unreadable: every file is hashed, and it is written again
  while (std::getline(in, line)) {
    // DIGEST STAMP<tab>PATH
    const size_t space = line.find(' '), tab = line.find('\t');
    if (space != 64 || tab == std::string::npos || tab < space) return;
    file_digests_[line.substr(tab + 1)] = {line.substr(space + 1, tab - space - 1), line.substr(0, 64), false};
  }
}

std::string ArticleCache::file_digest(const std::string &path) {
  struct stat st;
  std::string bytes;
  if (stat(path.c_str(), &st) != 0) return {};
  if (!S_ISREG(st.st_mode)) return read_file(path, &bytes) ? sha256(bytes) : std::string();
  // The stamp is taken before the bytes are read: a change after it changes
  // the ctime, so the stamp no longer matches and the next run hashes again.
  const std::string stamp = file_stamp(st);
  auto it = file_digests_.find(path);
  if (it != file_digests_.end() && it->second.stamp == stamp) {
    it->second.used = true;
    return it->second.digest;
  }
  if (!read_file(path, &bytes)) return {};
  std::string digest = sha256(bytes);
  // A file changed in the last two seconds could change again within the
  // same tick of the file system's clock, its stamp unchanged ("racy git"):
  // its digest is not recorded, so every run reads it.
  if (st.st_ctim.tv_sec < run_start_ - 2 && path.find('\n') == std::string::npos) {
    file_digests_[path] = {stamp, digest, true};
    digests_learned_ = true;
  } else if (it != file_digests_.end()) {
    file_digests_.erase(it);
    digests_learned_ = true;
  }
  return digest;
}

void ArticleCache::save_file_digests() {
  if (!on()) return;
  std::string text = std::string(kDigestsMagic) + "\n";
  for (const auto &[path, known] : file_digests_) {
    if (known.used) text += known.digest + " " + known.stamp + "\t" + path + "\n";
    else digests_learned_ = true;  // a file this run did not read (an input removed): dropped
  }
  if (!digests_learned_) return;
  try {
    Poco::File(dir_ + "/file-digests").createDirectories();
  } catch (const std::exception &) {
    return;  // a read-only cache: the files are hashed again next time
  }
  write_file_atomically(file_digests_path(), text, sandbox_);
}

void ArticleCache::add_stages(WireWriter &w, const std::vector<std::pair<uint32_t, const Entry *>> &stages,
                              const std::vector<std::string> &stage_names) {
  for (size_t k = 0; k < stages.size(); ++k) {
    const auto &[entry, e] = stages[k];
    const LoadedPlugin &pl = *e->plugin;
    w.u32(entry);
    w.str(pl.name);
    w.str(pl.desc.version ? pl.desc.version : "");
    w.str(stage_names[k]);
    const std::string so = file_digest(pl.file);
    w.str(so.empty() ? "unreadable " + pl.file : so);
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
        // One the run writes (a page map) is read by a writer's book stage,
        // after every document: no document's work depends on it.
        const std::string digest = v.s.empty() || (e->output && p_.made_by_run(v.s)) ? std::string() : file_digest(v.s);
        w.str(v.s.empty() ? "none" : e->output && p_.made_by_run(v.s) ? "made by the run" : digest.empty() ? "unreadable" : digest);
      } else if (v.type == PP_OPT_STRING) {
        add_named_file(w, v.s);
      } else if (v.type == PP_OPT_STRING_LIST) {
        for (const auto &item : v.list) add_named_file(w, item);
      }
    }
  }
}

// A string option may name a file (an exec stage's program, a script it
// runs): when it does, relative to the pipeline's folder or absolute, the
// file's contents are part of the key.
void ArticleCache::add_named_file(WireWriter &w, const std::string &s) {
  if (s.empty() || s.size() > 4096) return;
  const std::string path = s[0] == '/' ? s : p_.dir + "/" + s;
  if (!is_regular_file(path)) return;
  if (const std::string digest = file_digest(path); !digest.empty()) {
    w.str("file");
    w.str(digest);
  }
}

std::string ArticleCache::book_state(const std::vector<std::pair<uint32_t, const Entry *>> &book_stages,
                                     const std::vector<std::string> &stage_names, const std::vector<std::string> &keys,
                                     const std::string &settings) {
  WireWriter w;
  w.str("pubpipe-book-state");
  w.str(common_);
  add_stages(w, book_stages, stage_names);
  w.str(settings);
  w.u64(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    w.str(p_.inputs[i]);
    w.str(keys[i]);
  }
  return sha256(w.bytes());
}

namespace {

constexpr std::string_view kBuildMagic = "pubpipe-last-build 1";

// What says that a file is the one a build wrote: its inode, size, mtime
// and ctime (nanoseconds).  "" when it is not a regular file.
std::string stamp_of(const std::string &path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return {};
  return std::to_string(st.st_ino) + " " + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_ctim.tv_sec) + "." + std::to_string(st.st_ctim.tv_nsec);
}

}  // namespace

std::string ArticleCache::build_record_path() const {
  return dir_ + "/last-build/" + sha256(Poco::Path(p_.file).absolute().toString()).substr(0, 16);
}

bool ArticleCache::up_to_date(const std::string &state, std::string *why) const {
  std::string bytes;
  if (!read_file(build_record_path(), &bytes)) return *why = "no earlier build of this pipeline is recorded in the cache", false;
  std::istringstream in(bytes);
  std::string magic, recorded;
  if (!std::getline(in, magic) || magic != kBuildMagic || !std::getline(in, recorded))
    return *why = "the record of the last build cannot be read", false;
  if (recorded != state) return *why = "an article, a stage, an option or a resource changed since the last build", false;
  size_t outputs = 0;
  for (std::string line; std::getline(in, line); ++outputs) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) return *why = "the record of the last build cannot be read", false;
    const std::string path = line.substr(tab + 1);
    if (stamp_of(path) != line.substr(0, tab))
      return *why = "the output " + display_path(path) + " is not the one the last build wrote (changed, replaced or removed)", false;
  }
  if (outputs == 0) return *why = "the last build wrote no output", false;
  return true;
}

std::string ArticleCache::record_build(const std::string &state, const std::vector<std::string> &outputs) const {
  std::string text = std::string(kBuildMagic) + "\n" + state + "\n";
  for (const auto &path : outputs) {
    const std::string stamp = stamp_of(path);
    if (stamp.empty() || path.find('\n') != std::string::npos) return {};  // not recorded: the next run builds the book
    text += stamp + "\t" + path + "\n";
  }
  try {
    Poco::File(dir_ + "/last-build").createDirectories();
  } catch (const std::exception &e) {
    return "cannot create " + display_path(dir_ + "/last-build") + ": " + e.what();
  }
  return write_file_atomically(build_record_path(), text, sandbox_);
}


std::string ArticleCache::key(size_t i) {
  const std::string path = p_.inputs[i];
  if (!is_regular_file(path)) return {};
  const std::string digest = file_digest(path);
  if (digest.empty()) return {};
  WireWriter w;
  w.str(common_);
  w.str(path);
  w.str(digest);
  return sha256(w.bytes());
}

std::string ArticleCache::path_of(const std::string &key) const { return dir_ + "/" + key.substr(0, 2) + "/" + key; }

bool ArticleCache::get(const std::string &key, std::string *buffer, std::string_view *record, RecordLayout *layout,
                       std::string *warning) const {
  const std::string path = path_of(key);
  const int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP) *warning = "the cache entry " + display_path(path) + " is a symlink; it is ignored and the article recomputed";
    else if (errno != ENOENT) *warning = "cannot read the cache entry " + display_path(path) + ": " + std::strerror(errno);
    return false;
  }
  struct stat st;
  const bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && read_fd(fd, buffer);
  std::string why = "it is not a regular file or cannot be read";
  if (!ok || !open_cache_entry(*buffer, key, record, layout, &why)) {
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

std::string ArticleCache::put(const std::string &key, std::string_view record) const {
  const std::string folder = dir_ + "/" + key.substr(0, 2);
  try {
    Poco::File(folder).createDirectories();
  } catch (const std::exception &e) {
    return "cannot create the cache folder " + display_path(folder) + ": " + e.what();
  }
  // write_file_atomically: a temporary beside the entry, renamed into place,
  // so that concurrent writers and readers never see half an entry.
  return write_file_atomically(path_of(key), encode_cache_entry(key, record), sandbox_);
}

}  // namespace pubpipe
