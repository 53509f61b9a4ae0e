// zip.hpp: the EPUB container, written with minizip (zlib's): entries in
// the order given, `mimetype` stored (it must come first), the others
// deflated, every timestamp the same, so that the bytes are reproducible.
// An entry's bytes are made only when it is written, one entry at a time,
// so that a book of any size is zipped in bounded memory.  minizip never
// deflates (raw mode): a page may come deflated already (made in the
// workers), the others are deflated here as they are written (libdeflate,
// pack_deflated), and an entry that grows with the book (the navigation, the
// NCX, the package document) is made in pieces and deflated as it is
// written (zlib's streaming deflate), so that it is never held whole.  What
// is held for an entry once it is written is minizip's central-directory
// header, its own bytes (46 and the name).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace epub {

// Appends an entry's next piece to *out; returns false when none was left.
using NextPiece = std::function<bool(std::string *out)>;

struct Entry {
  std::string name;
  std::string bytes;                   // the content, or:
  std::function<std::string()> make;   // makes it when the archive is written
  bool packed = false;                 // make() returns pack_deflated's form
  // Or, with count > 0, a run of count entries (a book's pages) that is
  // held as this one: nth(k) gives the k-th (with its make) when it is
  // added to the archive and again when it is written.
  size_t count = 0;
  std::function<Entry(size_t)> nth = nullptr;
  // Or, when set, the entry in pieces, called once when it is written.
  std::function<NextPiece()> pieces = nullptr;
};

// data deflated with libdeflate (raw deflate, level 6, one compressor a
// thread), behind a 13-byte header: a NUL byte (no XHTML starts with one),
// the CRC-32 and the uncompressed size, little-endian (4 and 8 bytes).
std::string pack_deflated(std::string_view data);
inline bool is_packed(std::string_view part) { return !part.empty() && part[0] == '\0'; }

// Writes the archive to the file at path, or, with path empty, returns its
// bytes.  Throws pubpipe::Error, naming the entry, when minizip (or a make)
// fails, or an entry reaches 4 GiB (no zip64 local headers).
std::string zip_entries(const std::vector<Entry> &entries, int64_t mtime, const std::string &path = "");

}  // namespace epub
