// epub.cpp: the EPUB 3 writer.  The document stage renders each article to
// XHTML in the workers; the book stage resolves links between files, writes
// the package document, navigation, NCX, cover, title page and stylesheet,
// and zips it all with minizip: mimetype first and stored, fixed timestamps,
// fixed entry order.
#include <pubpipe/plugin.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "../common/common.hpp"
#include "../common/front_coded.hpp"
#include "../common/index.hpp"
#include "style.hpp"
#include "xhtml.hpp"
#include "zip.hpp"

namespace {

using namespace pubpipe::common;
using epub::Entry;
using epub::escape;
using epub::zip_entries;

std::string join_lines(const std::vector<std::string> &v) {
  std::string s;
  for (const auto &x : v) s += x + "\n";
  return s;
}

std::vector<std::string> lines(std::string_view s) {
  std::vector<std::string> out;
  for (auto &l : split(s, '\n'))
    if (!l.empty()) out.push_back(std::move(l));
  return out;
}

// Whether one of the lines of s is line (not empty), without splitting s.
bool has_line(std::string_view s, std::string_view line) {
  for (size_t at = s.find(line); at != std::string_view::npos; at = s.find(line, at + 1))
    if ((at == 0 || s[at - 1] == '\n') && (at + line.size() == s.size() || s[at + line.size()] == '\n')) return true;
  return false;
}

struct Image {
  std::string media_type, extension;
};

std::optional<Image> sniff_image(std::string_view b) {
  if (b.substr(0, 8) == "\x89PNG\r\n\x1a\n") return Image{"image/png", "png"};
  if (b.substr(0, 3) == "\xff\xd8\xff") return Image{"image/jpeg", "jpg"};
  if (b.substr(0, 6) == "GIF87a" || b.substr(0, 6) == "GIF89a") return Image{"image/gif", "gif"};
  if (b.substr(0, 1024).find("<svg") != std::string_view::npos) return Image{"image/svg+xml", "svg"};
  return std::nullopt;
}

std::optional<Image> sniff_font(std::string_view b) {
  if (b.substr(0, 4) == std::string_view("\0\1\0\0", 4) || b.substr(0, 4) == "true") return Image{"font/ttf", "ttf"};
  if (b.substr(0, 4) == "OTTO") return Image{"font/otf", "otf"};
  if (b.substr(0, 4) == "wOFF") return Image{"font/woff", "woff"};
  if (b.substr(0, 4) == "wOF2") return Image{"font/woff2", "woff2"};
  return std::nullopt;
}

// A line-wrapped title for the generated cover.
std::vector<std::string> wrap(const std::string &s, size_t width) {
  std::vector<std::string> out;
  std::string line;
  for (const auto &w : split(s, ' ')) {
    if (!line.empty() && line.size() + 1 + w.size() > width) out.push_back(line), line.clear();
    line += (line.empty() ? "" : " ") + w;
  }
  if (!line.empty()) out.push_back(line);
  return out;
}

// The table of contents is never held for the whole book: it is read
// again from the articles' "toc" parts, one article at a time, each time it
// is written.
using TocItem = std::function<void(int, const std::string &, const std::string &)>;

// An entry in pieces (epub::Entry::pieces), for the navigation, the NCX and
// the package document, which grow with the book: step(state, k, out)
// appends the k-th piece (its beginning, one article's lines, its end) and
// returns false after the last.  Each pass starts with a fresh
// State (the nesting of the contents so far), so only one article's lines
// are held at a time.
template <class State, class Step>
std::function<epub::NextPiece()> in_pieces(Step step) {
  return [step] {
    return epub::NextPiece([step, state = State(), k = size_t(0)](std::string *out) mutable { return step(state, k++, out); });
  };
}

// The nested <ol> of the navigation document, an item at a time.
struct NavList {
  int depth = 1;
  bool first = true;
  void item(std::string *out, int item_depth, const std::string &href, const std::string &title) {
    const int d = std::min(item_depth, depth + 1);
    if (!first) {
      if (d > depth) *out += "\n<ol>\n";
      else *out += "</li>\n";
      for (int x = depth; x > d; --x) *out += "</ol>\n</li>\n";
    }
    first = false;
    depth = d;
    out->append("<li><a href=\"").append(escape(href)).append("\">").append(escape(title)).append("</a>");
  }
  void finish(std::string *out) const {
    if (!first) *out += "</li>\n";
    for (int x = depth; x > 1; --x) *out += "</ol>\n</li>\n";
    *out += "</ol>\n";
  }
};

// The NCX's nested <navPoint>s, a point at a time.
struct NcxPoints {
  Nesting nesting;
  size_t k = 0;
  void item(std::string *out, int depth, const std::string &href, const std::string &title) {
    nesting.enter(depth, [out] { *out += "</navPoint>\n"; });
    ++k;
    out->append("<navPoint id=\"np-").append(std::to_string(k)).append("\" playOrder=\"").append(std::to_string(k));
    out->append("\"><navLabel><text>").append(escape(title)).append("</text></navLabel><content src=\"").append(escape(href)).append("\"/>\n");
  }
  void finish(std::string *out) {
    nesting.finish([out] { *out += "</navPoint>\n"; });
  }
};

// Where the index page (EpubWriter::index_piece) has got to: the entry
// (SIZE_MAX before the page's head), the article among its articles, and
// what of the entry is written.
struct IndexPage {
  size_t k = SIZE_MAX;
  ArticleList::const_iterator article;  // the entry's next article, once it is opened
  bool opened = false, first = true, ended = false;
  std::set<std::string> cited;  // the printed pages the entry cites so far
};

// The PDF's pages, from the xsl-fo writer's page map.
struct PrintPages {
  std::string source;  // the PDF's file name
  std::map<std::string, std::string> page_of;  // id -> printed page it starts on
  std::map<std::string, std::string> break_at;  // page anchor id -> the page that starts there
  std::vector<std::pair<std::string, std::string>> pages;  // (page, file#span id), in reading order
  std::string span_id(const std::string &page) const {
    std::string id = "page-";
    for (unsigned char c : page) id += std::isalnum(c) && c < 0x80 ? static_cast<char>(c) : '-';
    return id;
  }
};

// The page-list navigation: every printed page that has a marker.
std::string page_list(const PrintPages &print) {
  if (print.pages.empty()) return "";
  std::string s = "<nav epub:type=\"page-list\" id=\"page-list\" role=\"doc-pagelist\" aria-label=\"Pages of the PDF edition\" "
                  "hidden=\"hidden\">\n<h2>Pages</h2>\n<ol>\n";
  for (const auto &[page, href] : print.pages) s += "<li><a href=\"" + escape(href) + "\">" + escape(page) + "</a></li>\n";
  return s + "</ol>\n</nav>\n";
}

// An article's first file is ch-ID.xhtml, its further ones (split at
// sections) ch-ID-2.xhtml, ...
std::string page_file(const std::string &aid, size_t k) { return "ch-" + aid + (k == 0 ? "" : "-" + std::to_string(k + 1)) + ".xhtml"; }

// The articles' files, held in a few bytes an article for a book of any
// length: the id each article's files are named from (page_file), and a
// letter a page as the "pages" part gives it (z: deflated by the document
// stage, x: links or page breaks left to resolve), the high bit set on an
// article's first page; where every kBlock-th article's pages begin.
class BookFiles {
 public:
  // For a book of n articles.
  explicit BookFiles(size_t n) {
    block_start_.reserve(n / kBlock + 1);
    ids_.reserve(n);
  }
  void add(std::string_view id, std::string_view kinds) {
    if (ids_.bytes() + id.size() + 3 > UINT32_MAX || kinds_.size() + kinds.size() > UINT32_MAX)
      throw pubpipe::Error("the book's article ids or pages take over 4 GiB");
    if (kinds.empty() || std::any_of(kinds.begin(), kinds.end(), [](char c) { return c & kFirst; }))
      throw pubpipe::Error("an article's \"pages\" part is damaged (no page, or a page letter that is not ASCII)");
    if (ids_.size() % kBlock == 0) block_start_.push_back(static_cast<uint32_t>(kinds_.size()));
    ids_.push_back(id);
    kinds_ += static_cast<char>(kinds[0] | kFirst);
    kinds_.append(kinds.substr(1));
  }
  // The letters are all added: what the list holds is freed of its room to grow.
  void shrink_to_fit() {
    ids_.shrink_to_fit();
    kinds_.shrink_to_fit();
  }
  size_t pages(size_t i) const {
    const size_t first = first_page(i);
    return next_article(first) - first;
  }
  char kind(size_t i, size_t k) const { return static_cast<char>(kinds_[first_page(i) + k] & ~kFirst); }
  size_t page_count() const { return kinds_.size(); }
  size_t count_kind(char c) const {
    return static_cast<size_t>(std::count_if(kinds_.begin(), kinds_.end(), [c](char k) { return static_cast<char>(k & ~kFirst) == c; }));
  }
  // The article and its page of the book's p-th page.
  std::pair<size_t, size_t> page(size_t p) const {
    if (p >= kinds_.size()) throw std::out_of_range("no such page");
    const size_t b = static_cast<size_t>(std::upper_bound(block_start_.begin(), block_start_.end(), p) - block_start_.begin()) - 1;
    size_t i = b * kBlock, first = block_start_[b];
    for (size_t next; (next = next_article(first)) <= p; first = next) ++i;
    return {i, p - first};
  }
  std::string id(size_t i) const {
    if (i >= ids_.size()) throw std::out_of_range("no such article");
    return ids_[i];
  }
  // The k-th file of article i; throws std::out_of_range for one it lacks.
  std::string file(size_t i, size_t k) const {
    if (k >= pages(i)) throw std::out_of_range("no such page");
    return page_file(id(i), k);
  }
  // The package's id of that file.
  static std::string item(size_t i, size_t k) { return "ch" + std::to_string(i + 1) + (k == 0 ? "" : "-" + std::to_string(k + 1)); }

