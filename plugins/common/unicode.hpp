// unicode.hpp: the characters of UTF-8 text, for every built-in plugin.
// Poco's UTF8Encoding decodes and Poco::Unicode classifies (letters of any
// script, not just ASCII); the plugins call these instead of std::isupper and
// friends, which see bytes, so that "Émile" starts with a capital and "été"
// does not.  Invalid UTF-8 decodes as U+FFFD, one byte at a time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pubpipe::text {

// The code point at s[i] and its length in bytes (1 for an invalid byte,
// which gives U+FFFD); i must be < s.size().  ASCII, most of any text, is
// answered here, inline; the rest by Poco's decoder.
char32_t multibyte_char_at(std::string_view s, size_t i, size_t *length);
inline char32_t char_at(std::string_view s, size_t i, size_t *length = nullptr) {
  const unsigned char b = static_cast<unsigned char>(s[i]);
  if (b >= 0x80) return multibyte_char_at(s, i, length);
  if (length) *length = 1;
  return b;
}
// The first and the last code point of s (0 for an empty string).
char32_t first_char(std::string_view s);
char32_t last_char(std::string_view s);
// The number of code points in s.
size_t char_count(std::string_view s);

// ASCII by arithmetic, inline; the rest by Poco's tables.
bool table_is_upper(char32_t c);
bool table_is_lower(char32_t c);
bool table_is_alpha(char32_t c);
bool table_is_digit(char32_t c);
inline bool is_upper(char32_t c) { return c < 0x80 ? c >= 'A' && c <= 'Z' : table_is_upper(c); }
inline bool is_lower(char32_t c) { return c < 0x80 ? c >= 'a' && c <= 'z' : table_is_lower(c); }
inline bool is_alpha(char32_t c) { return c < 0x80 ? is_upper(c) || is_lower(c) : table_is_alpha(c); }
inline bool is_digit(char32_t c) { return c < 0x80 ? c >= '0' && c <= '9' : table_is_digit(c); }  // any script's

bool starts_upper(std::string_view s);
bool starts_lower(std::string_view s);
// Whether s has a lower-case letter (or an upper-case one).
bool has_lower(std::string_view s);
bool has_upper(std::string_view s);
// Whether every letter of s is lower case (true for a text with no letters).
bool all_lower(std::string_view s);

// s lower-cased (full Unicode case mapping, one code point to one).
std::string lower(std::string_view s);
// s with its first letter upper-cased.
std::string capitalize(std::string_view s);
// The first `bytes` bytes of s, to the end of the character there, with "…"
// when that is not the whole of s: s quoted in a message.
std::string clip(std::string_view s, size_t bytes);

}  // namespace pubpipe::text
