// common.hpp: small helpers the built-in plugins share (DocBook tree access,
// ids, dates).  Private to the built-in plugins: not part of the SDK.
#pragma once

#include <pubpipe/plugin.hpp>

#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pubpipe::common {

inline constexpr const char *kDocBookNs = "http://docbook.org/ns/docbook";
inline constexpr const char *kXlinkNs = "http://www.w3.org/1999/xlink";
inline constexpr const char *kXmlNs = "http://www.w3.org/XML/1998/namespace";

inline const xmlChar *X(const char *s) { return reinterpret_cast<const xmlChar *>(s); }

inline bool is(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, X(name));
}

// The first element child of n named name, or NULL.
inline xmlNode *child(xmlNode *n, const char *name) {
  for (xmlNode *c = n ? n->children : nullptr; c; c = c->next)
    if (is(c, name)) return c;
  return nullptr;
}

inline std::vector<xmlNode *> children(xmlNode *n, const char *name = nullptr) {
  std::vector<xmlNode *> out;
  for (xmlNode *c = n ? n->children : nullptr; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && (!name || xmlStrEqual(c->name, X(name)))) out.push_back(c);
  return out;
}

// Every descendant element named name, in document order.
inline void descendants(xmlNode *n, const char *name, std::vector<xmlNode *> *out) {
  for (xmlNode *c = n ? n->children : nullptr; c; c = c->next) {
    if (is(c, name)) out->push_back(c);
    if (c->type == XML_ELEMENT_NODE) descendants(c, name, out);
  }
}

// The text content of a node (all descendant text).
inline std::string text(const xmlNode *n) {
  if (!n) return {};
  xmlChar *c = xmlNodeGetContent(n);
  std::string s = c ? reinterpret_cast<const char *>(c) : "";
  xmlFree(c);
  return s;
}

inline std::string attr(const xmlNode *n, const char *name, const char *ns = nullptr) {
  xmlChar *v = ns ? xmlGetNsProp(n, X(name), X(ns)) : xmlGetNoNsProp(n, X(name));
  std::string s = v ? reinterpret_cast<const char *>(v) : "";
  xmlFree(v);
  return s;
}

inline std::string xml_id(const xmlNode *n) { return attr(n, "id", kXmlNs); }

// A new element in n's namespace, appended to parent; text is escaped.
inline xmlNode *add(xmlNode *parent, const char *name, const std::string *text = nullptr) {
  xmlNode *n = xmlNewDocNode(parent->doc, parent->ns, X(name), nullptr);
  if (text) xmlNodeAddContentLen(n, X(text->c_str()), static_cast<int>(text->size()));
  n->line = parent->line;
  xmlAddChild(parent, n);
  return n;
}
inline xmlNode *add_text(xmlNode *parent, const char *name, const std::string &text) { return add(parent, name, &text); }

// Sets xml:id.
inline void set_id(xmlNode *n, const std::string &id) {
  xmlNs *ns = xmlSearchNs(n->doc, n, X("xml"));
  xmlSetNsProp(n, ns, X("id"), X(id.c_str()));
}

// An ASCII id fragment: letters and digits kept (lower-cased), all else a
// single '-'.  Never empty, never starting with a digit.  ASCII by design,
// not by oversight: the fragment goes into xml:id values, EPUB file names and
// URL fragments, where only ASCII is safe everywhere, so non-ASCII letters
// are separators here and pubpipe::text is not used.
inline std::string slug(std::string_view s, size_t max = 48) {
  std::string out;
  bool dash = false;
  for (unsigned char c : s) {
    if (std::isalnum(c) && c < 0x80) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += static_cast<char>(std::tolower(c));
      if (out.size() >= max) break;
    } else {
      dash = true;
    }
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "x" + out;
  return out;
}

inline std::string iso_date(int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

inline std::string iso_datetime(int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Serializes one element (and its subtree) without an XML declaration.
inline std::string serialize(xmlNode *n) {
  xmlBufferPtr buf = xmlBufferCreate();
  xmlNodeDump(buf, n->doc, n, 0, 0);
  std::string out(reinterpret_cast<const char *>(xmlBufferContent(buf)), static_cast<size_t>(xmlBufferLength(buf)));
  xmlBufferFree(buf);
  return out;
}

// Appends s to out, escaped for XML content and attribute values: the runs
// between the characters that need an entity are appended whole.
inline void escape_to(std::string *out, std::string_view s) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char *entity;
    switch (s[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      default: continue;
    }
    out->append(s, run, i - run).append(entity);
    run = i + 1;
  }
  out->append(s, run, std::string_view::npos);
}

// Escapes text for XML content and attribute values.
inline std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  escape_to(&out, s);
  return out;
}

// A text or CDATA node's text as libxml2 holds it, without a copy (text()
// copies every descendant's).
inline std::string_view node_text(const xmlNode *n) {
  return n && n->content ? std::string_view(reinterpret_cast<const char *>(n->content)) : std::string_view();
}

// Every element below n that has an xml:id, by id.
inline void index_ids(xmlNode *n, std::map<std::string, xmlNode *> *out) {
  for (xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) {
      if (auto id = xml_id(c); !id.empty()) (*out)[id] = c;
      index_ids(c, out);
    }
}

