// front_coded.hpp: a list of strings front-coded, a few bytes each when
// they share their beginnings (sorted file names, numbered ids): the core's
// input paths and the EPUB writer's article ids.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace pubpipe {

// The strings in blocks of kBlock: a block's first string whole, each other
// one as how many leading bytes it shares with the string before it (up to
// 127; the byte's high bit says that a byte follows with how many of its
// last bytes it shares too, up to 255) and the rest between them; each
// string's own bytes end with a NUL, which none may hold.
// "article-00041.txt" after "article-00040.txt" takes 4 bytes, not 17 and a
// 4-byte offset; a string is read from its block's start.
class FrontCoded {
 public:
  void reserve(size_t n) { blocks_.reserve(n / kBlock + 1); }
  // Frees the room the strings' bytes had to grow (up to as much again as
  // they take), once no more are added.
  void shrink_to_fit() {
    bytes_.shrink_to_fit();
    blocks_.shrink_to_fit();
  }
  // The bytes the strings take, for a caller that keeps offsets of 32 bits.
  size_t bytes() const { return bytes_.size(); }
  size_t size() const { return count_; }
  void push_back(std::string_view s) {
    size_t shared = 0, tail = 0;
    if (count_ % kBlock == 0) {
      blocks_.push_back(static_cast<uint32_t>(bytes_.size()));
    } else {
      const size_t shorter = std::min(s.size(), last_.size());
      const size_t most = std::min(shorter, kMostShared);
      while (shared < most && s[shared] == last_[shared]) ++shared;
      while (tail < std::min(shorter - shared, kMostTail) && s[s.size() - 1 - tail] == last_[last_.size() - 1 - tail]) ++tail;
      bytes_ += static_cast<char>(shared | (tail ? kTailFollows : 0));
      if (tail) bytes_ += static_cast<char>(tail);
    }
    bytes_.append(s.substr(shared, s.size() - shared - tail)).push_back('\0');
    last_.assign(s);
    ++count_;
  }
  // String i, put together again.
  std::string operator[](size_t i) const {
    const char *at = bytes_.data() + blocks_[i / kBlock];
    std::string s = at;
    at += s.size() + 1;
    for (size_t k = i % kBlock; k > 0; --k) {
      const auto lead = static_cast<unsigned char>(*at++);
      const size_t tail = lead & kTailFollows ? static_cast<unsigned char>(*at++) : 0;
      const std::string end = s.substr(s.size() - tail);
      s.resize(lead & ~kTailFollows);
      s += at;
      s += end;
      at += std::strlen(at) + 1;
    }
    return s;
  }

 private:
  static constexpr size_t kBlock = 16;
  static constexpr size_t kMostShared = 127, kMostTail = 255;
  static constexpr unsigned kTailFollows = 0x80;
  std::string bytes_;
  std::vector<uint32_t> blocks_;  // where each block starts in bytes_
  std::string last_;              // the string added last, to share from
  size_t count_ = 0;
};

}  // namespace pubpipe
