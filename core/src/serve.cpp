// serve.cpp: `pubpipe serve`: an HTTP server (Poco::Net) over the EPUB the
// pipeline writes: its own XHTML pages and navigation, the PDF when one is
// made, and beside each article the notes its stages gave (from the run's
// article records), reloading itself after every rebuild (server-sent
// events): the pages as soon as the EPUB is written, the PDF when the build
// ends.
#include "serve.hpp"

#include <Poco/File.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Path.h>
#include <Poco/URI.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

#include "atomic_file.hpp"
#include "diagnostics.hpp"
#include "record.hpp"

namespace pubpipe {
namespace {

// One article of the served book: its notes, as list items.
struct Article {
  std::string source;
  std::string notes;
};

// An article's notes and which article holds each xml:id, from the run's
// records (RunHooks::book): a page belongs to the article whose ids it has.
struct Articles {
  std::vector<Article> list;
  std::map<std::string, size_t> owner;  // xml:id -> index in list
};

// What serve shows; guarded by mutex.  A build has two runs (watch.hpp): a
// preview, the pipeline without what waits for FOP, into serve's preview
// folder, whose pages are served as soon as it ends ("build" event "N
// preview"); then the full pipeline, whose book (with the page list and the
// PDF) is swapped in when it ends ("build" event "N final", and "pdf").
struct Book {
  std::mutex mutex;
  std::condition_variable changed;
  unsigned build = 0;       // the build under way, or the last one
  std::chrono::steady_clock::time_point started;  // when its pipeline file was read
  const Entry *epub_entry = nullptr;  // the EPUB output of the run under way
  std::string pdf_path;     // the PDF output of the build's full run, "" when none
  std::shared_ptr<const Articles> next;  // the run under way's articles
  bool epub_ok = false;     // the run under way's EPUB writer committed the EPUB
  std::string epub_errors;  // what it said when it failed
  std::string late_errors;  // what the other writers of the full run said when they failed

  unsigned pages = 0;       // the build whose pages are served (or whose error is shown)
  // "preview": the pages are the build's preview's; "final": its full run's
  // book; "failed": its full run gave no EPUB (the error says why), the
  // pages are the last served.
  std::string phase = "final";
  std::string epub;         // the served EPUB ("" when none yet)
  std::shared_ptr<const Articles> articles;  // its articles
  std::string error;        // why build `pages` did not give new pages (pipeline error, EPUB writer failed)

  unsigned pdf_build = 0;   // the last build whose full run ended
  std::string pdf;          // the served PDF ("" when none)
  std::string pdf_error;    // why that full run failed ("" when it did not)

