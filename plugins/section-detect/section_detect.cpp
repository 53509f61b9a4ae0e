// section_detect.cpp: the section-detect stage: its options, and the
// article that article.cpp builds.
#include <pubpipe/plugin.hpp>

#include "../common/unicode.hpp"
#include "structure.hpp"

namespace {

using namespace sections;

std::string stem(const std::string &path) {
  std::string s = path.substr(path.find_last_of('/') + 1);
  const size_t dot = s.rfind('.');
  return dot == std::string::npos || dot == 0 ? s : s.substr(0, dot);
}

class SectionDetect {
 public:
  static constexpr pubpipe::PluginInfo info{
      "section-detect", "0.1.0", "MIT",
      "Finds title, authors, date, lead, headings, lists, bio, see-also and references; builds the DocBook article."};
  static constexpr pubpipe::StageInfo document_stage{"structure", "text", "tree sections bibliography"};
  static constexpr pubpipe::Option options[] = {
      {"bare_headings", PP_OPT_BOOL, "true", nullptr,
       "Take short lines without final punctuation, followed by body text, for headings."},
      {"numbered_headings", PP_OPT_BOOL, "true", nullptr, "Take '2.' and '2.1' style lines for headings (level from the number)."},
      {"max_heading_words", PP_OPT_INT, "12", nullptr, "The most words a bare or numbered heading may have."},
      {"function_words", PP_OPT_RESOURCE, nullptr, nullptr,
       "A file of the book language's function words, one a line ('#' comments), the format of text-cleanup's: a line that ends in "
       "one is half a sentence, not a heading; Title Case is judged without them. Default: the list built in for the book's "
       "language (en); none for other languages (then those two rules are off)."},
      {"bylines", PP_OPT_BOOL, "true", nullptr, "Take 'By NAME' lines for the authors (each once, never body text)."},
      {"dates", PP_OPT_BOOL, "true", nullptr, "Take a dateline near the top for the publication date."},
      {"bio", PP_OPT_BOOL, "true", nullptr, "Take a closing paragraph about the author for the author's bio."},
      {"see_also_titles", PP_OPT_STRING_LIST, "[see also, related articles, related topics, related pages, external links, further reading]",
       nullptr, "Headings (case-insensitive) of lists of related links."},
      {"reference_titles", PP_OPT_STRING_LIST,
       "[references, notes, sources, bibliography, works cited, citations, footnotes, notes and references, references and notes, literature]",
       nullptr, "Headings (case-insensitive) of reference lists, which become the article's bibliography."},
  };

  explicit SectionDetect(pubpipe::Context &setup) {
    o_.bare_headings = setup.option_bool("bare_headings");
    o_.numbered_headings = setup.option_bool("numbered_headings");
    o_.max_heading_words = static_cast<int>(setup.option_int("max_heading_words"));
    o_.bylines = setup.option_bool("bylines");
    o_.dates = setup.option_bool("dates");
    o_.bio = setup.option_bool("bio");
    const std::string language = setup.book_meta("language");
    o_.function_words = setup.has_string("function_words") ? parse_function_words(setup.resource("function_words"))
                                                           : builtin_function_words(language.empty() ? "en" : language);
    if (o_.function_words.empty())
      setup.warn(0, "no function words for the book's language '" + language +
                        "': half sentences are not told from headings by their last word (give function_words: FILE)");
    o_.see_also_titles = lowered(setup.option_list("see_also_titles"));
    o_.reference_titles = lowered(setup.option_list("reference_titles"));
    if (o_.max_heading_words < 1) throw pubpipe::Error("max_heading_words must be at least 1");
  }

  void document(pubpipe::Context &doc) {
    const Note note = [&](uint32_t l, bool warning, const std::string &m) { doc.diag(warning ? PP_WARNING : PP_NOTE, doc.source_line(l), m); };
    std::string error;
    bool empty = false;
    xmlDoc *d = build_article(std::string(doc.text()), stem(doc.source_name()), o_, [&](uint32_t l) { return doc.source_line(l); }, note,
                              &error, &empty);
    if (empty) return doc.skip("the document has no text (no empty chapter)");
    if (!d) throw pubpipe::Error(error);
    doc.set_tree(d);
  }

 private:
  static std::vector<std::string> lowered(std::vector<std::string> v) {
    for (auto &s : v) s = pubpipe::text::lower(s);
    return v;
  }
  Options o_;
};

}  // namespace

PUBPIPE_PLUGIN(SectionDetect)
