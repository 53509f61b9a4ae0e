// fuzz_ingest: any bytes through text-cleanup and section-detect.
// Properties: the article satisfies the tree invariants, is valid DocBook 5,
// serializes to well-formed XML, and the words of the cleaned text survive.
#include <libxml/parser.h>

#include <cctype>
#include <set>

#include "fuzz_common.hpp"
#include "tree_check.hpp"
#include "xml_io.hpp"

namespace {

// Words of five ASCII letters or more, lower-cased; a run of letters glued
// to a non-ASCII character is not a whole word here.
std::set<std::string> long_words(std::string_view s) {
  std::set<std::string> out;
  for (size_t i = 0; i < s.size();) {
    if (!std::isalpha(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    const bool glued = (start > 0 && static_cast<unsigned char>(s[start - 1]) >= 0x80) ||
                       (i < s.size() && static_cast<unsigned char>(s[i]) >= 0x80);
    if (!glued && i - start >= 5) {
      std::string w(s.substr(start, i - start));
      for (auto &c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.insert(w);
    }
  }
  return out;
}

// The text of every text node, each followed by a space (elements are
// word boundaries: a title and the byline after it are separate words).
void all_text(xmlNode *n, std::string *out) {
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE && c->content) *out += reinterpret_cast<const char *>(c->content) + std::string(" ");
    if (c->type == XML_ELEMENT_NODE) all_text(c, out);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string cleaned;
  xmlDoc *doc = fuzz::ingest(std::string_view(reinterpret_cast<const char *>(data), size), &cleaned);
  if (!doc) return 0;
  const auto problems = pubpipe::check_article(doc, true);
  if (!problems.empty()) fuzz::broken("tree invariant: " + problems.front().message);
  const auto invalid = pubpipe::validate_docbook(doc, "/usr/share/xml/docbook/schema/rng/5.0/docbook.rng");
  if (!invalid.empty()) fuzz::broken("DocBook 5: " + invalid.front().message);
  std::vector<uint32_t> lines;
  const std::string xml = pubpipe::serialize_tree(doc, &lines);
  xmlDoc *again = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "fuzz.xml", "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!again) fuzz::broken("the serialized article is not well-formed XML");
  std::string content;
  all_text(xmlDocGetRootElement(again), &content);
  const std::set<std::string> out = long_words(content);
  // A dateline becomes an ISO date and a byline its names: their other
  // words are not expected to survive.
  for (const auto &b : sections::split_blocks(cleaned)) {
    std::string rest;
    if (!sections::parse_date(b.joined()).empty() || !sections::parse_byline(b.joined(), &rest).empty()) continue;
    for (const auto &w : long_words(b.joined()))
      if (!out.count(w)) fuzz::broken("the word '" + w + "' was lost");
  }
  xmlFreeDoc(again);
  xmlFreeDoc(doc);
  return 0;
}
