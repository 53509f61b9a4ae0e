// text_util.hpp: UTF-8 and XML character checks shared by the core.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pubpipe {

// Offset of the first byte that is not part of valid UTF-8, or npos.
size_t find_invalid_utf8(std::string_view s);

// Offset of the first code point that XML 1.0 forbids (C0 controls other
// than tab, newline and carriage return; U+FFFE, U+FFFF), or npos.  The text
// must be valid UTF-8.
size_t find_xml_forbidden(std::string_view s);

// 1-based line number of a byte offset.
size_t line_of_offset(std::string_view s, size_t offset);

// Levenshtein distance, for "did you mean" suggestions.
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace pubpipe
