// tree_check.cpp: article invariants and DocBook RELAX NG validation.
#include "tree_check.hpp"

#include <libxml/relaxng.h>

#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <string_view>
#include <unordered_set>

#include "text_util.hpp"
#include "xml_io.hpp"

namespace pubpipe {

namespace {

const xmlChar *kXmlNs = reinterpret_cast<const xmlChar *>("http://www.w3.org/XML/1998/namespace");

struct Walker {
  bool check_links;
  std::vector<TreeProblem> problems;
  std::map<std::string, unsigned> ids;
  std::vector<std::pair<unsigned, std::string>> linkends;
  size_t nodes = 0;
  bool broken = false;

  void add(xmlNode *n, std::string m) { problems.push_back({static_cast<unsigned>(xmlGetLineNo(n) > 0 ? xmlGetLineNo(n) : 0), std::move(m)}); }

  void text(xmlNode *n, const xmlChar *content) {
    if (!content) return;
    std::string_view s(reinterpret_cast<const char *>(content));
    if (find_invalid_utf8(s) != std::string_view::npos)
      add(n, "text that is not valid UTF-8");
    else if (find_xml_forbidden(s) != std::string_view::npos)
      add(n, "a character that XML 1.0 forbids");
  }

  // A node inserted twice (xmlAddChild of a node that was not unlinked
  // first) shows as a node whose parent, prev or doc link does not match
  // where the walk found it.  The walk stops there: the links may form a
  // cycle.  (With every parent and prev link checked, no node can be met
  // twice, so no set of visited nodes is needed.)
  bool linked_wrong(xmlNode *n, xmlNode *parent, xmlNode *prev, xmlDoc *doc) {
    std::string what;
    if (n->parent != parent) what = "has a parent link that does not match its place";
    else if (n->prev != prev) what = "has a previous-sibling link that does not match its place";
    else if (n->doc != doc) what = "belongs to another document";
    if (what.empty()) return false;
    const std::string name = n->type == XML_ELEMENT_NODE ? std::string("element '") + reinterpret_cast<const char *>(n->name) + "'" : "a node";
    problems.push_back({static_cast<unsigned>(xmlGetLineNo(n) > 0 ? xmlGetLineNo(n) : 0),
                        name + " " + what + " (inserted twice, or moved without xmlUnlinkNode first)", true});
    broken = true;
    return true;
  }

  void walk(xmlNode *first) {
    xmlNode *parent = first ? first->parent : nullptr;
    xmlNode *prev = first ? first->prev : nullptr;
    xmlDoc *doc = first ? first->doc : nullptr;
    for (xmlNode *n = first; n; prev = n, n = n->next) {
      if (broken || linked_wrong(n, parent, prev, doc)) return;
      if (++nodes > kMaxArticleNodes) {
        if (nodes == kMaxArticleNodes + 1) add(n, "more than " + std::to_string(kMaxArticleNodes) + " nodes in one article");
        return;
      }
      switch (n->type) {
        case XML_ELEMENT_NODE: element(n); break;
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
        case XML_COMMENT_NODE: text(n, n->content); break;
        case XML_ENTITY_REF_NODE: add(n, "an entity reference"); break;
        case XML_PI_NODE: break;
        default: add(n, "an unexpected node type"); break;
      }
    }
  }