 private:
  static constexpr size_t kBlock = 32;
  static constexpr char kFirst = static_cast<char>(0x80);  // the letters are ASCII
  size_t first_page(size_t i) const {
    if (i >= ids_.size()) throw std::out_of_range("no such article");
    size_t p = block_start_[i / kBlock];
    for (size_t m = i % kBlock; m > 0; --m) p = next_article(p);
    return p;
  }
  // The first page of the article after the one whose first page is p.
  size_t next_article(size_t p) const {
    do ++p;
    while (p < kinds_.size() && !(kinds_[p] & kFirst));
    return p;
  }
  pubpipe::FrontCoded ids_;  // (as the core packs the input paths; no xml:id holds a NUL)
  std::string kinds_;
  std::vector<uint32_t> block_start_;  // 4 bytes every kBlock articles
};

class EpubWriter {
 public:
  static constexpr pubpipe::PluginInfo info{"epub", "0.1.0", "MIT",
                                            "Writes the book as an EPUB 3 that epubcheck passes, with NCX, cover and accessibility metadata."};
  static constexpr pubpipe::StageInfo document_stage{"render", "tree", ""};
  static constexpr pubpipe::StageInfo book_stage{"package", "tree", ""};
  static constexpr pubpipe::Option options[] = {
      {"toc_depth", PP_OPT_INT, "2", nullptr, "How deep the table of contents goes: 1 articles, 2 their sections, 3 subsections."},
      {"notes", PP_OPT_ENUM, "article", "article|book",
       "Where each article's references and glossary go: at its end, or together at the end of the book."},
      {"ncx", PP_OPT_BOOL, "true", nullptr, "Also write an NCX table of contents for EPUB 2 readers."},
      {"split_sections", PP_OPT_BOOL, "false", nullptr,
       "Put each top-level section of an article in a file of its own (for long articles and slow readers)."},
      {"cover", PP_OPT_RESOURCE, nullptr, nullptr, "A cover image (PNG, JPEG, GIF or SVG); without one, a typographic cover is made."},
      {"title_page", PP_OPT_BOOL, "true", nullptr, "Write a title page after the cover."},
      {"stylesheet", PP_OPT_RESOURCE, nullptr, nullptr, "Your CSS, applied after the default stylesheet."},
      {"default_stylesheet", PP_OPT_BOOL, "true", nullptr, "Include the default stylesheet."},
      {"font", PP_OPT_RESOURCE, nullptr, nullptr, "A font file (TTF, OTF, WOFF, WOFF2) to embed and use for the body text."},
      {"accessibility_summary", PP_OPT_STRING, nullptr, nullptr,
       "The schema:accessibilitySummary of the package; without one, it is written from what the book holds."},
      {"conformance", PP_OPT_ENUM, "auto", "auto|claim|none",
       "The EPUB Accessibility 1.1 (WCAG 2.1 AA) claim, dcterms:conformsTo: `auto` states it when the writer made every page and style "
       "(no `stylesheet`, the default stylesheet on), `claim` always (you checked your own CSS, e.g. with DAISY Ace), `none` never."},
      {"certified_by", PP_OPT_STRING, nullptr, nullptr,
       "Who evaluated the book, for a11y:certifiedBy with the conformance claim; without it, the book's publisher, else pubpipe."},
      {"page_map", PP_OPT_RESOURCE, nullptr, nullptr,
       "The page map an xsl-fo output writes with its PDF (its `page_map`): the EPUB gets that PDF's page numbers as page-break "
       "markers and a page-list, and its index cites pages. The xsl-fo output then runs first."},
  };

