// xsl_fo.cpp: the XSL-FO writer.  The document stage renders each article
// as one fo:page-sequence (running header with the article's title, page
// numbers) in the workers; the book stage adds the page masters, PDF
// bookmarks, a title page and a table of contents with page numbers.  With
// `pdf:` set, Apache FOP renders the PDF as a child process.
#include <pubpipe/plugin.hpp>

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <libxml/xmlreader.h>

#include <sys/wait.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "../common/common.hpp"
#include "../common/spawn.hpp"
#include "../common/index.hpp"

namespace {

using namespace pubpipe::common;

const char *kFo = "http://www.w3.org/1999/XSL/Format";

// A URL inside url('…'): quotes and parentheses escaped as %-codes.
std::string fo_url(const std::string &u) {
  std::string out;
  for (char c : u) {
    if (c == '\'') out += "%27";
    else if (c == '(') out += "%28";
    else if (c == ')') out += "%29";
    else out += c;
  }
  return escape(out);
}

std::string running_static(const std::string &left, const std::string &right) {
  return "<fo:static-content flow-name=\"xsl-region-before\"><fo:block font-size=\"8.5pt\" color=\"#555555\" "
         "text-align-last=\"justify\" border-bottom=\"0.4pt solid #999999\" padding-after=\"2pt\">" + escape(left) +
         "<fo:leader leader-pattern=\"space\"/>" + escape(right) + "</fo:block></fo:static-content>\n"
         "<fo:static-content flow-name=\"xsl-region-after\"><fo:block font-size=\"9pt\" text-align=\"center\">"
         "<fo:page-number/></fo:block></fo:static-content>\n";
}

class Renderer {
 public:
  explicit Renderer(xmlNode *article) : article_(article) {
    index_ids(article, &by_id_);
    std::vector<xmlNode *> notes;
    descendants(article, "footnote", &notes);
    for (xmlNode *f : notes) note_number_.emplace(f, note_number_.size() + 1);
    for (const auto &[t, id] : index_anchors(article)) index_ids_.emplace(t, id);
    for (const auto &[b, id] : page_anchors(article)) block_ids_.emplace(b, id);
  }

  // The article as a page sequence, and its outline (depth, id, title).
  std::string run(const std::string &book_title, std::string *toc) {
    xmlNode *info = child(article_, "info");
    const std::string aid = xml_id(article_), title = text(child(info, "title"));
    *toc += "1\t" + aid + "\t" + title + "\n";
    toc_ = toc;
    out_ = "<fo:page-sequence master-reference=\"body\" initial-page-number=\"auto-odd\">\n" + running_static(book_title, title) +
           "<fo:flow flow-name=\"xsl-region-body\">\n<fo:block id=\"" + escape(aid) + "\">\n"
           "<fo:block font-size=\"20pt\" font-weight=\"bold\" space-after=\"6pt\" keep-with-next=\"always\" line-height=\"1.15\">" +
           inline_text(child(info, "title")) + "</fo:block>\n";
    if (xmlNode *s = child(info, "subtitle"))
      out_ += "<fo:block font-size=\"13pt\" font-style=\"italic\" space-after=\"6pt\">" + inline_text(s) + "</fo:block>\n";
    std::vector<xmlNode *> authors = children(info, "author");
    std::string names;
    for (xmlNode *a : authors) names += (names.empty() ? "" : ", ") + escape(text(child(a, "personname")));
    if (!names.empty()) out_ += "<fo:block font-variant=\"small-caps\" space-after=\"3pt\">By " + names + "</fo:block>\n";
    if (xmlNode *d = child(info, "pubdate")) out_ += "<fo:block font-size=\"9pt\" color=\"#555555\">" + escape(text(d)) + "</fo:block>\n";
    out_ += "<fo:block space-after=\"12pt\"/>\n";
    for (xmlNode *c = article_->children; c; c = c->next)
      if (c->type == XML_ELEMENT_NODE && !is(c, "info")) block(c, 2);
    for (xmlNode *a : authors)
      if (xmlNode *bio = child(a, "personblurb")) {
        out_ += "<fo:block space-before=\"18pt\" border-top=\"0.5pt solid #999999\" padding-before=\"6pt\" font-size=\"9.5pt\">\n"
                "<fo:block font-weight=\"bold\" space-after=\"4pt\" keep-with-next=\"always\">About the author</fo:block>\n";
        for (xmlNode *p : children(bio)) block(p, 3);
        out_ += "</fo:block>\n";
      }
    out_ += "</fo:block>\n</fo:flow>\n</fo:page-sequence>\n";
    return out_;
  }