  void element(xmlNode *n) {
    static const std::unordered_set<std::string_view> names = {
#include "docbook_elements.inc"
    };
    if (!n->ns || !xmlStrEqual(n->ns->href, BAD_CAST kDocBookNs))
      add(n, std::string("element '") + reinterpret_cast<const char *>(n->name) + "' is not in the DocBook namespace");
    else if (!names.count(reinterpret_cast<const char *>(n->name)))
      add(n, std::string("element '") + reinterpret_cast<const char *>(n->name) + "' is not a DocBook 5 element");
    for (xmlAttr *a = n->properties; a; a = a->next) {
      // A value is nearly always one text node: read it in place.
      const bool simple = a->children && !a->children->next && a->children->type == XML_TEXT_NODE;
      xmlChar *v = simple ? a->children->content : xmlNodeListGetString(n->doc, a->children, 1);
      text(n, v);
      if (v && xmlStrEqual(a->name, BAD_CAST "id") && a->ns && xmlStrEqual(a->ns->href, kXmlNs)) {
        const std::string id(reinterpret_cast<const char *>(v));
        if (!ids.emplace(id, xmlGetLineNo(n)).second) add(n, "duplicate xml:id '" + id + "'");
      }
      if (v && !a->ns && xmlStrEqual(a->name, BAD_CAST "linkend"))
        linkends.emplace_back(static_cast<unsigned>(xmlGetLineNo(n)), reinterpret_cast<const char *>(v));
      if (!simple) xmlFree(v);
    }
    if (n->children && (n->children->parent != n || n->children->prev)) {
      linked_wrong(n->children, n, nullptr, n->doc);
      return;
    }
    walk(n->children);
  }
};

}  // namespace

std::vector<TreeProblem> check_article(xmlDoc *doc, bool check_links, std::set<std::string> *ids) {
  Walker w{check_links, {}, {}, {}, 0, false};
  if (doc->intSubset || doc->extSubset) w.problems.push_back({0, "the tree has a DOCTYPE"});
  xmlNode *root = xmlDocGetRootElement(doc);
  if (!root) {
    w.problems.push_back({0, "the tree has no root element"});
    return w.problems;
  }
  if (root->next || root->prev) {
    for (xmlNode *n = doc->children; n; n = n->next)
      if (n != root && n->type == XML_ELEMENT_NODE) w.problems.push_back({0, "the tree has more than one root element"});
  }
  if (!xmlStrEqual(root->name, BAD_CAST "article"))
    w.problems.push_back({static_cast<unsigned>(xmlGetLineNo(root)), std::string("the root is '") + reinterpret_cast<const char *>(root->name) + "', not 'article'"});
  w.walk(root);
  if (check_links)
    for (const auto &[line, id] : w.linkends)
      if (!w.ids.count(id)) w.problems.push_back({line, "linkend '" + id + "' points to no xml:id"});
  if (ids)
    for (const auto &kv : w.ids) ids->insert(kv.first);
  return w.problems;
}

namespace {

void index_elements(xmlNode *n, std::set<std::string> *ids, std::vector<std::pair<unsigned, std::string>> *linkends) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    for (xmlAttr *a = n->properties; a; a = a->next) {
      const bool id = a->ns && xmlStrEqual(a->name, BAD_CAST "id") && xmlStrEqual(a->ns->href, kXmlNs);
      const bool linkend = !a->ns && xmlStrEqual(a->name, BAD_CAST "linkend");
      if (!id && !linkend) continue;
      xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
      if (v && id) ids->insert(reinterpret_cast<const char *>(v));
      if (v && linkend) linkends->emplace_back(static_cast<unsigned>(xmlGetLineNo(n)), reinterpret_cast<const char *>(v));
      xmlFree(v);
    }
    index_elements(n->children, ids, linkends);
  }
}

}  // namespace

void index_article(xmlDoc *doc, std::set<std::string> *ids, std::vector<std::pair<unsigned, std::string>> *linkends) {
  index_elements(xmlDocGetRootElement(doc), ids, linkends);
}

std::vector<std::pair<unsigned, std::string>> linkends_of(xmlDoc *doc) {
  Walker w{false, {}, {}, {}, 0, false};
  if (xmlNode *root = xmlDocGetRootElement(doc)) w.walk(root);
  return w.linkends;
}

std::vector<TreeProblem> validate_docbook(xmlDoc *doc, const std::string &schema_path) {
  // Parsed once per process and kept to its end (never destroyed, so that
  // no exit-time destructor races a worker still validating).
  static std::mutex mutex;
  static auto *schemas = new std::map<std::string, xmlRelaxNGPtr>;
  xmlRelaxNGPtr schema;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = schemas->find(schema_path);
    if (it == schemas->end()) {
      xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(schema_path.c_str());
      xmlRelaxNGSetParserStructuredErrors(pc, [](void *, xmlErrorPtr) {}, nullptr);
      it = schemas->emplace(schema_path, pc ? xmlRelaxNGParse(pc) : nullptr).first;
      if (pc) xmlRelaxNGFreeParserCtxt(pc);
    }
    schema = it->second;
  }
  if (!schema) return {{0, "cannot read the DocBook schema " + schema_path + " (apt-get install docbook5-xml)"}};
  std::vector<TreeProblem> problems;
  xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
  xmlRelaxNGSetValidStructuredErrors(
      vc,
      [](void *payload, xmlErrorPtr e) {
        auto *out = static_cast<std::vector<TreeProblem> *>(payload);
        if (out->size() >= 20) return;
        std::string m = e->message ? e->message : "invalid";
        while (!m.empty() && m.back() == '\n') m.pop_back();
        out->push_back({static_cast<unsigned>(e->line), "not valid DocBook 5: " + m});
      },
      &problems);
  const int rc = xmlRelaxNGValidateDoc(vc, doc);
  xmlRelaxNGFreeValidCtxt(vc);
  if (rc != 0 && problems.empty()) problems.push_back({0, "not valid DocBook 5"});
  return problems;
}

}  // namespace pubpipe
