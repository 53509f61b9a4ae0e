// zip.hpp: the EPUB container, written with libzip: entries in the order
// given, `mimetype` stored (it must come first), the others deflated, every
// timestamp the same, so that the bytes are reproducible.  An entry's bytes
// may be made only when libzip reads them, one entry at a time, so that a
// book of any size is zipped in bounded memory.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace epub {

struct Entry {
  std::string name;
  std::string bytes;                   // the content, or:
  std::function<std::string()> make;   // makes it when the archive is written
};

// Writes the archive to the file at path, or, with path empty, returns its
// bytes.  Throws pubpipe::Error when libzip (or a make) fails.
std::string zip_entries(const std::vector<Entry> &entries, int64_t mtime, const std::string &path = "");

}  // namespace epub