  explicit EpubWriter(pubpipe::Context &setup) {
    const int64_t depth = setup.option_int("toc_depth");
    if (depth < 1 || depth > 6) throw pubpipe::Error("toc_depth must be between 1 and 6");
    render_.toc_depth = static_cast<int>(depth);
    render_.notes_at_end = setup.option_string("notes") == "book";
    render_.split_sections = setup.option_bool("split_sections");
    render_.language = setup.book_meta("language");
    if (render_.language.empty()) render_.language = "en";
    ncx_ = setup.option_bool("ncx");
    title_page_ = setup.option_bool("title_page");
    default_css_ = setup.option_bool("default_stylesheet");
    if (setup.has_string("accessibility_summary")) summary_ = setup.option_string("accessibility_summary");
    conformance_ = setup.option_string("conformance");
    if (setup.has_string("certified_by")) certified_by_ = setup.option_string("certified_by");
    if (setup.has_string("cover")) {
      cover_ = std::string(setup.resource("cover"));
      auto type = sniff_image(cover_);
      if (!type) throw pubpipe::Error(setup.option_string("cover") + ": the cover is not a PNG, JPEG, GIF or SVG image");
      cover_type_ = *type;
    }
    render_.page_markers = setup.has_string("page_map");
    if (setup.has_string("stylesheet")) user_css_ = std::string(setup.resource("stylesheet"));
    if (setup.has_string("font")) {
      font_ = std::string(setup.resource("font"));
      auto type = sniff_font(font_);
      if (!type) throw pubpipe::Error(setup.option_string("font") + ": not a TTF, OTF, WOFF or WOFF2 font");
      font_type_ = *type;
    }
  }

  // The document stage renders the article and resolves every link whose
  // target is in the article itself (its files are named from its id); a
  // page left with no link for the book stage is deflated here, in the
  // workers, and kept deflated (in the article cache too).  Parts:
  //   pages       "N TAB article-id TAB has-notes TAB one letter a page, z
  //               deflated, x XHTML left to resolve", then the ids that links
  //               of its pages or notes point to outside the article
  //   page-K      the page: pack_deflated's form, or XHTML with markers left
  //   page-ids-K, note-ids, notes, page-anchors, toc (depth TAB href TAB
  //               title), authors, index
  void document(pubpipe::Context &doc) {
    epub::Rendered r = epub::render_article(xmlDocGetRootElement(doc.tree()), render_);
    std::string aid;  // as the book stage names the files: the first id the first page holds
    for (const auto &id : r.page_ids.at(0))
      if (!id.empty()) {
        aid = id;
        break;
      }
    std::unordered_map<std::string, std::string> local;  // id -> its file, the first one wins (as in the book stage)
    for (size_t k = 0; k < r.pages.size(); ++k)
      for (const auto &id : r.page_ids[k])
        if (!id.empty()) local.emplace(id, page_file(aid, k));
    for (const auto &id : r.note_ids)
      if (!id.empty()) local.emplace(id, "notes.xhtml");
    std::set<std::string> foreign;
    // Resolves the page's link markers to ids in the article; *left says
    // whether a marker was left for the book stage (a link out of it).
    const auto resolve_local = [&](const std::string &page, const std::string &file, bool *left) {
      std::string out;
      out.reserve(page.size());
      for (size_t at = 0;;) {
        const size_t m = page.find('\x01', at);
        if (m == std::string::npos) return out.append(page, at, std::string::npos);
        const size_t e = page.find('\x01', m + 1);
        if (e == std::string::npos) throw pubpipe::Error("a broken link marker in " + file);
        out.append(page, at, m - at);
        const std::string id = page.substr(m + 1, e - m - 1);
        if (auto it = local.find(id); it != local.end()) out += (it->second == file ? "" : it->second) + "#" + id;
        else out.append(page, m, e + 1 - m), foreign.insert(id), *left = true;
        at = e + 1;
      }
    };
    bool notes_left = false;
    const std::string notes = resolve_local(r.notes, "notes.xhtml", &notes_left);
    std::string kinds;
    for (size_t k = 0; k < r.pages.size(); ++k) {
      bool left = false;
      const std::string page = resolve_local(r.pages[k], page_file(aid, k), &left);
      // Final: no link left for the book stage and no page-break marker.
      const bool final = !left && page.find('\x02') == std::string::npos;
      kinds += final ? 'z' : 'x';
      doc.attach(("page-" + std::to_string(k)).c_str(), final ? epub::pack_deflated(page) : page);
      doc.attach(("page-ids-" + std::to_string(k)).c_str(), join_lines(r.page_ids[k]));
    }
    std::string head = std::to_string(r.pages.size()) + "\t" + aid + "\t" + (r.note_ids.empty() ? "0" : "1") + "\t" + kinds + "\n";
    for (const auto &id : foreign) head += id + "\n";
    doc.attach("pages", head);
    doc.attach("notes", notes);
    doc.attach("note-ids", join_lines(r.note_ids));
    std::string anchors;
    for (const auto &[k, id] : r.page_anchors) anchors += std::to_string(k) + "\t" + id + "\n";
    doc.attach("page-anchors", anchors);
    std::string toc;
    for (const auto &t : r.toc) {
      auto at = local.find(t.id);
      const std::string href = t.depth == 1 || at == local.end() ? page_file(aid, 0) : at->second + "#" + t.id;
      toc += std::to_string(t.depth) + "\t" + href + "\t" + t.title + "\n";
    }
    doc.attach("toc", toc);
    doc.attach("authors", article_authors(xmlDocGetRootElement(doc.tree())));
    doc.attach("index", index_part(xmlDocGetRootElement(doc.tree())));
  }

