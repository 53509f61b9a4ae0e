// store.hpp: the finished articles of a run, kept serialized in a temporary
// spool file rather than in memory, so that memory stays flat as books grow.
// In memory there is only where each record lies in the spool (5 bytes an
// article); its length, and where its XML, its parts and its own index (ids,
// linkends, diagnostics) lie within it, are written to the spool before the
// record.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "record.hpp"

namespace pubpipe {

class ArticleStore {
 public:
  explicit ArticleStore(size_t count);
  ~ArticleStore();
  ArticleStore(const ArticleStore &) = delete;
  ArticleStore &operator=(const ArticleStore &) = delete;

  size_t size() const { return slots_.size() / kSlot; }
  bool has(size_t i) const { return slot(i) != kEmpty; }
  void put(size_t i, const ArticleRecord &record);
  // An encoded record as it is (a cache hit's bytes), with its layout
  // (scan_record): written to the spool without decoding it.
  void put_encoded(size_t i, std::string_view bytes, const RecordLayout &layout);
  // without_payload, without_parts: see decode_record.
  bool get(size_t i, ArticleRecord *out, bool without_payload = false, bool without_parts = false) const;
  // The ids, linkends and diagnostics of article i alone (the book-wide
  // checks), read without the rest of its record.
  bool get_index(size_t i, ArticleRecord *out) const;
  // The article's XML alone.
  bool xml(size_t i, std::string *out) const;
  // The SHA-1 of the article's XML as its record holds it (20 bytes), read
  // with the record's layout: "" when the record has none.
  std::string xml_sha1(size_t i) const;
  std::string get_bytes(size_t i) const;
  // One attached part of article i, read alone.  False if it has none.
  bool part(size_t i, uint32_t entry, const std::string &name, std::string *out) const;
  // The bytes the index takes in memory (for the docs' per-article figure).
  size_t index_bytes() const;

 private:
  // Where an article's record lies in the spool: the offset of its layout,
  // which the record follows, in 40 bits (a spool of up to 1 TiB).
  static constexpr size_t kSlot = 5;
  static constexpr uint64_t kEmpty = (uint64_t{1} << (8 * kSlot)) - 1;
  uint64_t slot(size_t i) const;
  static constexpr size_t kHeader = 8;       // the record's length and the layout's
  static constexpr size_t kFirstRead = 512;  // a layout of up to about 40 parts
  struct Span {
    uint32_t name = 0;  // into names_
    uint32_t offset = 0, length = 0;
  };
  // Where a record lies in the spool, and its pieces within it, as the spool
  // holds it before the record.
  struct Layout {
    uint64_t record = 0;  // the record's offset in the spool
    uint32_t length = 0;  // the record's bytes
    uint32_t xml_offset = 0, xml_length = 0, index_offset = 0;
    bool has_sha1 = false;
    unsigned char xml_sha1[20] = {};
    std::vector<Span> parts;
  };
  void read(uint64_t offset, size_t length, std::string *out) const;
  // Up to length bytes, fewer at the spool's end.
  void read_some(uint64_t offset, size_t length, std::string *out) const;
  void write(uint64_t offset, std::string_view bytes);
  // Article i's layout, read from the spool: the last one each thread read
  // is kept for it (a writer reads several parts of one article in a row),
  // valid until the thread's next call.
  const Layout &layout(size_t i) const;
  uint32_t name_id(uint32_t entry, const std::string &name);
  std::FILE *spool_;
  uint64_t id_;  // this store among all (the threads' kept layouts name it)
  uint64_t end_ = 0;
  std::vector<unsigned char> slots_;  // kSlot bytes an article, the lowest first
  std::vector<std::pair<uint32_t, std::string>> names_;  // (entry, part name): a handful per book
};

}  // namespace pubpipe