 private:
  std::string id_attr(xmlNode *n) {
    const std::string id = xml_id(n);
    return id.empty() ? "" : " id=\"" + escape(id) + "\"";
  }

  // A paragraph's id: its xml:id, else the one page_anchors gives it, so
  // that FOP can say on which page it starts.
  std::string block_id_attr(xmlNode *n) {
    auto it = block_ids_.find(n);
    return it == block_ids_.end() ? id_attr(n) : " id=\"" + escape(it->second) + "\"";
  }

  // XSL's role property: the element's role (a plugin's "pullquote"), else
  // nothing; FOP carries it into the tagged PDF's structure.
  static std::string role_attr(const xmlNode *n) {
    const std::string r = role_class(n);
    return r.empty() ? "" : " role=\"" + escape(r) + "\"";
  }
  static std::string name(const xmlNode *n) { return reinterpret_cast<const char *>(n->name); }

  void heading(xmlNode *n, int level) {
    static const char *sizes[] = {"20pt", "20pt", "14pt", "12pt", "11pt", "10.5pt", "10.5pt"};
    out_ += std::string("<fo:block font-size=\"") + sizes[std::min(level, 6)] +
            "\" font-weight=\"bold\" space-before=\"12pt\" space-after=\"4pt\" keep-with-next=\"always\">" +
            inline_text(child(n, "title")) + "</fo:block>\n";
  }

  // As in the XHTML writer: each block child in turn, and a run of text and
  // inline elements between them a paragraph, so that no text is lost.
  void blocks(xmlNode *n, int level) { blocks_from(n->children, level); }

  // blocks(), from the child `from` on.
  void blocks_from(xmlNode *from, int level) {
    walk_blocks(from, [&](xmlNode *c) { block(c, level); }, [&](xmlNode *c) { return inline_node(c); },
                [&](const std::string &run) { out_ += "<fo:block space-after=\"6pt\">" + run + "</fo:block>\n"; });
  }


  void block(xmlNode *n, int level) {
    if (is(n, "para") || is(n, "simpara")) {
      out_ += "<fo:block" + block_id_attr(n) + role_attr(n) + " space-after=\"6pt\" text-align=\"justify\">" + inline_text(n) + "</fo:block>\n";
    } else if (is(n, "section") || is(n, "simplesect")) {
      if (level <= 3 && child(n, "title") && !xml_id(n).empty())
        *toc_ += std::to_string(level) + "\t" + xml_id(n) + "\t" + text(child(n, "title")) + "\n";
      out_ += "<fo:block" + block_id_attr(n) + role_attr(n) + ">\n";
      heading(n, level);
      blocks(n, level + 1);
      out_ += "</fo:block>\n";
    } else if (is(n, "itemizedlist") || is(n, "orderedlist")) {
      const bool ordered = is(n, "orderedlist");
      out_ += "<fo:list-block" + id_attr(n) + role_attr(n) + " provisional-distance-between-starts=\"14pt\" space-after=\"6pt\">\n";
      size_t k = 0;
      for (xmlNode *li = n->children; li; li = li->next) {
        // Anything else a list holds is kept, as an item without a label.
        const bool item = is(li, "listitem");
        const std::string stray = item ? "" : inline_node(li);
        if (!item && stray.find_first_not_of(" \t\r\n") == std::string::npos) continue;
        out_ += "<fo:list-item><fo:list-item-label end-indent=\"label-end()\"><fo:block>" +
                (!item ? std::string() : ordered ? std::to_string(++k) + "." : std::string("•")) +
                "</fo:block></fo:list-item-label><fo:list-item-body start-indent=\"body-start()\">\n";
        if (item) blocks(li, level);
        else out_ += "<fo:block>" + stray + "</fo:block>\n";
        out_ += "</fo:list-item-body></fo:list-item>\n";
      }
      out_ += "</fo:list-block>\n";
    } else if (is(n, "blockquote")) {
      out_ += "<fo:block" + id_attr(n) + role_attr(n) + " start-indent=\"18pt\" end-indent=\"18pt\" font-style=\"italic\" space-after=\"6pt\">\n";
      blocks(n, level);
      if (xmlNode *a = child(n, "attribution"))
        out_ += "<fo:block" + role_attr(a) + " text-align=\"end\" font-style=\"normal\">— " + inline_text(a) + "</fo:block>\n";
      out_ += "</fo:block>\n";
    } else if (is(n, "bibliography") || is(n, "glossary")) {
      out_ += "<fo:block" + id_attr(n) + " font-size=\"9.5pt\">\n";
      if (child(n, "title")) heading(n, level);
      for (xmlNode *e : children(n)) {
        if (is(e, "bibliomixed") || is(e, "biblioentry")) {
          out_ += "<fo:block" + id_attr(e) + " start-indent=\"20pt\" text-indent=\"-20pt\" space-after=\"3pt\" text-align=\"left\">"
                  "<fo:inline font-weight=\"bold\">[" + escape(entry_label(e)) + "]</fo:inline> " + inline_text(e) + "</fo:block>\n";
        } else if (is(e, "glossentry")) {
          out_ += "<fo:block" + id_attr(e) + " space-after=\"3pt\"><fo:inline font-weight=\"bold\">" + inline_text(child(e, "glossterm")) +
                  "</fo:inline>: ";
          for (xmlNode *p : children(child(e, "glossdef"), "para")) out_ += inline_text(p) + " ";
          out_ += "</fo:block>\n";
        }
      }
      out_ += "</fo:block>\n";
    } else if (is_verbatim(n)) {
      out_ += "<fo:block" + id_attr(n) + role_attr(n) + " font-family=\"monospace\" font-size=\"0.9em\" white-space-treatment=\"preserve\" "
              "white-space-collapse=\"false\" linefeed-treatment=\"preserve\" wrap-option=\"wrap\" text-align=\"start\" space-after=\"6pt\">" +
              inline_text(n) + "</fo:block>\n";
    } else if (!is_block(n)) {
      // An inline element where a block belongs: a paragraph of its own.
      out_ += "<fo:block space-after=\"6pt\">" + inline_node(n) + "</fo:block>\n";
    } else if (!is(n, "bibliomisc") && !is(n, "info") && !is(n, "title")) {
      // The fallback for every other block: its title a heading, its
      // content kept, its role the role property.
      out_ += "<fo:block" + id_attr(n) + role_attr(n) + ">\n";
      if (child(n, "title")) heading(n, level);
      blocks(n, level + 1);
      out_ += "</fo:block>\n";
    }
  }

