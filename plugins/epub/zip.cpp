// zip.cpp: see zip.hpp.
#include "zip.hpp"

#include <pubpipe/plugin.hpp>

#include <libdeflate.h>
#include <minizip/zip.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <memory>
#include <tuple>
#include <utility>

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

// The archive as minizip writes it: each entry's local header, its bytes
// (deflated already: minizip's raw mode copies them), then its CRC and
// sizes written back into the header; the central directory is held by
// minizip as the headers' own bytes (46 bytes and the name an entry) until
// zipClose writes it.  Nothing else is held for an entry once it is written.
struct Archive {
  zipFile zip = nullptr;
  ~Archive() {
    if (zip) zipClose(zip, nullptr);
  }
  void check(int rc, const std::string &name, const char *what) const {
    if (rc != ZIP_OK) throw pubpipe::Error("minizip: cannot " + std::string(what) + " " + name + " (error " + std::to_string(rc) + ")");
  }
  void write(const std::string &name, const char *data, size_t n) const {
    for (size_t at = 0; at < n;) {
      const unsigned chunk = static_cast<unsigned>(std::min<size_t>(n - at, 1u << 30));
      check(zipWriteInFileInZip(zip, data + at, chunk), name, "write");
      at += chunk;
    }
  }
};

// The archive's bytes in memory, for zip_entries without a path: minizip
// writes through these, and seeks back to each local header.
struct Memory {
  std::string bytes;
  size_t at = 0;
};
voidpf memory_open(voidpf opaque, const void *, int) { return opaque; }
uLong memory_read(voidpf, voidpf, void *, uLong) { return 0; }
uLong memory_write(voidpf, voidpf stream, const void *buf, uLong size) {
  Memory &m = *static_cast<Memory *>(stream);
  if (m.bytes.size() < m.at + size) m.bytes.resize(m.at + size);
  std::memcpy(m.bytes.data() + m.at, buf, size);
  m.at += size;
  return size;
}
ZPOS64_T memory_tell(voidpf, voidpf stream) { return static_cast<Memory *>(stream)->at; }
long memory_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  Memory &m = *static_cast<Memory *>(stream);
  const ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? m.at : m.bytes.size();
  m.at = static_cast<size_t>(base + offset);
  return 0;
}
int memory_close(voidpf, voidpf) { return 0; }
int memory_error(voidpf, voidpf) { return 0; }

// An entry's bytes in pack_deflated's form.
std::string packed(const Entry &e) {
  std::string d = !e.make ? pack_deflated(e.bytes) : e.packed ? e.make() : pack_deflated(e.make());
  if (d.size() < kHeader || !is_packed(d)) throw pubpipe::Error("a deflated part that is not one");
  return d;
}

// Writes an entry in pieces (Entry::pieces) deflated by zlib's streaming
// deflate (raw, level 6), one piece at a time; returns its CRC and size.
std::pair<uint32_t, uint64_t> write_pieces(const Archive &a, const Entry &e) {
  z_stream z{};
  if (deflateInit2(&z, kLevel, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw pubpipe::Error("zlib: cannot start a deflate stream");
  std::unique_ptr<z_stream, int (*)(z_stream *)> end(&z, deflateEnd);
  NextPiece next = e.pieces();
  std::string piece;
  std::vector<char> out(1 << 16);
  uint32_t crc = static_cast<uint32_t>(crc32(0L, Z_NULL, 0));
  uint64_t size = 0;
  for (bool last = false;;) {
    piece.clear();
    while (piece.empty() && !last)
      if (!next(&piece)) last = true;
    crc = static_cast<uint32_t>(crc32_z(crc, reinterpret_cast<const Bytef *>(piece.data()), piece.size()));
    size += piece.size();
    z.next_in = reinterpret_cast<Bytef *>(piece.data());
    z.avail_in = static_cast<uInt>(piece.size());
    int rc = Z_OK;
    do {
      z.next_out = reinterpret_cast<Bytef *>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      rc = deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) throw pubpipe::Error("zlib: deflate failed");
      a.write(e.name, out.data(), out.size() - z.avail_out);
    } while (z.avail_out == 0 || (last && rc != Z_STREAM_END));
    if (last) return {crc, size};
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
  Memory memory;
  zlib_filefunc64_def in_memory{memory_open, memory_read, memory_write, memory_tell, memory_seek, memory_close, memory_error, &memory};
  Archive a;
  a.zip = path.empty() ? zipOpen2_64("memory", APPEND_STATUS_CREATE, nullptr, &in_memory) : zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  if (!a.zip) throw pubpipe::Error("minizip: cannot create " + (path.empty() ? std::string("the archive in memory") : path));
  // Every timestamp the same, as libzip wrote it before (local time, DOS
  // time starts in 1980), and the headers' other fields as libzip's: made
  // by Unix, version 6.3, mode 0100666.
  const time_t when = static_cast<time_t>(std::max<int64_t>(mtime, 315532800));
  std::tm tm{};
  localtime_r(&when, &tm);
  zip_fileinfo info{};
  info.tmz_date = {static_cast<uInt>(tm.tm_sec), static_cast<uInt>(tm.tm_min), static_cast<uInt>(tm.tm_hour),
                   static_cast<uInt>(tm.tm_mday), static_cast<uInt>(tm.tm_mon), static_cast<uInt>(tm.tm_year + 1900)};
  info.external_fa = 0100666u << 16;
  constexpr uLong kMadeBy = 3 << 8 | 63;
  for (const Entry &run : entries)
    for (size_t k = 0; k < std::max<size_t>(run.count, 1); ++k) {
      const Entry nth = run.count ? run.nth(k) : Entry{};
      const Entry &e = run.count ? nth : run;
      try {
        // Only mimetype is stored; every other entry is deflated here
        // (pack_deflated, or zlib for one in pieces) unless it comes
        // deflated, and minizip copies it (raw).
        const bool store = e.name == "mimetype";
        std::string bytes;
        if (!store && !e.pieces) bytes = packed(e);
        a.check(zipOpenNewFileInZip4_64(a.zip, e.name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, store ? 0 : Z_DEFLATED,
                                        store ? 0 : kLevel, 1, -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, nullptr, 0, kMadeBy, 0, 0),
                e.name, "add");
        uint32_t crc = 0;
        uint64_t size = 0;
        if (store) {
          a.write(e.name, e.bytes.data(), e.bytes.size());
          crc = static_cast<uint32_t>(crc32_z(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef *>(e.bytes.data()), e.bytes.size()));
          size = e.bytes.size();
        } else if (e.pieces) {
          std::tie(crc, size) = write_pieces(a, e);
        } else {
          crc = static_cast<uint32_t>(little_endian(bytes, 1, 4));
          size = little_endian(bytes, 5, 8);
          a.write(e.name, bytes.data() + kHeader, bytes.size() - kHeader);
        }
        // Without a zip64 field in the local header (libzip wrote none for
        // a book's entries either), an entry must stay under 4 GiB.
        if (size >= 0xffffffffu) throw pubpipe::Error("an entry of 4 GiB or more");
        a.check(zipCloseFileInZipRaw64(a.zip, size, crc), e.name, "close");
      } catch (const std::exception &x) {
        throw pubpipe::Error(e.name + ": " + x.what());
      }
    }
  zipFile zip = a.zip;
  a.zip = nullptr;
  if (zipClose(zip, nullptr) != ZIP_OK) throw pubpipe::Error("minizip: cannot finish " + (path.empty() ? std::string("the archive") : path));
  return std::move(memory.bytes);
}

}  // namespace epub
