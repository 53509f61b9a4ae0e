// xhtml.cpp: see xhtml.hpp.
#include "xhtml.hpp"

#include <map>
#include <set>

#include "../common/common.hpp"
#include "../common/index.hpp"

namespace epub {
namespace {

using namespace pubpipe::common;

const char *kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                         "July",    "August",   "September", "October", "November", "December"};

// 2025-03-14 as "14 March 2025"; anything else as it is.
std::string human_date(const std::string &iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
  const int month = std::atoi(iso.substr(5, 2).c_str()), day = std::atoi(iso.substr(8, 2).c_str());
  if (month < 1 || month > 12 || day < 1) return iso;
  return std::to_string(day) + " " + kMonths[month - 1] + " " + iso.substr(0, 4);
}

class Renderer {
 public:
  Renderer(xmlNode *article, const RenderOptions &o) : article_(article), o_(o) {
    index_ids(article, &by_id_);
    std::vector<xmlNode *> notes;
    descendants(article, "footnote", &notes);
    for (xmlNode *f : notes) note_number_.emplace(f, note_number_.size() + 1);
    for (const auto &[t, id] : index_anchors(article)) index_ids_.emplace(t, id);
    if (o.page_markers)
      for (const auto &[b, id] : page_anchors(article)) block_ids_.emplace(b, id);
  }

  Rendered run() {
    Rendered r;
    rendered_ = &r;
    const std::string aid = xml_id(article_);
    xmlNode *info = child(article_, "info");
    r.title = text(child(info, "title"));
    std::vector<xmlNode *> authors = children(info, "author");
    for (xmlNode *a : authors) r.authors.push_back(text(child(a, "personname")));
    toc_.push_back({1, aid, r.title});
    r.page_ids.emplace_back();
    ids_ = &r.page_ids.back();
    ids_->push_back(aid);

    out_ = page_head(r.title, o_.language, o_.stylesheet);
    out_ += "<body>\n<section epub:type=\"chapter\" role=\"doc-chapter\" id=\"" + escape(aid) + "\">\n<header>\n<h1>" +
            inline_text(child(info, "title")) + "</h1>\n";
    const char *page_end = "</section>\n</body>\n</html>\n";
    if (xmlNode *s = child(info, "subtitle")) out_ += "<p class=\"subtitle\">" + inline_text(s) + "</p>\n";
    if (!r.authors.empty()) {
      std::string names;
      for (size_t k = 0; k < r.authors.size(); ++k)
        names += (k == 0 ? "" : k + 1 == r.authors.size() ? " and " : ", ") + escape(r.authors[k]);
      out_ += "<p class=\"byline\">By " + names + "</p>\n";
    }
    if (xmlNode *d = child(info, "pubdate")) {
      const std::string iso = text(d);
      out_ += "<p class=\"date\"><time datetime=\"" + escape(iso) + "\">" + escape(human_date(iso)) + "</time></p>\n";
    }
    out_ += "</header>\n";
    if (xmlNode *abs = child(info, "abstract")) blocks(abs, 2, "abstract");

    std::string notes;
    bool body_seen = false;
    for (xmlNode *c = article_->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE || is(c, "info")) continue;
      if (o_.notes_at_end && (is(c, "bibliography") || is(c, "glossary"))) {
        std::swap(out_, notes);
        ids_ = &r.note_ids;
        in_notes_ = true;
        block(c, 2);
        flush_footnotes();
        in_notes_ = false;
        ids_ = &r.page_ids.back();
        std::swap(out_, notes);
        continue;
      }
      if (o_.split_sections && is(c, "section") && body_seen) {
        // A new file for each top-level section after the first content.
        flush_footnotes();
        r.pages.push_back(std::move(out_) + page_end);
        r.page_ids.emplace_back();
        ids_ = &r.page_ids.back();
        out_ = page_head(r.title, o_.language, o_.stylesheet) + "<body>\n<section epub:type=\"chapter\" role=\"doc-chapter\">\n";
      }
      body_seen = true;
      block(c, 2);
    }
    flush_footnotes();
    for (xmlNode *a : authors)
      if (xmlNode *bio = child(a, "personblurb")) {
        out_ += "<section class=\"about-author\">\n<h2>About the author</h2>\n";
        blocks(bio, 3, nullptr);
        out_ += "</section>\n";
      }
    r.pages.push_back(std::move(out_) + page_end);
    if (!notes.empty())
      r.notes = "<section class=\"article-notes\" id=\"" + escape(aid) + "--notes\">\n<h2>" + escape(r.title) + "</h2>\n" + notes + "</section>\n";
    if (!notes.empty()) r.note_ids.push_back(aid + "--notes");
    r.toc = std::move(toc_);
    return r;
  }