  void book(pubpipe::Context &book) {
    const size_t n = book.book_size();
    // Which file holds each id that a link left for this stage points to
    // (a page's link out of its article; with page_map, every id), as
    // (article, page); page kNotes: notes.xhtml.  The index's locators are
    // not here: each is looked up in its own article (index_href).
    constexpr uint32_t kNotes = UINT32_MAX;
    std::unordered_map<std::string, std::pair<uint32_t, uint32_t>> where;
    BookFiles files(n);
    std::vector<bool> has_notes(n);
    std::set<std::string> wanted;
    bool any_notes = false;
    for (size_t i = 0; i < n; ++i) {
      const std::vector<std::string> head = lines(book.part(i, "pages"));
      const std::vector<std::string> f = head.empty() ? std::vector<std::string>{} : split(head[0], '\t');
      const int pages = f.size() == 4 ? std::atoi(f[0].c_str()) : 0;
      if (pages < 1 || f[3].size() != static_cast<size_t>(pages)) throw pubpipe::Error("article " + std::to_string(i + 1) + " was not rendered by the document stage");
      files.add(f[1], f[3]);
      has_notes[i] = f[2] == "1";
      any_notes = any_notes || has_notes[i];
      wanted.insert(head.begin() + 1, head.end());
    }
    files.shrink_to_fit();
    const std::vector<IndexEntry> index = book_index(book, render_.language);
    if (!wanted.empty() || render_.page_markers)
      for (size_t i = 0; i < n; ++i) {
        const auto want = [&](const std::string &id) { return render_.page_markers || wanted.count(id); };
        for (size_t k = 0, count = files.pages(i); k < count; ++k)
          for (const auto &id : lines(book.part(i, ("page-ids-" + std::to_string(k)).c_str())))
            if (want(id)) where.emplace(id, std::make_pair(static_cast<uint32_t>(i), static_cast<uint32_t>(k)));
        if (has_notes[i])
          for (const auto &id : lines(book.part(i, "note-ids")))
            if (want(id)) where.emplace(id, std::make_pair(static_cast<uint32_t>(i), kNotes));
      }
    std::set<std::string>().swap(wanted);
    const auto file_of = [&](const std::pair<uint32_t, uint32_t> &w) {
      return w.second == kNotes ? std::string("notes.xhtml") : files.file(w.first, w.second);
    };
    // The printed pages (page_map): where each starts, and the page of
    // every id, for the page-break markers, the page-list and the index.
    const PrintPages print = page_markers(book, where, files);
    const auto resolve = [&](std::string_view page, const std::string &file) {
      std::string out;
      out.reserve(page.size());
      for (size_t at = 0;;) {
        const size_t m = page.find_first_of("\x01\x02", at);
        if (m == std::string_view::npos) return out.append(page.substr(at));
        const size_t e = page.find(page[m], m + 1);
        if (e == std::string_view::npos) throw pubpipe::Error("a broken link marker in " + file);
        out.append(page.substr(at, m - at));
        const std::string id(page.substr(m + 1, e - m - 1));
        if (page[m] == '\x02') {
          if (auto b = print.break_at.find(id); b != print.break_at.end())
            out += "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"" + escape(print.span_id(b->second)) + "\" aria-label=\"" +
                   escape(b->second) + "\"></span>";
          at = e + 1;
          continue;
        }
        auto it = where.find(id);
        if (it == where.end()) book.warn(0, "the link to '" + id + "' in " + file + " has no target in the EPUB");
        if (it != where.end())
          if (const std::string target = file_of(it->second); target != file) out += target;
        out += "#" + id;
        at = e + 1;
      }
    };

    const std::string title = book.book_meta("title"), subtitle = book.book_meta("subtitle");
    const std::string lang = render_.language, identifier = book.book_meta("identifier");
    const std::vector<std::string> authors = book_authors(book);

    std::vector<Entry> entries;
    entries.push_back({"mimetype", "application/epub+zip", {}});
    entries.push_back({"META-INF/container.xml",
                       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container version=\"1.0\" "
                       "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n<rootfiles>\n<rootfile "
                       "full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n", {}});
    std::vector<std::pair<std::string, std::string>> manifest;  // id, href + attributes
    std::vector<std::pair<std::string, bool>> spine;           // id, linear
    const auto declare = [&](const std::string &id, const std::string &name, const std::string &type, const std::string &props) {
      manifest.emplace_back(id, "href=\"" + escape(name) + "\" media-type=\"" + type + "\"" +
                                    (props.empty() ? "" : " properties=\"" + props + "\""));
    };
    const auto add_file = [&](const std::string &id, const std::string &name, const std::string &type, std::string bytes,
                              const std::string &props = "") {
      entries.push_back({"EPUB/" + name, std::move(bytes), {}});
      declare(id, name, type, props);
    };
    // Article pages are made when the archive is written, one at a time.
    const auto add_page = [&](const std::string &id, const std::string &name, std::function<std::string()> make, bool packed = false) {
      entries.push_back({"EPUB/" + name, "", std::move(make), packed});
      declare(id, name, "application/xhtml+xml", "");
      spine.emplace_back(id, true);
    };

    // Cover: the given image, or one made from the metadata.
    std::string cover_image = cover_, cover_name = "images/cover." + cover_type_.extension;
    if (cover_image.empty()) {
      cover_image = typographic_cover(title, subtitle, authors);
      cover_name = "images/cover.svg";
    }
    const std::string cover_media = cover_.empty() ? "image/svg+xml" : cover_type_.media_type;
    add_file("cover-image", cover_name, cover_media, cover_image, "cover-image");
    add_file("cover", "cover.xhtml", "application/xhtml+xml",
             epub::page_head("Cover", lang, "css/style.css") +
                 "<body class=\"cover\">\n<section epub:type=\"cover\" class=\"cover\">\n<img src=\"" + escape(cover_name) +
                 "\" alt=\"" + escape("Cover: " + title) + "\"/>\n</section>\n</body>\n</html>\n");
    spine.emplace_back("cover", true);
    if (title_page_) {
      add_file("titlepage", "title.xhtml", "application/xhtml+xml", title_page(title, subtitle, authors, book));
      spine.emplace_back("titlepage", true);
    }

    // The table of contents, from each article's headings, then the
    // book's own pages.
    const auto back_items = [&](const TocItem &f) {
      if (any_notes) f(1, "notes.xhtml", "Notes and references");
      if (!index.empty()) f(1, "index.xhtml", "Index");
    };
    // The navigation, the NCX and the package document are made in pieces
    // when the archive is written: their beginning, an article's lines at a
    // time, their end.
    Entry nav{"EPUB/nav.xhtml", "", {}};
    nav.pieces = in_pieces<NavList>([&](NavList &list, size_t k, std::string *out) {
      if (k == 0) *out += epub::page_head(title, lang, "css/style.css") + "<body>\n<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>Contents</h1>\n<ol>\n";
      else if (k <= n) each_toc_line(book, k - 1, "toc", [&](int d, const std::string &href, const std::string &t) { list.item(out, d, href, t); });
      else if (k == n + 1) {
        back_items([&](int d, const std::string &href, const std::string &t) { list.item(out, d, href, t); });
        list.finish(out);
        *out += "</nav>\n" + page_list(print) + "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>Landmarks</h2>\n<ol>\n" +
                "<li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>\n" +
                (title_page_ ? "<li><a epub:type=\"titlepage\" href=\"title.xhtml\">Title page</a></li>\n" : "") +
                "<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">Contents</a></li>\n" +
                (n ? "<li><a epub:type=\"bodymatter\" href=\"" + files.file(0, 0) + "\">Start of content</a></li>\n" : "") +
                (any_notes ? "<li><a epub:type=\"bibliography\" href=\"notes.xhtml\">Notes and references</a></li>\n" : "") +
                (index.empty() ? "" : "<li><a epub:type=\"index\" href=\"index.xhtml\">Index</a></li>\n") +
                "</ol>\n</nav>\n</body>\n</html>\n";
      } else return false;
      return true;
    });
    entries.push_back(std::move(nav));
    declare("nav", "nav.xhtml", "application/xhtml+xml", "nav");
    spine.emplace_back("nav", true);

    // A page the document stage deflated is copied as it is; the others
    // are resolved and deflated as the archive is written.
    const size_t copied = files.count_kind('z'), deflated = files.page_count() - copied;
    book.note(0, std::to_string(copied) + " article pages deflated in the document stage and copied, " + std::to_string(deflated) +
                     " with links to other articles or page breaks resolved and deflated here");
    // The pages are one run of entries, and their items in the manifest
    // and the spine are written from `files` where these positions say.
    const size_t manifest_pages = manifest.size(), spine_pages = spine.size();
    Entry pages;
    pages.count = files.page_count();
    pages.nth = [&](size_t page) {
      const auto [i, k] = files.page(page);
      const bool z = files.kind(i, k) == 'z';
      const std::string name = files.file(i, k);
      return Entry{"EPUB/" + name, "", [&, i = i, k = k, z, name] {
                     const std::string_view p = book.part(i, ("page-" + std::to_string(k)).c_str());
                     return z ? std::string(p) : resolve(p, name);
                   }, z};
    };
    entries.push_back(std::move(pages));
    if (any_notes)
      add_page("notes", "notes.xhtml", [&] {
        std::string notes = epub::page_head("Notes and references", lang, "css/style.css") +
                            "<body>\n<section epub:type=\"backmatter\" id=\"notes\">\n<h1>Notes and references</h1>\n";
        for (size_t i = 0; i < n; ++i)
          if (has_notes[i]) notes += resolve(book.part(i, "notes"), "notes.xhtml");
        return notes + "</section>\n</body>\n</html>\n";
      });

    std::set<std::string> unplaced;  // the index's anchors found in no file, each warned of once
    if (!index.empty()) {
      // A locator's target and its article's title are read from that
      // article's parts as the page is made, not held for the book: the
      // file among its pages, then its notes, that holds the anchor.
      const auto href = [&](size_t i, const std::string &id) {
        for (size_t k = 0, count = files.pages(i); k < count; ++k)
          if (has_line(book.part(i, ("page-ids-" + std::to_string(k)).c_str()), id)) return files.file(i, k) + "#" + id;
        if (has_notes[i] && has_line(book.part(i, "note-ids"), id)) return "notes.xhtml#" + id;
        if (unplaced.insert(id).second) book.warn(0, "the link to '" + id + "' in index.xhtml has no target in the EPUB");
        return "#" + id;
      };
      const auto title = [&](size_t i) {
        for (const auto &l : lines(book.part(i, "toc")))
          if (const auto f = split(l, '\t'); f.size() == 3 && f[0] == "1" && !f[2].empty()) return f[2];
        return std::string();
      };
      Entry page{"EPUB/index.xhtml", "", {}};
      page.pieces = in_pieces<IndexPage>(
          [&, href, title](IndexPage &p, size_t, std::string *out) { return index_piece(book, index, href, title, print, lang, p, out); });
      entries.push_back(std::move(page));
      declare("index", "index.xhtml", "application/xhtml+xml", "");
      spine.emplace_back("index", true);
    }

    std::string css = default_css_ ? epub::kDefaultStylesheet : "";
    if (!font_.empty()) {
      const std::string font_name = "fonts/body." + font_type_.extension;
      add_file("font", font_name, font_type_.media_type, font_);
      css = "@font-face { font-family: \"Body\"; src: url(\"../" + font_name + "\"); }\nbody { font-family: \"Body\", serif; }\n" + css;
    }
    add_file("css", "css/style.css", "text/css", css + user_css_);
    if (ncx_) {
      // dtb:depth, in the NCX's head: one pass over the contents, once.
      int depth = 1;
      const TocItem deepest = [&](int d, const std::string &, const std::string &) { depth = std::max(depth, d); };
      for (size_t i = 0; i < n; ++i) each_toc_line(book, i, "toc", deepest);
      back_items(deepest);
      Entry ncx{"EPUB/toc.ncx", "", {}};
      ncx.pieces = in_pieces<NcxPoints>([&, depth](NcxPoints &points, size_t k, std::string *out) {
        if (k == 0) *out += ncx_head(title, identifier, depth);
        else if (k <= n) each_toc_line(book, k - 1, "toc", [&](int d, const std::string &href, const std::string &t) { points.item(out, d, href, t); });
        else if (k == n + 1) {
          back_items([&](int d, const std::string &href, const std::string &t) { points.item(out, d, href, t); });
          points.finish(out);
          *out += "</navMap>\n</ncx>\n";
        } else return false;
        return true;
      });
      entries.push_back(std::move(ncx));
      declare("ncx", "toc.ncx", "application/x-dtbncx+xml", "");
    }

    // The package document: its metadata and the manifest's items before
    // the pages, the pages' items an article at a time, the items between,
    // the spine's pages an article at a time, the rest.
    Entry opf{"EPUB/package.opf", "", {}};
    opf.pieces = in_pieces<bool>([&](bool &, size_t k, std::string *out) {
      const auto items = [&](size_t from, size_t to) {
        for (size_t m = from; m < to; ++m) *out += "<item id=\"" + manifest[m].first + "\" " + manifest[m].second + "/>\n";
      };
      const auto itemrefs = [&](size_t from, size_t to) {
        for (size_t m = from; m < to; ++m) *out += "<itemref idref=\"" + spine[m].first + "\"" + (spine[m].second ? "" : " linear=\"no\"") + "/>\n";
      };
      if (k == 0) {
        *out += package_head(book, title, subtitle, authors, print);
        items(0, manifest_pages);
      } else if (k <= n) {
        for (size_t p = 0, count = files.pages(k - 1); p < count; ++p)
          *out += "<item id=\"" + BookFiles::item(k - 1, p) + "\" href=\"" + escape(files.file(k - 1, p)) + "\" media-type=\"application/xhtml+xml\"/>\n";
      } else if (k == n + 1) {
        items(manifest_pages, manifest.size());
        *out += std::string("</manifest>\n<spine") + (ncx_ ? " toc=\"ncx\"" : "") + ">\n";
        itemrefs(0, spine_pages);
      } else if (k <= 2 * n + 1) {
        for (size_t p = 0, count = files.pages(k - n - 2); p < count; ++p) *out += "<itemref idref=\"" + BookFiles::item(k - n - 2, p) + "\"/>\n";
      } else if (k == 2 * n + 2) {
        itemrefs(spine_pages, spine.size());
        *out += "</spine>\n</package>\n";
      } else return false;
      return true;
    });
    entries.insert(entries.begin() + 2, std::move(opf));
    pubpipe::OutputFile out(book, nullptr);
    zip_entries(entries, book.build_time(), out.path());
    out.commit();
  }

