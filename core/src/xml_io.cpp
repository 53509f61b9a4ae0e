// xml_io.cpp: safe parsing and serialization of DocBook articles.
#include "xml_io.hpp"

#include <libxml/parser.h>
#include <libxml/xmlsave.h>

#include <memory>

namespace pubpipe {

namespace {

template <class F>
void for_each_element(xmlNode *node, F &&f) {
  for (xmlNode *n = node; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    f(n);
    for_each_element(n->children, f);
  }
}

}  // namespace

std::string serialize_tree(xmlDoc *doc, std::vector<uint32_t> *lines) {
  xmlNode *root = xmlDocGetRootElement(doc);
  if (!root) return {};
  if (lines) {
    lines->clear();
    for_each_element(root, [&](xmlNode *n) { lines->push_back(static_cast<uint32_t>(xmlGetLineNo(n) > 0 ? xmlGetLineNo(n) : 0)); });
  }
  xmlBufferPtr buf = xmlBufferCreate();
  xmlSaveCtxtPtr save = xmlSaveToBuffer(buf, "UTF-8", XML_SAVE_NO_DECL);
  xmlSaveTree(save, root);
  xmlSaveClose(save);
  std::string out(reinterpret_cast<const char *>(xmlBufferContent(buf)), static_cast<size_t>(xmlBufferLength(buf)));
  xmlBufferFree(buf);
  return out;
}

xmlDoc *parse_tree(const std::string &xml, const std::vector<uint32_t> *lines, std::string *error) {
  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> ctxt(xmlNewParserCtxt(), xmlFreeParserCtxt);
  if (!ctxt) {
    *error = "out of memory";
    return nullptr;
  }
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  xmlDoc *doc = xmlCtxtReadMemory(ctxt.get(), xml.data(), static_cast<int>(xml.size()), "article.xml", "UTF-8", options);
  if (!doc) {
    const xmlError *e = xmlCtxtGetLastError(ctxt.get());
    *error = e && e->message ? "line " + std::to_string(e->line) + ": " + e->message : "not well-formed XML";
    while (!error->empty() && error->back() == '\n') error->pop_back();
    return nullptr;
  }
  if (doc->intSubset || doc->extSubset) {
    xmlFreeDoc(doc);
    *error = "the document has a DOCTYPE, which pubpipe refuses";
    return nullptr;
  }
  if (lines) {
    size_t i = 0;
    for_each_element(xmlDocGetRootElement(doc), [&](xmlNode *n) {
      // libxml2 keeps an element's line in 16 bits; longer files saturate.
      const uint32_t line = i < lines->size() ? (*lines)[i] : 0;
      n->line = static_cast<unsigned short>(line < 65535 ? line : 65535);
      ++i;
    });
  }
  return doc;
}

}  // namespace pubpipe
