// unicode.cpp: see unicode.hpp.
#include "unicode.hpp"

#include <Poco/Unicode.h>
#include <Poco/UTF8Encoding.h>
#include <Poco/UTF8String.h>

#include <algorithm>

namespace pubpipe::text {

namespace {

const Poco::UTF8Encoding &utf8() {
  static const Poco::UTF8Encoding encoding;
  return encoding;
}

int as_int(char32_t c) { return static_cast<int>(c); }

}  // namespace

char32_t multibyte_char_at(std::string_view s, size_t i, size_t *length) {
  const auto *p = reinterpret_cast<const unsigned char *>(s.data() + i);
  const int available = static_cast<int>(std::min<size_t>(s.size() - i, 4));
  // queryConvert answers the code point, or -n when n bytes are needed.
  int need = utf8().sequenceLength(p, available);
  int cp = need > 0 && need <= available ? utf8().queryConvert(p, need) : -1;
  if (cp < 0 || need <= 0 || need > available) {
    if (length) *length = 1;
    return p[0] < 0x80 ? p[0] : 0xFFFD;
  }
  if (length) *length = static_cast<size_t>(need);
  return static_cast<char32_t>(cp);
}

char32_t first_char(std::string_view s) { return s.empty() ? 0 : char_at(s, 0); }

char32_t last_char(std::string_view s) {
  if (s.empty()) return 0;
  size_t i = s.size() - 1;
  // Back over at most three continuation bytes to the lead byte.
  for (size_t k = 0; k < 3 && i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80; ++k) --i;
  size_t n;
  const char32_t c = char_at(s, i, &n);
  return i + n == s.size() ? c : 0xFFFD;
}

std::string clip(std::string_view s, size_t bytes) {
  size_t cut = std::min(s.size(), bytes);
  while (cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) ++cut;  // (not inside a character)
  return std::string(s.substr(0, cut)) + (cut < s.size() ? "…" : "");
}

size_t char_count(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0, n; i < s.size(); i += n, ++count) char_at(s, i, &n);
  return count;
}

bool table_is_upper(char32_t c) { return Poco::Unicode::isUpper(as_int(c)); }
bool table_is_lower(char32_t c) { return Poco::Unicode::isLower(as_int(c)); }
bool table_is_alpha(char32_t c) { return Poco::Unicode::isAlpha(as_int(c)); }
bool table_is_digit(char32_t c) { return Poco::Unicode::isDigit(as_int(c)); }

bool starts_upper(std::string_view s) { return is_upper(first_char(s)); }
bool starts_lower(std::string_view s) { return is_lower(first_char(s)); }

namespace {

template <class Test>
bool any_char(std::string_view s, Test test) {
  for (size_t i = 0, n; i < s.size(); i += n)
    if (test(char_at(s, i, &n))) return true;
  return false;
}

}  // namespace

bool has_lower(std::string_view s) { return any_char(s, is_lower); }
bool has_upper(std::string_view s) { return any_char(s, is_upper); }
bool all_lower(std::string_view s) { return !has_upper(s); }

std::string lower(std::string_view s) {
  // The text is copied once and its ASCII capitals mapped in place; only a
  // non-ASCII character that has a lower case of its own (through Poco's
  // tables; Poco::UTF8::toLower converts every character through a
  // converter object, several times slower on plain text) makes it rebuild
  // the rest.
  std::string out(s);
  for (size_t i = 0; i < out.size();) {
    const unsigned char b = static_cast<unsigned char>(out[i]);
    if (b < 0x80) {
      if (b >= 'A' && b <= 'Z') out[i] = static_cast<char>(b + ('a' - 'A'));
      ++i;
      continue;
    }
    size_t n;
    const char32_t c = char_at(out, i, &n);
    const int mapped = c == 0xFFFD ? -1 : Poco::Unicode::toLower(as_int(c));
    unsigned char bytes[4];
    const int length = mapped < 0 || mapped == as_int(c) ? 0 : utf8().convert(mapped, bytes, 4);
    if (length > 0) out.replace(i, n, reinterpret_cast<const char *>(bytes), static_cast<size_t>(length));
    i += length > 0 ? static_cast<size_t>(length) : n;  // an invalid byte is kept as it was
  }
  return out;
}

std::string capitalize(std::string_view s) {
  if (s.empty()) return {};
  size_t n;
  char_at(s, 0, &n);
  return Poco::UTF8::toUpper(std::string(s.substr(0, n))) + std::string(s.substr(n));
}

}  // namespace pubpipe::text
