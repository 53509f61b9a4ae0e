// rules.hpp: the rules of the text-cleanup stage, each a plain function over
// lines that keep their source line, so that each can be tested alone.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "encoding.hpp"
#include "mojibake.hpp"

namespace textclean {

struct Line {
  std::string text;
  uint32_t source = 0;  // 1-based line in the input file
  // The raw line began or ended with white space: a scraper that writes each
  // text node on a line of its own keeps the spaces around inline elements,
  // and the indentation of the page's source inside a paragraph.
  bool glue_before = false, glue_after = false;
  // One space and then text: the rest of an inline run ("…written?" / " I
  // know …"), not the source's indentation.
  bool one_space_before = false;
  bool spaces = false;  // the raw line was spaces or tabs and nothing else
  // A heading's anchor link ("[edit]", "¶") was cut from its end: the page
  // set the line as a heading, and the output says so ("## Line").
  bool anchored = false;
};

// A paragraph-level block: lines kept apart only where they must be (list
// items, underlines), otherwise one line.
struct Block {
  std::vector<Line> lines;
  uint32_t source() const { return lines.empty() ? 0 : lines.front().source; }
  std::string joined() const;
};

// A capital, a digit or an opening quotation mark first: how a sentence
// starts.
bool starts_upper_or_digit(std::string_view s);

// Words of a line: runs of characters between spaces.
size_t word_count(std::string_view s);

enum class Level { note, warning, error };
using Report = std::function<void(uint32_t line, Level, const std::string &message)>;

// ---- encoding: encoding.hpp (decode, binary_signature, scrub_controls) and
// mojibake.hpp (repair_mojibake) ---------------------------------------------

// ---- whitespace and layout ------------------------------------------------

std::vector<Line> split_lines(std::string_view text);

// Zero-width characters and soft hyphens that join nothing removed, tabs and
// the wide Unicode spaces made spaces, runs of spaces collapsed, ends
// trimmed.  No-break spaces (U+00A0, U+202F, U+2007) inside the line are
// text and stay (at its ends they are trimmed), and so does a soft hyphen
// between two letters.  Returns true if anything changed.
bool normalize_spaces(std::string &s);

// A footnote's mark, the whole line: "[1]", "[a]", "[citation needed]",
// "[note 3]" (a wiki's citation, a link in a superscript, which a scraper
// puts on a line of its own).
bool footnote_mark(std::string_view t);
// s without what may close a sentence after its last mark: a wiki's
// citations ("… man.[73]", "[71][72]"), closing quotation marks and
// brackets ("… call \"life.\"", "… (1853).)").
std::string_view before_closers(std::string_view s);
// s ends a sentence with a full stop, a question or exclamation mark or an
// ellipsis, whatever closes it after that (before_closers).
bool full_stop(std::string_view s);
// s ends in a dash that joins words ("… as a----", "… the one—"): what
// follows it goes on the same sentence, with a space only where the page
// had one.
bool ends_in_dash(std::string_view s);
// The line opens with a dash glued to its text: the rest of a word or a
// sentence after an inline element ("i" / "-th row", "transpose" / "—that
// is", "… dinner hour" / "--it blazed"); a dash and a space is a bullet or
// an attribution.
bool dash_start(std::string_view s);
// The line opens with a quotation mark that closes one: a right one, or a
// straight one with no letter after it ("… sir," / "\" said Turkey").
bool closes_quotation(std::string_view s);
// How long a line of the page's source is where it wraps running text
// inside a text node: 60 characters, or less when the page's own indented
// lines show a narrower source.
size_t source_line_width(const std::vector<Line> &lines);
// l is a footnote's mark citing the text above it: a line that ends a
// sentence or a clause ("… the previous loop." / "[1]"), not a name or a
// mark alone (a related box's "Ann Lee" / "[1]": w3m's numbers of pictures).
bool cites(std::string_view above, std::string_view l);

// A line that goes on with the sentence of the line above, which a page
// broke at a link or emphasis: it starts with closing punctuation
// (", . ; : ! ? ) ] }") or follows an opening bracket; or the line above
// ends in a space (the space before an inline element); or, after a line
// that does not end a sentence, it starts with a lower-case word or is
// indented under a line that starts in lower case (not a heading); or it
// starts in lower case after a semicolon; or it is the next sentence, its
// text node opening with one space; or a quotation mark alone opens it or
// closes the line above; or it is a footnote's mark that cites it (cites).
// *space: whether a space belongs between them (punctuation takes one only
// where the page had white space).
bool continues_sentence(const Line &above, const Line &l, bool *space);

// A text browser's print of a page laid out in two columns side by side
// (w3m: a table holding the text and a sidebar), "+ Added Slime Block
// <spaces> Minecraft Realms": the lines from the first to the last that
// part at one column, with nothing crossing it, are read as the left
// column's lines and then the right column's.  Only where the left column
// is text set from the margin (its parts half the column wide or more on
// average, few of them indented: a table's labels are centred) and the
// lines part at no other column (a table's rows do), and where the other
// column is a menu (its lines a few capitalised words each, no sentence).
// Returns the first and last source lines so read (0, 0 when none).
std::pair<uint32_t, uint32_t> unfold_columns(std::vector<Line> &lines);

// A text browser's print of a table (w3m): its rows apart by blank lines,
// its columns at places where no line of the table has text, a cell's text
// wrapped inside its column.  Each such table is read a row a line, the
// cells' lines rejoined and the cells parted by " | ".  Only where three
// rows or more are so parted and three lines or more have two spaces or
// more before a column.  Returns the first and last source lines of each
// table so read, and its number of columns.
struct TableRead {
  uint32_t from = 0, to = 0;
  size_t columns = 0;
};
std::vector<TableRead> read_tables(std::vector<Line> &lines);

// Lines of spaces between two lines of one sentence (continues_sentence):
// the indentation of a page's source between the text nodes of one
// paragraph, which BeautifulSoup's get_text prints as lines of spaces.  They
// are removed, so that they do not part the sentence; an empty line is
// always a paragraph break, and so is a line of spaces anywhere else.
// Returns how many were removed.
size_t drop_spaces_in_sentences(std::vector<Line> &lines);

enum class Layout { line, blank, wrapped };
const char *layout_name(Layout l);
Layout detect_layout(const std::vector<Line> &lines, size_t *wrap_width);

// Groups lines into blocks for the layout (with blank lines between
// paragraphs, a line that continues_sentence is joined to the line above:
// the rest are blocks of their own); wrapped lines are joined, words
// hyphenated across a break rejoined when the text spells them unbroken, or
// when the dictionary (if any) knows the whole word but not its second half
// ("automa-" / "tion"; "well-" / "known" keeps its hyphen).
using Dictionary = std::function<bool(const std::string &word)>;
std::vector<Block> build_blocks(const std::vector<Line> &lines, Layout layout, size_t wrap_width, bool dehyphenate,
                                const Report &report, const Dictionary &dictionary = nullptr);

// ---- scraping artifacts ---------------------------------------------------

// Strips a wiki "Edit" link glued to a heading-like line.
// glued: also an "Edit" run into the last word ("RelationsEdit", glued_edit_link).
bool strip_edit_link(std::string &line, bool glued = true);
bool glued_edit_link(std::string_view line);
// Removes the carets that a text browser prints for superscript around a
// citation mark ("loop.^[1]^: 207" -> "loop.[1]: 207"); returns how many.
size_t strip_citation_carets(std::string &line);

struct Chrome {
  std::vector<std::string> exact;      // lower-cased whole lines
  std::vector<std::string> prefixes;   // lower-cased starts of short lines; outside a web page, of
                                       // lines that end no sentence ("Advertisement revenues rose.")
  std::vector<std::string> user_prefixes;  // the user's (`chrome_lines` "text*"): of any short line
  std::vector<std::string> page_only;  // whole lines that are chrome on a web page but can be a heading
                                       // in an article ("Contents", "Comments", "Email")
  std::vector<std::string> captions;   // labels of a picture's caption ("media caption"): on a web page
                                       // the caption they label goes with them
  static Chrome defaults();
  // The line is a caption's label, alone (*caption empty: the caption is
  // the next block) or before the caption's text (*caption that text).
  bool labels_caption(std::string_view line, std::string *caption) const;
  void add_user(const std::string &pattern);  // "text" or "text*"
  bool matches(std::string_view line, bool page = false) const;
};

// Removes blocks repeated right after themselves, and bylines ("By …")
// repeated anywhere among the first blocks.  A short line of words (not a
// list's item) repeated on the line right under it, no blank line between,
// is a picture's alt text over its caption ("Scatter plot" / "Scatter
// plot", as a text browser prints them): both stay, one block, which
// section-detect reads as a caption.  (The title, the first block, is kept
// once.)
void drop_repeated_blocks(std::vector<Block> &blocks, const Report &report);

// Repairs a title from the body's spelling: words run together after a lost
// dash ("Stateskorea" -> "States–Korea") and proper nouns lower-cased.
bool repair_title(std::string &title, std::string_view body);

// ---- typography -----------------------------------------------------------

// Curly quotes for the language, dashes for -- and ---, an ellipsis for ...
bool typography(std::string &s, const std::string &language);

// The function words of a language, lower-cased: the measure of how much a
// block reads like running text (jusText's stopword density).
struct FunctionWords {
  std::unordered_set<std::string> words;
  // One word a line; '#' starts a comment.  Throws nothing; bad lines are skipped.
  static FunctionWords parse(std::string_view text);
  // The list built into the plugin for a language ("en", "de-AT"), or an empty list.
  static FunctionWords builtin(const std::string &language);
  bool empty() const { return words.empty(); }
};

// ---- the whole cleanup -------------------------------------------------------

struct CleanOptions {
  std::string encoding = "auto";
  bool mojibake = true, drop_controls = false;
  std::string layout = "auto";
  bool dehyphenate = true, edit_links = true, chrome_enabled = true, repeated = true, title = true, typography = false;
  std::string language = "en";
  Chrome chrome = Chrome::defaults();
  // Web pages: "auto" finds the article when the text reads like a whole
  // page, "on" always, "off" never.  The function words of the book's
  // language measure what reads like running text; without them "auto" is off.
  std::string boilerplate = "auto";
  FunctionWords function_words = FunctionWords::builtin("en");
  // In a page's header, a name next to the headline's date or role
  // ("Name" / "4 min read", "Name, @handle") is written "By Name".
  bool page_bylines = true;
  bool page_tail = true;
  Dictionary dictionary;  // the spelling dictionary, when one is open
};

struct Cleaned {
  std::string error;  // the file is not text (binary, undecodable)
  std::string text;   // blocks separated by blank lines; empty: no text at all
  std::vector<uint32_t> line_map;  // text line (0-based) -> source line
};

// Every rule, in the stage's order.  spell, when given, sees the blocks
// after the title repair and before typography (Hunspell lives in the stage).
Cleaned clean_text(std::string_view raw, const CleanOptions &o, const Report &report,
                   const std::function<void(std::vector<Block> &, const std::string &body)> &spell = nullptr);

// ---- spelling -------------------------------------------------------------

// Words of the text (lower-cased), with their counts.
std::vector<std::string> words_of(std::string_view s);

}  // namespace textclean