 private:
  std::string id_attr(xmlNode *n) {
    const std::string id = xml_id(n);
    if (id.empty()) return "";
    ids_->push_back(id);
    return " id=\"" + escape(id) + "\"";
  }

  // Where a printed page may start: before a paragraph or section that
  // page_anchors names (not in notes.xhtml, which the PDF does not have).
  std::string page_break(xmlNode *n) {
    auto it = block_ids_.find(n);
    if (it == block_ids_.end() || in_notes_) return "";
    rendered_->page_anchors.emplace_back(rendered_->pages.size(), it->second);
    return page_marker(it->second);
  }

  // The children of a block: each block element in turn; a run of text and
  // inline elements between them (mixed content, or an element the writer
  // does not know) becomes a paragraph, so that no text is lost.
  void blocks(xmlNode *n, int level, const char *cls) {
    if (cls) out_ += std::string("<div class=\"") + cls + "\">\n";
    blocks_from(n->children, level);
    if (cls) out_ += "</div>\n";
  }

  // blocks(), from the child `from` on.
  void blocks_from(xmlNode *from, int level) {
    walk_blocks(from, [&](xmlNode *c) { block(c, level); }, [&](xmlNode *c) { return inline_node(c); },
                [&](const std::string &run) { out_ += "<p class=\"run\">" + run + "</p>\n"; });
  }


  // ' class="…"' for an element: base classes and its role; "" if none.
  static std::string class_attr(const xmlNode *n, const std::string &base = "") {
    const std::string c = role_class(n, base);
    return c.empty() ? "" : " class=\"" + escape(c) + "\"";
  }

  void heading(xmlNode *n, int level) {
    const int h = std::min(level, 6);
    out_ += "<h" + std::to_string(h) + ">" + inline_text(child(n, "title")) + "</h" + std::to_string(h) + ">\n";
  }

