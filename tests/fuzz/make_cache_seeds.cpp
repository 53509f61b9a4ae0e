// make_cache_seeds ENTRY DIR: writes fuzz_cache's seeds (tests/fuzz/corpus/cache)
// from ENTRY, a real cache entry of this pubpipe (one small article, from a
// run with the cache on): the entry as it is, and one entry for each way the
// reader must refuse one.  Run it again when the entry format changes:
//   build/tests/fuzz/make_cache_seeds .pubpipe-cache/xx/KEY tests/fuzz/corpus/cache
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "cache.hpp"
#include "record.hpp"
#include "version.hpp"

namespace {

constexpr std::string_view kMagic = "pubpipe-cache-entry\n";

// An entry written as encode_cache_entry writes one, with any format and
// version: the checksum holds.
std::string entry(uint32_t format, const std::string &version, const std::string &key, const std::string &record) {
  pubpipe::WireWriter w;
  w.bytes().append(kMagic);
  w.u32(format);
  w.str(version);
  w.str(key);
  w.str(record);
  w.str(pubpipe::entry_checksum(w.bytes()));
  return std::move(w.bytes());
}

bool write(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  return bool(out);
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 3) {
    std::cerr << "usage: make_cache_seeds ENTRY DIR\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string bytes = buf.str();
  // The key is the entry's file name.
  std::string key = argv[1];
  key = key.substr(key.find_last_of('/') + 1);
  std::string record, why;
  if (!pubpipe::decode_cache_entry(bytes, key, &record, &why)) {
    std::cerr << "make_cache_seeds: " << argv[1] << " is not a usable entry: " << why << "\n";
    return 1;
  }
  uint32_t format = 0;
  std::copy_n(bytes.data() + kMagic.size(), sizeof format, reinterpret_cast<char *>(&format));
  const std::string dir = argv[2];
  std::string corrupted = bytes;
  corrupted[kMagic.size() + 4 + 8 + std::string(pubpipe::kVersion).size() + 8 + key.size() + 8 + record.size() / 2] ^= 0x20;
  const bool ok = write(dir + "/valid.entry", bytes) &&
                  write(dir + "/corrupted.entry", corrupted) &&  // one byte of the record changed: the checksum fails
                  write(dir + "/truncated.entry", bytes.substr(0, bytes.size() / 2)) &&
                  write(dir + "/trailing-bytes.entry", bytes + "x") &&
                  // Sound entries the reader must still refuse, or (foreign-key) accept only for its key.
                  write(dir + "/foreign-key.entry", entry(format, pubpipe::kVersion, std::string(64, 'a'), record)) &&
                  write(dir + "/other-format.entry", entry(format - 1, pubpipe::kVersion, key, record)) &&
                  write(dir + "/other-version.entry", entry(format, std::string(pubpipe::kVersion) + "-other", key, record)) &&
                  write(dir + "/bad-record.entry", entry(format, pubpipe::kVersion, key, record.substr(0, record.size() / 2)));
  if (!ok) std::cerr << "make_cache_seeds: cannot write into " << dir << "\n";
  return ok ? 0 : 1;
}
