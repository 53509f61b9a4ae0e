// store.cpp: the spool of serialized articles.
#include "store.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace pubpipe {

namespace {

std::atomic<uint64_t> stores{0};

template <class T>
void append_value(std::string *out, const T &v) {
  out->append(reinterpret_cast<const char *>(&v), sizeof v);
}

template <class T>
void take(const std::string &in, size_t *at, T *v) {
  if (*at + sizeof *v > in.size()) throw std::runtime_error("the spool file is damaged (a record's layout is cut short)");
  std::memcpy(v, in.data() + *at, sizeof *v);
  *at += sizeof *v;
}

std::FILE *temporary_file() {
  std::FILE *f = std::tmpfile();
  if (!f) throw std::runtime_error("cannot create a temporary spool file (is TMPDIR writable?)");
  return f;
}

// Up to length bytes at offset of f, fewer at its end.
void read_some(std::FILE *f, uint64_t offset, size_t length, std::string *out) {
  out->resize(length);
  size_t done = 0;
  while (done < length) {
    const ssize_t n = pread(fileno(f), out->data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0) throw std::runtime_error("cannot read the spool file");
    if (n == 0) break;  // the file's end
    done += static_cast<size_t>(n);
  }
  out->resize(done);
}

void write_at(std::FILE *f, uint64_t offset, std::string_view bytes) {
  for (size_t done = 0; done < bytes.size();) {
    const ssize_t n = pwrite(fileno(f), bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (n <= 0) throw std::runtime_error("cannot write the spool file (disk full?)");
    done += static_cast<size_t>(n);
  }
}

// A thread's windows: the bytes of a side file (or of the layouts) it read
// last, one window a file, up to kWindows files.  A read inside a window is
// a copy; a read past it reads the next window, twice as large as the last
// up to kWindowMax when the reads go forward (a book-wide pass), kWindowMin
// otherwise.  A window holds only bytes that were in the file: what an
// article stored later adds lies past it.
constexpr size_t kWindows = 4, kWindowMin = 4096, kWindowMax = 32768;
struct Window {
  uint64_t store = 0;
  size_t file = 0;
  uint64_t begin = 0;
  std::string bytes;
  size_t size = kWindowMin;
  uint64_t used = 0;
};
thread_local std::array<Window, kWindows> windows;
thread_local uint64_t window_clock = 0;

}  // namespace

ArticleStore::ArticleStore(size_t count) : files_(kFirstSide), id_(++stores), slots_(count * kSlot, 0xff) {
  for (auto &f : files_) f.f = temporary_file();
}

ArticleStore::~ArticleStore() {
  for (auto &f : files_) std::fclose(f.f);
}

uint32_t ArticleStore::name_id(uint32_t entry, const std::string &name) {
  for (size_t k = 0; k < names_.size(); ++k)
    if (names_[k].first == entry && names_[k].second == name) return static_cast<uint32_t>(k);
  names_.emplace_back(entry, name);
  if (names_.size() <= kSideNames) files_.push_back({temporary_file(), 0, {}});
  return static_cast<uint32_t>(names_.size() - 1);
}

void ArticleStore::put(size_t i, const ArticleRecord &record) {
  const std::string encoded = encode_record(record);
  RecordLayout layout;
  if (!scan_record(encoded, &layout)) throw std::runtime_error("an article's record cannot be stored (it does not read back)");
  put_encoded(i, encoded, layout);
}

uint64_t ArticleStore::append(size_t file, std::string_view bytes) {
  File &f = files_[file];
  const uint64_t at = f.end;
  f.end += bytes.size();
  if (file == kRecords) {
    write_at(f.f, at, bytes);
    return at;
  }
  f.pending += bytes;
  if (f.pending.size() >= kPending) flush(file);
  if (!f.pending.empty()) unflushed_.store(true, std::memory_order_release);
  return at;
}

void ArticleStore::flush(size_t file) const {
  File &f = files_[file];
  if (f.pending.empty()) return;
  write_at(f.f, f.end - f.pending.size(), f.pending);
  f.pending.clear();
}

// The layout, in the file of layouts: its length (32 bits), the record's
// offset and length, the XML's offset and length within it, then the index
// and each part (name, file, offset, length: a part of kSmall bytes or
// fewer is in its side file as well, and read there), in this machine's
// byte order: the files live no longer than the run.
void ArticleStore::put_encoded(size_t i, std::string_view bytes, const RecordLayout &layout) {
  if (bytes.size() > std::numeric_limits<uint32_t>::max())
    throw std::runtime_error("an article's record is over 4 GiB; the store cannot keep it");
  if (files_[kLayouts].end >= kEmpty) throw std::runtime_error("the store's file of layouts is over 1 TiB; it cannot keep more articles");
  const uint64_t record = append(kRecords, bytes);
  std::string l(sizeof(uint32_t), '\0');  // the layout's length, set below
  append_value(&l, record);
  append_value(&l, static_cast<uint32_t>(bytes.size()));
  append_value(&l, static_cast<uint32_t>(layout.xml_offset));
  append_value(&l, static_cast<uint32_t>(layout.xml_length));
  const auto span = [&](uint32_t name, size_t side, size_t offset, size_t length) {
    const bool small = length <= kSmall && side < files_.size();
    append_value(&l, name);
    append_value(&l, static_cast<uint32_t>(small ? side : kRecords));
    append_value(&l, small ? append(side, bytes.substr(offset, length)) : record + offset);
    append_value(&l, static_cast<uint32_t>(length));
  };
  span(0, kIndexes, layout.index_offset, bytes.size() - layout.index_offset);
  const bool has_sha1 = layout.xml_sha1.size() == sizeof Layout{}.xml_sha1;
  append_value(&l, static_cast<unsigned char>(has_sha1));
  if (has_sha1) l += layout.xml_sha1;
  append_value(&l, static_cast<uint32_t>(layout.parts.size()));
  for (const auto &p : layout.parts) {
    const uint32_t name = name_id(p.entry, p.name);
    span(name, kFirstSide + name, p.offset, p.length);
  }
  const auto length = static_cast<uint32_t>(l.size() - sizeof(uint32_t));
  std::memcpy(l.data(), &length, sizeof length);
  const uint64_t at = append(kLayouts, l);
  for (size_t b = 0; b < kSlot; ++b) slots_[i * kSlot + b] = static_cast<unsigned char>(at >> (8 * b));
}

uint64_t ArticleStore::slot(size_t i) const {
  uint64_t offset = 0;
  for (size_t b = 0; b < kSlot; ++b) offset |= uint64_t{slots_[i * kSlot + b]} << (8 * b);
  return offset;
}

const ArticleStore::Layout &ArticleStore::layout(size_t i) const {
  // A layout is never written over (a stored article again goes to the
  // files' ends), so its offset names it for good.
  thread_local struct {
    uint64_t store = 0, offset = kEmpty;
    Layout layout;
  } kept;
  const uint64_t offset = slot(i);
  if (kept.store == id_ && kept.offset == offset) return kept.layout;
  std::string bytes;
  read(kLayouts, offset, sizeof(uint32_t), &bytes);
  size_t at = 0;
  uint32_t length = 0;
  take(bytes, &at, &length);
  read(kLayouts, offset + sizeof length, length, &bytes);
  at = 0;
  Layout &l = kept.layout;
  const auto span = [&](Span *s) {
    take(bytes, &at, &s->name);
    take(bytes, &at, &s->file);
    take(bytes, &at, &s->offset);
    take(bytes, &at, &s->length);
    if (s->file >= files_.size()) throw std::runtime_error("the spool file is damaged (a part's file is unknown)");
  };
  take(bytes, &at, &l.record);
  take(bytes, &at, &l.length);
  take(bytes, &at, &l.xml_offset);
  take(bytes, &at, &l.xml_length);
  span(&l.index);
  unsigned char has_sha1 = 0;
  take(bytes, &at, &has_sha1);
  l.has_sha1 = has_sha1 != 0;
  if (l.has_sha1) take(bytes, &at, &l.xml_sha1);
  uint32_t parts = 0;
  take(bytes, &at, &parts);
  l.parts.resize(parts);
  for (auto &p : l.parts) span(&p);
  kept.store = id_;
  kept.offset = offset;
  return l;
}

void ArticleStore::read(size_t file, uint64_t offset, size_t length, std::string *out) const {
  if (file != kRecords && unflushed_.load(std::memory_order_acquire)) {
    // The first read after articles were stored writes what they gathered.
    std::lock_guard<std::mutex> hold(flushing_);
    if (unflushed_.load(std::memory_order_relaxed)) {
      for (size_t f = kLayouts; f < files_.size(); ++f) flush(f);
      unflushed_.store(false, std::memory_order_release);
    }
  }
  std::FILE *f = files_[file].f;
  if (file == kRecords || length > kWindowMax) {
    read_some(f, offset, length, out);
    if (out->size() != length) throw std::runtime_error("cannot read the spool file");
    return;
  }
  Window *w = nullptr;
  for (auto &candidate : windows) {
    if (candidate.store != id_ || candidate.file != file) continue;
    w = &candidate;
    if (offset >= w->begin && offset + length <= w->begin + w->bytes.size()) {
      out->assign(w->bytes, offset - w->begin, length);
      w->used = ++window_clock;
      return;
    }
  }
  size_t size = kWindowMin;
  if (w && offset >= w->begin && offset <= w->begin + w->bytes.size() + kWindowMax) size = std::min(2 * w->size, kWindowMax);
  if (!w) w = &*std::min_element(windows.begin(), windows.end(), [](const Window &a, const Window &b) { return a.used < b.used; });
  *w = {id_, file, offset, std::move(w->bytes), size, ++window_clock};
  read_some(f, offset, std::max(size, length), &w->bytes);
  if (w->bytes.size() < length) throw std::runtime_error("cannot read the spool file");
  out->assign(w->bytes, 0, length);
}

std::string ArticleStore::get_bytes(size_t i) const {
  const Layout &l = layout(i);
  std::string bytes;
  read(kRecords, l.record, l.length, &bytes);
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
  read(l.index.file, l.index.offset, l.index.length, &bytes);
  return decode_record_index(bytes, out);
}

bool ArticleStore::xml(size_t i, std::string *out) const {
  if (!has(i)) return false;
  const Layout &l = layout(i);
  read(kRecords, l.record + l.xml_offset, l.xml_length, out);
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
    read(p.file, p.offset, p.length, out);
    return true;
  }
  return false;
}

size_t ArticleStore::index_bytes() const {
  return slots_.capacity();
}

}  // namespace pubpipe
