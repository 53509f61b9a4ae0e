// shard.cpp: parsing --shard K/N and the split of the inputs.
#include "shard.hpp"

#include <Poco/SHA2Engine.h>

#include <cstdlib>

namespace pubpipe {

namespace {

constexpr uint32_t kMaxShards = 65536;

// A whole decimal number from 1 to kMaxShards, or 0.
uint32_t count_of(const std::string &s) {
  if (s.empty() || s.size() > 5) return 0;
  for (char c : s)
    if (c < '0' || c > '9') return 0;
  const unsigned long v = std::strtoul(s.c_str(), nullptr, 10);
  return v >= 1 && v <= kMaxShards ? static_cast<uint32_t>(v) : 0;
}

}  // namespace

bool parse_shard(const std::string &text, Shard *out, std::string *why) {
  const size_t slash = text.find('/');
  const uint32_t k = slash == std::string::npos ? 0 : count_of(text.substr(0, slash));
  const uint32_t n = slash == std::string::npos ? 0 : count_of(text.substr(slash + 1));
  if (!k || !n || k > n) {
    *why = "--shard needs K/N with 1 <= K <= N <= " + std::to_string(kMaxShards) + " (the K-th of N slices of the inputs), not '" +
           text + "'";
    return false;
  }
  out->k = k;
  out->n = n;
  return true;
}

uint32_t shard_of(const std::string &path, uint32_t n) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(path);
  const Poco::DigestEngine::Digest &d = sha.digest();
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = v << 8 | d[i];
  return static_cast<uint32_t>(v % n) + 1;
}

bool Shard::holds(const std::string &path) const { return !on() || shard_of(path, n) == k; }

}  // namespace pubpipe
