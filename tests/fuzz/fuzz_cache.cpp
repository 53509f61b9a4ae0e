// fuzz_cache: any bytes as an article-cache entry (decode_cache_entry, the
// reader behind every cache hit).  Properties: the reader never crashes; it
// accepts an entry only when the entry's checksum (XXH3-128) holds and the entry is
// exactly what encode_cache_entry writes for that key and record; an entry
// rebuilt by this pubpipe from the input's fields is accepted exactly when
// its record reads, and refused once any one byte of it is changed.
#include "cache.hpp"
#include "fuzz_common.hpp"
#include "record.hpp"

namespace {

const std::string kKey(64, 'a');  // a key the input is not likely to hold

bool checksum_holds(std::string_view e) {
  // The last field: a u64 length and 32 hex digits, over everything before it.
  if (e.size() < 40) return false;
  return pubpipe::entry_checksum(e.substr(0, e.size() - 40)) == e.substr(e.size() - 32);
}

// Decodes e with key; when it is accepted, checks the properties of an accepted entry.
bool accepted(std::string_view e, const std::string &key) {
  std::string record, why;
  if (!pubpipe::decode_cache_entry(e, key, &record, &why)) {
    if (why.empty()) fuzz::broken("a refused entry without a reason");
    return false;
  }
  if (!checksum_holds(e)) fuzz::broken("an entry accepted whose checksum does not hold");
  if (pubpipe::encode_cache_entry(key, record) != e) fuzz::broken("an accepted entry is not what the writer writes");
  pubpipe::ArticleRecord r;
  if (!pubpipe::decode_record(record, &r)) fuzz::broken("an accepted entry whose record does not read");
  return true;
}

// Every byte changed in turn (a few positions for large entries): refused.
void refused_when_changed(std::string e, const std::string &key) {
  const size_t step = std::max<size_t>(1, e.size() / 64);
  for (size_t i = 0; i < e.size(); i += step) {
    e[i] ^= 0x20;
    std::string record, why;
    if (pubpipe::decode_cache_entry(e, key, &record, &why)) fuzz::broken("an entry with a changed byte is accepted");
    e[i] ^= 0x20;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char *>(data), size);
  if (accepted(bytes, kKey)) refused_when_changed(std::string(bytes), kKey);
  // The input's own fields, when it has them: its key, then its record
  // written again by this version (a seed of an older version still reaches
  // the accepting path).
  constexpr std::string_view magic = "pubpipe-cache-entry\n";
  if (bytes.substr(0, magic.size()) != magic) return 0;
  pubpipe::WireReader in(bytes.substr(magic.size()));
  uint32_t format;
  std::string version, key, payload;
  if (!in.u32(&format) || !in.str(&version) || !in.str(&key) || !in.str(&payload)) return 0;
  if (accepted(bytes, key)) refused_when_changed(std::string(bytes), key);
  const std::string fresh = pubpipe::encode_cache_entry(key, payload);
  pubpipe::ArticleRecord r;
  if (accepted(fresh, key) != pubpipe::decode_record(payload, &r, true))
    fuzz::broken("a freshly written entry is refused although its record reads, or the other way round");
  refused_when_changed(fresh, key);
  return 0;
}
