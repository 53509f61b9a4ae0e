// store.cpp: the spool of serialized articles.
#include "store.hpp"

#include <unistd.h>

#include <stdexcept>

namespace pubpipe {

ArticleStore::ArticleStore(size_t count) : spool_(std::tmpfile()), slots_(count) {
  if (!spool_) throw std::runtime_error("cannot create a temporary spool file (is TMPDIR writable?)");
}

ArticleStore::~ArticleStore() { std::fclose(spool_); }

void ArticleStore::put(size_t i, const ArticleRecord &record) {
  std::vector<PartSpan> spans;
  const std::string encoded = encode_record(record, &spans);
  if (pwrite(fileno(spool_), encoded.data(), encoded.size(), end_) != static_cast<ssize_t>(encoded.size()))
    throw std::runtime_error("cannot write the spool file (disk full?)");
  slots_[i] = {end_, encoded.size(), std::move(spans)};
  end_ += static_cast<long>(encoded.size());
}

std::string ArticleStore::get_bytes(size_t i) const {
  const Slot &s = slots_[i];
  std::string bytes(s.length, '\0');
  if (s.length && pread(fileno(spool_), bytes.data(), s.length, s.offset) != static_cast<ssize_t>(s.length))
    throw std::runtime_error("cannot read the spool file");
  return bytes;
}

bool ArticleStore::get(size_t i, ArticleRecord *out, bool without_payload) const {
  if (!has(i)) return false;
  *out = ArticleRecord{};
  return decode_record(get_bytes(i), out, without_payload);
}

bool ArticleStore::part(size_t i, uint32_t entry, const std::string &name, std::string *out) const {
  if (!has(i)) return false;
  for (const auto &p : slots_[i].parts) {
    if (p.entry != entry || p.name != name) continue;
    out->resize(p.length);
    if (p.length && pread(fileno(spool_), out->data(), p.length, slots_[i].offset + static_cast<long>(p.offset)) !=
                        static_cast<ssize_t>(p.length))
      throw std::runtime_error("cannot read the spool file");
    return true;
  }
  return false;
}

}  // namespace pubpipe
