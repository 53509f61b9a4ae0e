// link_normalize.cpp: the link-normalize stages.  The document stage turns
// addresses and citations into links, cuts flattened link labels off the
// ends of paragraphs and lists them under "See also", and marks glossary
// terms; the book stage links articles that name each other and keeps ids
// unique across the book.
#include <pubpipe/plugin.hpp>

#include <libxml/tree.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <set>

#include "../common/common.hpp"
#include "../common/unicode.hpp"
#include "links.hpp"
#include <pubpipe/yaml.hpp>

namespace {

using namespace pubpipe::common;

// A hash and an article in one 64-bit word, for the book stage's sorted
// lists: the article in the low bits (as many as the book's size needs),
// the hash's high bits above it.  Two words of one hash sort by article.
class ArticleHashes {
 public:
  explicit ArticleHashes(size_t articles) {
    while (bits_ < 32 && (uint64_t{1} << bits_) < articles) ++bits_;
  }
  uint64_t key(uint64_t hash, size_t article) const { return hash_of(hash) | article; }
  uint64_t hash_of(uint64_t key_or_hash) const { return key_or_hash & ~mask(); }
  size_t article_of(uint64_t key) const { return static_cast<size_t>(key & mask()); }
  // The first word of hash's in sorted.
  template <class Sorted>
  typename Sorted::const_iterator first(const Sorted &sorted, uint64_t hash) const {
    return std::lower_bound(sorted.begin(), sorted.end(), hash_of(hash));
  }