 private:
  // Reads the page map (`source` line, then id TAB page in reading order):
  // each printed page starts at the first of its ids that is a page anchor
  // of the EPUB; a page where no paragraph or section starts (one long
  // paragraph, a blank page) has no marker.
  PrintPages page_markers(pubpipe::Context &book, const std::unordered_map<std::string, std::pair<uint32_t, uint32_t>> &where,
                          const BookFiles &files) const {
    PrintPages p;
    if (!render_.page_markers) return p;
    std::map<std::string, std::string> file_of;  // page anchor id -> its file
    for (size_t i = 0; i < book.book_size(); ++i)
      for (const auto &l : lines(book.part(i, "page-anchors")))
        if (const auto f = split(l, '\t'); f.size() == 2) file_of.emplace(f[1], std::to_string(i) + "\t" + f[0]);
    std::set<std::string> started;
    size_t line = 0;
    for (const auto &l : split(book.resource("page_map"), '\n')) {
      ++line;
      if (l.empty() || l[0] == '#') continue;
      const auto f = split(l, '\t');
      if (f.size() != 2 || f[1].empty())
        throw pubpipe::Error("the page map, line " + std::to_string(line) + ": expected id TAB page; is it an xsl-fo output's page_map?");
      if (f[0] == "source" && p.source.empty() && line <= 3) {
        p.source = f[1];
        continue;
      }
      if (!where.count(f[0]) && !file_of.count(f[0])) continue;  // not in the EPUB (the contents, the index)
      p.page_of.emplace(f[0], f[1]);
      auto a = file_of.find(f[0]);
      if (a == file_of.end() || !started.insert(f[1]).second) continue;
      p.break_at.emplace(f[0], f[1]);
      const auto at = split(a->second, '\t');
      p.pages.emplace_back(f[1], files.file(std::stoul(at[0]), std::stoul(at[1])) + "#" + p.span_id(f[1]));
    }
    if (p.source.empty()) throw pubpipe::Error("the page map names no source PDF; is it an xsl-fo output's page_map?");
    return p;
  }

