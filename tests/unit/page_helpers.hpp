// Helpers of the unit tests of extract.cpp (test_extract.cpp,
// test_byline.cpp): a scraped page's blocks as page_blocks makes them.
#pragma once

#include <string>
#include <vector>

#include "extract.hpp"
#include "rules.hpp"

namespace textclean::testing {

inline const Report quiet = [](uint32_t, Level, const std::string &) {};

inline std::vector<std::string> texts(const std::vector<Block> &blocks) {
  std::vector<std::string> out;
  for (const auto &b : blocks) out.push_back(b.joined());
  return out;
}

// The page's lines, spaces normalized as clean_text does, rejoined.
inline std::vector<Block> page_of(const std::string &raw) {
  auto lines = split_lines(raw);
  for (auto &l : lines) normalize_spaces(l.text);
  return page_blocks(lines, true, quiet);
}

}  // namespace textclean::testing