// The label a reference entry is cited by: its xreflabel, else its id.
inline std::string entry_label(const xmlNode *entry) {
  const std::string l = attr(entry, "xreflabel");
  return l.empty() ? xml_id(entry) : l;
}

// What a link to id shows when it has no text of its own: the target's
// title, its xreflabel, or its text; the id itself for a target elsewhere.
inline std::string link_text(const std::map<std::string, xmlNode *> &by_id, const std::string &id) {
  auto t = by_id.find(id);
  if (t == by_id.end()) return id;
  if (xmlNode *title = child(t->second, "title")) return text(title);
  if (xmlNode *info = child(t->second, "info")) return text(child(info, "title"));
  const std::string l = attr(t->second, "xreflabel");
  return l.empty() ? text(t->second) : l;
}

// Walks a flat outline (depth 1 = top) as a tree: open(k) for item k, then
// close() once per item when its subtree ends.  A depth more than one below
// the previous item is taken as one below.
// Nesting is the same walk one item at a time, for an outline that is read
// as it is written (a book's, which is never held whole): enter(depth, close)
// closes what the item ends, then the caller opens it; finish(close) closes
// the rest.  It holds only the depths of the open items.
class Nesting {
 public:
  template <class Close>
  void enter(int depth, Close close) {
    const int d = stack_.empty() ? 1 : std::min(depth, stack_.back() + 1);
    while (!stack_.empty() && stack_.back() >= d) close(), stack_.pop_back();
    stack_.push_back(d);
  }
  template <class Close>
  void finish(Close close) {
    while (!stack_.empty()) close(), stack_.pop_back();
  }

 private:
  std::vector<int> stack_;
};

template <class Open, class Close>
void nest(const std::vector<int> &depths, Open open, Close close) {
  Nesting n;
  for (size_t k = 0; k < depths.size(); ++k) n.enter(depths[k], close), open(k);
  n.finish(close);
}

// Splits a string on a separator character.
inline std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      out.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

// Calls f(depth, target, title) for each line "depth TAB target TAB title"
// of article i's part `name` (a line of another shape is skipped): a
// writer's table of contents, read again from the store each time it is
// written rather than held for the whole book.  f may read parts (the
// part is copied out first).
template <class F>
void each_toc_line(const pubpipe::Context &book, size_t i, const char *name, F f) {
  const std::string part(book.part(i, name));
  for (std::string_view rest = part; !rest.empty();) {
    const std::string_view line = rest.substr(0, rest.find('\n'));
    rest.remove_prefix(std::min(line.size() + 1, rest.size()));
    const size_t a = line.find('\t'), b = line.find('\t', a == std::string_view::npos ? a : a + 1);
    if (b == std::string_view::npos || line.find('\t', b + 1) != std::string_view::npos) continue;
    f(std::atoi(std::string(line.substr(0, a)).c_str()), std::string(line.substr(a + 1, b - a - 1)), std::string(line.substr(b + 1)));
  }
}

// each_toc_line for every article, in book order: f(article, depth,
// target, title).
template <class F>
void for_each_toc_line(const pubpipe::Context &book, const char *name, F f) {
  for (size_t i = 0; i < book.book_size(); ++i)
    each_toc_line(book, i, name, [&](int depth, const std::string &target, const std::string &title) { f(i, depth, target, title); });
}

// DocBook 5's block elements (the schema's db.all.blocks, with the
// structural ones and the parts of blocks), for the writers' one rule on
// mixed content: inside a block, a run of text and inline elements is a
// paragraph, and every other element is a block of its own.  Anything not
// named here is inline, so an element a plugin invents keeps its text.
inline bool is_block(const xmlNode *n) {
  // string_view keys: looking a name up makes no string.
  static const std::set<std::string_view> kBlocks = {
      "address", "annotation", "bibliodiv", "biblioentry", "bibliography", "bibliolist", "bibliomixed", "blockquote", "bridgehead",
      "callout", "calloutlist", "caption", "caution", "classsynopsis", "cmdsynopsis", "constraintdef", "constructorsynopsis",
      "destructorsynopsis", "epigraph", "equation", "example", "fieldsynopsis", "figure", "formalpara", "funcsynopsis", "glossary",
      "glossdef", "glossdiv", "glossentry", "glosslist", "important", "index", "indexdiv", "indexentry", "informalequation",
      "informalexample", "informalfigure", "informaltable", "info", "itemizedlist", "listitem", "literallayout", "mediaobject",
      "methodsynopsis", "msgset", "note", "orderedlist", "para", "partintro", "procedure", "productionset", "programlisting",
      "programlistingco", "qandadiv", "qandaentry", "qandaset", "refsection", "revhistory", "screen", "screenco", "screenshot",
      "sect1", "sect2", "sect3", "sect4", "sect5", "section", "segmentedlist", "seglistitem", "sidebar", "simpara", "simplelist",
      "simplesect", "step", "stepalternatives", "substeps", "synopsis", "table", "task", "tbody", "tfoot", "tgroup", "thead", "tip",
      "title", "tr", "varlistentry", "variablelist", "warning", "attribution", "abstract", "personblurb", "legalnotice", "textobject",
      "imageobject", "row", "entry", "question", "answer"};
  return n && n->type == XML_ELEMENT_NODE && kBlocks.count(reinterpret_cast<const char *>(n->name));
}

