// zip.cpp: see zip.hpp.
#include "zip.hpp"

#include <pubpipe/plugin.hpp>

#include <libdeflate.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <memory>

namespace epub {
namespace {

constexpr size_t kHeader = 13;  // pack_deflated's: NUL, CRC-32, size
constexpr int kLevel = 6;       // libdeflate's default level

uint64_t little_endian(std::string_view b, size_t at, size_t n) {
  uint64_t v = 0;
  for (size_t k = n; k-- > 0;) v = v << 8 | static_cast<unsigned char>(b[at + k]);
  return v;
}

// One compressor a thread (a worker's document stage, or the book stage),
// allocated once: libdeflate's compressor holds its tables (about half a
// megabyte at level 6), which a page a call would otherwise allocate again.
libdeflate_compressor *compressor() {
  thread_local std::unique_ptr<libdeflate_compressor, void (*)(libdeflate_compressor *)> c(nullptr, libdeflate_free_compressor);
  if (!c) c.reset(libdeflate_alloc_compressor(kLevel));
  if (!c) throw pubpipe::Error("libdeflate: cannot allocate a compressor");
  return c.get();
}

// An entry in pieces (Entry::pieces) while libzip reads it: zlib's
// streaming deflate (raw, level 6) over one piece at a time.
struct Stream {
  z_stream z{};
  NextPiece next;
  std::string piece;
  uint64_t made = 0;  // bytes of the pieces so far
  bool last = false, ended = false;
  ~Stream() { deflateEnd(&z); }
};

// What zip_entries hands to libzip for every deflated entry: pack_deflated's
// form, made when libzip asks for the entry and dropped when it closes it.
// libzip asks for an entry's stat (its sizes and CRC, from the header)
// before it opens it; the bytes made for the stat are kept for the open
// when no other entry was made between them (then they are made again), so
// that an entry is made once and at most one is held beside the one being
// read.  libzip opens one entry at a time and closes it before it opens
// the next, so what is read of the open entry (its bytes, or its stream in
// pieces) is held here too, once for the archive, not in the state of every
// entry (Lazy), which a book has one of for each page.
struct Slot {
  const void *owner = nullptr;
  std::string bytes;
  const void *open = nullptr;  // the entry libzip has open
  std::string data;
  size_t at = 0;
  std::unique_ptr<Stream> stream;
  const void *failed = nullptr;  // the entry that failed the archive, and why
  std::string failure;
};

struct Lazy {
  const Entry *entry;  // or the run it is the k-th of
  size_t k = 0;
  Slot *slot;
  zip_error_t error;
  bool known = false;  // the header read (in pieces: the size counted)
  bool read = false;   // in pieces: deflated to its end, the CRC known
  uint32_t crc = 0;
  uint64_t size = 0, comp_size = 0;