  std::string inline_text(xmlNode *n) {
    std::string s;
    for (xmlNode *c = n ? n->children : nullptr; c; c = c->next) s += inline_node(c);
    return s;
  }

  std::string internal(const std::string &id, const std::string &body) {
    return "<fo:basic-link internal-destination=\"" + escape(id) + "\" color=\"#1f4e79\">" + body + "</fo:basic-link>";
  }

  std::string inline_node(xmlNode *c) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) return escape(node_text(c));
    if (c->type != XML_ELEMENT_NODE) return "";
    const std::string linkend = attr(c, "linkend");
    if (is(c, "link")) {
      const std::string href = attr(c, "href", kXlinkNs);
      if (!href.empty())
        return "<fo:basic-link external-destination=\"url('" + fo_url(href) + "')\" color=\"#1f4e79\"" + role_attr(c) + ">" + inline_text(c) +
               "</fo:basic-link>";
      const std::string body = inline_text(c);
      if (linkend.empty()) return styled(c, "");
      return internal(linkend, body.empty() ? escape(link_text(by_id_, linkend)) : body);
    }
    if (is(c, "biblioref") || is(c, "xref")) {
      auto t = by_id_.find(linkend);
      const bool entry = t != by_id_.end() && (is(t->second, "bibliomixed") || is(t->second, "biblioentry"));
      const std::string body = inline_text(c);
      if (linkend.empty()) return styled(c, "");
      return internal(linkend, entry ? escape("[" + entry_label(t->second) + "]") : body.empty() ? escape(link_text(by_id_, linkend)) : body);
    }
    if (is(c, "footnote")) return footnote(c);
    if (is(c, "footnoteref")) {
      auto t = by_id_.find(linkend);
      if (t != by_id_.end() && is(t->second, "footnote"))
        return "<fo:basic-link internal-destination=\"" + escape(note_id(t->second)) + "\">" + note_mark(t->second) + "</fo:basic-link>";
    }
    if (is(c, "glossterm"))
      return linkend.empty() ? styled(c, "font-style=\"italic\"")
                             : internal(linkend, "<fo:inline font-style=\"italic\"" + role_attr(c) + ">" + inline_text(c) + "</fo:inline>");
    if (is(c, "emphasis")) return styled(c, attr(c, "role") == "bold" || attr(c, "role") == "strong" ? "font-weight=\"bold\"" : "font-style=\"italic\"");
    if (is(c, "quote")) return "<fo:inline" + role_attr(c) + ">“" + inline_text(c) + "”</fo:inline>";
    // The index's, not the text's: only the anchor its page number cites.
    if (is(c, "indexterm")) return "<fo:inline id=\"" + escape(index_ids_[c]) + "\"/>";
    if (is(c, "anchor")) return xml_id(c).empty() ? "" : "<fo:inline" + id_attr(c) + "/>";
    static const std::set<std::string_view> kMono = {
        "literal", "code", "command", "filename", "option", "varname", "envar", "function", "parameter", "classname", "methodname",
        "constant", "property", "systemitem", "markup", "tag", "token", "type", "uri", "prompt", "computeroutput", "userinput",
        "keycap", "keycode", "keysym", "errorcode", "errorname", "errortype", "exceptionname", "interfacename", "returnvalue",
        "symbol", "package", "database", "initializer", "modifier", "ooclass", "ooexception", "oointerface", "email"};
    if (kMono.count(reinterpret_cast<const char *>(c->name))) return styled(c, "font-family=\"monospace\"");
    if (is(c, "subscript")) return styled(c, "baseline-shift=\"sub\" font-size=\"0.8em\"");
    if (is(c, "superscript")) return styled(c, "baseline-shift=\"super\" font-size=\"0.8em\"");
    if (is(c, "citetitle") || is(c, "foreignphrase") || is(c, "firstterm") || is(c, "wordasword") || is(c, "replaceable"))
      return styled(c, "font-style=\"italic\"");
    // The documented fallback for every other element: an fo:inline with
    // its role, its text kept.
    return styled(c, "");
  }

  // A footnote at the foot of the page, its number in the text.  FO allows
  // no footnote inside another: one there is written in brackets, inline.
  std::string footnote(xmlNode *c) {
    if (in_footnote_) return "<fo:inline" + role_attr(c) + "> [" + inline_text(c) + "]</fo:inline>";
    in_footnote_ = true;
    // The number opens the first paragraph; text outside a paragraph is one.
    xmlNode *first = c->children;
    while (first && first->type == XML_TEXT_NODE && text(first).find_first_not_of(" \t\r\n") == std::string::npos) first = first->next;
    const bool para = first && (is(first, "para") || is(first, "simpara"));
    std::string body = para ? inline_text(first) : "";
    std::swap(out_, body);
    blocks_from(para ? first->next : c->children, 6);
    std::swap(out_, body);
    in_footnote_ = false;
    return "<fo:footnote>" + note_mark(c) + "<fo:footnote-body><fo:block id=\"" + escape(note_id(c)) + "\"" + role_attr(c) +
           " font-size=\"8.5pt\" font-style=\"normal\" font-weight=\"normal\" text-align=\"start\" text-indent=\"0pt\" start-indent=\"0pt\" "
           "end-indent=\"0pt\" line-height=\"1.25\" space-before=\"3pt\"><fo:inline baseline-shift=\"super\" font-size=\"0.8em\">" +
           std::to_string(note_number_[c]) + "</fo:inline> " + strip_spacing(body) + "</fo:block></fo:footnote-body></fo:footnote>";
  }

  // A footnote's paragraphs, without the space a body paragraph has after it.
  static std::string strip_spacing(std::string s) {
    static const std::string kSpace = " space-after=\"6pt\"";
    for (size_t at; (at = s.find(kSpace)) != std::string::npos;) s.erase(at, kSpace.size());
    return s;
  }

  std::string note_mark(xmlNode *c) {
    return "<fo:inline baseline-shift=\"super\" font-size=\"0.75em\" font-style=\"normal\">" + std::to_string(note_number_[c]) + "</fo:inline>";
  }

  std::string note_id(xmlNode *c) {
    const std::string id = xml_id(c);
    return id.empty() ? xml_id(article_) + "--fn-" + std::to_string(note_number_[c]) : id;
  }

  std::string styled(xmlNode *c, const std::string &style) {
    return "<fo:inline" + id_attr(c) + role_attr(c) + (style.empty() ? "" : " " + style) + ">" + inline_text(c) + "</fo:inline>";
  }

  xmlNode *article_;
  std::map<std::string, xmlNode *> by_id_;
  std::map<xmlNode *, size_t> note_number_;
  std::map<const xmlNode *, std::string> index_ids_, block_ids_;
  bool in_footnote_ = false;
  std::string out_, *toc_ = nullptr;
};