  std::string typographic_cover(const std::string &title, const std::string &subtitle, const std::vector<std::string> &authors) const {
    std::string svg =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
        "viewBox=\"0 0 600 900\" width=\"600\" height=\"900\">\n<title>" + escape(title) + "</title>\n"
        "<rect width=\"600\" height=\"900\" fill=\"#1f3347\"/>\n<rect x=\"40\" y=\"40\" width=\"520\" height=\"820\" fill=\"none\" "
        "stroke=\"#d9b56c\" stroke-width=\"3\"/>\n";
    int y = 300;
    for (const auto &l : wrap(title, 18)) {
      svg += "<text x=\"300\" y=\"" + std::to_string(y) + "\" font-family=\"serif\" font-size=\"48\" fill=\"#ffffff\" "
             "text-anchor=\"middle\">" + escape(l) + "</text>\n";
      y += 60;
    }
    y += 20;
    for (const auto &l : wrap(subtitle, 30)) {
      svg += "<text x=\"300\" y=\"" + std::to_string(y) + "\" font-family=\"serif\" font-style=\"italic\" font-size=\"30\" "
             "fill=\"#d9b56c\" text-anchor=\"middle\">" + escape(l) + "</text>\n";
      y += 40;
    }
    y = 760;
    for (size_t k = 0; k < authors.size() && k < 4; ++k, y += 36)
      svg += "<text x=\"300\" y=\"" + std::to_string(y) + "\" font-family=\"sans-serif\" font-size=\"26\" fill=\"#ffffff\" "
             "text-anchor=\"middle\">" + escape(authors[k]) + "</text>\n";
    return svg + "</svg>\n";
  }

