// store.hpp: the finished articles of a run, kept serialized in temporary
// spool files rather than in memory, so that memory stays flat as books grow.
// In memory there is only where each article's layout lies (5 bytes an
// article).  The records go to one spool as they came; each layout (where
// the record lies, and its XML, parts and index within it) goes to a file of
// layouts, and a copy of each small piece (an index, a part of a few KiB) to
// a side file of its kind, in the order the articles were stored: so that a
// book-wide pass over one kind of part (a writer's table of contents, the
// book's ids) reads one file front to back, many articles at a read.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "record.hpp"

namespace pubpipe {

// Reads (get, part, layout and the rest) may run in several threads at
// once; put and put_encoded run in one thread while no other reads (the
// document phase, a book stage that changes articles), which is what lets
// the side files' gathered writes and the threads' windows go unlocked.
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
  // Where an article's layout lies in the file of layouts, in 40 bits (a
  // file of up to 1 TiB).
  static constexpr size_t kSlot = 5;
  static constexpr uint64_t kEmpty = (uint64_t{1} << (8 * kSlot)) - 1;
  uint64_t slot(size_t i) const;
  // The files: the records, the layouts, the indexes, then the parts of the
  // first kSideNames part names (entry and name) of the book, one file each.
  enum : size_t { kRecords = 0, kLayouts = 1, kIndexes = 2, kFirstSide = 3 };
  static constexpr size_t kSideNames = 32;
  static constexpr size_t kSmall = 4096;  // the largest piece copied to a side file
  static constexpr size_t kPending = 16384;  // a side file's writes are gathered up to this
  struct Span {
    uint32_t name = 0;  // into names_
    uint32_t file = kRecords;
    uint64_t offset = 0;  // in that file
    uint32_t length = 0;
  };
  struct Layout {
    uint64_t record = 0;  // the record's offset in the spool
    uint32_t length = 0;  // the record's bytes
    uint32_t xml_offset = 0, xml_length = 0;  // within the record
    Span index;
    bool has_sha1 = false;
    unsigned char xml_sha1[20] = {};
    std::vector<Span> parts;
  };
  struct File {
    std::FILE *f = nullptr;
    uint64_t end = 0;      // its length, with what is pending
    std::string pending;   // written at end - pending.size()
  };
  // Reads length bytes at offset of file: a side file or the layouts through
  // the thread's windows (see store.cpp), the records directly.
  void read(size_t file, uint64_t offset, size_t length, std::string *out) const;
  // Appends bytes to file; returns where they begin.
  uint64_t append(size_t file, std::string_view bytes);
  void flush(size_t file) const;
  // Article i's layout: the last one each thread read is kept for it (a
  // writer reads several parts of one article in a row), valid until the
  // thread's next call.
  const Layout &layout(size_t i) const;
  uint32_t name_id(uint32_t entry, const std::string &name);
  mutable std::vector<File> files_;
  mutable std::mutex flushing_;
  mutable std::atomic<bool> unflushed_{false};  // a side file or the layouts have pending bytes
  uint64_t id_;  // this store among all (the threads' windows and kept layouts name it)
  std::vector<unsigned char> slots_;  // kSlot bytes an article, the lowest first
  std::vector<std::pair<uint32_t, std::string>> names_;  // (entry, part name): a handful per book
};

}  // namespace pubpipe
