// store.hpp: the finished articles of a run, kept serialized in a temporary
// spool file rather than in memory, so that memory stays flat as books grow.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "record.hpp"

namespace pubpipe {

class ArticleStore {
 public:
  explicit ArticleStore(size_t count);
  ~ArticleStore();
  ArticleStore(const ArticleStore &) = delete;
  ArticleStore &operator=(const ArticleStore &) = delete;

  size_t size() const { return slots_.size(); }
  bool has(size_t i) const { return slots_[i].length != 0; }
  void put(size_t i, const ArticleRecord &record);
  // without_payload: see decode_record.
  bool get(size_t i, ArticleRecord *out, bool without_payload = false) const;
  std::string get_bytes(size_t i) const;
  // One attached part of article i, read alone.  False if it has none.
  bool part(size_t i, uint32_t entry, const std::string &name, std::string *out) const;

 private:
  struct Slot {
    long offset = 0;
    size_t length = 0;
    std::vector<PartSpan> parts;  // where each attached part lies in the record
  };
  std::FILE *spool_;
  long end_ = 0;
  std::vector<Slot> slots_;
};

}  // namespace pubpipe