  std::string title_page(const std::string &title, const std::string &subtitle, const std::vector<std::string> &authors,
                         pubpipe::Context &book) const {
    std::string s = epub::page_head(title, render_.language, "css/style.css") +
                    "<body>\n<section epub:type=\"titlepage\" class=\"titlepage\">\n<h1 class=\"title\">" + escape(title) + "</h1>\n";
    if (!subtitle.empty()) s += "<p class=\"subtitle\">" + escape(subtitle) + "</p>\n";
    for (const auto &a : authors) s += "<p class=\"author\">" + escape(a) + "</p>\n";
    if (auto p = book.book_meta("publisher"); !p.empty()) s += "<p class=\"publisher\">" + escape(p) + "</p>\n";
    s += "<p class=\"date\">" + escape(book.book_meta("date")) + "</p>\n";
    return s + "</section>\n</body>\n</html>\n";
  }

  // The back-of-book index as EPUB 3 Indexes markup: groups by letter,
  // each term with a locator per occurrence (the article it is in) linking
  // back to its anchor; a secondary term nested under its primary.
  // With printed pages, a locator is the page number (each page once), as
  // in the PDF's index.  href(article, id) is a locator's target,
  // title(article) its text without printed pages.  The page is made in
  // pieces (in_pieces): its head, each entry's opening, its locators an
  // article at a time, its closing, its end; p says which comes next.
  template <class Href, class Title>
  static bool index_piece(const pubpipe::Context &book, const std::vector<IndexEntry> &index, const Href &href, const Title &title,
                          const PrintPages &print, const std::string &lang, IndexPage &p, std::string *out) {
    if (p.k == SIZE_MAX) {
      *out += epub::page_head("Index", lang, "css/style.css") + "<body>\n<section epub:type=\"index\" role=\"doc-index\" id=\"index\">\n<h1>Index</h1>\n";
      p.k = 0;
      return true;
    }
    if (p.k == index.size()) {
      if (p.ended) return false;
      *out += "</section>\n</body>\n</html>\n";
      p.ended = true;
      return true;
    }
    const IndexEntry &e = index[p.k];
    const IndexEntry *before = p.k > 0 ? &index[p.k - 1] : nullptr, *after = p.k + 1 < index.size() ? &index[p.k + 1] : nullptr;
    const auto term = [&](const std::string &t) { *out += "<li epub:type=\"index-entry\"><span epub:type=\"index-term\">" + escape(t) + "</span>"; };
    if (!p.opened) {
      // A group's section opens at its first entry; a primary's item at the
      // first entry with that primary, its list of secondaries before the
      // first secondary.
      if (!before || before->group != e.group)
        *out += "<section epub:type=\"index-group\" id=\"index-" + std::to_string(p.k + 1) + "\">\n<h2>" + escape(e.group) +
                "</h2>\n<ul epub:type=\"index-entry-list\">\n";
      if (!before || before->primary != e.primary) term(e.primary);
      if (!e.secondary.empty()) {
        if (!before || before->primary != e.primary || before->secondary.empty()) *out += "\n<ul epub:type=\"index-entry-list\">\n";
        term(e.secondary);
      }
      p.opened = true;
      p.article = e.articles.begin();
      p.first = true;
      p.cited.clear();
      return true;
    }
    if (p.article != e.articles.end()) {
      const uint32_t i = *p.article;
      ++p.article;
      for_each_place_in(book, e, i, [&](size_t article, const std::string &id) {
        auto at = print.page_of.find(id);
        if (at != print.page_of.end() && !p.cited.insert(at->second).second) return;
        out->append(p.first ? " " : ", ").append("<a epub:type=\"index-locator\" href=\"").append(href(article, id)).append("\">");
        out->append(escape(at != print.page_of.end() ? at->second : title(article))).append("</a>");
        p.first = false;
      });
      return true;
    }
    if (!e.secondary.empty()) *out += "</li>\n";
    if (!after || after->primary != e.primary) *out += e.secondary.empty() ? "</li>\n" : "</ul>\n</li>\n";
    if (!after || after->group != e.group) *out += "</ul>\n</section>\n";
    ++p.k;
    p.opened = false;
    return true;
  }

