// article.cpp: builds the DocBook article from the cleaned text, with the
// structure that structure.cpp finds.  Ids come from content (the file's
// stem, heading titles, reference numbers), never from counters.
#include <libxml/tree.h>

#include <algorithm>
#include <map>
#include <set>

#include "../common/common.hpp"
#include "structure.hpp"

namespace sections {
namespace {

using namespace pubpipe::common;

bool has_body(xmlNode *article) {
  for (xmlNode *c = article->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && !is(c, "info")) return true;
  return false;
}

// A section left with nothing but its title becomes a paragraph of its
// title's text, deepest first: the look-ahead that keeps a heading with
// nothing under it as a paragraph cannot see every case (its only
// sub-heading an empty See also, which goes to the info), and DocBook has
// no empty section.
void unmake_empty_sections(xmlNode *n, const std::map<xmlNode *, uint32_t> &lines, const Note &note) {
  for (xmlNode *c = n->children, *next; c; c = next) {
    next = c->next;
    if (c->type != XML_ELEMENT_NODE || !is(c, "section")) continue;
    unmake_empty_sections(c, lines, note);
    xmlNode *title = nullptr;
    bool only_title = true;
    for (xmlNode *g = c->children; g; g = g->next)
      if (g->type == XML_ELEMENT_NODE) {
        if (is(g, "title") && !title) title = g;
        else only_title = false;
      }
    if (!only_title || !title) continue;
    const auto it = lines.find(c);
    xmlChar *text = xmlNodeGetContent(title);
    note(it == lines.end() ? 0 : it->second, false,
         "the heading '" + std::string(text ? reinterpret_cast<const char *>(text) : "") + "' has nothing under it; kept as a paragraph");
    xmlFree(text);
    xmlNodeSetName(title, X("para"));
    xmlUnlinkNode(title);
    // After a sibling section a paragraph is not allowed: it ends the
    // deepest last section before it instead.
    xmlNode *before = xmlPreviousElementSibling(c);
    if (before && is(before, "section")) {
      for (xmlNode *last; (last = xmlLastElementChild(before)) && is(last, "section");) before = last;
      xmlAddChild(before, title);
      xmlUnlinkNode(c);
    } else {
      xmlReplaceNode(c, title);
    }
    xmlFreeNode(c);
  }
}

}  // namespace

xmlDoc *build_article(const std::string &text, const std::string &name, const Options &o_, const std::function<uint32_t(uint32_t)> &line,
                    const Note &note, std::string *error, bool *empty) {
  *empty = false;
  const std::vector<TextBlock> blocks = split_blocks(text);
  if (blocks.empty()) {
  *empty = true;
  return nullptr;
  }
  Structure st = detect(blocks, o_, note);
  if (st.title_guessed) {
  st.title = name;
  note(1, true, "no title line; the file name '" + name + "' is used as the title");
  }
  std::set<std::string> ids_;
  const auto unique = [&](const std::string &base) {
  std::string id = base;
  for (int n = 2; !ids_.insert(id).second; ++n) id = base + "-" + std::to_string(n);
  return id;
  };

  xmlDoc *d = xmlNewDoc(X("1.0"));
  xmlNode *article = xmlNewDocNode(d, nullptr, X("article"), nullptr);
  xmlDocSetRootElement(d, article);
  xmlSetNs(article, xmlNewNs(article, X(kDocBookNs), nullptr));
  xmlNewNs(article, X(kXlinkNs), X("xlink"));
  xmlSetProp(article, X("version"), X("5.0"));
  article->line = static_cast<unsigned short>(std::min<uint32_t>(line(1), 65535));
  const std::string aid = slug(name);
  set_id(article, aid);
  ids_ = {aid};

  const auto at = [&](xmlNode *n, uint32_t text_line) {
    n->line = static_cast<unsigned short>(std::min<uint32_t>(line(text_line), 65535));
    return n;
  };
  xmlNode *info = at(add(article, "info"), st.title_line ? st.title_line : 1);
  at(add_text(info, "title", st.title), st.title_line ? st.title_line : 1);
  if (!st.subtitle.empty()) add_text(info, "subtitle", st.subtitle);
  for (size_t a = 0; a < st.authors.size(); ++a) {
    xmlNode *author = at(add(info, "author"), st.byline_line);
    at(add_text(author, "personname", st.authors[a]), st.byline_line);
    if (a == 0 && !st.bio.empty()) at(add_text(at(add(author, "personblurb"), st.bio_line), "para", st.bio), st.bio_line);
  }
  if (!st.bio.empty() && st.authors.empty()) note(st.bio_line, true, "a bio without a known author; kept as text");
  if (!st.pubdate.empty()) at(add_text(info, "pubdate", st.pubdate), st.date_line);

  // Sections nest by level; a heading with nothing under it is not a section.
  std::vector<std::pair<int, xmlNode *>> stack;
  std::map<xmlNode *, uint32_t> section_lines;  // each section's heading line in the text
  const auto &items = st.body;
  for (size_t k = 0; k < items.size(); ++k) {
    const Item &it = items[k];
    xmlNode *parent = stack.empty() ? article : stack.back().second;
    if (it.kind == Kind::heading) {
      // A heading right over another of its level ("## Sharing with a
      // single developer" / "## Publishing and non-publishing
      // repositories", the page's levels lost) opens the sections under it.
      int level = it.level;
      if (level > 1 && k + 1 < items.size() && items[k + 1].kind == Kind::heading && items[k + 1].level == level) --level;
      const bool empty = k + 1 == items.size() || (items[k + 1].kind == Kind::heading && items[k + 1].level <= level);
      if (empty && it.role == SectionRole::see_also) {
        // Kept for link-normalize, which fills it from the article's links.
        xmlNode *m = at(add_text(info, "bibliomisc", it.text), it.line);
        xmlSetProp(m, X("role"), X("see-also"));
        continue;
      }
      if (empty) {
        note(it.line, false, "the heading '" + it.text + "' has nothing under it; kept as a paragraph");
        at(add_text(parent, "para", it.text), it.line);
        continue;
      }
      while (!stack.empty() && stack.back().first >= level) stack.pop_back();
      parent = stack.empty() ? article : stack.back().second;
      xmlNode *sec = at(add(parent, "section"), it.line);
      section_lines[sec] = it.line;
      set_id(sec, unique(aid + "-" + slug(it.text, 40)));
      if (!it.label.empty()) xmlSetProp(sec, X("label"), X(it.label.c_str()));
      if (it.role == SectionRole::see_also) xmlSetProp(sec, X("role"), X("see-also"));
      at(add_text(sec, "title", it.text), it.line);
      stack.emplace_back(level, sec);
      if (it.role == SectionRole::see_also) {
        // The lines under a see-also heading are its items.
        xmlNode *list = nullptr;
        size_t e = k + 1;
        for (; e < items.size() && items[e].kind != Kind::heading; ++e) {
          if (!list) list = at(add(sec, "itemizedlist"), items[e].line);
          for (const auto &entry : items[e].items.empty() ? items[e].lines : items[e].items)
            at(add_text(at(add(list, "listitem"), items[e].line), "para", entry), items[e].line);
        }
        k = e - 1;
      }
      continue;
    }
    if (parent == article && !stack.empty()) parent = stack.back().second;
    switch (it.kind) {
      case Kind::paragraph: at(add_text(parent, "para", it.text), it.line); break;
      case Kind::quote: at(add_text(at(add(parent, "blockquote"), it.line), "para", it.text), it.line); break;
      case Kind::itemized:
      case Kind::ordered: {
        xmlNode *list = at(add(parent, it.kind == Kind::itemized ? "itemizedlist" : "orderedlist"), it.line);
        for (const auto &entry : it.items) at(add_text(at(add(list, "listitem"), it.line), "para", entry), it.line);
        break;
      }
      case Kind::heading: break;
    }
  }
  unmake_empty_sections(article, section_lines, note);
  if (!st.references.empty()) {
    xmlNode *bib = at(add(article, "bibliography"), st.references_line);
    set_id(bib, unique(aid + "-references"));
    at(add_text(bib, "title", st.references_title), st.references_line);
    size_t n = 0;
    for (const auto &r : st.references) {
      ++n;
      xmlNode *entry = at(add_text(bib, "bibliomixed", r.text), r.line);
      set_id(entry, unique(aid + "-ref-" + (r.number.empty() ? std::to_string(n) : slug(r.number).substr(1))));
      if (!r.number.empty()) xmlSetProp(entry, X("xreflabel"), X(r.number.c_str()));
    }
  }
  if (!has_body(article)) {
    xmlFreeDoc(d);
    *error = "the document has a title but no body text; it is skipped (no empty chapter)";
    return nullptr;
  }
  return d;
}

}  // namespace sections
