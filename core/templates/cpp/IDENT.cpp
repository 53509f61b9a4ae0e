// @IDENT@.cpp: the pubpipe stage plugin @NAME@, in C++.  It counts the words
// of each article and records the count in the article's info, as
// <bibliomisc role="@NAME@">N words</bibliomisc>.  Made by `pubpipe
// new-plugin`; see the plugin guide for the whole of pubpipe/plugin.hpp.
#include <pubpipe/plugin.hpp>

#include <libxml/tree.h>

#include <sstream>
#include <string>

class @CLASS@ {
 public:
  static constexpr pubpipe::PluginInfo info{"@NAME@", "0.1.0", "MIT", "Counts each article's words into its info."};
  static constexpr pubpipe::StageInfo document_stage{"count", "tree", "@NAME@"};
  static constexpr pubpipe::Option options[] = {
      {"label", PP_OPT_STRING, "words", nullptr, "What follows the number.", nullptr, ".{1,40}"},
      {"min_words", PP_OPT_INT, "0", nullptr, "Warn about an article with fewer words.", "0.."},
  };

  // Options are read once per worker; an exception here fails the run's
  // documents with the plugin's name and this message.
  explicit @CLASS@(pubpipe::Context &setup)
      : label_(setup.option_string("label")), min_words_(setup.option_int("min_words")) {}

  void document(pubpipe::Context &doc) {
    xmlNode *article = xmlDocGetRootElement(doc.tree());
    xmlNode *info = article->children;
    while (info && !(info->type == XML_ELEMENT_NODE && xmlStrEqual(info->name, BAD_CAST "info"))) info = info->next;
    if (!info) throw pubpipe::Error("the article has no info element");
    xmlChar *text = xmlNodeGetContent(article);
    std::istringstream in(reinterpret_cast<const char *>(text));
    xmlFree(text);
    long words = 0;
    for (std::string w; in >> w;) ++words;
    const std::string value = std::to_string(words) + " " + label_;
    // xmlNewTextChild escapes the text: never put text in with xmlNewChild.
    xmlNode *misc = xmlNewTextChild(info, article->ns, BAD_CAST "bibliomisc", BAD_CAST value.c_str());
    xmlSetProp(misc, BAD_CAST "role", BAD_CAST "@NAME@");
    const auto line = static_cast<uint32_t>(xmlGetLineNo(article));
    doc.note(line, value);
    if (words < min_words_) doc.warn(line, "the article is shorter than min_words");
  }

 private:
  std::string label_;
  long min_words_;
};

PUBPIPE_PLUGIN(@CLASS@)
