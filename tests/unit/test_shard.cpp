// --shard K/N: the parser and the split of the inputs (docs/cache.md, "Shards").
#include <catch2/catch.hpp>

#include <vector>

#include "shard.hpp"

using namespace pubpipe;

TEST_CASE("shard: K/N is parsed, anything else refused with the reason") {
  Shard s;
  std::string why;
  REQUIRE(parse_shard("2/3", &s, &why));
  CHECK(s.k == 2);
  CHECK(s.n == 3);
  CHECK(s.on());
  REQUIRE(parse_shard("1/1", &s, &why));
  REQUIRE(parse_shard("65536/65536", &s, &why));
  for (const char *bad : {"", "3", "0/3", "4/3", "1/0", "/3", "3/", "a/b", "-1/3", "+1/3", "1/3x", " 1/3", "1/65537", "1/2/3"}) {
    Shard t;
    why.clear();
    CHECK_FALSE(parse_shard(bad, &t, &why));
    CHECK(why.find("--shard needs K/N") != std::string::npos);
    CHECK_FALSE(t.on());
  }
}

TEST_CASE("shard: the split is the documented hash of the path, stable and even") {
  // The first 8 bytes of SHA-256(path), big-endian, modulo N, plus 1
  // (the same figures as python3's hashlib gives).
  CHECK(shard_of("in/article.txt", 3) == 3);
  CHECK(shard_of("in/article.txt", 7) == 4);
  CHECK(shard_of("in/article.txt", 65536) == 8763);
  CHECK(shard_of("/srv/book/in/0001.txt", 7) == 3);
  CHECK(shard_of("/srv/book/in/0001.txt", 65536) == 13729);
  // Every input is in exactly one shard, and 3,000 of them split about evenly.
  std::vector<int> count(4, 0);
  for (int i = 0; i < 3000; ++i) {
    const std::string path = "in/" + std::to_string(i) + ".txt";
    int in = 0;
    for (uint32_t k = 1; k <= 3; ++k) in += Shard{k, 3}.holds(path);
    CHECK(in == 1);
    ++count[shard_of(path, 3)];
  }
  for (int k = 1; k <= 3; ++k) {
    CHECK(count[k] > 850);
    CHECK(count[k] < 1150);
  }
  CHECK(Shard{}.holds("anything"));  // no --shard: every input
}
