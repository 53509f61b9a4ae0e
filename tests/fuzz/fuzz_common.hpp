// fuzz_common.hpp: what the fuzz targets share: text through the two
// ingest stages, and a way to fail loudly with the property that broke.
#pragma once

#include <libxml/tree.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "rules.hpp"
#include "structure.hpp"

namespace fuzz {

[[noreturn]] inline void broken(const std::string &property) {
  std::fprintf(stderr, "property broken: %s\n", property.c_str());
  std::abort();
}

// Text through text-cleanup's rules and section-detect's article builder
// with their default options.  NULL when the input is refused or empty (a
// refusal is correct behaviour); *cleaned gets the cleaned text.
inline xmlDoc *ingest(std::string_view raw, std::string *cleaned) {
  static const textclean::CleanOptions clean;
  static const sections::Options structure;
  const textclean::Cleaned c = textclean::clean_text(raw, clean, [](uint32_t, textclean::Level, const std::string &) {});
  if (!c.error.empty() || c.text.empty()) return nullptr;
  *cleaned = c.text;
  std::string error;
  bool empty = false;
  return sections::build_article(c.text, "fuzz", structure, [](uint32_t l) { return l; },
                                 [](uint32_t, bool, const std::string &) {}, &error, &empty);
}

}  // namespace fuzz