  // The NCX up to its first navPoint; depth is the deepest entry's.
  std::string ncx_head(const std::string &title, const std::string &identifier, int depth) const {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"" +
           escape(render_.language) + "\">\n<head>\n<meta name=\"dtb:uid\" content=\"" + escape(identifier) +
           "\"/>\n<meta name=\"dtb:depth\" content=\"" + std::to_string(depth) +
           "\"/>\n<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n"
           "<docTitle><text>" + escape(title) + "</text></docTitle>\n<navMap>\n";
  }

  // The accessibility metadata (EPUB Accessibility 1.1, schema.org), true
  // to what the book holds.  The generated cover shows only the title and
  // authors, which the title page and the cover's alt text give as text: the
  // book is then text only.  A supplied cover is a picture (accessMode
  // visual), its alt text sufficient for the rest (accessModeSufficient
  // textual).
  std::string accessibility_meta(pubpipe::Context &book, const PrintPages &print) const {
    const bool picture = !cover_.empty();
    std::string m = "<meta property=\"schema:accessMode\">textual</meta>\n";
    if (picture) m += "<meta property=\"schema:accessMode\">visual</meta>\n";
    m += "<meta property=\"schema:accessModeSufficient\">textual</meta>\n";
    for (const char *f : {"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText", "displayTransformability"})
      m += std::string("<meta property=\"schema:accessibilityFeature\">") + f + "</meta>\n";
    // Page numbers: the PDF edition's, which the package names as their
    // source (dc:source refined as source-of pagination: Debian's epubcheck
    // does not know the newer pageBreakSource property).
    if (!print.pages.empty())
      m += "<meta property=\"schema:accessibilityFeature\">printPageNumbers</meta>\n<dc:source id=\"page-source\">" +
           escape(book.book_meta("title") + ", PDF edition (" + print.source + ")") +
           "</dc:source>\n<meta refines=\"#page-source\" property=\"source-of\">pagination</meta>\n";
    m += "<meta property=\"schema:accessibilityHazard\">none</meta>\n";
    std::string summary = summary_;
    if (summary.empty())
      summary = std::string(picture ? "Text with one image, the cover, which has a text alternative. "
                                    : "Text only: the cover's title and authors are also given as text. ") +
                (print.pages.empty() ? "" : "Page numbers of the PDF edition (" + print.source + "): page-break markers and a page list. ") +
                "Structured navigation: headings, a table of contents and landmarks. Citations, notes and glossary terms are links"
                " told apart by underline or position, not by colour alone.";
    if (claims_conformance())
      summary += " This publication meets EPUB Accessibility 1.1 and WCAG 2.1 Level AA.";
    m += "<meta property=\"schema:accessibilitySummary\">" + escape(summary) + "</meta>\n";
    if (claims_conformance()) {
      std::string by = certified_by_;
      if (by.empty()) by = book.book_meta("publisher");
      if (by.empty()) by = "pubpipe";
      m += "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>\n"
           "<meta property=\"a11y:certifiedBy\">" + escape(by) + "</meta>\n";
    }
    return m;
  }

  // The claim is ours to make only for pages and styles the writer made.
  bool claims_conformance() const {
    if (conformance_ == "claim") return true;
    if (conformance_ == "none") return false;
    return user_css_.empty() && default_css_;
  }

  // The package document up to its manifest's first item.
  std::string package_head(pubpipe::Context &book, const std::string &title, const std::string &subtitle,
                           const std::vector<std::string> &authors, const PrintPages &print) const {
    std::ostringstream o;
    o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
         "unique-identifier=\"pub-id\" xml:lang=\"" << escape(render_.language) << "\">\n"
      << "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
      << "<dc:identifier id=\"pub-id\">" << escape(book.book_meta("identifier")) << "</dc:identifier>\n"
      << "<dc:title id=\"title\">" << escape(title) << "</dc:title>\n"
      << "<meta refines=\"#title\" property=\"title-type\">main</meta>\n";
    if (!subtitle.empty())
      o << "<dc:title id=\"subtitle\">" << escape(subtitle) << "</dc:title>\n<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>\n";
    for (size_t k = 0; k < authors.size(); ++k)
      o << "<dc:creator id=\"creator" << k + 1 << "\">" << escape(authors[k]) << "</dc:creator>\n<meta refines=\"#creator" << k + 1
        << "\" property=\"role\" scheme=\"marc:relators\">aut</meta>\n";
    o << "<dc:language>" << escape(render_.language) << "</dc:language>\n";
    if (auto p = book.book_meta("publisher"); !p.empty()) o << "<dc:publisher>" << escape(p) << "</dc:publisher>\n";
    o << "<dc:date>" << escape(book.book_meta("date")) << "</dc:date>\n"
      << "<meta property=\"dcterms:modified\">" << iso_datetime(book.build_time()) << "</meta>\n"
      << accessibility_meta(book, print)
      << "<meta name=\"cover\" content=\"cover-image\"/>\n</metadata>\n<manifest>\n";
    return o.str();
  }

  epub::RenderOptions render_;
  bool ncx_ = true, title_page_ = true, default_css_ = true;
  std::string summary_, conformance_, certified_by_, cover_, user_css_, font_;
  Image cover_type_, font_type_;
};

}  // namespace

PUBPIPE_PLUGIN(EpubWriter)