  void block(xmlNode *n, int level) {
    if (is(n, "para") || is(n, "simpara")) {
      para(n);
    } else if (is(n, "section") || is(n, "simplesect")) {
      out_ += page_break(n) + "<section" + id_attr(n) + class_attr(n) + ">\n";
      if (level <= o_.toc_depth && child(n, "title") && !xml_id(n).empty()) toc_.push_back({level, xml_id(n), text(child(n, "title"))});
      heading(n, level);
      blocks(n, level + 1, nullptr);
      out_ += "</section>\n";
    } else if (is(n, "itemizedlist") || is(n, "orderedlist")) {
      const char *tag = is(n, "itemizedlist") ? "ul" : "ol";
      out_ += std::string("<") + tag + id_attr(n) + class_attr(n) + ">\n";
      for (xmlNode *li = n->children; li; li = li->next) {
        if (li->type != XML_ELEMENT_NODE) {
          // Anything else a list holds is kept, as an item of its own.
          if (const std::string t = inline_node(li); t.find_first_not_of(" \t\r\n") != std::string::npos)
            out_ += "<li class=\"run\">" + t + "</li>\n";
          continue;
        }
        out_ += "<li" + id_attr(li) + class_attr(li, is(li, "listitem") ? "" : name(li)) + ">";
        if (!is(li, "listitem")) {
          out_ += inline_text(li) + "</li>\n";
          continue;
        }
        // A list item of one paragraph is written without the <p>.
        std::vector<xmlNode *> kids = children(li);
        if (kids.size() == 1 && is(kids[0], "para")) out_ += inline_text(kids[0]);
        else blocks(li, level, nullptr);
        out_ += "</li>\n";
      }
      out_ += std::string("</") + tag + ">\n";
    } else if (is(n, "blockquote")) {
      out_ += "<blockquote" + id_attr(n) + class_attr(n) + ">\n";
      blocks(n, level, nullptr);
      if (xmlNode *a = child(n, "attribution")) out_ += "<p" + class_attr(a, "attribution") + ">— " + inline_text(a) + "</p>\n";
      out_ += "</blockquote>\n";
    } else if (is(n, "bibliography")) {
      out_ += "<section epub:type=\"bibliography\" role=\"doc-bibliography\"" + id_attr(n) + ">\n";
      if (child(n, "title")) heading(n, level);
      out_ += "<ul class=\"references\">\n";
      for (xmlNode *e : children(n))
        if (is(e, "bibliomixed") || is(e, "biblioentry")) {
          const std::string id = xml_id(e);
          out_ += "<li" + id_attr(e) + "><span class=\"label\">[" + escape(entry_label(e)) + "]</span> " + inline_text(e);
          if (auto it = first_cite_.find(id); it != first_cite_.end())
            out_ += " <a class=\"backlink\" role=\"doc-backlink\" href=\"" + marker(it->second) + "\" title=\"Back to the text\">↩</a>";
          out_ += "</li>\n";
        }
      out_ += "</ul>\n</section>\n";
    } else if (is(n, "glossary")) {
      out_ += "<section epub:type=\"glossary\" role=\"doc-glossary\"" + id_attr(n) + ">\n";
      if (child(n, "title")) heading(n, level);
      // Each entry is a footnote, so that readers can show it as a pop-up.
      for (xmlNode *e : children(n, "glossentry")) {
        out_ += "<aside epub:type=\"footnote\" role=\"doc-footnote\" class=\"glossentry\"" + id_attr(e) + ">\n<p><dfn>" +
                inline_text(child(e, "glossterm")) + "</dfn>: ";
        bool first = true;
        for (xmlNode *p : children(child(e, "glossdef"), "para")) {
          out_ += (first ? "" : " ") + inline_text(p);
          first = false;
        }
        out_ += "</p>\n</aside>\n";
      }
      out_ += "</section>\n";
    } else if (is(n, "bibliomisc") || is(n, "info") || is(n, "title")) {
      // Metadata the writers show elsewhere.
    } else if (is(n, "variablelist")) {
      out_ += "<dl" + id_attr(n) + class_attr(n) + ">\n";
      for (xmlNode *e = n->children; e; e = e->next) {
        if (!is(e, "varlistentry")) {
          const std::string t = inline_node(e);
          if (t.find_first_not_of(" \t\r\n") != std::string::npos)
            out_ += "<dt" + (e->type == XML_ELEMENT_NODE ? class_attr(e, name(e)) : std::string(" class=\"run\"")) + ">" + t + "</dt>\n<dd></dd>\n";
          continue;
        }
        for (xmlNode *t : children(e, "term")) out_ += "<dt" + id_attr(t) + class_attr(t) + ">" + inline_text(t) + "</dt>\n";
        for (xmlNode *d : children(e, "listitem")) {
          out_ += "<dd" + id_attr(d) + class_attr(d) + ">\n";
          blocks(d, level, nullptr);
          out_ += "</dd>\n";
        }
      }
      out_ += "</dl>\n";
    } else if (is_verbatim(n)) {
      out_ += "<pre" + id_attr(n) + class_attr(n, name(n)) + ">" + inline_text(n) + "</pre>\n";
    } else if (is(n, "bridgehead")) {
      out_ += "<p" + id_attr(n) + class_attr(n, "bridgehead") + " role=\"heading\" aria-level=\"" + std::to_string(std::min(level, 6)) +
              "\">" + inline_text(n) + "</p>\n";
    } else if (!is_block(n)) {
      // An inline element where a block belongs: a paragraph of its own.
      out_ += "<p class=\"run\">" + inline_node(n) + "</p>\n";
    } else {
      // The fallback for every other block: a <div> classed by the
      // element's name and role, its title a heading, its content kept.
      out_ += "<div" + class_attr(n, name(n)) + id_attr(n) + ">\n";
      if (child(n, "title")) heading(n, level);
      blocks(n, level + 1, nullptr);
      out_ += "</div>\n";
    }
  }

