// record.hpp: a finished (or failed) article as it travels from a worker to
// the parent and as the parent keeps it: serialized, with its source lines,
// the parts writers attached, its ids and linkends, and its diagnostics.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.hpp"

namespace pubpipe {

struct Part {
  uint32_t entry = 0;  // index of the pipeline entry whose plugin attached it
  std::string name;
  std::string bytes;
};

struct ArticleRecord {
  bool ok = false;
  bool skipped = false;  // not ok, but on purpose (an empty file): a warning, not a failure
  std::string source;  // input file, for messages
  std::string xml;
  // The SHA-1 of xml (20 bytes, xml_digest), made where xml is serialized;
  // the book's default identifier combines those of its articles.
  std::string xml_sha1;
  std::vector<uint32_t> lines;
  std::vector<Part> parts;
  std::vector<std::string> ids;
  std::vector<std::pair<uint32_t, std::string>> linkends;
  std::vector<Diagnostic> diags;
};

// A little binary writer and reader for records and messages.
class WireWriter {
 public:
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) { out_.append(reinterpret_cast<const char *>(&v), sizeof v); }
  void u64(uint64_t v) { out_.append(reinterpret_cast<const char *>(&v), sizeof v); }
  void str(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  std::string &bytes() { return out_; }

 private:
  std::string out_;
};

class WireReader {
 public:
  explicit WireReader(std::string_view in) : in_(in) {}
  bool u8(uint8_t *v) { return raw(v, 1); }
  bool u32(uint32_t *v) { return raw(v, sizeof *v); }
  bool u64(uint64_t *v) { return raw(v, sizeof *v); }
  bool str(std::string *s) {
    uint64_t n;
    return u64(&n) && take(n, s);
  }
  // The next n bytes, into s unless s is null.
  bool take(uint64_t n, std::string *s) {
    if (n > in_.size() - pos_) return false;
    if (s) s->assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool skip(uint64_t n) {
    if (n > in_.size() - pos_) return false;
    pos_ += n;
    return true;
  }
  bool done() const { return pos_ == in_.size(); }
  size_t pos() const { return pos_; }

 private:
  bool raw(void *p, size_t n) {
    if (in_.size() - pos_ < n) return false;
    std::copy_n(in_.data() + pos_, n, static_cast<char *>(p));
    pos_ += n;
    return true;
  }
  std::string_view in_;
  size_t pos_ = 0;
};

// Where one attached part lies inside an encoded record (scan_record
// finds it, so that the store can read a part alone).
struct PartSpan {
  uint32_t entry = 0;
  std::string name;
  size_t offset = 0, length = 0;
};

// The shape of an encoded record, found without copying any of it: its
// flags, where its XML and each attached part lie, and where its index
// (ids, linkends, diagnostics) begins.  The cache hands a hit's bytes to the
// store with it, so that a cached record is neither decoded nor encoded.
struct RecordLayout {
  bool ok = false, skipped = false;
  size_t xml_offset = 0, xml_length = 0;
  std::vector<PartSpan> parts;
  size_t index_offset = 0;  // the XML's SHA-1, ids, linkends and diagnostics: to the end
  std::string xml_sha1;     // read from the index
  std::vector<Diagnostic> diags;  // read from the index
};

// The SHA-1 of an article's XML, 20 bytes (Poco's SHA1Engine).
std::string xml_digest(std::string_view xml);

std::string encode_record(const ArticleRecord &r);
// without_payload: the article's XML and parts are skipped, not copied (for
// the book-wide checks, which need only ids and linkends); without_parts:
// only the parts (a book stage visiting the tree).
bool decode_record(std::string_view bytes, ArticleRecord *r, bool without_payload = false, bool without_parts = false);
// Checks that bytes are a whole record, as decode_record does, and says
// where its pieces lie; nothing is copied but the part names.
bool scan_record(std::string_view bytes, RecordLayout *layout);
// The index of a record alone: its XML's SHA-1, ids, linkends and
// diagnostics, from the bytes at layout.index_offset to the end.
bool decode_record_index(std::string_view bytes, ArticleRecord *r);

}  // namespace pubpipe
