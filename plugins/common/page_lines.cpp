#include "page_lines.hpp"

#include "unicode.hpp"

namespace pubpipe::text {

bool credit_line(std::string_view s) {
  if (s.find("://") != std::string_view::npos || s.find("www.") != std::string_view::npos) return false;
  size_t words = 0;
  for (size_t i = 0; i < s.size(); ++i) words += s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
  if (words > 12) return false;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] != '/' || !is_alpha(last_char(s.substr(0, i)))) continue;
    size_t j = i + 1;
    if (s[j] == ' ') ++j;
    else if (s.compare(j, 2, "\xC2\xA0") == 0) j += 2;
    if (j < s.size() && is_upper(char_at(s, j))) return true;
  }
  return false;
}

}  // namespace pubpipe::text