class XslFoWriter {
 public:
  static constexpr pubpipe::PluginInfo info{"xsl-fo", "0.1.0", "MIT",
                                            "Writes the book as XSL-FO for Apache FOP; with `pdf:`, also the PDF."};
  static constexpr pubpipe::StageInfo document_stage{"render", "tree", ""};
  static constexpr pubpipe::StageInfo book_stage{"assemble", "tree", ""};
  static constexpr pubpipe::Option options[] = {
      {"pdf", PP_OPT_OUTPUT, nullptr, nullptr, "Also render the PDF here with Apache FOP (Debian's `fop`)."},
      {"fop", PP_OPT_STRING, "fop", nullptr, "The FOP command, looked up in PATH unless it is a path."},
      {"fop_timeout", PP_OPT_NUMBER, "600", nullptr,
       "Seconds each FOP run may take; then FOP and everything it started are killed and the book fails.", "1..86400"},
      {"page_size", PP_OPT_ENUM, "A4", "A4|Letter|A5", "The page size."},
      {"font_family", PP_OPT_STRING, "serif", nullptr, "The body font family (FOP's base fonts: serif, sans-serif, monospace)."},
      {"font_size", PP_OPT_NUMBER, "10.5", nullptr, "The body font size in points."},
      {"toc_depth", PP_OPT_INT, "2", nullptr, "How deep the table of contents and the PDF bookmarks go (1 articles, 2 sections, 3 subsections)."},
      {"page_map", PP_OPT_OUTPUT, nullptr, nullptr,
       "With `pdf:`, also write the PDF's page map here (the page each block starts on), for the EPUB writer's `page_map`."},
  };