  // The size of an entry in pieces: one pass that keeps no piece.
  static uint64_t count(const Entry &e) {
    NextPiece next = e.pieces();
    std::string piece;
    uint64_t n = 0;
    while (next(&piece)) n += piece.size(), piece.clear();
    return n;
  }
  void open_stream() {
    std::unique_ptr<Stream> &stream = slot->stream;
    stream = std::make_unique<Stream>();
    if (deflateInit2(&stream->z, kLevel, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      stream.reset();
      throw pubpipe::Error("zlib: cannot start a deflate stream");
    }
    stream->next = entry->pieces();
    crc = static_cast<uint32_t>(crc32(0L, Z_NULL, 0));
  }
  // Deflates the next pieces into out, up to len bytes; returns how many.
  size_t read_stream(void *out, size_t len) {
    Stream &t = *slot->stream;
    t.z.next_out = static_cast<Bytef *>(out);
    t.z.avail_out = static_cast<uInt>(std::min<size_t>(len, UINT32_MAX));
    const uInt room = t.z.avail_out;
    while (t.z.avail_out > 0 && !t.ended) {
      if (t.z.avail_in == 0 && !t.last) {
        t.piece.clear();
        while (t.piece.empty() && !t.last)
          if (!t.next(&t.piece)) t.last = true;
        crc = static_cast<uint32_t>(crc32_z(crc, reinterpret_cast<const Bytef *>(t.piece.data()), t.piece.size()));
        t.made += t.piece.size();
        t.z.next_in = reinterpret_cast<Bytef *>(t.piece.data());
        t.z.avail_in = static_cast<uInt>(t.piece.size());
      }
      const int rc = deflate(&t.z, t.last ? Z_FINISH : Z_NO_FLUSH);
      if (rc == Z_STREAM_END) t.ended = true;
      else if (rc != Z_OK && rc != Z_BUF_ERROR) throw pubpipe::Error("zlib: deflate failed");
    }
    if (t.ended && !read) {
      if (t.made != size) throw pubpipe::Error("the entry's pieces were not the same twice");
      comp_size = t.z.total_out;
      read = true;
    }
    return room - t.z.avail_out;
  }

  std::string make() {
    if (entry->count) return make(entry->nth(k));
    return make(*entry);
  }
  static std::string make(const Entry &e) {
    std::string d = !e.make ? pack_deflated(e.bytes) : e.packed ? e.make() : pack_deflated(e.make());
    if (d.size() < kHeader || !is_packed(d)) throw pubpipe::Error("a deflated part that is not one");
    return d;
  }
};

zip_int64_t lazy_source(void *state, void *out, zip_uint64_t len, zip_source_cmd_t cmd) {
  Lazy *s = static_cast<Lazy *>(state);
  Slot &slot = *s->slot;
  const auto failed = [s, &slot](const std::exception &e) -> zip_int64_t {
    if (!slot.failed) slot.failed = s, slot.failure = e.what();
    zip_error_set(&s->error, ZIP_ER_READ, 0);
    return -1;
  };
  switch (cmd) {
    case ZIP_SOURCE_OPEN:
      try {
        if (slot.open) throw pubpipe::Error("libzip opened an entry while another was open");
        if (s->entry->pieces) s->open_stream();
        else if (slot.owner == s) slot.data = std::move(slot.bytes), slot.owner = nullptr;
        else slot.data = s->make();
        slot.open = s;
      } catch (const std::exception &e) {
        return failed(e);
      }
      slot.at = kHeader;
      return 0;
    case ZIP_SOURCE_READ: {
      if (slot.open != s) {
        zip_error_set(&s->error, ZIP_ER_INTERNAL, 0);
        return -1;
      }
      if (slot.stream) try {
          return static_cast<zip_int64_t>(s->read_stream(out, len));
        } catch (const std::exception &e) {
          return failed(e);
        }
      const size_t n = std::min<size_t>(len, slot.data.size() - slot.at);
      std::memcpy(out, slot.data.data() + slot.at, n);
      slot.at += n;
      return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_CLOSE:
      if (slot.open == s) {
        std::string().swap(slot.data);
        slot.stream.reset();
        slot.open = nullptr;
      }
      return 0;
    case ZIP_SOURCE_STAT: {
      if (!s->known && s->entry->pieces) try {
          s->size = Lazy::count(*s->entry);
          s->known = true;
        } catch (const std::exception &e) {
          return failed(e);
        }
      if (!s->known) try {
          std::string d = s->make();
          s->crc = static_cast<uint32_t>(little_endian(d, 1, 4));
          s->size = little_endian(d, 5, 8);
          s->comp_size = d.size() - kHeader;
          s->known = true;
          s->slot->bytes = std::move(d);
          s->slot->owner = s;
        } catch (const std::exception &e) {
          return failed(e);
        }
      // Deflated already: libzip copies the bytes and takes the CRC and
      // sizes from here.  An entry in pieces has its CRC only once it is
      // read; libzip needs only its size and method before (for the local
      // header it writes again afterwards).
      zip_stat_t *st = static_cast<zip_stat_t *>(out);
      zip_stat_init(st);
      st->valid |= ZIP_STAT_SIZE | ZIP_STAT_COMP_METHOD;
      if (!s->entry->pieces || s->read) st->valid |= ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC;
      st->size = s->size;
      st->comp_size = s->comp_size;
      st->comp_method = ZIP_CM_DEFLATE;
      st->crc = s->crc;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&s->error, out, len);
    case ZIP_SOURCE_FREE:
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR,
                                            ZIP_SOURCE_FREE, -1);
    default:
      zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
  }
}

}  // namespace

// A large entry (the NCX, the navigation and the package document hold a
// line for every heading or page of the book) is first deflated into a
// quarter of its size, which XHTML fits with room to spare, and only when it
// does not fit into libdeflate's bound (at least its size): the output
// buffer was otherwise as large as the entry, beside it, at the book
// stage's peak.  libdeflate writes the same bytes into either buffer.
std::string pack_deflated(std::string_view data) {
  libdeflate_compressor *c = compressor();
  const size_t bound = libdeflate_deflate_compress_bound(c, data.size());
  const size_t guess = data.size() >= (1u << 16) ? data.size() / 4 + 4096 : bound;
  std::string out;
  size_t made = 0;
  for (const size_t room : {guess, bound}) {
    out.assign(kHeader + room, '\0');
    made = libdeflate_deflate_compress(c, data.data(), data.size(), out.data() + kHeader, room);
    if (made != 0 || room == bound) break;
  }
  if (made == 0) throw pubpipe::Error("libdeflate: the deflated page did not fit its bound");
  const uint32_t crc = libdeflate_crc32(0, data.data(), data.size());
  for (size_t k = 0; k < 4; ++k) out[1 + k] = static_cast<char>(crc >> (8 * k) & 0xff);
  for (size_t k = 0; k < 8; ++k) out[5 + k] = static_cast<char>(static_cast<uint64_t>(data.size()) >> (8 * k) & 0xff);
  out.resize(kHeader + made);
  return out;
}

std::string zip_entries(const std::vector<Entry> &entries, int64_t mtime, const std::string &path) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t *buffer = nullptr;
  zip_t *archive = nullptr;
  std::unique_ptr<zip_source_t, void (*)(zip_source_t *)> keep(nullptr, zip_source_free);
  if (path.empty()) {
    buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer) throw pubpipe::Error(std::string("libzip: ") + zip_error_strerror(&error));
    keep.reset(buffer);
    archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (archive) zip_source_keep(buffer);
  } else {
    int code = 0;
    archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (!archive) zip_error_init_with_code(&error, code);
  }
  if (!archive) throw pubpipe::Error(std::string("libzip: ") + zip_error_strerror(&error));

