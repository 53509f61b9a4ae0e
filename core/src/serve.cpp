// serve.cpp: `pubpipe serve`: an HTTP server (Poco::Net) over the EPUB the
// pipeline writes: its own XHTML pages and navigation, the PDF when one is
// made, and beside each article the notes its stages gave (from the trace
// folder), reloading itself after every rebuild (server-sent events).
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
#include <Poco/TemporaryFile.h>
#include <Poco/URI.h>
#include <libxml/entities.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <vector>

namespace pubpipe {
namespace {

// What the latest build left to serve; guarded by mutex.
struct Book {
  std::mutex mutex;
  std::condition_variable rebuilt;
  unsigned build = 0;           // the latest build's number
  std::string epub, pdf;        // the last good book's files ("" when none)
  std::string trace_dir;        // where the stages' notes are
  std::string error;            // the latest build's pipeline error, if any
};

// Text as XML character data, by libxml2.
std::string xml_escape(const std::string &s) {
  xmlChar *e = xmlEncodeSpecialChars(nullptr, reinterpret_cast<const xmlChar *>(s.c_str()));
  std::string out = e ? reinterpret_cast<const char *>(e) : "";
  xmlFree(e);
  return out;
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
  // The package document's folder ("EPUB/") and its spine's files, in order.
  bool spine(std::string *folder, std::string *nav, std::vector<std::string> *pages) const {
    std::string container, opf;
    if (!read("META-INF/container.xml", &container)) return false;
    std::smatch m;
    if (!std::regex_search(container, m, std::regex("full-path=\"([^\"]+)\""))) return false;
    const std::string opf_path = m[1];
    if (!read(opf_path, &opf)) return false;
    *folder = opf_path.find('/') == std::string::npos ? "" : opf_path.substr(0, opf_path.rfind('/') + 1);
    std::map<std::string, std::string> href_of;
    const std::regex item("<item\\b[^>]*>");
    for (auto it = std::sregex_iterator(opf.begin(), opf.end(), item); it != std::sregex_iterator(); ++it) {
      const std::string tag = it->str();
      std::smatch id, href;
      if (!std::regex_search(tag, id, std::regex("\\bid=\"([^\"]+)\"")) || !std::regex_search(tag, href, std::regex("\\bhref=\"([^\"]+)\"")))
        continue;
      href_of[id[1]] = href[1];
      if (tag.find("properties=\"nav\"") != std::string::npos) *nav = href[1];
    }
    const std::regex itemref("<itemref\\b[^>]*idref=\"([^\"]+)\"");
    for (auto it = std::sregex_iterator(opf.begin(), opf.end(), itemref); it != std::sregex_iterator(); ++it)
      if (href_of.count((*it)[1])) pages->push_back(href_of[(*it)[1]]);
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

// The notes every stage gave on the article'th document (0-based), from the
// trace folder: "0001-stem/NN-plugin-stage.notes".
std::string notes_of(const std::string &trace_dir, size_t article) {
  char prefix[32];
  std::snprintf(prefix, sizeof prefix, "%04zu-", article + 1);
  std::vector<std::string> dirs;
  try {
    Poco::File(trace_dir).list(dirs);
  } catch (const Poco::Exception &) {
    return {};
  }
  std::string out;
  for (const auto &d : dirs) {
    if (d.rfind(prefix, 0) != 0) continue;
    std::vector<std::string> files;
    Poco::File(trace_dir + "/" + d).list(files);
    std::sort(files.begin(), files.end());
    for (const auto &f : files) {
      if (f.size() < 6 || f.compare(f.size() - 6, 6, ".notes") != 0) continue;
      std::ifstream in(trace_dir + "/" + d + "/" + f);
      std::string line;
      while (std::getline(in, line))
        if (!line.empty()) out += "<li>" + xml_escape(line) + "</li>\n";
    }
  }
  return out;
}

// Which article a spine page belongs to: each article's first page is
// ch-ID.xhtml, its further ones ch-ID-2.xhtml, ...; -1 for other pages.
long article_of(const std::vector<std::string> &pages, const std::string &page) {
  long article = -1;
  std::string first;
  for (const auto &p : pages) {
    if (p.rfind("ch-", 0) != 0) continue;
    const std::string stem = p.substr(0, p.size() - 6);
    const size_t dash = stem.rfind('-');
    const bool continuation = !first.empty() && dash != std::string::npos && stem.substr(0, dash) + ".xhtml" == first &&
                              stem.find_first_not_of("0123456789", dash + 1) == std::string::npos;
    if (!continuation) ++article, first = p;
    if (p == page) return article;
  }
  return -1;
}

// The bit of every served page that reloads it after a rebuild, and the
// notes panel beside the text.
std::string injection(unsigned build, const std::string &notes, const std::string &error) {
  std::string s =
      "<div id=\"pubpipe-preview\" style=\"position:fixed;top:0;right:0;width:32%;height:100%;overflow:auto;"
      "box-sizing:border-box;padding:0.6em;background:#f6f4ee;border-left:1px solid #bbb;font:12px sans-serif\">"
      "<p><strong>pubpipe preview</strong>, build " + std::to_string(build) + " · <a href=\"/\">contents</a> · <a href=\"/book.pdf\">PDF</a></p>";
  if (!error.empty()) s += "<pre style=\"color:#a00;white-space:pre-wrap\">" + xml_escape(error) + "</pre>";
  s += notes.empty() ? "<p>No notes on this page.</p>" : "<h2 style=\"font-size:13px\">Notes: what the rules changed</h2><ul id=\"pubpipe-notes\">" + notes + "</ul>";
  s += "</div><script>//<![CDATA[\n"
       "document.body.style.marginRight='34%';\n"
       "new EventSource('/events').addEventListener('build',function(e){if(e.data!=='" + std::to_string(build) +
       "')location.reload();});\n//]]></script>";
  return s;
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(Book &book) : book_(book) {}

  void handleRequest(Poco::Net::HTTPServerRequest &req, Poco::Net::HTTPServerResponse &res) override {
    const std::string raw = req.getURI().substr(0, req.getURI().find('?'));
    if (req.getMethod() != "GET" && req.getMethod() != "HEAD") return send(res, Poco::Net::HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
    if (raw == "/events") return events(res);
    std::string epub, pdf, trace, error;
    unsigned build;
    {
      std::lock_guard<std::mutex> lock(book_.mutex);
      epub = book_.epub, pdf = book_.pdf, trace = book_.trace_dir, error = book_.error, build = book_.build;
    }
    if (raw == "/book.pdf") {
      std::string bytes;
      if (pdf.empty() || !slurp(pdf, &bytes)) return not_found(res);
      return send(res, Poco::Net::HTTPResponse::HTTP_OK, "application/pdf", bytes);
    }
    Epub book(epub);
    std::string folder, nav;
    std::vector<std::string> pages;
    if (epub.empty() || !book.ok() || !book.spine(&folder, &nav, &pages)) {
      if (raw != "/") return not_found(res);
      return send(res, Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "application/xhtml+xml",
                  "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>no book yet</title></head><body><p>No book has been built yet.</p>" +
                      injection(build, "", error) + "</body></html>");
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
      const std::string page = name.rfind(folder, 0) == 0 ? name.substr(folder.size()) : name;
      const long article = article_of(pages, page);
      const std::string notes = article < 0 || trace.empty() ? std::string() : notes_of(trace, static_cast<size_t>(article));
      const size_t body_end = bytes.rfind("</body>");
      if (body_end != std::string::npos) bytes.insert(body_end, injection(build, notes, error));
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

  // Server-sent events: "build" with the latest build's number, at once and
  // after every build; a comment every 15 s keeps the connection open.
  void events(Poco::Net::HTTPServerResponse &res) {
    res.setContentType("text/event-stream");
    res.set("Cache-Control", "no-store");
    res.setChunkedTransferEncoding(true);
    std::ostream &out = res.send();
    unsigned sent = 0;
    std::unique_lock<std::mutex> lock(book_.mutex);
    while (out.good()) {
      if (book_.build != sent) {
        sent = book_.build;
        lock.unlock();
        out << "event: build\ndata: " << sent << "\n\n" << std::flush;
        lock.lock();
        continue;
      }
      if (!book_.rebuilt.wait_for(lock, std::chrono::seconds(15), [&] { return book_.build != sent; })) {
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
  // The notes come from the trace folder: the one given with --trace, or a
  // temporary one of the server's own.
  std::string own_trace;
  if (config.watch.run.settings.trace_dir.empty()) {
    own_trace = Poco::TemporaryFile::tempName() + "-pubpipe-serve-trace";
    Poco::TemporaryFile::registerForDeletion(own_trace);
    config.watch.run.settings.trace_dir = own_trace;
  }
  book.trace_dir = config.watch.run.settings.trace_dir;
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
  return watch_pipeline(config.watch, [&](const BuildReport &r) {
    std::lock_guard<std::mutex> lock(book.mutex);
    book.build = r.number;
    book.error = r.error;
    if (r.pipeline_ok) {
      book.epub.clear(), book.pdf.clear();
      for (const auto &o : r.pipeline.outputs) {
        if (o.plugin_ref == "epub" || (o.plugin && o.plugin->name == "epub")) book.epub = o.path;
        for (const auto &opt : o.options)
          if (opt.first == "pdf" && opt.second.type == PP_OPT_OUTPUT && opt.second.set && Poco::File(opt.second.s).exists())
            book.pdf = opt.second.s;
      }
    }
    book.rebuilt.notify_all();
  });
}

}  // namespace pubpipe
