// cache.hpp: the article cache.  An article's record after the document
// stages is kept under a key over everything that decides it (the input's
// bytes, each document stage with its plugin's identity and options, the
// resources they read, pubpipe's version); a later run takes an unchanged
// article from the cache instead of running its stages again.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "pipeline.hpp"
#include "record.hpp"

namespace pubpipe {

struct RunSettings;
struct Sandbox;

class ArticleCache {
 public:
  // dir empty: the cache is off.
  ArticleCache(std::string dir, const Pipeline &p, const RunSettings &s);
  bool on() const { return !dir_.empty(); }
  const std::string &dir() const { return dir_; }

  // The part of the key that all articles share: pubpipe's version, the
  // book's metadata and, for each stage in order, its entry, plugin
  // identity, options and the contents of the files they name.
  void set_stages(const std::vector<std::pair<uint32_t, const Entry *>> &stages, const std::vector<std::string> &stage_names);

  // The state of the book a run would build: the shared part of the key,
  // every book stage (the writers' too) as set_stages covers a stage, the
  // run's settings that reach the outputs, and each input's path and key
  // in order.
  std::string book_state(const std::vector<std::pair<uint32_t, const Entry *>> &book_stages,
                         const std::vector<std::string> &stage_names, const std::vector<std::string> &keys,
                         const std::string &settings);
  // Whether the last build of this pipeline recorded state and its outputs
  // are still the files it wrote (inode, size, mtime, ctime); *why says why
  // not.  record_build records a build (an error message, or "").
  bool up_to_date(const std::string &state, std::string *why) const;
  std::string record_build(const std::string &state, const std::vector<std::string> &outputs) const;

  // The key of input i (hex), or "" when the input cannot be read (the
  // stages then run and report it).
  std::string key(size_t i);
  // Writes what this run learned of its files' digests (file_digest) to
  // DIR/file-digests/<host>, atomically, when it learned anything; a cache
  // it cannot write to is left as it is (the digests are computed again).
  void save_file_digests();
  // Reads the entry of key into *buffer (one read) and points *record at
  // the record inside it, with its layout (scan_record): the record is not
  // decoded.  A missing entry is a miss; a damaged, foreign or symlinked
  // one is warned about (in *warning) and a miss.
  bool get(const std::string &key, std::string *buffer, std::string_view *record, RecordLayout *layout,
           std::string *warning) const;
  // Stores an encoded record under key, atomically.  Returns an error message.
  std::string put(const std::string &key, std::string_view record) const;

 private:
  std::string path_of(const std::string &key) const;
  std::string build_record_path() const;  // DIR/last-build/<pipeline file's path, hashed>
  void add_stages(WireWriter &w, const std::vector<std::pair<uint32_t, const Entry *>> &stages,
                  const std::vector<std::string> &stage_names);
  // The SHA-256 (hex) of a file's bytes, "" when it is not a regular file
  // or cannot be read.  A file whose inode, size, mtime and ctime are those
  // recorded by an earlier run (file_digests_, docs/cache.md, "The digests
  // of files") is not read again; one changed less than two seconds before
  // the run is read every time (docs/decisions.md).
  std::string file_digest(const std::string &path);
  std::string file_digests_path() const;
  void add_named_file(WireWriter &w, const std::string &s);  // DIR/file-digests/<host>
  void load_file_digests();
  struct KnownDigest {
    std::string stamp, digest;
    bool used = false;  // looked up or hashed by this run: saved again
  };
  std::map<std::string, KnownDigest> file_digests_;  // by path: read from the record, and what this run hashed
  bool digests_learned_ = false;  // a digest hashed this run can be recorded, or a recorded one went unused
  int64_t run_start_ = 0;  // the run's clock, seconds
  std::string dir_;
  const Pipeline &p_;
  const Sandbox *sandbox_;  // under --sandbox, entries are written as it allows
  std::string build_day_;
  std::string common_;  // digest of the shared part of the key
};

// The entry format, for the reader's tests and the fuzz target: the bytes of
// an entry of key holding record bytes, and its reader (false: damaged or
// not an entry of key; *why says which).
std::string encode_cache_entry(const std::string &key, std::string_view record);
bool decode_cache_entry(std::string_view bytes, const std::string &key, std::string *record, std::string *why);
// The same reader without a copy: *record points into bytes.
bool open_cache_entry(std::string_view bytes, const std::string &key, std::string_view *record, RecordLayout *layout,
                      std::string *why);
// SHA-256 (OpenSSL), hex: the key's hash.  entry_checksum: XXH3-128, hex,
// the checksum an entry ends with.
std::string sha256_hex(std::string_view bytes);
std::string entry_checksum(std::string_view bytes);

// The cache folder for a pipeline: --cache, else the `cache:` key, else
// .pubpipe-cache beside the pipeline file.
std::string default_cache_dir(const Pipeline &p);

// `pubpipe cache stats|prune ...` (cache_cmd.cpp); args are those after
// `cache`.  Returns the exit status.
int cache_command(const std::vector<std::string> &args);

}  // namespace pubpipe