  Slot slot;
  std::deque<Lazy> lazies;  // one an entry; a deque, so that each stays where libzip points to it
  const time_t when = static_cast<time_t>(std::max<int64_t>(mtime, 315532800));  // DOS time starts in 1980
  const auto give_up = [&](const std::string &m) {
    zip_discard(archive);
    throw pubpipe::Error("libzip: " + m);
  };
  for (const Entry &run : entries)
    for (size_t k = 0; k < std::max<size_t>(run.count, 1); ++k) {
      const Entry nth = run.count ? run.nth(k) : Entry{};
      const Entry &e = run.count ? nth : run;
      // Only mimetype is stored; every other entry is deflated here
      // (pack_deflated) unless it comes deflated, and libzip copies it.
      const bool store = e.name == "mimetype";
      zip_source_t *data = nullptr;
      if (store) {
        data = zip_source_buffer(archive, e.bytes.data(), e.bytes.size(), 0);
      } else {
        lazies.emplace_back();
        Lazy &l = lazies.back();
        l.entry = &run;
        l.k = k;
        l.slot = &slot;
        zip_error_init(&l.error);
        data = zip_source_function(archive, lazy_source, &l);
      }
      const zip_int64_t at = data ? zip_file_add(archive, e.name.c_str(), data, ZIP_FL_ENC_UTF_8) : -1;
      if (at < 0) {
        if (data) zip_source_free(data);
        give_up("cannot add " + e.name + ": " + zip_strerror(archive));
      }
      zip_set_file_compression(archive, static_cast<zip_uint64_t>(at), store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : 6);
      zip_file_set_mtime(archive, static_cast<zip_uint64_t>(at), when, 0);
    }
  if (zip_close(archive) != 0) {
    std::string m = zip_strerror(archive);
    if (const Lazy *l = static_cast<const Lazy *>(slot.failed)) m = (l->entry->count ? l->entry->nth(l->k).name : l->entry->name) + ": " + slot.failure;
    give_up(m);
  }
  std::string out;
  if (!buffer) return out;
  if (zip_source_open(buffer) != 0) throw pubpipe::Error("libzip: cannot reopen the archive buffer");
  char chunk[65536];
  for (zip_int64_t n; (n = zip_source_read(buffer, chunk, sizeof chunk)) > 0;) out.append(chunk, static_cast<size_t>(n));
  zip_source_close(buffer);
  return out;
}

}  // namespace epub
