// fuzz_links: link-normalize's rules on arbitrary paragraphs.  Properties:
// matches are in order, inside the text and never overlap; every link has a
// target; citation ranges stay within their bound; a trailer cut leaves a
// non-empty prefix of the paragraph and names at least one label.
#include <string>

#include "fuzz_common.hpp"
#include "links.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string s(reinterpret_cast<const char *>(data), size);
  links::InlineOptions o;
  o.isbn_resolver = "https://example.org/isbn/";
  size_t last = 0;
  for (const auto &m : links::find_inline(s, o)) {
    if (m.begin < last || m.end <= m.begin || m.end > s.size()) fuzz::broken("a match out of order or out of the text");
    last = m.end;
    if (m.kind == links::Kind::citation) {
      if (m.numbers.empty() || m.numbers.size() > o.max_range + 64) fuzz::broken("a citation with no or too many numbers");
    } else if (m.target.empty()) {
      fuzz::broken("a link without a target");
    }
  }
  links::TrailerContext c;
  c.occurrences = [&](std::string_view p) {
    size_t n = 0;
    for (size_t at = s.find(p); at != std::string::npos && !p.empty(); at = s.find(p, at + 1)) ++n;
    return n;
  };
  c.see_also_pending = size % 2 == 0;
  c.confirmed = {"deterrence"};
  if (auto t = links::find_trailer(s, c, {})) {
    if (t->cut == 0 || t->cut >= s.size() || t->labels.empty()) fuzz::broken("a trailer cut out of bounds or without labels");
    for (const auto &l : t->labels)
      if (s.find(l, t->cut) == std::string::npos) fuzz::broken("a label that is not in the cut tail");
  }
  std::string n;
  const std::string cleaned = links::clean_reference(s, &n);
  if (cleaned.size() > s.size()) fuzz::broken("a cleaned reference grew");
  (void)links::label_url("https://example.org/", size % 3 == 0 ? "wiki" : size % 3 == 1 ? "slug" : "plain", s);
  return 0;
}
