// xhtml.hpp: one DocBook article to an XHTML content document for EPUB 3.
// Links to ids outside the article's own file are written as markers that
// the book stage resolves once it knows which file holds each id.
#pragma once

#include <libxml/tree.h>

#include <string>
#include <vector>

namespace epub {

// "\x01id\x01": never in text, since XML forbids U+0001.
inline std::string marker(const std::string &id) { return "\x01" + id + "\x01"; }

struct RenderOptions {
  std::string language = "en";
  int toc_depth = 2;  // article titles are depth 1
  bool notes_at_end = false;  // bibliography and glossary in notes.xhtml
  bool split_sections = false;  // each top-level section in a file of its own
  std::string stylesheet = "css/style.css";
  bool page_markers = false;  // page_marker() before each block a printed page can start at
};

// "\x02id\x02": where a printed page may start (a block with that id in the
// XSL-FO); the book stage makes it a page-break marker or drops it.
inline std::string page_marker(const std::string &id) { return "\x02" + id + "\x02"; }

struct TocEntry {
  int depth;
  std::string id, title;
};

struct Rendered {
  std::string title;
  std::vector<std::string> pages;  // the article's XHTML documents (one unless split)
  std::string notes;   // its notes section for notes.xhtml (notes_at_end)
  std::vector<std::vector<std::string>> page_ids;  // the ids each page holds
  std::vector<std::string> note_ids;
  std::vector<std::pair<size_t, std::string>> page_anchors;  // (page, id) of each page_marker, in order
  std::vector<TocEntry> toc;
  std::vector<std::string> authors;
};

Rendered render_article(xmlNode *article, const RenderOptions &o);

std::string escape(const std::string &s);

// The head of every XHTML document of the book.
std::string page_head(const std::string &title, const std::string &language, const std::string &stylesheet);

}  // namespace epub