 private:
  uint64_t mask() const { return (uint64_t{1} << bits_) - 1; }
  unsigned bits_ = 1;
};

struct GlossaryEntry {
  std::string term, definition, url;
};

// The glossary file: a list of {term, definition, url} maps, at the top or
// under a `terms:` key.
std::vector<GlossaryEntry> read_glossary(const std::string &name, const std::string &text) {
  constexpr size_t kMaxBytes = 16u << 20;
  if (text.size() > kMaxBytes) throw pubpipe::Error(name + ": the glossary is larger than 16 MiB");
  pubpipe::YNode root;
  std::vector<pubpipe::YamlError> errors;
  const auto where = [&](uint32_t l, uint32_t c) { return name + ":" + std::to_string(l) + ":" + std::to_string(c) + ": "; };
  if (!pubpipe::parse_yaml(text, &root, &errors)) {
    std::string m;
    for (const auto &e : errors) m += (m.empty() ? "" : "; ") + where(e.line, e.column) + e.message;
    throw pubpipe::Error(m);
  }
  const pubpipe::YNode *list = root.kind == pubpipe::YNode::map ? root.get("terms") : &root;
  if (!list || list->kind != pubpipe::YNode::sequence)
    throw pubpipe::Error(where(root.line, root.column) + "expected a list of terms (or a map with a 'terms:' list)");
  std::vector<GlossaryEntry> out;
  std::set<std::string> seen;
  for (const auto &item : list->items) {
    const auto field = [&](const char *key, bool required) {
      const pubpipe::YNode *v = item.kind == pubpipe::YNode::map ? item.get(key) : nullptr;
      if (v && v->kind == pubpipe::YNode::scalar && !v->value.empty()) return v->value;
      if (required) throw pubpipe::Error(where(item.line, item.column) + "a glossary entry needs '" + key + "' (a string)");
      return std::string();
    };
    GlossaryEntry e{field("term", true), field("definition", true), field("url", false)};
    if (!seen.insert(links::fold(e.term)).second)
      throw pubpipe::Error(where(item.line, item.column) + "the term '" + e.term + "' is defined twice");
    out.push_back(std::move(e));
  }
  return out;
}

// A letter or digit of any script, or a hyphen: what a term may not run
// into.  Quotation marks, dashes and apostrophes of any kind may ("the
// “Sunshine Policy”", "Seoul’s").
bool word_char(char32_t c) { return pubpipe::text::is_alpha(c) || pubpipe::text::is_digit(c) || c == '-'; }

// Where needle occurs in hay as whole words, from `from`; npos if nowhere.
size_t find_word(std::string_view hay, std::string_view needle, size_t from, bool fold_case) {
  if (needle.empty()) return std::string_view::npos;
  std::string h, n;
  if (fold_case) {
    h = links::fold(hay), n = links::fold(needle);
    hay = h, needle = n;
  }
  for (size_t at = hay.find(needle, from); at != std::string_view::npos; at = hay.find(needle, at + 1)) {
    const size_t end = at + needle.size();
    if (!word_char(pubpipe::text::last_char(hay.substr(0, at))) &&
        (end == hay.size() || !word_char(pubpipe::text::char_at(hay, end))))
      return at;
  }
  return std::string_view::npos;
}

// Inside a section that lists related links (the source's own See also).
bool in_see_also(const xmlNode *n) {
  for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
    if (is(p, "section") && attr(p, "role") == "see-also") return true;
  return false;
}

bool inside(const xmlNode *n, std::initializer_list<const char *> names) {
  for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
    for (const char *name : names)
      if (is(p, name)) return true;
  return false;
}

// Replaces bytes [b, e) of text node t by n; the text after goes after n.
void replace_range(xmlNode *t, size_t b, size_t e, xmlNode *n) {
  const std::string content = text(t);
  const std::string after = content.substr(e);
  xmlNodeSetContentLen(t, X(content.substr(0, b).c_str()), static_cast<int>(b));
  n->line = t->parent ? t->parent->line : 0;
  xmlAddNextSibling(t, n);
  if (!after.empty()) xmlAddNextSibling(n, xmlNewDocTextLen(t->doc, X(after.c_str()), static_cast<int>(after.size())));
}

std::string number(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

std::vector<xmlNode *> text_children(xmlNode *n) {
  std::vector<xmlNode *> out;
  for (xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_TEXT_NODE) out.push_back(c);
  return out;
}

class LinkNormalize {
 public:
  static constexpr pubpipe::PluginInfo info{
      "link-normalize", "0.1.0", "MIT",
      "URLs, DOIs, e-mail addresses and ISBNs to links; numbered citations to bibliography entries; flattened link "
      "labels to a See also list; glossary terms; links between the book's articles."};
  static constexpr pubpipe::StageInfo document_stage{"links", "tree", "links"};
  static constexpr pubpipe::StageInfo book_stage{"cross-links", "tree", "links"};
  static constexpr pubpipe::Option options[] = {
      {"urls", PP_OPT_BOOL, "true", nullptr, "Link http://, https:// and www. addresses in the text (sentence punctuation stays out)."},
      {"dois", PP_OPT_BOOL, "true", nullptr, "Link DOIs (doi:10.… and bare 10.NNNN/…) to https://doi.org/."},
      {"emails", PP_OPT_BOOL, "true", nullptr, "Link e-mail addresses as mailto: links."},
      {"isbn_resolver", PP_OPT_STRING, "\"\"", nullptr,
       "Link ISBNs to this URL prefix followed by the ISBN's digits (empty: ISBNs stay text)."},
      {"citations", PP_OPT_BOOL, "true", nullptr, "Turn [1], [2][4], [3, 5] and [3-5] into references to the article's bibliography."},
      {"citation_element", PP_OPT_ENUM, "biblioref", "biblioref|xref", "The DocBook element a citation becomes."},
      {"trailing_labels", PP_OPT_BOOL, "true", nullptr,
       "Cut link labels that a scraper ran into the end of a paragraph, and list them as links."},
      {"label_threshold", PP_OPT_NUMBER, "3", nullptr,
       "How much evidence a paragraph's tail needs to be taken for link labels (higher: fewer cuts)."},
      {"label_page_threshold", PP_OPT_NUMBER, "3", nullptr,
       "How much evidence the whole article needs to be taken for a flattened wiki page (a See also heading 2; "
       "many paragraphs ending in labels 1; a label ending two paragraphs 1; a label that is also a line of its own 1 "
       "each, up to 2) before any tail is cut (0: judge each paragraph alone)."},
      {"label_max_words", PP_OPT_INT, "10", nullptr, "The most words a paragraph's tail of labels may have."},
      {"label_base", PP_OPT_STRING, "https://en.wikipedia.org/wiki/", nullptr,
       "Labels link to this URL prefix plus the label (empty: labels are listed as text)."},
      {"label_style", PP_OPT_ENUM, "wiki", "wiki|slug|plain",
       "How a label becomes a page name: wiki (First_letter_capital, underscores), slug (lower-case-hyphens), plain."},
      {"see_also", PP_OPT_BOOL, "true", nullptr, "List the labels found in the article's See also section (made when missing)."},
      {"see_also_title", PP_OPT_STRING, "See also", nullptr, "The title of a See also section that the source did not have."},
      {"glossary", PP_OPT_RESOURCE, nullptr, nullptr,
       "A YAML file of terms: a list of {term, definition, url}. Terms in the text link to the article's glossary."},
      {"glossary_terms", PP_OPT_ENUM, "first", "first|all|none", "Which uses of a glossary term in an article are marked."},
      {"glossary_title", PP_OPT_STRING, "Glossary", nullptr, "The title of an article's glossary."},
      {"cross_links", PP_OPT_BOOL, "true", nullptr,
       "Book stage: a link or label naming another article of the book becomes a link to it."},
  };

  explicit LinkNormalize(pubpipe::Context &setup) {
    inline_.urls = setup.option_bool("urls");
    inline_.dois = setup.option_bool("dois");
    inline_.emails = setup.option_bool("emails");
    inline_.citations = setup.option_bool("citations");
    inline_.isbn_resolver = setup.option_string("isbn_resolver");
    citation_element_ = setup.option_string("citation_element");
    trailing_ = setup.option_bool("trailing_labels");
    trailer_.threshold = setup.option_number("label_threshold");
    trailer_.page_threshold = setup.option_number("label_page_threshold");
    const int64_t max_words = setup.option_int("label_max_words");
    if (max_words < 1 || max_words > 50) throw pubpipe::Error("label_max_words must be between 1 and 50");
    trailer_.max_words = static_cast<size_t>(max_words);
    label_base_ = setup.option_string("label_base");
    label_style_ = setup.option_string("label_style");
    see_also_ = setup.option_bool("see_also");
    see_also_title_ = setup.option_string("see_also_title");
    glossary_terms_ = setup.option_string("glossary_terms");
    glossary_title_ = setup.option_string("glossary_title");
    cross_links_ = setup.option_bool("cross_links");
    if (setup.has_string("glossary")) {
      glossary_ = read_glossary(setup.option_string("glossary"), std::string(setup.resource("glossary")));
      for (size_t k = 0; k < glossary_.size(); ++k) glossary_index_[links::fold(glossary_[k].term)] = k;
      // Longer terms first, so that "North Korea policy" wins over "North Korea".
      for (size_t k = 0; k < glossary_.size(); ++k) by_length_.push_back(k);
      std::stable_sort(by_length_.begin(), by_length_.end(),
                       [&](size_t a, size_t b) { return glossary_[a].term.size() > glossary_[b].term.size(); });
    }
    for (auto &t : split(setup.book_meta("index"), '\n'))
      if (!t.empty()) index_terms_.push_back(std::move(t));
    std::stable_sort(index_terms_.begin(), index_terms_.end(), [](const std::string &a, const std::string &b) { return a.size() > b.size(); });
  }

  void document(pubpipe::Context &doc) {
    Article a(doc, xmlDocGetRootElement(doc.tree()));
    collect(a);
    if (trailing_) cut_trailers(a);
    link_inline(a);
    if (see_also_) fill_see_also(a);
    if (!glossary_.empty() && glossary_terms_ != "none") mark_glossary(a);
    if (!index_terms_.empty()) mark_index(a);
    check_citations(a);
    add_glossary(a);
    attach_summary(a, doc);
  }

  void book(pubpipe::Context &book) {
    // Pass 1, from what the document stage attached (no article is parsed):
    // a 32-bit hash of every id (4 bytes an id: a book may be very long),
    // and the hash of every article's title with its article in one 64-bit
    // word.  Everything else is read again from the summaries when it is
    // needed.
    const size_t articles = book.book_size();
    const ArticleHashes keys(articles);
    // Grow without the copy a vector makes (its old and new arrays at once
    // were this stage's peak).
    std::deque<uint32_t> id_hashes;
    std::deque<uint64_t> title_keys;
    const std::hash<std::string> hash;
    const auto id_hash = [&](const std::string &id) { return static_cast<uint32_t>(hash(id) >> 32); };
    const auto summary = [&](size_t i) {
      auto fields = split(book.part(i, "summary"), '\x1f');
      if (fields.size() != 4) throw pubpipe::Error("article " + std::to_string(i + 1) + " has no summary from the document stage");
      return fields;
    };
    for (size_t i = 0; i < articles; ++i) {
      const auto fields = summary(i);
      if (!fields[1].empty()) title_keys.push_back(keys.key(hash(fields[1]), i));
      for (const auto &id : split(fields[2], '\n'))
        if (!id.empty()) id_hashes.push_back(id_hash(id));
    }
    std::sort(id_hashes.begin(), id_hashes.end());
    std::sort(title_keys.begin(), title_keys.end());  // by hash, then article: a hash's first article first
    // Which articles reuse an earlier id: only the ids whose hash occurs
    // twice (an id used again, or two ids of one hash) are held as strings,
    // read again from the summaries, each with the first article that has
    // it; every other id is its article's own.  So are the ids that a
    // renamed id could become (one of those ids, "-" and a number: see
    // taken), which pass 2 must not give again.
    std::set<uint32_t> twice;
    for (size_t k = 1; k < id_hashes.size(); ++k)
      if (id_hashes[k] == id_hashes[k - 1]) twice.insert(id_hashes[k]);
    id_hashes = {};
    std::vector<bool> clash(articles, false);
    std::map<std::string, size_t> owner;  // those ids, and the ids given in pass 2 -> their article
    std::set<std::string> numbered;       // the ids that are one of those, "-" and a number
    const auto numbered_from = [&](const std::string &id) {
      const size_t dash = id.rfind('-');
      if (dash == std::string::npos || dash + 1 == id.size() || id.find_first_not_of("0123456789", dash + 1) != std::string::npos) return false;
      return twice.count(id_hash(id.substr(0, dash))) != 0;
    };
    for (size_t i = 0; i < articles && !twice.empty(); ++i)
      for (const auto &id : split(summary(i)[2], '\n')) {
        if (id.empty()) continue;
        if (twice.count(id_hash(id)) && !owner.emplace(id, i).second) clash[i] = true;
        if (numbered_from(id)) numbered.insert(id);
      }
    const auto first_article = [&](const std::string &id, size_t i) { return twice.count(id_hash(id)) ? owner.at(id) : i; };
    // Whether an article has the id already (or pass 2 gave it).  Only an
    // id that first_article gives to an earlier article is renamed, and its
    // hash is in twice; the names tried for it are the id itself (in owner)
    // and the id, "-" and a number (in numbered if an article has it).
    const auto taken = [&](const std::string &id) { return owner.count(id) || numbered.count(id); };
    // The id of the first article whose folded title is title, or "".
    const auto titled = [&](const std::string &title) {
      const uint64_t h = hash(title);
      for (auto at = keys.first(title_keys, h); at != title_keys.end() && keys.hash_of(*at) == keys.hash_of(h); ++at)
        if (auto fields = summary(keys.article_of(*at)); fields[1] == title) return fields[0];
      return std::string();
    };
    // Whether an article's title may be text (its hash is a title's).
    const auto a_title = [&](const std::string &text) {
      const uint64_t h = hash(text);
      const auto at = keys.first(title_keys, h);
      return at != title_keys.end() && keys.hash_of(*at) == keys.hash_of(h);
    };
    // Pass 2, on the articles that need it: ids that an earlier article
    // already has are renamed with their linkends; links naming another
    // article point to it.
    for (size_t i = 0; i < articles; ++i) {
      const auto fields = summary(i);
      bool needed = clash[i];
      if (cross_links_)
        for (const auto &t : split(fields[3], '\n'))
          needed = needed || (!t.empty() && a_title(t));
      if (!needed) continue;
      std::string article_id = fields[0];
      xmlNode *root = xmlDocGetRootElement(book.visit(i));
      bool changed = false;
      std::map<std::string, std::string> renamed;
      for_each_id(root, [&](xmlNode *n, const std::string &id) {
        if (first_article(id, i) == i) return;
        std::string fresh = id;
        for (int k = 2; taken(fresh); ++k) fresh = id + "-" + std::to_string(k);
        owner.emplace(fresh, i);
        renamed[id] = fresh;
        set_id(n, fresh);
        changed = true;
        book.note(n->line, "the id '" + id + "' is also used by an earlier article; renamed '" + fresh + "'");
      });
      if (renamed.count(article_id)) article_id = renamed[article_id];
      std::vector<xmlNode *> all;
      all_elements(root, &all);
      for (xmlNode *n : all) {
        const std::string end = attr(n, "linkend");
        if (!end.empty() && renamed.count(end)) xmlSetProp(n, X("linkend"), X(renamed[end].c_str())), changed = true;
        if (!cross_links_ || !is(n, "link") || attr(n, "href", kXlinkNs).empty()) continue;
        const std::string target = titled(links::fold(text(n)));
        if (target.empty() || target == article_id) continue;
        xmlUnsetNsProp(n, xmlSearchNsByHref(n->doc, n, X(kXlinkNs)), X("href"));
        xmlSetProp(n, X("linkend"), X(target.c_str()));
        book.note(n->line, "'" + text(n) + "' names another article of the book; linked to it");
        changed = true;
      }
      if (changed) book.commit();
    }
  }

 private:
  struct Article {
    Article(pubpipe::Context &d, xmlNode *r) : doc(d), root(r), id(xml_id(r)) {}
    pubpipe::Context &doc;
    xmlNode *root;
    std::string id;
    std::string all_text;  // every paragraph and title, for counting mentions
    std::vector<xmlNode *> prose;  // paragraphs of running text
    std::vector<xmlNode *> entries;  // bibliography entries
    std::map<std::string, std::string> entry_by_number;
    std::set<std::string> cited, ids;
    xmlNode *see_also_section = nullptr, *see_also_pending = nullptr;
    std::vector<std::string> labels;  // in order of first appearance
    std::set<size_t> glossary_used;
    size_t citations = 0;
  };

  // What the book stage needs of an article, without parsing it: its id,
  // folded title, ids and the folded texts of its links out, separated by
  // U+001F (which XML text cannot hold).
  void attach_summary(Article &a, pubpipe::Context &doc) const {
    std::string ids, texts;
    for_each_id(a.root, [&](xmlNode *, const std::string &id) { ids += id + "\n"; });
    std::vector<xmlNode *> all;
    all_elements(a.root, &all);
    for (xmlNode *n : all)
      if (is(n, "link") && !attr(n, "href", kXlinkNs).empty()) texts += links::fold(text(n)) + "\n";
    const std::string title = links::fold(text(child(child(a.root, "info"), "title")));
    doc.attach("summary", a.id + "\x1f" + title + "\x1f" + ids + "\x1f" + texts);
  }

  static void all_elements(xmlNode *n, std::vector<xmlNode *> *out) {
    for (xmlNode *c = n->children; c; c = c->next)
      if (c->type == XML_ELEMENT_NODE) {
        out->push_back(c);
        all_elements(c, out);
      }
  }

  template <class F>
  static void for_each_id(xmlNode *root, F f) {
    if (!xml_id(root).empty()) f(root, xml_id(root));
    std::vector<xmlNode *> all;
    all_elements(root, &all);
    for (xmlNode *n : all)
      if (auto id = xml_id(n); !id.empty()) f(n, id);
  }

  std::string unique(Article &a, const std::string &base) const {
    std::string id = base;
    for (int k = 2; !a.ids.insert(id).second; ++k) id = base + "-" + std::to_string(k);
    return id;
  }

  void collect(Article &a) const {
    for_each_id(a.root, [&](xmlNode *, const std::string &id) { a.ids.insert(id); });
    std::vector<xmlNode *> all;
    all_elements(a.root, &all);
    size_t position = 0;
    for (xmlNode *n : all) {
      if (is(n, "section") && attr(n, "role") == "see-also") a.see_also_section = n;
      if (is(n, "bibliomisc") && attr(n, "role") == "see-also" && inside(n, {"info"})) a.see_also_pending = n;
      if (is(n, "title") || is(n, "para")) a.all_text += text(n) + "\n";
      if (is(n, "bibliomixed") || is(n, "biblioentry")) {
        ++position;
        clean_entry(a, n, position);
      } else if (is(n, "para") && !inside(n, {"bibliography", "glossary"}) && !in_see_also(n)) {
        a.prose.push_back(n);
      }
    }
  }

  // A reference entry: the scraper's back-link carets go, its number is
  // kept as its label, and it gets an id if it had none.
  void clean_entry(Article &a, xmlNode *entry, size_t position) const {
    std::string number = attr(entry, "xreflabel");
    if (xmlNode *t = entry->children; t && t->type == XML_TEXT_NODE) {
      std::string found;
      const std::string before = text(t), after = links::clean_reference(before, &found);
      if (after != before && !after.empty()) {
        xmlNodeSetContent(t, nullptr);
        xmlNodeAddContent(t, X(after.c_str()));
        a.doc.note(entry->line, "reference entry cleaned: '" + before.substr(0, 40) + "' -> '" + after.substr(0, 40) + "'");
      }
      if (number.empty()) number = found;
    }
    if (number.empty()) number = std::to_string(position);
    if (attr(entry, "xreflabel").empty()) xmlSetProp(entry, X("xreflabel"), X(number.c_str()));
    std::string id = xml_id(entry);
    if (id.empty()) set_id(entry, id = unique(a, a.id + "-ref-" + number));
    a.entries.push_back(entry);
    a.entry_by_number.emplace(number, id);
  }

  size_t occurrences(const Article &a, std::string_view phrase) const {
    size_t n = 0;
    for (size_t at = find_word(a.all_text, phrase, 0, false); at != std::string_view::npos;
         at = find_word(a.all_text, phrase, at + 1, false))
      ++n;
    return n;
  }

  void cut_trailers(Article &a) const {
    links::TrailerContext c;
    c.occurrences = [&](std::string_view p) { return occurrences(a, p); };
    c.see_also_pending = a.see_also_pending != nullptr;
    for (const auto &g : glossary_) c.glossary.insert(links::fold(g.term));
    std::vector<std::string> paras, items;
    for (xmlNode *p : a.prose) paras.push_back(text(p));
    if (a.see_also_section) {
      std::vector<xmlNode *> found;
      descendants(a.see_also_section, "para", &found);
      for (xmlNode *p : found) items.push_back(text(p));
    }
    const links::PageTrailers page = links::find_page_trailers(paras, items, c, trailer_);
    if (!report_page(a, page)) return;
    const auto &found = page.found;
    std::set<std::string> listed;
    for (size_t k = 0; k < a.prose.size(); ++k) {
      if (!found[k]) continue;
      xmlNode *p = a.prose[k];
      xmlNode *last = p->last;
      const std::string whole = text(p);
      const std::string tail_text = last && last->type == XML_TEXT_NODE ? text(last) : std::string();
      const size_t offset = whole.size() - tail_text.size();
      if (!last || last->type != XML_TEXT_NODE || found[k]->cut < offset) continue;
      xmlNodeSetContent(last, nullptr);
      const std::string kept = tail_text.substr(0, found[k]->cut - offset) + ".";
      xmlNodeAddContent(last, X(kept.c_str()));
      std::string names;
      for (const auto &l : found[k]->labels) {
        names += (names.empty() ? "'" : ", '") + l + "'";
        if (listed.insert(links::fold(l)).second) a.labels.push_back(l);
      }
      a.doc.note(p->line, "link labels " + names + " cut from the end of the paragraph (" + found[k]->why + ")");
    }
  }

  // Says what the article as a whole made of the tails found: cut (a wiki
  // page), or all left alone, with the evidence either way.  Whether to cut.
  bool report_page(const Article &a, const links::PageTrailers &page) const {
    const auto &e = page.evidence;
    if (!e.trailers) return false;
    if (page.wiki) {
      a.doc.note(a.root->line, "the article reads as a flattened wiki page (" + page.score.why + "): link labels are cut from " +
                                   std::to_string(e.trailers) + " paragraph end(s)");
      return true;
    }
    size_t k = 0;
    while (!page.found[k]) ++k;
    const std::string para = text(a.prose[k]);
    a.doc.note(a.prose[k]->line, std::to_string(e.trailers) + " paragraph end(s) look like link labels (first: '" +
                                     links::bare(para.substr(page.found[k]->cut)) + "'), but the article does not read as a wiki page (" +
                                     page.score.why + "; " + number(page.score.score) + " of label_page_threshold " +
                                     number(trailer_.page_threshold) + "): nothing cut");
    return false;
  }

  void link_inline(Article &a) const {
    std::vector<xmlNode *> targets = a.prose;
    targets.insert(targets.end(), a.entries.begin(), a.entries.end());
    for (xmlNode *p : targets) {
      const bool entry = is(p, "bibliomixed") || is(p, "biblioentry");
      for (xmlNode *t : text_children(p)) {
        const std::string s = text(t);
        links::InlineOptions o = inline_;
        o.citations = o.citations && !entry;
        const auto matches = links::find_inline(s, o);
        for (auto m = matches.rbegin(); m != matches.rend(); ++m) {
          if (m->kind == links::Kind::citation) {
            cite(a, t, *m);
            continue;
          }
          xmlNode *link = xmlNewDocNode(p->doc, p->ns, X("link"), nullptr);
          xmlSetNsProp(link, xmlSearchNsByHref(p->doc, p, X(kXlinkNs)), X("href"), X(m->target.c_str()));
          const std::string label = s.substr(m->begin, m->end - m->begin);
          xmlNodeAddContentLen(link, X(label.c_str()), static_cast<int>(label.size()));
          if (entry) {
            // bibliomixed takes a link only inside one of its own parts.
            xmlNode *misc = xmlNewDocNode(p->doc, p->ns, X("bibliomisc"), nullptr);
            xmlAddChild(misc, link);
            link = misc;
          }
          replace_range(t, m->begin, m->end, link);
        }
      }
    }
  }

  void cite(Article &a, xmlNode *t, const links::Match &m) const {
    ++a.citations;
    std::vector<std::string> ids;
    for (const auto &n : m.numbers) {
      auto it = a.entry_by_number.find(n);
      if (it == a.entry_by_number.end()) {
        a.doc.warn(t->parent->line, "the citation [" + n + "] has no entry in the article's bibliography; kept as text");
        return;
      }
      ids.push_back(it->second);
    }
    // Back to front: the last reference replaces the marker, each earlier
    // one goes right after t, before it.
    bool replaced = false;
    for (auto id = ids.rbegin(); id != ids.rend(); ++id) {
      xmlNode *ref = xmlNewDocNode(t->doc, t->parent->ns, X(citation_element_.c_str()), nullptr);
      xmlSetProp(ref, X("linkend"), X(id->c_str()));
      a.cited.insert(*id);
      if (replaced) {
        ref->line = t->parent->line;
        xmlAddNextSibling(t, ref);
      } else {
        replace_range(t, m.begin, m.end, ref);
        replaced = true;
      }
    }
  }

  xmlNode *label_item(Article &a, xmlNode *list, const std::string &label) const {
    xmlNode *para = add(add(list, "listitem"), "para");
    auto g = glossary_index_.find(links::fold(label));
    if (g != glossary_index_.end()) {
      a.glossary_used.insert(g->second);
      xmlNode *l = add_text(para, "link", label);
      xmlSetProp(l, X("linkend"), X(glossary_id(a, g->second).c_str()));
    } else if (!label_base_.empty()) {
      xmlNode *l = add_text(para, "link", label);
      xmlSetNsProp(l, xmlSearchNsByHref(l->doc, l, X(kXlinkNs)), X("href"),
                   X(links::label_url(label_base_, label_style_, label).c_str()));
    } else {
      xmlNodeAddContent(para, X(label.c_str()));
    }
    return para;
  }

  void fill_see_also(Article &a) const {
    xmlNode *sec = a.see_also_section;
    std::set<std::string> present;
    if (sec) {
      // Items the source listed as plain text become links too.
      std::vector<xmlNode *> paras;
      descendants(sec, "para", &paras);
      for (xmlNode *p : paras) {
        present.insert(links::fold(text(p)));
        if (p->children && p->children == p->last && p->children->type == XML_TEXT_NODE && !label_base_.empty() &&
            text(p).size() <= 120 && text(p).find("://") == std::string::npos) {
          const std::string label = text(p);
          xmlNode *item = p->parent;
          xmlNode *list = item->parent;
          xmlNode *fresh = label_item(a, list, label)->parent;
          xmlUnlinkNode(fresh);
          xmlAddNextSibling(item, fresh);
          xmlUnlinkNode(item);
          xmlFreeNode(item);
        }
      }
    }
    std::vector<std::string> fresh;
    for (const auto &l : a.labels)
      if (!present.count(links::fold(l))) fresh.push_back(l);
    if (!sec && fresh.empty()) {
      if (a.see_also_pending) {
        a.doc.note(a.see_also_pending->line, "the empty '" + text(a.see_also_pending) + "' heading has no links to list; dropped");
        xmlUnlinkNode(a.see_also_pending);
        xmlFreeNode(a.see_also_pending);
      }
      return;
    }
    if (!sec) {
      const std::string title = a.see_also_pending ? text(a.see_also_pending) : see_also_title_;
      sec = xmlNewDocNode(a.root->doc, a.root->ns, X("section"), nullptr);
      sec->line = a.see_also_pending ? a.see_also_pending->line : a.root->line;
      // Before the end matter (bibliography, glossary), after the body.
      xmlNode *before = nullptr;
      for (xmlNode *c = a.root->children; c; c = c->next)
        if (is(c, "bibliography") || is(c, "glossary") || is(c, "appendix") || is(c, "index")) {
          before = c;
          break;
        }
      if (before) xmlAddPrevSibling(before, sec);
      else xmlAddChild(a.root, sec);
      set_id(sec, unique(a, a.id + "-" + slug(title, 40)));
      xmlSetProp(sec, X("role"), X("see-also"));
      add_text(sec, "title", title);
      if (a.see_also_pending) {
        xmlUnlinkNode(a.see_also_pending);
        xmlFreeNode(a.see_also_pending);
      }
    }
    xmlNode *list = child(sec, "itemizedlist");
    if (!list) list = add(sec, "itemizedlist");
    for (const auto &l : fresh) label_item(a, list, l);
    a.doc.note(sec->line, std::to_string(fresh.size()) + " link(s) listed under '" + text(child(sec, "title")) + "'");
  }

  std::string glossary_id(const Article &a, size_t k) const { return a.id + "-gloss-" + slug(glossary_[k].term, 40); }

  void mark_glossary(Article &a) const {
    const bool all = glossary_terms_ == "all";
    std::set<size_t> marked;
    for (xmlNode *p : a.prose) {
      for (size_t k : by_length_) {
        if (!all && marked.count(k)) continue;
        const std::string &term = glossary_[k].term;
        const bool fold_case = links::fold(term) == term;  // a lower-case term matches any case
        for (xmlNode *t : text_children(p)) {
          const std::string s = text(t);
          const size_t at = find_word(s, term, 0, fold_case);
          if (at == std::string::npos) continue;
          xmlNode *g = xmlNewDocNode(p->doc, p->ns, X("glossterm"), nullptr);
          const std::string shown = s.substr(at, term.size());
          xmlNodeAddContentLen(g, X(shown.c_str()), static_cast<int>(shown.size()));
          xmlSetProp(g, X("linkend"), X(glossary_id(a, k).c_str()));
          replace_range(t, at, at + term.size(), g);
          xmlAddPrevSibling(g, index_term(a, g, term));
          a.glossary_used.insert(k);
          marked.insert(k);
          break;
        }
      }
    }
  }

  // An occurrence for the back-of-book index: <indexterm xml:id=…>, its
  // id stable (the article's id, the term, a count) so that every output
  // can link back to it.
  xmlNode *index_term(Article &a, xmlNode *at, const std::string &term) const {
    xmlNode *ix = xmlNewDocNode(at->doc, at->ns, X("indexterm"), nullptr);
    ix->line = at->line;
    set_id(ix, unique(a, a.id + "-ix-" + slug(term, 40)));
    add_text(ix, "primary", term);
    return ix;
  }

  // The book's `index:` terms: the first use of each in every paragraph
  // gets an indexterm before it (a glossary term already has one).
  void mark_index(Article &a) const {
    for (xmlNode *p : a.prose)
      for (const std::string &term : index_terms_) {
        bool done = false;
        for (xmlNode *ix : children(p, "indexterm")) done = done || text(child(ix, "primary")) == term;
        const bool fold_case = links::fold(term) == term;
        for (xmlNode *t : done ? std::vector<xmlNode *>() : text_children(p)) {
          const size_t at = find_word(text(t), term, 0, fold_case);
          if (at == std::string::npos) continue;
          replace_range(t, at, at, index_term(a, p, term));
          break;
        }
      }
  }

  void check_citations(Article &a) const {
    if (a.entries.empty()) return;
    if (a.citations == 0) {
      a.doc.note(a.entries.front()->line, "the bibliography has " + std::to_string(a.entries.size()) +
                                              " entries and the text cites none of them (a reading list)");
      return;
    }
    for (xmlNode *e : a.entries)
      if (!a.cited.count(xml_id(e))) a.doc.warn(e->line, "the reference [" + attr(e, "xreflabel") + "] is never cited");
  }

  void add_glossary(Article &a) const {
    if (a.glossary_used.empty()) return;
    std::vector<size_t> used(a.glossary_used.begin(), a.glossary_used.end());
    std::sort(used.begin(), used.end(), [&](size_t x, size_t y) { return links::fold(glossary_[x].term) < links::fold(glossary_[y].term); });
    xmlNode *g = add(a.root, "glossary");
    set_id(g, unique(a, a.id + "-glossary"));
    add_text(g, "title", glossary_title_);
    for (size_t k : used) {
      xmlNode *e = add(g, "glossentry");
      set_id(e, glossary_id(a, k));
      a.ids.insert(glossary_id(a, k));
      add_text(e, "glossterm", glossary_[k].term);
      xmlNode *def = add(e, "glossdef");
      add_text(def, "para", glossary_[k].definition);
      if (!glossary_[k].url.empty()) {
        xmlNode *l = add_text(add(def, "para"), "link", glossary_[k].url);
        xmlSetNsProp(l, xmlSearchNsByHref(l->doc, l, X(kXlinkNs)), X("href"), X(glossary_[k].url.c_str()));
      }
    }
  }

  links::InlineOptions inline_;
  links::TrailerOptions trailer_;
  std::string citation_element_, label_base_, label_style_, see_also_title_, glossary_terms_, glossary_title_;
  bool trailing_ = true, see_also_ = true, cross_links_ = true;
  std::vector<GlossaryEntry> glossary_;
  std::map<std::string, size_t> glossary_index_;
  std::vector<size_t> by_length_;
  std::vector<std::string> index_terms_;  // book.index, longest first
};

}  // namespace

PUBPIPE_PLUGIN(LinkNormalize)
