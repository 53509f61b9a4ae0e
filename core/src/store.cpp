// store.cpp: the spool of serialized articles.
#include "store.hpp"

#include <unistd.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace pubpipe {

ArticleStore::ArticleStore(size_t count) : spool_(std::tmpfile()), slots_(count) {
  if (!spool_) throw std::runtime_error("cannot create a temporary spool file (is TMPDIR writable?)");
}

ArticleStore::~ArticleStore() { std::fclose(spool_); }

uint32_t ArticleStore::name_id(uint32_t entry, const std::string &name) {
  for (size_t k = 0; k < names_.size(); ++k)
    if (names_[k].first == entry && names_[k].second == name) return static_cast<uint32_t>(k);
  names_.emplace_back(entry, name);
  return static_cast<uint32_t>(names_.size() - 1);
}

void ArticleStore::put(size_t i, const ArticleRecord &record) {
  const std::string encoded = encode_record(record);
  RecordLayout layout;
  if (!scan_record(encoded, &layout)) throw std::runtime_error("an article's record cannot be stored (it does not read back)");
  put_encoded(i, encoded, layout);
}

void ArticleStore::put_encoded(size_t i, std::string_view bytes, const RecordLayout &layout) {
  if (bytes.size() > std::numeric_limits<uint32_t>::max())
    throw std::runtime_error("an article's record is over 4 GiB; the store cannot keep it");
  for (size_t done = 0; done < bytes.size();) {
    const ssize_t n = pwrite(fileno(spool_), bytes.data() + done, bytes.size() - done, static_cast<off_t>(end_ + done));
    if (n <= 0) throw std::runtime_error("cannot write the spool file (disk full?)");
    done += static_cast<size_t>(n);
  }
  Slot s;
  s.offset = end_;
  s.length = static_cast<uint32_t>(bytes.size());
  s.xml_offset = static_cast<uint32_t>(layout.xml_offset);
  s.xml_length = static_cast<uint32_t>(layout.xml_length);
  s.index_offset = static_cast<uint32_t>(layout.index_offset);
  s.first_part = static_cast<uint32_t>(spans_.size());
  s.parts = static_cast<uint32_t>(layout.parts.size());
  s.has_sha1 = layout.xml_sha1.size() == sizeof s.xml_sha1;
  if (s.has_sha1) std::copy(layout.xml_sha1.begin(), layout.xml_sha1.end(), s.xml_sha1);
  for (const auto &p : layout.parts)
    spans_.push_back({name_id(p.entry, p.name), static_cast<uint32_t>(p.offset), static_cast<uint32_t>(p.length)});
  slots_[i] = s;
  end_ += bytes.size();
}

void ArticleStore::read(uint64_t offset, size_t length, std::string *out) const {
  out->resize(length);
  for (size_t done = 0; done < length;) {
    const ssize_t n = pread(fileno(spool_), out->data() + done, length - done, static_cast<off_t>(offset + done));
    if (n <= 0) throw std::runtime_error("cannot read the spool file");
    done += static_cast<size_t>(n);
  }
}

std::string ArticleStore::get_bytes(size_t i) const {
  std::string bytes;
  read(slots_[i].offset, slots_[i].length, &bytes);
  return bytes;
}

bool ArticleStore::get(size_t i, ArticleRecord *out, bool without_payload, bool without_parts) const {
  if (!has(i)) return false;
  *out = ArticleRecord{};
  return decode_record(get_bytes(i), out, without_payload, without_parts);
}

bool ArticleStore::get_index(size_t i, ArticleRecord *out) const {
  if (!has(i)) return false;
  const Slot &s = slots_[i];
  std::string bytes;
  read(s.offset + s.index_offset, s.length - s.index_offset, &bytes);
  return decode_record_index(bytes, out);
}

bool ArticleStore::xml(size_t i, std::string *out) const {
  if (!has(i)) return false;
  read(slots_[i].offset + slots_[i].xml_offset, slots_[i].xml_length, out);
  return true;
}

std::string ArticleStore::xml_sha1(size_t i) const {
  if (!has(i) || !slots_[i].has_sha1) return {};
  return std::string(reinterpret_cast<const char *>(slots_[i].xml_sha1), sizeof slots_[i].xml_sha1);
}

bool ArticleStore::part(size_t i, uint32_t entry, const std::string &name, std::string *out) const {
  if (!has(i)) return false;
  const Slot &s = slots_[i];
  for (uint32_t k = s.first_part; k < s.first_part + s.parts; ++k) {
    const Span &p = spans_[k];
    if (names_[p.name].first != entry || names_[p.name].second != name) continue;
    read(s.offset + p.offset, p.length, out);
    return true;
  }
  return false;
}

size_t ArticleStore::index_bytes() const {
  return slots_.capacity() * sizeof(Slot) + spans_.size() * sizeof(Span);
}

}  // namespace pubpipe
