// store.cpp: the spool of serialized articles.
#include "store.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace pubpipe {

namespace {

std::atomic<uint64_t> stores{0};

template <class T>
void append(std::string *out, const T &v) {
  out->append(reinterpret_cast<const char *>(&v), sizeof v);
}

template <class T>
void take(const std::string &in, size_t *at, T *v) {
  if (*at + sizeof *v > in.size()) throw std::runtime_error("the spool file is damaged (a record's layout is cut short)");
  std::memcpy(v, in.data() + *at, sizeof *v);
  *at += sizeof *v;
}

}  // namespace

ArticleStore::ArticleStore(size_t count) : spool_(std::tmpfile()), id_(++stores), slots_(count * kSlot, 0xff) {
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

void ArticleStore::write(uint64_t offset, std::string_view bytes) {
  for (size_t done = 0; done < bytes.size();) {
    const ssize_t n = pwrite(fileno(spool_), bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (n <= 0) throw std::runtime_error("cannot write the spool file (disk full?)");
    done += static_cast<size_t>(n);
  }
}

// The record's length and its layout's (two 32-bit numbers), its layout
// (the XML's offset and length, the index's offset, the SHA-1: a flag and 20
// bytes, the parts: their count, then name, offset and length each), then
// the record, in this machine's byte order: the spool lives no longer than
// the run.
void ArticleStore::put_encoded(size_t i, std::string_view bytes, const RecordLayout &layout) {
  if (bytes.size() > std::numeric_limits<uint32_t>::max())
    throw std::runtime_error("an article's record is over 4 GiB; the store cannot keep it");
  if (end_ >= kEmpty) throw std::runtime_error("the spool file is over 1 TiB; the store cannot keep more articles");
  std::string before;
  append(&before, static_cast<uint32_t>(bytes.size()));
  append(&before, uint32_t{0});  // the layout's length, set below
  append(&before, static_cast<uint32_t>(layout.xml_offset));
  append(&before, static_cast<uint32_t>(layout.xml_length));
  append(&before, static_cast<uint32_t>(layout.index_offset));
  const bool has_sha1 = layout.xml_sha1.size() == sizeof Layout{}.xml_sha1;
  append(&before, static_cast<unsigned char>(has_sha1));
  if (has_sha1) before += layout.xml_sha1;
  append(&before, static_cast<uint32_t>(layout.parts.size()));
  for (const auto &p : layout.parts) {
    append(&before, name_id(p.entry, p.name));
    append(&before, static_cast<uint32_t>(p.offset));
    append(&before, static_cast<uint32_t>(p.length));
  }
  const auto layout_length = static_cast<uint32_t>(before.size() - kHeader);
  std::memcpy(before.data() + sizeof(uint32_t), &layout_length, sizeof layout_length);
  write(end_, before);
  write(end_ + before.size(), bytes);
  for (size_t b = 0; b < kSlot; ++b) slots_[i * kSlot + b] = static_cast<unsigned char>(end_ >> (8 * b));
  end_ += before.size() + bytes.size();
}

uint64_t ArticleStore::slot(size_t i) const {
  uint64_t offset = 0;
  for (size_t b = 0; b < kSlot; ++b) offset |= uint64_t{slots_[i * kSlot + b]} << (8 * b);
  return offset;
}

const ArticleStore::Layout &ArticleStore::layout(size_t i) const {
  // A record is never written over (a stored article again goes to the
  // spool's end), so its offset names its layout for good.
  thread_local struct {
    uint64_t store = 0, offset = kEmpty;
    Layout layout;
  } kept;
  const uint64_t offset = slot(i);
  if (kept.store == id_ && kept.offset == offset) return kept.layout;
  // One read takes the header and, nearly always, the whole layout.
  std::string bytes;
  read_some(offset, kFirstRead, &bytes);
  size_t at = 0;
  uint32_t length = 0, layout_length = 0;
  take(bytes, &at, &length);
  take(bytes, &at, &layout_length);
  if (bytes.size() < kHeader + layout_length) read(offset, kHeader + layout_length, &bytes);
  Layout &l = kept.layout;
  l.record = offset + kHeader + layout_length;
  l.length = length;
  unsigned char has_sha1 = 0;
  take(bytes, &at, &l.xml_offset);
  take(bytes, &at, &l.xml_length);
  take(bytes, &at, &l.index_offset);
  take(bytes, &at, &has_sha1);
  l.has_sha1 = has_sha1 != 0;
  if (l.has_sha1) take(bytes, &at, &l.xml_sha1);
  uint32_t parts = 0;
  take(bytes, &at, &parts);
  l.parts.resize(parts);
  for (auto &p : l.parts) {
    take(bytes, &at, &p.name);
    take(bytes, &at, &p.offset);
    take(bytes, &at, &p.length);
  }
  kept.store = id_;
  kept.offset = offset;
  return l;
}

void ArticleStore::read(uint64_t offset, size_t length, std::string *out) const {
  read_some(offset, length, out);
  if (out->size() != length) throw std::runtime_error("cannot read the spool file");
}

void ArticleStore::read_some(uint64_t offset, size_t length, std::string *out) const {
  out->resize(length);
  size_t done = 0;
  while (done < length) {
    const ssize_t n = pread(fileno(spool_), out->data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0) throw std::runtime_error("cannot read the spool file");
    if (n == 0) break;  // the spool's end
    done += static_cast<size_t>(n);
  }
  out->resize(done);
}

std::string ArticleStore::get_bytes(size_t i) const {
  const Layout &l = layout(i);
  std::string bytes;
  read(l.record, l.length, &bytes);
  return bytes;
}

bool ArticleStore::get(size_t i, ArticleRecord *out, bool without_payload, bool without_parts) const {
  if (!has(i)) return false;
  *out = ArticleRecord{};
  return decode_record(get_bytes(i), out, without_payload, without_parts);
}

bool ArticleStore::get_index(size_t i, ArticleRecord *out) const {
  if (!has(i)) return false;
  const Layout &l = layout(i);
  std::string bytes;
  read(l.record + l.index_offset, l.length - l.index_offset, &bytes);
  return decode_record_index(bytes, out);
}

bool ArticleStore::xml(size_t i, std::string *out) const {
  if (!has(i)) return false;
  const Layout &l = layout(i);
  read(l.record + l.xml_offset, l.xml_length, out);
  return true;
}

std::string ArticleStore::xml_sha1(size_t i) const {
  if (!has(i)) return {};
  const Layout &l = layout(i);
  return l.has_sha1 ? std::string(reinterpret_cast<const char *>(l.xml_sha1), sizeof l.xml_sha1) : std::string();
}

bool ArticleStore::part(size_t i, uint32_t entry, const std::string &name, std::string *out) const {
  if (!has(i)) return false;
  const Layout &l = layout(i);
  for (const Span &p : l.parts) {
    if (names_[p.name].first != entry || names_[p.name].second != name) continue;
    read(l.record + p.offset, p.length, out);
    return true;
  }
  return false;
}

size_t ArticleStore::index_bytes() const {
  return slots_.capacity();
}

}  // namespace pubpipe
