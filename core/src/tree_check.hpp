// tree_check.hpp: the invariants every article keeps after every stage, and
// the optional RELAX NG validation against DocBook 5 (--strict).
#pragma once

#include <libxml/tree.h>

#include <set>
#include <string>
#include <vector>

namespace pubpipe {

struct TreeProblem {
  unsigned line = 0;
  std::string message;
  // The tree's links are broken (a node in two places, a wrong parent or
  // sibling link): freeing it would free a node twice, so the host leaks it.
  bool structural = false;
};

// At most this many nodes in one article: a plugin that builds more has gone wrong.
inline constexpr size_t kMaxArticleNodes = 2'000'000;

// Checks one article: one root `article` in the DocBook namespace, no
// DOCTYPE, only DocBook elements, unique xml:ids, valid UTF-8 text free of
// characters XML forbids, and (when check_links) linkends that resolve
// inside the article.  ids receives the article's xml:ids.
std::vector<TreeProblem> check_article(xmlDoc *doc, bool check_links, std::set<std::string> *ids = nullptr);

// The ids and linkends of an article that has passed check_article, in one
// walk over its elements (no text is looked at again).
void index_article(xmlDoc *doc, std::set<std::string> *ids, std::vector<std::pair<unsigned, std::string>> *linkends);

// Collects the linkend values of an article.
std::vector<std::pair<unsigned, std::string>> linkends_of(xmlDoc *doc);

// Validates against the DocBook 5 RELAX NG schema.  The schema is loaded once
// per process from schema_path.  Returns the problems found.
std::vector<TreeProblem> validate_docbook(xmlDoc *doc, const std::string &schema_path);

// Where Debian's docbook5-xml puts the schema.
inline constexpr const char *kDocBookSchema = "/usr/share/xml/docbook/schema/rng/5.0/docbook.rng";

}  // namespace pubpipe
