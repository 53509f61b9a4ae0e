// zip.cpp: see zip.hpp.
#include "zip.hpp"

#include <pubpipe/plugin.hpp>

#include <zip.h>

#include <algorithm>
#include <memory>

namespace epub {

std::string zip_entries(const std::vector<Entry> &entries, int64_t mtime) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t *buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) throw pubpipe::Error(std::string("libzip: ") + zip_error_strerror(&error));
  std::unique_ptr<zip_source_t, void (*)(zip_source_t *)> keep(buffer, zip_source_free);
  zip_t *archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!archive) throw pubpipe::Error(std::string("libzip: ") + zip_error_strerror(&error));
  zip_source_keep(buffer);
  const time_t when = static_cast<time_t>(std::max<int64_t>(mtime, 315532800));  // DOS time starts in 1980
  for (const Entry &e : entries) {
    zip_source_t *data = zip_source_buffer(archive, e.bytes.data(), e.bytes.size(), 0);
    const zip_int64_t at = data ? zip_file_add(archive, e.name.c_str(), data, ZIP_FL_ENC_UTF_8) : -1;
    if (at < 0) {
      if (data) zip_source_free(data);
      const std::string m = zip_strerror(archive);
      zip_discard(archive);
      throw pubpipe::Error("libzip: cannot add " + e.name + ": " + m);
    }
    const bool store = e.name == "mimetype";
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(at), store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : 6);
    zip_file_set_mtime(archive, static_cast<zip_uint64_t>(at), when, 0);
  }
  if (zip_close(archive) != 0) {
    const std::string m = zip_strerror(archive);
    zip_discard(archive);
    throw pubpipe::Error("libzip: " + m);
  }
  std::string out;
  if (zip_source_open(buffer) != 0) throw pubpipe::Error("libzip: cannot reopen the archive buffer");
  char chunk[65536];
  for (zip_int64_t n; (n = zip_source_read(buffer, chunk, sizeof chunk)) > 0;) out.append(chunk, static_cast<size_t>(n));
  zip_source_close(buffer);
  return out;
}

}  // namespace epub