  // The pages' state as one line, the "build" event's data.
  std::string pages_state() const { return std::to_string(pages) + " " + phase; }
  // The full run's state as one line, the "pdf" event's data.
  std::string pdf_state() const {
    return std::to_string(pdf_build) + (!pdf_error.empty() ? " failed" : pdf.empty() ? " none" : " ready");
  }
};

// Text as XML character data, by libxml2.
std::string xml_escape(const std::string &s) {
  xmlChar *e = xmlEncodeSpecialChars(nullptr, reinterpret_cast<const xmlChar *>(s.c_str()));
  std::string out = e ? reinterpret_cast<const char *>(e) : "";
  xmlFree(e);
  return out;
}

// The notes (one <li> per diagnostic) and the id owners of a run's articles.
Articles articles_of(const std::vector<ArticleRecord> &records) {
  Articles a;
  for (const auto &r : records) {
    Article article{r.source, {}};
    for (const auto &d : r.diags) article.notes += "<li>" + xml_escape(format_diagnostic(d)) + "</li>\n";
    for (const auto &id : r.ids) a.owner.emplace(id, a.list.size());
    a.list.push_back(std::move(article));
  }
  return a;
}

// The article an XHTML page shows: the one that owns every xml:id the page
// carries that belongs to an article (the writer keeps the tree's ids);
// nullptr for a page of several articles (the notes page) or of none.
const Article *article_of_page(const Articles &articles, const std::string &xhtml) {
  xmlDocPtr doc = xmlReadMemory(xhtml.data(), static_cast<int>(xhtml.size()), "page.xhtml", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) return nullptr;
  std::set<size_t> owners;
  std::vector<xmlNodePtr> todo{xmlDocGetRootElement(doc)};
  while (!todo.empty()) {
    xmlNodePtr n = todo.back();
    todo.pop_back();
    for (; n; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      if (xmlChar *id = xmlGetProp(n, BAD_CAST "id")) {
        const auto it = articles.owner.find(reinterpret_cast<const char *>(id));
        if (it != articles.owner.end()) owners.insert(it->second);
        xmlFree(id);
      }
      if (n->children) todo.push_back(n->children);
    }
  }
  xmlFreeDoc(doc);
  return owners.size() == 1 ? &articles.list[*owners.begin()] : nullptr;
}

// The entries of an EPUB, and one entry's bytes.
class Epub {
 public:
  explicit Epub(const std::string &path) {
    int err = 0;
    zip_ = zip_open(path.c_str(), ZIP_RDONLY, &err);
  }
  ~Epub() {
    if (zip_) zip_discard(zip_);
  }
  Epub(const Epub &) = delete;
  Epub &operator=(const Epub &) = delete;
  bool ok() const { return zip_ != nullptr; }
  bool read(const std::string &name, std::string *out) const {
    if (!zip_) return false;
    zip_stat_t st;
    if (zip_stat(zip_, name.c_str(), ZIP_FL_ENC_UTF_8, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) return false;
    zip_file_t *f = zip_fopen(zip_, name.c_str(), 0);
    if (!f) return false;
    out->assign(st.size, '\0');
    const zip_int64_t n = zip_fread(f, out->data(), st.size);
    zip_fclose(f);
    return n == static_cast<zip_int64_t>(st.size);
  }
  // The package document's folder ("EPUB/") and its navigation document.
  bool spine(std::string *folder, std::string *nav) const {
    std::string container, opf;
    if (!read("META-INF/container.xml", &container)) return false;
    std::smatch m;
    if (!std::regex_search(container, m, std::regex("full-path=\"([^\"]+)\""))) return false;
    const std::string opf_path = m[1];
    if (!read(opf_path, &opf)) return false;
    *folder = opf_path.find('/') == std::string::npos ? "" : opf_path.substr(0, opf_path.rfind('/') + 1);
    const std::regex item("<item\\b[^>]*properties=\"nav\"[^>]*>");
    std::smatch tag, href;
    if (!std::regex_search(opf, tag, item)) return false;
    const std::string t = tag.str();
    if (!std::regex_search(t, href, std::regex("\\bhref=\"([^\"]+)\""))) return false;
    *nav = href[1];
    return true;
  }

 private:
  zip_t *zip_ = nullptr;
};

// A request path as a name inside the book, or "" when it reaches outside:
// "..", ".", empty segments, backslashes, and anything still percent-encoded
// after one decoding (double encoding) are refused.
std::string book_name(const std::string &raw_path) {
  std::string decoded;
  try {
    Poco::URI::decode(raw_path, decoded);
  } catch (const Poco::Exception &) {
    return {};
  }
  if (decoded.find('%') != std::string::npos || decoded.find('\\') != std::string::npos || decoded.find('\0') != std::string::npos) return {};
  if (decoded.rfind("/book/", 0) != 0) return {};
  const std::string name = decoded.substr(6);
  std::stringstream segments(name);
  std::string seg;
  while (std::getline(segments, seg, '/'))
    if (seg.empty() || seg == "." || seg == "..") return {};
  if (name.empty() || name.back() == '/') return {};
  return name;
}

// What a served page shows of the build: the preview panel beside the text
// (build, links, errors, notes) and the script that follows the builds.
struct PageState {
  unsigned pages = 0;
  bool preview = false;  // the pages are a preview's, the full run goes on
  std::string pages_state, error, pdf_state, pdf_error;
};

std::string panel_head(const PageState &st) {
  std::string s =
      "<div id=\"pubpipe-preview\" style=\"position:fixed;top:0;right:0;width:32%;height:100%;overflow:auto;"
      "box-sizing:border-box;padding:0.6em;background:#f6f4ee;border-left:1px solid #bbb;font:12px sans-serif\">"
      "<p><strong>pubpipe preview</strong>, build " + std::to_string(st.pages) + " · <span id=\"pubpipe-phase\">" +
      (st.preview ? "quick preview: the page list and the PDF follow" : st.error.empty() ? "final" : "failed") +
      "</span> · <a href=\"/\">contents</a> · <a href=\"/pdf\">PDF</a>: <span id=\"pubpipe-pdf\">" +
      (st.preview ? "build " + std::to_string(st.pages) + " is being rendered" : "of build " + st.pdf_state) + "</span></p>";
  if (!st.error.empty()) s += "<pre id=\"pubpipe-error\" style=\"color:#a00;white-space:pre-wrap\">" + xml_escape(st.error) + "</pre>";
  if (!st.pdf_error.empty()) s += "<pre id=\"pubpipe-pdf-error\" style=\"color:#a00;white-space:pre-wrap\">" + xml_escape(st.pdf_error) + "</pre>";
  return s;
}

// The script: a "build" event other than the page's own state reloads the
// page (the preview's pages, then the final book's); a "pdf" event updates
// the PDF's state in the panel, and reloads the page when reload_on_pdf
// (the PDF view).
std::string follow_script(const PageState &st, bool reload_on_pdf) {
  return "<script>//<![CDATA[\n"
         "(function(){var es=new EventSource('/events'),pdf='" + st.pdf_state + "';\n"
         "es.addEventListener('build',function(e){if(e.data!=='" + st.pages_state + "')location.reload();});\n"
         "es.addEventListener('pdf',function(e){if(e.data===pdf)return;pdf=e.data;\n"
         "if(" + (reload_on_pdf ? "true" : "false") + ")location.reload();\n"
         "else document.getElementById('pubpipe-pdf').textContent='of build '+e.data;});})();\n"
         "//]]></script>";
}

std::string injection(const PageState &st, const std::string &notes) {
  return panel_head(st) +
         (notes.empty() ? "<p>No notes on this page.</p>"
                        : "<h2 style=\"font-size:13px\">Notes: what the rules changed</h2><ul id=\"pubpipe-notes\">" + notes + "</ul>") +
         "</div><script>document.body.style.marginRight='34%';</script>" + follow_script(st, false);
}

std::string xhtml_page(const std::string &title, const std::string &body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>" + xml_escape(title) +
         "</title></head><body style=\"margin:0\">" + body + "</body></html>\n";
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(Book &book) : book_(book) {}

  void handleRequest(Poco::Net::HTTPServerRequest &req, Poco::Net::HTTPServerResponse &res) override {
    const std::string raw = req.getURI().substr(0, req.getURI().find('?'));
    if (req.getMethod() != "GET" && req.getMethod() != "HEAD") return send(res, Poco::Net::HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
    if (raw == "/events") return events(res);
    std::string epub, pdf;
    std::shared_ptr<const Articles> articles;
    PageState st;
    {
      std::lock_guard<std::mutex> lock(book_.mutex);
      epub = book_.epub, pdf = book_.pdf, articles = book_.articles;
      st.pages = book_.pages, st.preview = book_.phase == "preview", st.pages_state = book_.pages_state(), st.error = book_.error;
      st.pdf_state = book_.pdf_state(), st.pdf_error = book_.pdf_error;
    }
    if (raw == "/book.pdf") {
      std::string bytes;
      if (pdf.empty() || !slurp(pdf, &bytes)) return not_found(res);
      return send(res, Poco::Net::HTTPResponse::HTTP_OK, "application/pdf", bytes);
    }
    if (raw == "/pdf") {
      // The PDF view: the PDF in a frame, reloaded when a second phase ends.
      const std::string frame = pdf.empty() ? "<p>No PDF has been made.</p>"
                                            : "<iframe src=\"/book.pdf?state=" + xml_escape(st.pdf_state) +
                                                  "\" style=\"border:0;width:66%;height:100vh\" title=\"the PDF\"></iframe>";
      return send(res, Poco::Net::HTTPResponse::HTTP_OK, "application/xhtml+xml",
                  xhtml_page("PDF", frame + panel_head(st) + "</div>" + follow_script(st, true)));
    }
    Epub book(epub);
    std::string folder, nav;
    if (epub.empty() || !book.ok() || !book.spine(&folder, &nav)) {
      if (raw != "/") return not_found(res);
      return send(res, Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "application/xhtml+xml",
                  xhtml_page("no book yet", "<p>No book has been built yet.</p>" + injection(st, "")));
    }
    if (raw == "/") {
      res.redirect("/book/" + folder + nav);
      return;
    }
    const std::string name = book_name(raw);
    std::string bytes;
    if (name.empty() || !book.read(name, &bytes)) return not_found(res);
    const std::string ext = name.substr(name.rfind('.') == std::string::npos ? name.size() : name.rfind('.'));
    if (ext == ".xhtml") {
      const Article *article = articles ? article_of_page(*articles, bytes) : nullptr;
      const size_t body_end = bytes.rfind("</body>");
      if (body_end != std::string::npos) bytes.insert(body_end, injection(st, article ? article->notes : std::string()));
    }
    send(res, Poco::Net::HTTPResponse::HTTP_OK, type_of(ext), bytes);
  }

 private:
  static std::string type_of(const std::string &ext) {
    static const std::map<std::string, std::string> types{
        {".xhtml", "application/xhtml+xml"}, {".css", "text/css"}, {".png", "image/png"}, {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"}, {".svg", "image/svg+xml"}, {".gif", "image/gif"}, {".opf", "application/oebps-package+xml"},
        {".xml", "application/xml"}, {".ncx", "application/x-dtbncx+xml"}, {".otf", "font/otf"}, {".ttf", "font/ttf"},
        {".woff", "font/woff"}, {".woff2", "font/woff2"}};
    const auto it = types.find(ext);
    return it == types.end() ? "application/octet-stream" : it->second;
  }
  static bool slurp(const std::string &path, std::string *out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream s;
    s << in.rdbuf();
    *out = s.str();
    return true;
  }
  static void send(Poco::Net::HTTPServerResponse &res, Poco::Net::HTTPResponse::HTTPStatus status, const std::string &type,
                   const std::string &body) {
    res.setStatus(status);
    res.setContentType(type);
    res.set("Cache-Control", "no-store");
    res.setContentLength(static_cast<std::streamsize>(body.size()));
    res.send() << body;
  }
  static void not_found(Poco::Net::HTTPServerResponse &res) { send(res, Poco::Net::HTTPResponse::HTTP_NOT_FOUND, "text/plain", "not found\n"); }

  // Server-sent events: "build" with the state of the served pages
  // (Book::pages_state) and "pdf" with the full run's (Book::pdf_state),
  // at once and after every change; a comment every 15 s keeps the
  // connection open.
  void events(Poco::Net::HTTPServerResponse &res) {
    res.setContentType("text/event-stream");
    res.set("Cache-Control", "no-store");
    res.setChunkedTransferEncoding(true);
    std::ostream &out = res.send();
    std::string sent_pages, sent_pdf;
    std::unique_lock<std::mutex> lock(book_.mutex);
    while (out.good()) {
      const std::string pages = book_.pages_state();
      const std::string pdf = book_.pdf_state();
      if (pages != sent_pages || pdf != sent_pdf) {
        lock.unlock();
        if (pages != sent_pages) out << "event: build\ndata: " << pages << "\n\n";
        if (pdf != sent_pdf) out << "event: pdf\ndata: " << pdf << "\n\n";
        out << std::flush;
        sent_pages = pages, sent_pdf = pdf;
        lock.lock();
        continue;
      }
      if (!book_.changed.wait_for(lock, std::chrono::seconds(15), [&] { return book_.pages_state() != sent_pages || book_.pdf_state() != sent_pdf; })) {
        lock.unlock();
        out << ": keep-alive\n\n" << std::flush;
        lock.lock();
      }
    }
  }

  Book &book_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(Book &book) : book_(book) {}
  Poco::Net::HTTPRequestHandler *createRequestHandler(const Poco::Net::HTTPServerRequest &) override { return new Handler(book_); }

 private:
  Book &book_;
};

}  // namespace

int serve_pipeline(ServeConfig config) {
  Book book;
  std::unique_ptr<Poco::Net::HTTPServer> server;
  try {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(config.host, static_cast<Poco::UInt16>(config.port)));
    auto *params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(32);
    params->setKeepAlive(false);
    server = std::make_unique<Poco::Net::HTTPServer>(new Factory(book), socket, params);
    server->start();
    config.port = server->port();  // --port 0: the one the system chose
  } catch (const Poco::Exception &e) {
    std::fprintf(stderr, "pubpipe serve: cannot listen on %s:%d: %s\n", config.host.c_str(), config.port, e.displayText().c_str());
    return 2;
  }
  std::fprintf(stderr, "pubpipe serve: http://%s:%d/ (Ctrl-C ends)\n", config.host.c_str(), config.port);

  // serve's preview folder: under TMPDIR, or inside the pipeline's folder
  // under --sandbox (which writes nowhere else); a signal removes it.
  const bool sandboxed = config.watch.run.settings.sandbox.on;
  std::string folder = sandboxed ? Poco::Path(config.watch.file).absolute().parent().toString() : Poco::Path::temp();
  if (sandboxed) {
    char resolved[PATH_MAX];
    if (realpath(folder.c_str(), resolved)) folder = resolved;
  }
  std::string pattern = Poco::Path(folder).makeDirectory().setFileName(sandboxed ? ".pubpipe-preview-XXXXXX" : "pubpipe-preview-XXXXXX").toString();
  if (!mkdtemp(pattern.data())) {
    std::fprintf(stderr, "pubpipe serve: cannot make a preview folder in %s: %s\n", folder.c_str(), std::strerror(errno));
    return 1;
  }
  const std::string preview_dir = pattern;
  remove_folder_on_signal(preview_dir);
  config.watch.preview_dir = preview_dir;

  // Which outputs a run serves: the first EPUB output, and (the full run)
  // the first output option called pdf (xsl-fo's).
  config.watch.on_start = [&](unsigned number, const Pipeline *p, BuildPhase phase) {
    std::lock_guard<std::mutex> lock(book.mutex);
    if (number != book.build) book.started = std::chrono::steady_clock::now();
    book.build = number;
    book.epub_entry = nullptr;
    book.epub_ok = false;
    book.epub_errors.clear();
    book.next.reset();
    if (phase == BuildPhase::full) book.pdf_path.clear(), book.late_errors.clear();
    if (!p) return;
    for (const auto &o : p->outputs) {
      if (!book.epub_entry && (o.plugin_ref == "epub" || (o.plugin && o.plugin->name == "epub"))) book.epub_entry = &o;
      for (const auto &[name, v] : o.options)
        if (phase == BuildPhase::full && book.pdf_path.empty() && name == "pdf" && v.type == PP_OPT_OUTPUT && v.set) book.pdf_path = v.s;
    }
  };
  config.watch.run.hooks.book = [&](const std::vector<ArticleRecord> &records) {
    auto articles = std::make_shared<const Articles>(articles_of(records));
    std::lock_guard<std::mutex> lock(book.mutex);
    book.next = std::move(articles);
  };
  config.watch.run.hooks.writer = [&](const Entry &output, bool ok, const std::vector<Diagnostic> &diags) {
    std::string errors;
    for (const auto &d : diags)
      if (d.severity == Severity::error) errors += format_diagnostic(d) + "\n";
    std::lock_guard<std::mutex> lock(book.mutex);
    if (&output == book.epub_entry) {
      book.epub_ok = ok;
      book.epub_errors = errors;
    } else if (!ok) {
      book.late_errors += errors.empty() ? output.plugin_ref + " failed\n" : errors;
    }
  };
  // After each run: the preview's pages are served at once; the full run's
  // book (the page list, the PDF) replaces them when it has ended.
  const int status = watch_pipeline(config.watch, [&](const BuildReport &r) {
    // A full run abandoned for a newer edit: the pages stay this build's
    // preview's, the PDF the last good one, until the next build's preview.
    if (r.abandoned) return;
    std::lock_guard<std::mutex> lock(book.mutex);
    const double after = std::chrono::duration<double>(std::chrono::steady_clock::now() - book.started).count();
    const bool preview = r.phase == BuildPhase::preview;
    if (book.epub_ok && book.epub_entry) {
      book.pages = r.number, book.phase = preview ? "preview" : "final";
      book.epub = book.epub_entry->path, book.articles = book.next;
      book.error.clear();
      std::fprintf(stderr, "pubpipe serve: build %u: %s pages served, %.2f s after the build started\n", r.number,
                   preview ? "preview" : "final", after);
    } else if (!preview) {
      // No new EPUB came of the full run: a broken pipeline file, no article
      // through the stages, a failed EPUB writer, or no EPUB output at all.
      // The pages stay those last served (this build's preview's, when it
      // had one); the panel says why.
      const bool own_preview = book.pages == r.number && book.phase == "preview";
      book.pages = r.number, book.phase = "failed";
      book.error = !r.error.empty()                       ? r.error
                   : !book.epub_entry && r.pipeline_ok ? "The pipeline has no EPUB output; nothing to show.\n"
                   : !book.epub_errors.empty()
                       ? "The EPUB writer failed; the pages are " + std::string(own_preview ? "this build's preview's" : "the last good book's") + ".\n" +
                             book.epub_errors
                       : "Build " + std::to_string(r.number) + " failed before the EPUB was written; the terminal says why.\n";
    }
    if (r.pipeline_ok && !preview) {
      book.pdf_build = r.number;
      book.pdf_error = book.late_errors;
      if (book.pdf_error.empty() && r.status != 0) book.pdf_error = "Build " + std::to_string(r.number) + " failed; the terminal says why.\n";
      book.pdf = !book.pdf_path.empty() && Poco::File(book.pdf_path).exists() ? book.pdf_path : std::string();
    }
    book.changed.notify_all();
  });
  remove_folder_on_signal("");
  Poco::File(preview_dir).remove(true);
  return status;
}

}  // namespace pubpipe
