// docbook.cpp: the DocBook 5 writer.  Each article is serialized in the
// workers; the book stage wraps them in a book with the pipeline's metadata.
#include <pubpipe/plugin.hpp>

#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include <memory>
#include <set>

#include "../common/common.hpp"

namespace {

using namespace pubpipe::common;

class DocBookWriter {
 public:
  static constexpr pubpipe::PluginInfo info{"docbook", "0.1.0", "MIT",
                                            "Writes the book as one DocBook 5 XML file."};
  static constexpr pubpipe::StageInfo document_stage{"serialize", "tree", ""};
  static constexpr pubpipe::StageInfo book_stage{"assemble", "tree", ""};
  static constexpr pubpipe::Option options[] = {
      {"indent", PP_OPT_BOOL, "false", nullptr, "Indent the book-level elements (article content is kept as is)."},
  };

  explicit DocBookWriter(pubpipe::Context &setup) : indent_(setup.option_bool("indent")) {}

  void document(pubpipe::Context &doc) {
    xmlNode *article = xmlDocGetRootElement(doc.tree());
    // Attached from libxml2's buffer, which attach copies: no string between.
    std::unique_ptr<xmlBuffer, void (*)(xmlBuffer *)> buf(xmlBufferCreate(), xmlBufferFree);
    if (!buf || xmlNodeDump(buf.get(), article->doc, article, 0, 0) < 0) throw pubpipe::Error("could not serialize the article");
    doc.attach("article.xml", std::string_view(reinterpret_cast<const char *>(xmlBufferContent(buf.get())),
                                               static_cast<size_t>(xmlBufferLength(buf.get()))));
    doc.attach("authors", article_authors(article));
    std::vector<xmlNode *> terms;
    descendants(article, "indexterm", &terms);
    doc.attach("indexterms", std::to_string(terms.size()));
  }

  void book(pubpipe::Context &book) {
    std::unique_ptr<xmlDoc, void (*)(xmlDoc *)> out(xmlNewDoc(X("1.0")), xmlFreeDoc);
    xmlNode *root = xmlNewDocNode(out.get(), nullptr, X("book"), nullptr);
    xmlDocSetRootElement(out.get(), root);
    xmlSetNs(root, xmlNewNs(root, X(kDocBookNs), nullptr));
    xmlNewNs(root, X(kXlinkNs), X("xlink"));
    xmlSetProp(root, X("version"), X("5.0"));
    const std::string lang = book.book_meta("language");
    xmlSetNsProp(root, xmlSearchNs(out.get(), root, X("xml")), X("lang"), X(lang.c_str()));
    xmlNode *info = add(root, "info");
    add_text(info, "title", book.book_meta("title"));
    if (auto s = book.book_meta("subtitle"); !s.empty()) add_text(info, "subtitle", s);
    for (const auto &a : book_authors(book)) add_text(add(info, "author"), "personname", a);
    if (auto p = book.book_meta("publisher"); !p.empty()) add_text(add(info, "publisher"), "publishername", p);
    add_text(info, "pubdate", book.book_meta("date"));
    xmlNode *id = add_text(info, "biblioid", book.book_meta("identifier"));
    xmlSetProp(id, X("class"), X("uri"));

    const std::string head = serialize_doc(out.get());
    const std::string close = "</book>";
    const size_t at = head.rfind(close);
    if (at == std::string::npos) throw pubpipe::Error("could not serialize the book element");
    // The book is written article by article: memory stays that of one.
    pubpipe::OutputFile file(book, nullptr);
    Writer w(file.path());
    w.put(std::string_view(head).substr(0, at));
    bool indexed = false;
    for (size_t i = 0; i < book.book_size(); ++i) {
      std::string_view part = book.part(i, "article.xml");
      if (part.empty()) throw pubpipe::Error("article " + std::to_string(i + 1) + " was not serialized by the document stage");
      w.put(part);
      w.put("\n");
      indexed = indexed || std::atoi(std::string(book.part(i, "indexterms")).c_str()) > 0;
    }
    // The index a DocBook processor generates from the indexterms.
    if (indexed) w.put("<index><title>Index</title></index>\n");
    w.put(std::string_view(head).substr(at));
    w.close();
    file.commit();
  }

 private:
  std::string serialize_doc(xmlDoc *d) const {
    xmlBufferPtr buf = xmlBufferCreate();
    xmlSaveCtxtPtr save = xmlSaveToBuffer(buf, "UTF-8", indent_ ? XML_SAVE_FORMAT : 0);
    xmlSaveDoc(save, d);
    xmlSaveClose(save);
    std::string s(reinterpret_cast<const char *>(xmlBufferContent(buf)), static_cast<size_t>(xmlBufferLength(buf)));
    xmlBufferFree(buf);
    return s;
  }

  bool indent_;
};

}  // namespace

PUBPIPE_PLUGIN(DocBookWriter)