// The writers' one walk over mixed content, from the child `from` on: each
// block child goes to block(c); each run of text and inline children between
// them is rendered with inline_node(c) and, unless it is only white space,
// goes to run(text).  title, info and attribution are skipped: the caller
// writes them where they belong.
template <class Block, class Inline, class Run>
void walk_blocks(xmlNode *from, Block &&block, Inline &&inline_node, Run &&run) {
  std::string text;
  const auto flush = [&] {
    if (text.find_first_not_of(" \t\r\n") != std::string::npos) run(text);
    text.clear();
  };
  for (xmlNode *c = from; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && (is(c, "title") || is(c, "info") || is(c, "attribution"))) continue;
    if (is_block(c)) {
      flush();
      block(c);
    } else {
      text += inline_node(c);
    }
  }
  flush();
}

// Verbatim blocks: their line breaks and spaces are content.
inline bool is_verbatim(const xmlNode *n) {
  return is(n, "programlisting") || is(n, "screen") || is(n, "literallayout") || is(n, "synopsis") || is(n, "address");
}

// An element's name and role as a class list ("pullquote" from
// role="pullquote"; role words that are not CSS identifiers are dropped),
// so that a stylesheet can tell a plugin's element apart.
inline std::string role_class(const xmlNode *n, const std::string &base = "") {
  std::string out = base;
  for (const auto &w : split(attr(n, "role"), ' ')) {
    bool ok = !w.empty() && !std::isdigit(static_cast<unsigned char>(w[0]));
    for (unsigned char c : w) ok = ok && (std::isalnum(c) || c == '-' || c == '_' || c >= 0x80);
    if (ok && (" " + out + " ").find(" " + w + " ") == std::string::npos) out += (out.empty() ? "" : " ") + w;
  }
  return out;
}

// The blocks where a printed page is said to start, for the EPUB's page
// markers: paragraphs and sections, outside footnotes (which print at the
// foot of a page), in document order, each with the id the XSL-FO writer
// gives it: its xml:id, else ARTICLE--pb-N (N counts those without one).
inline std::vector<std::pair<xmlNode *, std::string>> page_anchors(xmlNode *article) {
  std::vector<std::pair<xmlNode *, std::string>> out;
  size_t k = 0;
  const auto walk = [&](auto &self, xmlNode *n) -> void {
    for (xmlNode *c = n->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE || is(c, "footnote") || is(c, "info")) continue;
      if (is(c, "para") || is(c, "simpara") || is(c, "section")) {
        const std::string id = xml_id(c);
        out.emplace_back(c, id.empty() ? xml_id(article) + "--pb-" + std::to_string(++k) : id);
      }
      self(self, c);
    }
  };
  walk(walk, article);
  return out;
}

// Writes a file piece by piece (an OutputFile's temporary); throws on error.
// Its buffer is larger than stdio's page: a book's output is hundreds of MB
// written an article's part at a time.
class Writer {
 public:
  explicit Writer(const std::string &path) : path_(path), f_(std::fopen(path.c_str(), "wb")) {
    if (!f_) throw pubpipe::Error("cannot write " + path);
    std::setvbuf(f_, nullptr, _IOFBF, kBuffer);
  }
  Writer(const Writer &) = delete;
  Writer &operator=(const Writer &) = delete;
  ~Writer() {
    if (f_) std::fclose(f_);
  }
  void put(std::string_view s) {
    if (std::fwrite(s.data(), 1, s.size(), f_) != s.size()) throw pubpipe::Error("cannot write " + path_ + " (disk full?)");
  }
  void close() {
    FILE *f = f_;
    f_ = nullptr;
    if (std::fclose(f) != 0) throw pubpipe::Error("cannot write " + path_ + " (disk full?)");
  }

 private:
  static constexpr size_t kBuffer = 256 * 1024;
  std::string path_;
  FILE *f_;
};

// The article's authors, one per line: what a writer's document stage
// attaches as "authors" for book_authors.
inline std::string article_authors(xmlNode *article) {
  std::vector<xmlNode *> names;
  descendants(child(article, "info"), "personname", &names);
  std::string out;
  for (xmlNode *n : names) out += text(n) + "\n";
  return out;
}

// The book's authors: those of the pipeline file, else every article's
// authors (the "authors" part), each once, in order.
inline std::vector<std::string> book_authors(const pubpipe::Context &book) {
  std::vector<std::string> out;
  for (const auto &a : split(book.book_meta("authors"), '\n'))
    if (!a.empty()) out.push_back(a);
  if (!out.empty()) return out;
  std::set<std::string> seen;
  for (size_t i = 0; i < book.book_size(); ++i)
    for (const auto &a : split(book.part(i, "authors"), '\n'))
      if (!a.empty() && seen.insert(a).second) out.push_back(a);
  return out;
}

}  // namespace pubpipe::common