  // A paragraph; the blocks DocBook allows inside one (lists, quotes) close
  // it and follow it, as HTML has them.
  void para(xmlNode *n) {
    std::string run;
    bool first = true;
    const auto flush = [&] {
      if (first || run.find_first_not_of(" \t\r\n") != std::string::npos)
        out_ += (first ? page_break(n) + "<p" + id_attr(n) : std::string("<p")) + class_attr(n, first ? "" : "continued") + ">" + run + "</p>\n";
      first = false;
      run.clear();
    };
    for (xmlNode *c = n->children; c; c = c->next) {
      if (is_block(c) && !is(c, "para") && !is(c, "simpara") && !is(c, "title")) {
        flush();
        block(c, 6);
      } else {
        run += inline_node(c);
      }
    }
    if (first || !run.empty()) flush();
  }

  static std::string name(const xmlNode *n) { return reinterpret_cast<const char *>(n->name); }

  std::string inline_text(xmlNode *n) {
    std::string s;
    if (!n) return s;
    for (xmlNode *c = n->children; c; c = c->next) s += inline_node(c);
    return s;
  }

  std::string inline_node(xmlNode *c) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) return pubpipe::common::escape(node_text(c));
    if (c->type != XML_ELEMENT_NODE) return "";
    const std::string linkend = attr(c, "linkend");
    if (is(c, "link")) {
      const std::string href = attr(c, "href", kXlinkNs);
      if (!href.empty()) return "<a" + class_attr(c, "external") + " href=\"" + escape(href) + "\">" + inline_text(c) + "</a>";
      std::string body = inline_text(c);
      if (linkend.empty()) return "<span" + class_attr(c, "link") + ">" + body + "</span>";
      if (body.empty()) body = escape(target_text(linkend));
      return "<a" + class_attr(c) + " href=\"" + marker(linkend) + "\">" + body + "</a>";
    }
    if (is(c, "biblioref") || is(c, "xref")) {
      auto t = by_id_.find(linkend);
      const bool entry = t != by_id_.end() && (is(t->second, "bibliomixed") || is(t->second, "biblioentry"));
      if (!entry) {
        // An xref that holds text (a plugin's, or DocBook 4 habit) shows it.
        std::string body = inline_text(c);
        if (body.empty()) body = escape(target_text(linkend));
        if (linkend.empty()) return "<span" + class_attr(c, name(c)) + ">" + body + "</span>";
        return "<a" + class_attr(c) + " href=\"" + marker(linkend) + "\">" + body + "</a>";
      }
      const std::string anchor = linkend + "--cite-" + std::to_string(++cites_);
      first_cite_.emplace(linkend, anchor);
      ids_->push_back(anchor);
      return "<a class=\"citation\" role=\"doc-biblioref\" id=\"" + escape(anchor) + "\" href=\"" + marker(linkend) + "\">[" +
             escape(entry_label(t->second)) + "]</a>";
    }
    if (is(c, "footnote")) return footnote(c);
    if (is(c, "footnoteref")) {
      auto t = by_id_.find(linkend);
      if (t != by_id_.end() && is(t->second, "footnote")) return footnote(t->second);
    }
    if (is(c, "glossterm")) {
      if (linkend.empty()) return "<dfn" + class_attr(c) + ">" + inline_text(c) + "</dfn>";
      return "<a epub:type=\"noteref\" role=\"doc-noteref\"" + class_attr(c, "glossterm") + " href=\"" + marker(linkend) + "\">" +
             inline_text(c) + "</a>";
    }
    if (is(c, "emphasis")) {
      const std::string role = attr(c, "role");
      return tagged(c, role == "bold" || role == "strong" ? "strong" : "em");
    }
    if (is(c, "quote")) return "<span" + class_attr(c, "quote") + ">“" + inline_text(c) + "”</span>";
    if (is(c, "email")) {
      const std::string address = text(c);
      return "<a" + class_attr(c, "email") + " href=\"mailto:" + escape(address) + "\">" + inline_text(c) + "</a>";
    }
    if (is(c, "uri") && !attr(c, "href", kXlinkNs).empty())
      return "<a" + class_attr(c, "uri") + " href=\"" + escape(attr(c, "href", kXlinkNs)) + "\">" + inline_text(c) + "</a>";
    if (is(c, "anchor")) return xml_id(c).empty() ? "" : "<span" + id_attr(c) + class_attr(c, "anchor") + "></span>";
    if (is(c, "indexterm")) {
      // The index's, not the text's: only the anchor its locator links to.
      const std::string &id = index_ids_[c];
      ids_->push_back(id);
      return "<span class=\"indexterm\" id=\"" + escape(id) + "\"></span>";
    }
    if (is(c, "foreignphrase")) {
      const std::string lang = attr(c, "lang", kXmlNs);
      return "<span" + class_attr(c, "foreignphrase") + (lang.empty() ? "" : " lang=\"" + escape(lang) + "\" xml:lang=\"" + escape(lang) + "\"") +
             ">" + inline_text(c) + "</span>";
    }
    if (const char *tag = html_tag(c)) return tagged(c, tag);
    // The documented fallback for every other element: a <span> classed by
    // its name and role, its text kept.
    return "<span" + class_attr(c, name(c)) + id_attr(c) + ">" + inline_text(c) + "</span>";
  }

  // The HTML element an inline DocBook element is written as, if any.
  static const char *html_tag(const xmlNode *c) {
    static const std::map<std::string_view, const char *> kTags = {
        {"abbrev", "abbr"}, {"acronym", "abbr"}, {"literal", "code"}, {"code", "code"}, {"command", "code"}, {"filename", "code"},
        {"option", "code"}, {"varname", "code"}, {"envar", "code"}, {"function", "code"}, {"parameter", "code"}, {"classname", "code"},
        {"methodname", "code"}, {"constant", "code"}, {"property", "code"}, {"systemitem", "code"}, {"markup", "code"},
        {"tag", "code"}, {"token", "code"}, {"type", "code"}, {"uri", "code"}, {"prompt", "samp"}, {"computeroutput", "samp"},
        {"userinput", "kbd"}, {"keycap", "kbd"}, {"keycode", "kbd"}, {"keysym", "kbd"}, {"replaceable", "var"}, {"subscript", "sub"},
        {"superscript", "sup"}, {"citetitle", "cite"}, {"firstterm", "dfn"}, {"wordasword", "em"}, {"phrase", "span"},
        {"errorcode", "code"}, {"errorname", "code"}, {"errortype", "code"}, {"exceptionname", "code"}, {"interfacename", "code"},
        {"returnvalue", "code"}, {"symbol", "code"}, {"package", "code"}, {"database", "code"}, {"initializer", "code"},
        {"modifier", "code"}, {"ooclass", "code"}, {"ooexception", "code"}, {"oointerface", "code"}};
    auto it = kTags.find(reinterpret_cast<const char *>(c->name));
    return it == kTags.end() ? nullptr : it->second;
  }

  // <tag class="name role">content</tag>; the element's name is a class too
  // where the tag does not say it (abbr for acronym, code for filename).
  std::string tagged(xmlNode *c, const char *tag) {
    const std::string n = name(c);
    const bool said = n == tag || n == "emphasis" || n == "subscript" || n == "superscript" || n == "phrase";
    return std::string("<") + tag + id_attr(c) + class_attr(c, said ? "" : n) + ">" + inline_text(c) + "</" + tag + ">";
  }

  // A footnote: in the text, its number as an EPUB 3 noteref; the note
  // itself an <aside epub:type="footnote">, which reading systems show as a
  // pop-up, written after the content of the same file (flush_footnotes).
  std::string footnote(xmlNode *c) {
    const std::string num = std::to_string(note_number_[c]);
    std::string id = xml_id(c);
    if (id.empty()) id = xml_id(article_) + "--fn-" + num;
    const std::string ref = id + "--ref-" + std::to_string(++noterefs_);
    ids_->push_back(ref);
    // A second reference (footnoteref) points at the one note, wherever it is.
    if (!written_notes_.insert(c).second) return noteref(ref, id, num, "noteref footnoteref");
    ids_->push_back(id);
    std::string body;
    std::swap(out_, body);
    out_ += "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"" + escape(id) + "\"" + class_attr(c, "footnote") + ">\n";
    const std::string label = "<a class=\"note-label\" role=\"doc-backlink\" href=\"" + marker(ref) + "\" title=\"Back to the text\">" + num + ".</a> ";
    xmlNode *first = c->children;
    while (first && first->type == XML_TEXT_NODE && text(first).find_first_not_of(" \t\r\n") == std::string::npos) first = first->next;
    if (first && (is(first, "para") || is(first, "simpara"))) {
      out_ += "<p" + class_attr(first) + ">" + label + inline_text(first) + "</p>\n";
      blocks_from(first->next, 3);
    } else {
      out_ += "<p class=\"note-label\">" + label + "</p>\n";
      blocks_from(c->children, 3);
    }
    out_ += "</aside>\n";
    std::swap(out_, body);
    footnotes_ += body;
    return noteref(ref, id, num, "noteref");
  }

  static std::string noteref(const std::string &ref, const std::string &id, const std::string &num, const char *cls) {
    return std::string("<a epub:type=\"noteref\" role=\"doc-noteref\" class=\"") + cls + "\" id=\"" + escape(ref) + "\" href=\"" + marker(id) + "\">" + num + "</a>";
  }

  // The footnotes referred to since the last flush, where they are read.
  void flush_footnotes() {
    if (footnotes_.empty()) return;
    out_ += "<div class=\"footnotes\">\n" + footnotes_ + "</div>\n";
    footnotes_.clear();
  }

  std::string target_text(const std::string &id) const { return link_text(by_id_, id); }

  xmlNode *article_;
  const RenderOptions &o_;
  std::map<std::string, xmlNode *> by_id_;
  std::map<std::string, std::string> first_cite_;
  std::vector<TocEntry> toc_;
  std::vector<std::string> *ids_ = nullptr;
  std::string out_, footnotes_;
  size_t cites_ = 0, noterefs_ = 0;
  std::map<xmlNode *, size_t> note_number_;
  std::map<const xmlNode *, std::string> index_ids_, block_ids_;
  Rendered *rendered_ = nullptr;
  bool in_notes_ = false;
  std::set<xmlNode *> written_notes_;
};

}  // namespace

std::string escape(const std::string &s) { return pubpipe::common::escape(s); }

std::string page_head(const std::string &title, const std::string &language, const std::string &stylesheet) {
  const std::string lang = escape(language);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
         "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"" +
         lang + "\" xml:lang=\"" + lang + "\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>" + escape(title) +
         "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"" + escape(stylesheet) + "\"/>\n</head>\n";
}

Rendered render_article(xmlNode *article, const RenderOptions &o) { return Renderer(article, o).run(); }

}  // namespace epub
