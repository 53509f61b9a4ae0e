// Helpers of the unit tests of extract.cpp (test_extract.cpp,
// test_byline.cpp): a scraped page's blocks as page_blocks makes them.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "extract.hpp"
#include "rules.hpp"

namespace textclean::testing {

// Prose from the BBC News corpus (bbc-dev, business/047 and sport/476).
inline const char *const kProse[] = {
    "Ryanair has said it will create 2,500 new jobs over the next year, taking on staff at bases across Europe as it adds "
    "routes, and its chief executive said the airline expected passenger numbers to keep rising.",
    "Henman came from two sets down to defeat Saulnier in the first round of the French Open last year, so he knows he "
    "faces a tough test in Melbourne.",
    "The seventh seed, who has never gone beyond the quarter-finals in the year's first major and is lined up to meet "
    "Roddick in the last eight, is looking forward to the match.",
    "He has beaten Santoro in five of their seven previous encounters, but is taking nothing for granted, and he said "
    "that the most important thing was to get used to playing five-set matches again.",
};

inline const Report quiet = [](uint32_t, Level, const std::string &) {};

inline std::vector<std::string> texts(const std::vector<Block> &blocks) {
  std::vector<std::string> out;
  for (const auto &b : blocks) out.push_back(b.joined());
  return out;
}

// Whether one of the blocks is t.
inline bool has(const std::vector<std::string> &out, const std::string &t) { return std::find(out.begin(), out.end(), t) != out.end(); }

// The page's lines, spaces normalized and edit links cut as clean_text
// does, rejoined.
inline std::vector<Block> page_of(const std::string &raw) {
  auto lines = split_lines(raw);
  for (auto &l : lines) {
    normalize_spaces(l.text);
    l.anchored = strip_edit_link(l.text);
  }
  return page_blocks(lines, true, FunctionWords::builtin("en"), quiet);
}

}  // namespace textclean::testing