  // Checked by `pubpipe validate` and before a run, at the option's place.
  static void validate(pubpipe::Context &c) {
    if (c.has_string("page_map") && !c.has_string("pdf")) c.option_error("page_map", "`page_map:` needs `pdf:`: the page map is the PDF's");
  }

  explicit XslFoWriter(pubpipe::Context &setup) {
    book_title_ = setup.book_meta("title");
    if (setup.has_string("pdf")) pdf_ = true, pdf_name_ = Poco::Path(setup.option_string("pdf")).getFileName();
    fop_ = setup.option_string("fop");
    fop_timeout_ = setup.option_number("fop_timeout");
    if (!(fop_timeout_ >= 1 && fop_timeout_ <= 86400)) throw pubpipe::Error("fop_timeout must be between 1 and 86400 seconds");
    page_ = setup.option_string("page_size");
    font_family_ = setup.option_string("font_family");
    font_size_ = setup.option_number("font_size");
    if (font_size_ < 4 || font_size_ > 72) throw pubpipe::Error("font_size must be between 4 and 72 points");
    const int64_t depth = setup.option_int("toc_depth");
    if (depth < 1 || depth > 3) throw pubpipe::Error("toc_depth must be between 1 and 3");
    toc_depth_ = static_cast<int>(depth);
    for (char c : font_family_)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != ' ' && c != ',')
        throw pubpipe::Error("font_family may hold letters, digits, spaces, hyphens and commas only");
    page_map_ = setup.has_string("page_map");
    if (page_map_ && !pdf_) throw pubpipe::Error("`page_map:` needs `pdf:`: the page map is the PDF's");
    if (pdf_ && find_fop().empty())
      throw pubpipe::Error("`pdf:` needs Apache FOP, and '" + fop_ + "' is not installed: run `apt-get install fop` (or `make setup`)");
  }

  void document(pubpipe::Context &doc) {
    std::string toc;
    doc.attach("fo", Renderer(xmlDocGetRootElement(doc.tree())).run(book_title_, &toc));
    doc.attach("toc", toc);
    doc.attach("authors", article_authors(xmlDocGetRootElement(doc.tree())));
    doc.attach("index", index_part(xmlDocGetRootElement(doc.tree())));
  }

  void book(pubpipe::Context &book) {
    const std::vector<IndexEntry> index = book_index(book, book.book_meta("language"));
    pubpipe::OutputFile fo(book, nullptr);
    write_fo(book, fo.path(), index, nullptr);
    if (!pdf_) return fo.commit();
    // FOP reads the finished FO and writes the PDF's temporary; all are put
    // in place only when all are complete.
    book.check_may_run(fop_);
    pubpipe::OutputFile pdf(book, "pdf");
    std::unique_ptr<pubpipe::OutputFile> map;
    if (page_map_) map = std::make_unique<pubpipe::OutputFile>(book, "page_map");
    if (!index.empty() || map) {
      // FOP lays the book out once to say where each id is: the index then
      // cites each page once, and the page map is the PDF's.  The index
      // comes last, so the pages before it stay as they are.
      // Beside the PDF's temporary, so that a run ended by a signal leaves
      // no area tree behind.
      const pubpipe::ScratchFile at(pdf);
      run_fop({"-q", "-fo", fo.path(), "-at", "application/pdf", at.path()}, at.path(), "<?xml");
      const PageMap pages = read_area_tree(at.path());
      if (!index.empty()) write_fo(book, fo.path(), index, &pages);
      if (map) write_page_map(pages, map->path(), pdf_name_);
    }
    run_fop({"-q", "-fo", fo.path(), "-pdf", pdf.path()}, pdf.path(), "%PDF-");
    fo.commit();
    pdf.commit();
    if (map) map->commit();
  }

 private:
  // Where FOP put each id: its page's number as printed, in layout order.
  struct PageMap {
    std::vector<std::pair<std::string, std::string>> ids;  // (id, page), first place of each
    std::map<std::string, std::string> page_of;
  };

  // The FO file: page masters, bookmarks, title page, contents, the
  // articles and the index.  With pages (from a first layout), the index
  // cites each page of a term once.
  void write_fo(pubpipe::Context &book, const std::string &path, const std::vector<IndexEntry> &index, const PageMap *pages) const {
    const std::string width = page_ == "Letter" ? "8.5in" : page_ == "A5" ? "148mm" : "210mm";
    const std::string height = page_ == "Letter" ? "11in" : page_ == "A5" ? "210mm" : "297mm";
    std::ostringstream o;
    o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<fo:root xmlns:fo=\"" << kFo << "\" font-family=\"" << font_family_
      << "\" font-size=\"" << font_size_ << "pt\" line-height=\"1.35\" language=\"" << escape(book.book_meta("language"))
      << "\" hyphenate=\"false\">\n<fo:layout-master-set>\n";
    for (const char *name : {"title", "body", "index"})
      o << "<fo:simple-page-master master-name=\"" << name << "\" page-width=\"" << width << "\" page-height=\"" << height
        << "\" margin-top=\"15mm\" margin-bottom=\"15mm\" margin-left=\"22mm\" margin-right=\"22mm\">\n"
        << "<fo:region-body margin-top=\"12mm\" margin-bottom=\"12mm\"" << (std::string(name) == "index" ? " column-count=\"2\" column-gap=\"8mm\"" : "")
        << "/>\n<fo:region-before extent=\"8mm\"/>\n<fo:region-after extent=\"8mm\"/>\n"
        << "</fo:simple-page-master>\n";
    o << "</fo:layout-master-set>\n<fo:declarations>\n<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
         "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" "
         "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>" << escape(book_title_)
      << "</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>\n</fo:declarations>\n";
    // Everything is written as it is made: memory stays that of one article.
    Writer w(path);
    w.put(o.str());
    w.put("<fo:bookmark-tree>\n");
    bookmarks(book, !index.empty(), w);
    w.put("</fo:bookmark-tree>\n");
    w.put(title_page(book));
    contents(book, !index.empty(), w);
    for (size_t i = 0; i < book.book_size(); ++i) w.put(book.part(i, "fo"));
    if (!index.empty()) index_pages(book, index, pages, w);
    w.put("</fo:root>\n");
    w.close();
  }

  // The back-of-book index, in two columns: a heading per letter group,
  // each term with the page number of each occurrence (fo:page-number-
  // citation, a link to it); a secondary term indented under its primary.
  // Written to w a citation at a time, each occurrence read again from its
  // article's part: nothing of it grows with the book.
  void index_pages(const pubpipe::Context &book, const std::vector<IndexEntry> &index, const PageMap *pages, Writer &w) const {
    w.put("<fo:page-sequence master-reference=\"index\" initial-page-number=\"auto-odd\">\n" + running_static(book_title_, "Index") +
          "<fo:flow flow-name=\"xsl-region-body\">\n<fo:block id=\"book-index\" font-size=\"18pt\" font-weight=\"bold\" "
          "space-after=\"10pt\" span=\"all\">Index</fo:block>\n");
    const auto citations = [&](const IndexEntry &e) {
      std::set<std::string> cited;
      for_each_place(book, e, [&](size_t, const std::string &id) {
        if (pages) {
          auto it = pages->page_of.find(id);
          if (it != pages->page_of.end() && !cited.insert(it->second).second) return;
        }
        w.put(std::string(", <fo:basic-link internal-destination=\"") + escape(id) + "\"><fo:page-number-citation ref-id=\"" + escape(id) +
              "\"/></fo:basic-link>");
      });
    };
    std::string group;
    for (size_t k = 0; k < index.size(); ++k) {
      const IndexEntry &e = index[k];
      if (k == 0 || e.group != group) {
        group = e.group;
        w.put("<fo:block font-weight=\"bold\" space-before=\"8pt\" space-after=\"2pt\" keep-with-next=\"always\">" + escape(group) + "</fo:block>\n");
      }
      const bool sub = !e.secondary.empty();
      if (sub && (k == 0 || index[k - 1].primary != e.primary))
        w.put("<fo:block font-size=\"9.5pt\" start-indent=\"12pt\" text-indent=\"-12pt\" keep-with-next=\"always\">" + escape(e.primary) + "</fo:block>\n");
      w.put(std::string("<fo:block font-size=\"9.5pt\" text-align=\"start\" start-indent=\"") + (sub ? "24pt" : "12pt") + "\" text-indent=\"-12pt\">" +
            escape(sub ? e.secondary : e.primary));
      citations(e);
      w.put("</fo:block>\n");
    }
    w.put("</fo:flow>\n</fo:page-sequence>\n");
  }

  // Reads FOP's area tree: each pageViewport's printed number, and the
  // prod-id (the FO id) of every area on it.
  static PageMap read_area_tree(const std::string &path) {
    PageMap m;
    std::unique_ptr<xmlTextReader, void (*)(xmlTextReaderPtr)> r(xmlReaderForFile(path.c_str(), nullptr, XML_PARSE_NONET), xmlFreeTextReader);
    if (!r) throw pubpipe::Error("cannot read FOP's area tree");
    std::string page;
    int rc;
    while ((rc = xmlTextReaderRead(r.get())) == 1) {
      if (xmlTextReaderNodeType(r.get()) != XML_READER_TYPE_ELEMENT) continue;
      const auto get = [&](const char *name) {
        xmlChar *v = xmlTextReaderGetAttribute(r.get(), X(name));
        std::string s = v ? reinterpret_cast<const char *>(v) : "";
        xmlFree(v);
        return s;
      };
      if (xmlStrEqual(xmlTextReaderConstLocalName(r.get()), X("pageViewport"))) page = get("formatted-nr");
      if (const std::string id = get("prod-id"); !id.empty() && !page.empty() && m.page_of.emplace(id, page).second) m.ids.emplace_back(id, page);
    }
    if (rc != 0) throw pubpipe::Error("FOP's area tree is not well-formed XML");
    return m;
  }

  // The page map: for each id of the FO, the printed page it starts on, as
  // the EPUB writer's `page_map` reads it.
  static void write_page_map(const PageMap &m, const std::string &path, const std::string &pdf_name) {
    Writer w(path);
    w.put("# pubpipe page map: the PDF page each id starts on (id TAB page), in reading order\nsource\t" + pdf_name + "\n");
    for (const auto &[id, page] : m.ids) w.put(id + "\t" + page + "\n");
    w.close();
  }

  // The outline is the articles' "toc" parts down to toc_depth, then the
  // index (if any), read from the store as it is written.
  template <class F>
  void for_each_outline(const pubpipe::Context &book, bool index, F f) const {
    for_each_toc_line(book, "toc", [&](size_t, int depth, const std::string &id, const std::string &title) {
      if (depth <= toc_depth_) f(depth, id, title);
    });
    if (index) f(1, "book-index", "Index");
  }

  void bookmarks(const pubpipe::Context &book, bool index, Writer &w) const {
    Nesting nesting;
    const auto close = [&] { w.put("</fo:bookmark>\n"); };
    for_each_outline(book, index, [&](int depth, const std::string &id, const std::string &title) {
      nesting.enter(depth, close);
      w.put("<fo:bookmark internal-destination=\"" + escape(id) + "\"><fo:bookmark-title>" + escape(title) + "</fo:bookmark-title>\n");
    });
    nesting.finish(close);
  }

  std::string title_page(pubpipe::Context &book) const {
    std::string s = "<fo:page-sequence master-reference=\"title\">\n<fo:flow flow-name=\"xsl-region-body\">\n"
                    "<fo:block text-align=\"center\" space-before=\"60mm\" font-size=\"28pt\" font-weight=\"bold\">" + escape(book_title_) + "</fo:block>\n";
    if (auto sub = book.book_meta("subtitle"); !sub.empty())
      s += "<fo:block text-align=\"center\" space-before=\"6mm\" font-size=\"16pt\" font-style=\"italic\">" + escape(sub) + "</fo:block>\n";
    for (const auto &a : book_authors(book))
      s += "<fo:block text-align=\"center\" space-before=\"4mm\" font-size=\"13pt\">" + escape(a) + "</fo:block>\n";
    if (auto p = book.book_meta("publisher"); !p.empty())
      s += "<fo:block text-align=\"center\" space-before=\"40mm\" font-size=\"11pt\">" + escape(p) + "</fo:block>\n";
    s += "<fo:block text-align=\"center\" space-before=\"4mm\" font-size=\"10pt\">" + escape(book.book_meta("date")) + "</fo:block>\n";
    return s + "</fo:flow>\n</fo:page-sequence>\n";
  }

  void contents(const pubpipe::Context &book, bool index, Writer &w) const {
    w.put("<fo:page-sequence master-reference=\"body\" format=\"i\">\n" + running_static(book_title_, "Contents") +
          "<fo:flow flow-name=\"xsl-region-body\">\n<fo:block font-size=\"18pt\" font-weight=\"bold\" space-after=\"10pt\">Contents</fo:block>\n");
    for_each_outline(book, index, [&](int depth, const std::string &id, const std::string &title) {
      w.put("<fo:block text-align-last=\"justify\" start-indent=\"" + std::to_string((depth - 1) * 14) + "pt\"" +
            (depth == 1 ? " font-weight=\"bold\" space-before=\"5pt\"" : "") + "><fo:basic-link internal-destination=\"" + escape(id) +
            "\">" + escape(title) + "</fo:basic-link><fo:leader leader-pattern=\"dots\"/><fo:page-number-citation ref-id=\"" +
            escape(id) + "\"/></fo:block>\n");
    });
    w.put("</fo:flow>\n</fo:page-sequence>\n");
  }

  std::string find_fop() const {
    if (fop_.find('/') != std::string::npos) return Poco::File(fop_).exists() ? fop_ : "";
    Poco::Path found;
    return Poco::Path::find(Poco::Environment::get("PATH", "/usr/bin:/bin"), fop_, found) ? found.toString() : "";
  }

  // Runs FOP with args through the plugins' one spawner: its own session,
  // under a keeper, killed with everything it started (the JVM's children
  // too) if it takes longer than fop_timeout.  No CPU limit: a JVM's
  // threads add up CPU time faster than the clock, and the deadline bounds
  // it anyway.  Its messages (standard output and error, one stream) are
  // kept for the error.  The file it writes must start with `magic`.
  void run_fop(std::vector<std::string> args, const std::string &wrote, const std::string &magic) const {
    pubpipe::spawn::Request run;
    args.insert(args.begin(), find_fop());
    run.argv = std::move(args);
    run.seconds = fop_timeout_;
    run.out_to_err = true;
    const pubpipe::spawn::Result r = pubpipe::spawn::run(run);
    const std::string said = r.err.substr(0, 2000);
    if (r.timed_out)
      throw pubpipe::Error("FOP took longer than fop_timeout (" + (std::ostringstream() << fop_timeout_).str() + " s) and was killed, with all it started" +
                           (said.empty() ? std::string() : ": " + said));
    if (WIFSIGNALED(r.status)) throw pubpipe::Error("FOP was killed by signal " + std::to_string(WTERMSIG(r.status)) + ": " + said);
    const int rc = WEXITSTATUS(r.status);
    if (rc != 0) throw pubpipe::Error("FOP failed (exit " + std::to_string(rc) + "): " + said);
    std::string head(magic.size(), '\0');
    std::ifstream(wrote, std::ios::binary).read(head.data(), static_cast<std::streamsize>(head.size()));
    if (head != magic) throw pubpipe::Error("FOP wrote no " + std::string(magic == "%PDF-" ? "PDF" : "area tree") + ": " + said);
  }

  std::string book_title_, fop_, page_, font_family_, pdf_name_;
  double font_size_ = 10.5, fop_timeout_ = 600;
  int toc_depth_ = 2;
  bool pdf_ = false, page_map_ = false;
};

}  // namespace

PUBPIPE_PLUGIN(XslFoWriter)
