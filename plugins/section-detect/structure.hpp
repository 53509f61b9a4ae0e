// structure.hpp: finds an article's structure in its text (title, bylines,
// date, headings, lists, bio, see-also and references), independent of the
// DocBook tree it becomes, so that each rule can be tested alone.
#pragma once

#include <libxml/tree.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>



namespace sections {

struct TextBlock {
  std::vector<std::string> lines;
  uint32_t line = 0;  // text line (1-based) of the first line
  std::string joined() const;  // lines joined by a space
};

// Splits text into blocks: groups between blank lines, or every line when the
// text has no blank line between lines of text.
std::vector<TextBlock> split_blocks(const std::string &text);

enum class Kind { paragraph, heading, itemized, ordered, quote };

enum class SectionRole { normal, see_also, references, bio };

struct Item {
  Kind kind = Kind::paragraph;
  std::string text;                // paragraph, quote or heading text
  std::vector<std::string> lines;  // the block's lines as written
  std::vector<std::string> items;  // lists
  int level = 1;                   // headings
  std::string label;               // headings: their number as written ("2.1"), or ""
  SectionRole role = SectionRole::normal;  // headings
  bool anchored = false;  // a heading's anchor mark ("\u00B6", "[edit]") followed it: the page set it as a heading
  uint32_t line = 0;
};

// The function words of a language, lower case: one word a line, '#' starts
// a comment (the format of plugins/text-cleanup/data/function-words/LANG.txt).
std::unordered_set<std::string> parse_function_words(std::string_view text);
// The list built in for a language ("en", "en-GB"); empty when there is none.
std::unordered_set<std::string> builtin_function_words(const std::string &language);

struct Options {
  int max_heading_words = 12;
  // The book language's function words: a line that ends in one is half a
  // sentence, not a heading (empty: that rule is off).
  std::unordered_set<std::string> function_words = builtin_function_words("en");
  bool bare_headings = true;
  bool numbered_headings = true;
  bool bylines = true;
  bool dates = true;
  bool bio = true;
  std::vector<std::string> see_also_titles = {"see also", "related articles", "related topics", "related pages", "external links", "further reading"};
  std::vector<std::string> reference_titles = {"references", "notes", "sources", "bibliography", "works cited", "citations",
                                               "footnotes", "notes and references", "references and notes", "literature"};
  std::vector<std::string> bio_titles = {"about the author", "about the authors", "author bio", "about the writer"};
};

struct Reference {
  std::string number;  // as the list numbers it ("3"), or "" when unnumbered
  std::string text;
  uint32_t line = 0;
};

struct Structure {
  std::string title, subtitle;
  uint32_t title_line = 0;
  bool title_guessed = false;  // no title line: the caller names it
  std::vector<std::string> authors;
  uint32_t byline_line = 0;
  std::string pubdate;  // ISO 8601
  uint32_t date_line = 0;
  std::vector<Item> body;  // in order; headings open sections
  std::string bio;
  uint32_t bio_line = 0;
  std::string references_title;
  uint32_t references_line = 0;
  std::vector<Reference> references;
};

using Note = std::function<void(uint32_t line, bool warning, const std::string &message)>;

Structure detect(const std::vector<TextBlock> &blocks, const Options &options, const Note &note);

// Builds the DocBook 5 article for the cleaned text: name is the file's stem
// (the article's id and, without a title line, its title); line maps a text
// line to its source line; note gets text lines.  Returns the tree, or NULL
// with *empty (no text at all) or *error (a title but no body).
xmlDoc *build_article(const std::string &text, const std::string &name, const Options &options,
                      const std::function<uint32_t(uint32_t)> &line, const Note &note, std::string *error, bool *empty);

// Role of a heading by its title.
SectionRole role_of(const std::string &title, const Options &options);

// Parses a date ("14 March 2025", "March 14, 2025", "2025-03-14", with an
// optional weekday) into ISO 8601; "" if it is not one.
std::string parse_date(std::string s);

// Names in a byline ("By A and B", "Written by A, B & C"); empty if not one.
std::vector<std::string> parse_byline(const std::string &s, std::string *rest);

}  // namespace sections
