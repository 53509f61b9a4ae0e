// text_util.cpp: UTF-8 and XML character checks shared by the core.
#include "text_util.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace pubpipe {

namespace {

// The code point at s[i] and its length, or 0 if s[i] does not start a
// well-formed sequence (an overlong form, a surrogate, above U+10FFFF, a
// stray continuation byte, or cut short).  ICU's U8_NEXT decides; it sees a
// window of at most 4 bytes, so its int32_t offsets never overflow however
// long s is.  U8_NEXT is a header-only macro: pubpipe::yaml, which the SDK
// installs, links no ICU library for it.
size_t decode(std::string_view s, size_t i, char32_t &cp) {
  const auto *p = reinterpret_cast<const uint8_t *>(s.data() + i);
  const int32_t length = static_cast<int32_t>(std::min<size_t>(s.size() - i, 4));
  int32_t n = 0;
  UChar32 c;
  U8_NEXT(p, n, length, c);
  if (c < 0) return 0;
  cp = static_cast<char32_t>(c);
  return static_cast<size_t>(n);
}

}  // namespace

size_t find_invalid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) { ++i; continue; }
    char32_t cp;
    const size_t n = decode(s, i, cp);
    if (!n) return i;
    i += n;
  }
  return std::string_view::npos;
}

size_t find_xml_forbidden(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return i;
      ++i;
      continue;
    }
    char32_t cp;
    const size_t n = decode(s, i, cp);
    if (!n || cp == 0xFFFE || cp == 0xFFFF) return i;
    i += n;
  }
  return std::string_view::npos;
}

size_t line_of_offset(std::string_view s, size_t offset) {
  offset = std::min(offset, s.size());
  return 1 + static_cast<size_t>(std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace pubpipe
