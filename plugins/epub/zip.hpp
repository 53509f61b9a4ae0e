// zip.hpp: the EPUB container, written in memory with libzip: entries in
// the order given, `mimetype` stored (it must come first), the others
// deflated, every timestamp the same, so that the bytes are reproducible.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace epub {

struct Entry {
  std::string name, media_type, bytes;
};

// The archive's bytes.  Throws pubpipe::Error when libzip fails.
std::string zip_entries(const std::vector<Entry> &entries, int64_t mtime);

}  // namespace epub
