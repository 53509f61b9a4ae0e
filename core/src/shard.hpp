// shard.hpp: `pubpipe run --shard K/N` (docs/cache.md, "Shards"): the K-th
// of N slices of a book's inputs, split by a hash of each input's path so
// that adding or removing inputs moves no other input to another shard.
#pragma once

#include <cstdint>
#include <string>

namespace pubpipe {

struct Shard {
  uint32_t k = 0, n = 0;  // 1 <= k <= n; n == 0: no --shard, every input
  bool on() const { return n != 0; }
  // Whether the input of this path (as the pipeline resolved it, the path
  // the cache key holds) falls in this shard.
  bool holds(const std::string &path) const;
};

// Parses "K/N" (1 <= K <= N <= 65536); false with the reason in *why.
bool parse_shard(const std::string &text, Shard *out, std::string *why);

// The shard (1..n) of an input path: the first 8 bytes of the SHA-256 of
// the path, read as a big-endian number, modulo n, plus 1.
uint32_t shard_of(const std::string &path, uint32_t n);

}  // namespace pubpipe
