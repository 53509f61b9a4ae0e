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
  void put(size_t i, const std::string &encoded);
  bool get(size_t i, ArticleRecord *out) const;
  std::string get_bytes(size_t i) const;

 private:
  struct Slot {
    long offset = 0;
    size_t length = 0;
  };
  std::FILE *spool_;
  long end_ = 0;
  std::vector<Slot> slots_;
};

}  // namespace pubpipe
