// reading_time.cpp: a sample third-party document stage.  It counts the
// words of each article and adds an estimate of its reading time to the
// article's metadata, as <bibliomisc role="reading-time">.
#include <pubpipe/plugin.hpp>

#include <libxml/tree.h>

#include <sstream>

class ReadingTime {
 public:
  static constexpr pubpipe::PluginInfo info{"reading-time", "1.0.0", "MIT",
                                            "Adds each article's reading time to its metadata.",
                                            "https://example.org/reading-time"};
  static constexpr pubpipe::StageInfo document_stage{"estimate", "tree", "reading-time"};
  static constexpr pubpipe::Option options[] = {
      {"words_per_minute", PP_OPT_INT, "230", nullptr, "Reading speed.", "50..1000"},
      {"label", PP_OPT_STRING, "min read", nullptr, "Words after the number of minutes."},
  };

  explicit ReadingTime(pubpipe::Context &setup)
      : wpm_(setup.option_int("words_per_minute")), label_(setup.option_string("label")) {
    if (wpm_ < 1) throw pubpipe::Error("words_per_minute must be at least 1");
  }

  void document(pubpipe::Context &doc) {
    xmlNode *article = xmlDocGetRootElement(doc.tree());
    xmlChar *text = xmlNodeGetContent(article);
    std::istringstream words(reinterpret_cast<const char *>(text));
    xmlFree(text);
    long count = 0;
    for (std::string w; words >> w;) ++count;
    const long minutes = (count + wpm_ - 1) / wpm_;
    xmlNode *info = article->children;
    while (info && !(info->type == XML_ELEMENT_NODE && xmlStrEqual(info->name, BAD_CAST "info"))) info = info->next;
    if (!info) throw pubpipe::Error("the article has no info element");
    const std::string value = std::to_string(minutes) + " " + label_;
    xmlNode *misc = xmlNewTextChild(info, article->ns, BAD_CAST "bibliomisc", BAD_CAST value.c_str());
    xmlSetProp(misc, BAD_CAST "role", BAD_CAST "reading-time");
    doc.note(article->line, std::to_string(count) + " words: " + value);
  }

 private:
  long wpm_;
  std::string label_;
};

PUBPIPE_PLUGIN(ReadingTime)
