// extract.cpp: finding the article in a scraped page (see extract.hpp).
#include "extract.hpp"
#include "page_lines.hpp"
#include "unicode.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

namespace textclean {

// The built-in lists (generated from data/function-words/*.txt).
namespace detail {
struct BuiltinList {
  const char *language;
  const char *text;
};
extern const BuiltinList kFunctionWords[];
extern const size_t kFunctionWordsCount;
}  // namespace detail

namespace {

// Every number of the classifier, with where it came from.
struct Weights {
  // jusText's defaults (Pomikálek 2011, table 4.3): blocks under 70
  // characters are "short", over 200 "long"; a long block with 32 % function
  // words is text, 30 % makes it "near-good".  Our lists are shorter than
  // jusText's stoplists, which lowers densities: the thresholds below were
  // set on the development pages so that 95 % of the gold paragraphs of 70+
  // characters pass (measured: median density 0.41 in gold paragraphs,
  // 0.12 in the chrome blocks of the same length).
  size_t length_low = 70, length_high = 200;
  double density_low = 0.25, density_high = 0.30;
  // jusText's max_heading_distance: a heading is kept when article text
  // follows within this many characters.
  size_t heading_distance = 200;
  // A sentence of running text above the article's first kept block is its
  // start when this share of its words are function words (about half of
  // jusText's stopwords_high of 0.32 for running text; menus and credits
  // have next to none),
  // with at most this many words of short blocks before the next one
  // (a caption, a button; three of them in all).
  double density_prose = 0.15;
  // Code: this share of its non-space characters are brackets, semicolons
  // and operators (prose has few of them, a program listing many; the
  // threshold is a round figure between, not one fitted to a page).
  double code_marks = 0.06;
  size_t lead_skip_words = 8;
  // Near-good paragraphs in a row are text when they add up to two long
  // blocks (our addition: jusText needs one block of 200 characters).
  size_t group_chars = 400;
  // A listing: this many headline and teaser pairs in a row, each teaser at
  // most this long (a related-stories box; our addition).
  size_t listing_pairs = 3, teaser_chars = 250;
  // A listing with a paragraph of the text within this many blocks on
  // both sides is inside the article (a heading, a sub-heading between).
  size_t listing_edge = 3;
  // Two runs of text are one article while fewer words than this lie
  // between them in blocks that are not text (captions, an advertisement).
  size_t max_gap_words = 150;
  // ... or a menu ends the run: this many short lines in a row, none a
  // sentence (a menu of a site has more than a list of the text's few).
  size_t menu_run = 6;
  // ... or as many navigation boxes in a row, each a label over items of at
  // most nav_item_words words.
  size_t nav_boxes = 3, nav_item_words = 3;
  // A sentence that ends in a colon keeps this many blocks under it, when
  // the text goes on after them.
  size_t announced_blocks = 3;
  // A caption is at most this many words.
  size_t caption_words = 40;
  // A record (a comment, an entry of a listing) is at most this many blocks
  // from its marker ("Reply") to the next; one that opens with its date
  // line, at most the second figure (a comment of several paragraphs).
  size_t record_blocks = 8, record_blocks_dated = 30;
  // Its date line is among the first this many blocks (after the marker of
  // the record before: "Reply", the writer's name, a "·"), each of at most
  // the second figure's words ("Sallie Goetsch (rhymes with sketch)").
  size_t record_header = 4, record_header_words = 6;
  // Records after an article longer than this many of them (the median
  // one) are comments under it, however much the readers wrote.
  size_t record_article = 3;
  // A writer credited after the article ("Ann Lee — 2013-09-29") is
  // looked for in this many blocks after its last paragraph.
  size_t footer_byline_blocks = 12;
  // Sentences right after the article's last paragraph are its end, this
  // many blocks at the most.
  size_t closing_blocks = 3;
  // The text after the last paragraph goes on past at most this many kept
  // blocks that are no sentence (a dateline, a box's title; a separator or
  // a formula's TeX, no word at all, is none).
  size_t tail_gap = 2;
  // Two required fields of a form this many blocks apart or fewer, the
  // first this many blocks or fewer before the last paragraph, make it the
  // form's (its check boxes' labels: "Notify me of new posts by email.");
  // the form's notice above its fields is at most form_notice blocks.
  size_t form_reach = 6, form_notice = 2;
  // A line of refrain_words words at most that stands alone refrain_times
  // times or more among the article's blocks is the page's.
  size_t refrain_words = 12, refrain_times = 3;
  // A run of text far from the best one is kept when it has at least this
  // share of the best run's characters (an article split by a large box).
  double keep_run_share = 0.5;
  // A page: at least this many blocks, this share of them short (four
  // words or fewer, not a sentence), and navigation: this many short blocks
  // before the first block of 25 words, or this many short blocks repeated.
  // Measured on the development pages and the 1,021 clean BBC articles: a
  // clean article has at most its title (and a byline) before the text and
  // repeats no short line; every page but two has four or more before the
  // text or two repeated, and a fifth of its blocks short.
  size_t page_min_blocks = 30;
  double page_short_share = 0.20;
  size_t page_before_text = 4, page_repeated = 2;
  // Or, whatever the share: this many short blocks before the text (a
  // site's menus over an article that is mostly a table of long rows).
  size_t page_menu_before_text = 12;
  // Or: at least this many lines, and this share of them, joined to the
  // line before (a text node broken at a link, a hard wrap).  A clean
  // article a paragraph a line or a block has none joined.
  // It needs menus too: this many short blocks, page_short_share of all (a
  // clean hard-wrapped article has its title, byline and a few headings).
  size_t page_joined = 10;
  double page_joined_share = 0.2;
  size_t page_joined_short = 8;
  // A term over its definition is at most this many words ("Heartbeat and
  // Status Controller (HSC)"); a round figure, well under a headline's dozen.
  size_t term_words = 8;
  // A section after the article's text may hold this many lines of any
  // shape when another section's heading follows them (a wiki's "See also"
  // links over its "References").
  size_t section_lines = 8;
  // A note on the writer after the article has at least this many words
  // after the name ("Ann Lee is on Twitter"): a clause, not a credit.
  size_t note_words = 4;
  // A sentence of at least this many words ending in a colon announces the
  // list under it (a menu's "Follow us:" has two or three).
  size_t announce_words = 5;
};
const Weights kWeights;

// An ASCII digit; safe for the bytes of UTF-8 (std::isdigit is not, for negative chars).
bool is_digit(char c) { return c >= '0' && c <= '9'; }

namespace text = pubpipe::text;
std::string fold(std::string_view s) { return text::lower(s); }
size_t chars(std::string_view s) { return text::char_count(s); }
// The character before byte i of s (0 at the start).
char32_t char_before(std::string_view s, size_t i) { return text::last_char(s.substr(0, i)); }

// The words of a text, case-folded, without the punctuation around them; a
// token with no letter or digit ("⟺", "—") or with a backslash (TeX, a
// formula's source: "{\\displaystyle") is none.
std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    std::string_view w = s.substr(i, j - i);
    while (!w.empty() && std::strchr("\"'([{<*_", w.front())) w.remove_prefix(1);
    while (!w.empty() && std::strchr("\"'.,;:!?)]}>*_", w.back())) w.remove_suffix(1);
    bool letters = false;
    for (size_t k = 0, len; k < w.size() && !letters; k += len) {
      const char32_t c = text::char_at(w, k, &len);
      letters = text::is_alpha(c) || text::is_digit(c);
    }
    if (letters && w.find('\\') == std::string_view::npos) out.push_back(fold(w));
    i = j;
  }
  return out;
}

bool ends_sentence(std::string_view s) {
  s = before_closers(s);  // ("… a mystery man.[73]", "… call \"life.\"")
  if (s.empty()) return false;
  return std::strchr(".!?:;", s.back()) != nullptr || (s.size() >= 3 && s.substr(s.size() - 3) == "\xE2\x80\xA6");
}

using text::starts_lower;

// "• item", "- item", "* item", "□ item", "◦ item", "1. item".
bool bullet_start(std::string_view s) {
  static const char *marks[] = {"\xE2\x80\xA2 ", "\xE2\x96\xA1 ", "\xE2\x97\xA6 ", "\xE2\x96\xAA ", "\xC2\xB7 ", "- ", "* ", "+ "};
  for (const char *m : marks)
    if (s.rfind(m, 0) == 0) return true;
  size_t i = 0;
  while (i < s.size() && is_digit(s[i])) ++i;
  return i > 0 && i < 4 && i + 1 < s.size() && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ';
}

// The mark a list item opens with ("• ", "+ "; "1." for any number and
// its dot or bracket), "" for a line that is no item: two lines of one
// list share it.
std::string_view bullet_mark(std::string_view s) {
  if (!bullet_start(s)) return {};
  size_t i = 0;
  while (i < s.size() && is_digit(s[i])) ++i;
  return i > 0 ? s.substr(i, 1) : s.substr(0, s.find(' '));
}

const char *const kMonths[] = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                               "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
                               "sep", "sept", "oct", "nov", "dec"};

// A line that prints a date: a year (or a day and a month) in at most a dozen
// words: "24 July 2015", "Updated 3:12 PM ET, Mon May 23, 2016", "2015-07-24".
bool date_line(std::string_view s) {
  if (word_count(s) > 12 || s.size() > 100) return false;
  bool year = false, month = false, numeric = false;
  for (const auto &w : words(s)) {
    if (w.size() == 4 && std::all_of(w.begin(), w.end(), is_digit) && (w[0] == '1' || w[0] == '2')) year = true;
    for (const char *m : kMonths)
      if (w == m) month = true;
    // 2015-07-24, 24/07/2015, 07.24.15
    size_t digits = 0, seps = 0;
    for (char c : w) digits += is_digit(c), seps += c == '-' || c == '/' || c == '.';
    if (seps == 2 && digits >= 6 && digits + seps == w.size()) numeric = true;
  }
  return (year && month) || numeric || (month && std::any_of(s.begin(), s.end(), is_digit) && word_count(s) <= 6);
}

// "By A and B", "Written by A": a byline of its own.
bool byline_line(std::string_view s) {
  const std::string l = fold(s.substr(0, std::min<size_t>(s.size(), 16)));
  const bool by = l.rfind("by ", 0) == 0 || l.rfind("by: ", 0) == 0 || l.rfind("written by ", 0) == 0 || l.rfind("posted by ", 0) == 0 ||
                  l.rfind("words by ", 0) == 0 || l.rfind("story by ", 0) == 0;
  return by && word_count(s) <= 14 && s.size() < 160 && !ends_sentence(s);
}

// "By" alone on its line: the name after it was a link.
bool by_word(std::string_view s) {
  const std::string f = fold(s);
  return f == "by" || f == "by:" || f == "written by" || f == "posted by";
}

// Where a date begins that the page's markup glued to the byline before it
// ("by Lucas Nolan22 Dec 2016", "by Ann LeeOctober 13, 2016"): a lower-case
// letter, then at once a digit or a capitalised month, and a date from there
// on.  npos when there is none.
size_t glued_date(std::string_view s) {
  for (size_t i = 1; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80 || !text::is_lower(char_before(s, i))) continue;
    bool start = is_digit(s[i]);
    if (!start && text::starts_upper(s.substr(i)))
      for (const char *m : kMonths)
        if (const size_t len = std::strlen(m); len > 3 && s.size() >= i + len && fold(s.substr(i, len)) == m) start = true;
    if (start && date_line(s.substr(i))) return i;
  }
  return std::string_view::npos;
}

// Two to four words, each capitalised: a person's name on a line of its own.
bool name_line(std::string_view s) {
  const size_t n = word_count(s);
  if (n < 2 || n > 4 || s.size() > 60) return false;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    const std::string_view w = s.substr(i, j - i);
    if (!w.empty() && !text::starts_upper(w)) return false;
    for (char c : w)
      if (is_digit(c) || std::strchr(":|/@#!?", c)) return false;
    i = j;
  }
  return true;
}

// The names a byline credits ("By Ann Lee and Bo Ng", "Written by Ann
// Lee, Bo Ng & Cy Li"); none for a line that is no byline.
std::vector<std::string> credited_names(std::string_view s) {
  std::vector<std::string> names;
  if (!byline_line(s)) return names;
  std::string rest(s.substr(fold(s).find("by") + 2));
  if (!rest.empty() && rest[0] == ':') rest.erase(0, 1);
  for (const char *sep : {" and ", " & ", ", "})
    for (size_t at; (at = rest.find(sep)) != std::string::npos;) rest.replace(at, std::strlen(sep), "\n");
  size_t from = 0;
  while (from <= rest.size()) {
    size_t to = rest.find('\n', from);
    if (to == std::string::npos) to = rest.size();
    std::string name = rest.substr(from, to - from);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (name_line(name)) names.push_back(std::move(name));
    from = to + 1;
  }
  return names;
}

// The person a copyright line credits ("© Haki Benita 2016-2020",
// "Copyright © 2019 Ann Lee", an item of a footer's list): a name of two to four words and nothing
// else but years; "" for a company, a site or any other line.
std::string copyright_holder(std::string_view s) {
  std::string_view t = s;
  if (bullet_start(t)) t.remove_prefix(t.find(' ') + 1);  // (a footer's list: "• © Ann Lee 2020")
  bool marked = false;
  for (bool more = true; more;) {
    more = false;
    while (!t.empty() && t[0] == ' ') t.remove_prefix(1);
    for (const std::string_view mark : {"copyright", "\xC2\xA9", "(c)"})
      if (fold(t.substr(0, mark.size())) == mark) t.remove_prefix(mark.size()), marked = more = true;
  }
  if (!marked) return {};
  std::string name;
  for (size_t i = 0, j; i < t.size(); i = j + 1) {
    j = std::min(t.find(' ', i), t.size());
    const std::string_view w = t.substr(i, j - i);
    if (!w.empty() && !std::all_of(w.begin(), w.end(), [](char c) { return is_digit(c) || std::strchr("-,.", c); }))
      name += (name.empty() ? "" : " ") + std::string(w);
  }
  return name_line(name) ? name : std::string();
}

// A web address alone on its line ("https://nodejs.org/api/inspector.html"):
// a source the article cites.
bool address_line(std::string_view s) {
  return (s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0) && s.find(' ') == std::string_view::npos;
}

// A form's field, its label marked required: "Name *", "Email*", w3m's
// "Username * [          ]" with the box it draws for the input.
bool form_field(std::string_view s) {
  if (s.size() > 2 && s.back() == ']') {
    const size_t open = s.rfind('[');
    if (open == std::string_view::npos || s.find_first_not_of(" _", open + 1) != s.size() - 1) return false;
    s = s.substr(0, open);
  }
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s.size() >= 2 && s.back() == '*' && s[s.size() - 2] != '*' && word_count(s) <= 4 && text::starts_upper(s);
}

// Two sentences or more: a sentence's end (. ! ?) inside the text, a
// capital after it ("It rained. The match was off").  A headline is one.
bool several_sentences(std::string_view s) {
  for (size_t i = 1; i + 2 < s.size(); ++i)
    if (std::strchr(".!?", s[i]) && s[i + 1] == ' ' && text::is_lower(char_before(s, i)) && starts_upper_or_digit(s.substr(i + 2)))
      return true;
  return false;
}

// The share of s's words that are function words.
double density(std::string_view s, const FunctionWords &fw) {
  const auto ws = words(s);
  size_t f = 0;
  for (const auto &w : ws) f += fw.words.count(w);
  return ws.empty() ? 0 : static_cast<double>(f) / static_cast<double>(ws.size());
}

// A paragraph of running text, whatever its neighbours: long enough, a
// sentence from its capital to its full stop, with some function words.
bool prose_shape(std::string_view s, const FunctionWords &fw) {
  return chars(s) >= kWeights.length_low && ends_sentence(s) && starts_upper_or_digit(s) && !bullet_start(s) &&
         s.find("\xC2\xA9") == std::string_view::npos && density(s, fw) >= kWeights.density_prose;
}

// Program code or markup (a listing inside the article): the brackets,
// semicolons and operators of code make a share of its characters that
// prose never has.  A table drawn in box-drawing characters (a query's
// output in a listing, a bordered table as w3m prints it) is one too: two
// column rules or more ("24 │ 6.82 │ t", "───┼───"), which prose and menus
// never draw.
bool code_shape(std::string_view s) {
  size_t rules = 0;
  for (const std::string_view rule : {"\u2502", "\u2503", "\u253C", "\u2551"})
    for (size_t i = s.find(rule); i != std::string_view::npos; i = s.find(rule, i + rule.size())) ++rules;
  if (rules >= 2) return true;
  // TeX (a formula's alternative text, "{\\displaystyle a_{ij}}") is not a
  // listing: a page shows the formula, and its source is an artifact.
  for (size_t i = s.find('\\'); i != std::string_view::npos && i + 1 < s.size(); i = s.find('\\', i + 1))
    if (std::isalpha(static_cast<unsigned char>(s[i + 1]))) return false;
  size_t marks = 0, ink = 0;
  for (char c : s) {
    ink += c != ' ';
    marks += std::strchr("{}()[];=<>", c) != nullptr && c != 0;
  }
  return marks >= 3 && static_cast<double>(marks) >= kWeights.code_marks * static_cast<double>(ink);
}

// A formula's TeX, as a page gives it for the formula's alternative text:
// a command ("\\frac", "\\displaystyle") inside braces or "\\( … \\)", and
// nothing else on the line but the punctuation after it.
bool tex_shape(std::string_view s) {
  while (!s.empty() && std::strchr(",.;:", s.back())) s.remove_suffix(1);  // (the sentence's punctuation after it)
  const bool braced = s.size() > 2 && ((s.front() == '{' && s.back() == '}') || (s.substr(0, 2) == "\\(" && s.substr(s.size() - 2) == "\\)"));
  for (size_t i = s.find('\\'); braced && i != std::string_view::npos && i + 1 < s.size(); i = s.find('\\', i + 1))
    if (std::isalpha(static_cast<unsigned char>(s[i + 1]))) return true;
  return false;
}

// One symbol of a formula that the page printed a symbol a line: at most
// three characters, no space, not a citation's mark ("A", "=", "†", "ij",
// a matrix's "["; not "[4]").
bool formula_piece(std::string_view s) {
  return !s.empty() && chars(s) <= 3 && s.find(' ') == std::string_view::npos && !(s.size() > 2 && s.front() == '[' && s.back() == ']');
}

// The text ends in an opening bracket or quotation mark: what follows is
// inside it ("reads, “" / "#Hamilton").
bool opens(std::string_view s) {
  const char32_t c = text::last_char(s);
  return c == '(' || c == '[' || c == '{' || c == 0x201C || c == 0x2018 || c == 0xAB;
}

// The last word of s is a function word ("the One X is"): a sentence broken
// off, never a heading.
bool ends_in_function_word(std::string_view s, const FunctionWords &fw) {
  const size_t space = s.rfind(' ');
  const std::string_view last = s.substr(space == std::string_view::npos ? 0 : space + 1);
  const auto ws = words(last);
  return ws.size() == 1 && text::starts_lower(last) && fw.words.count(ws[0]);
}

// A line that is one capital letter and nothing else.
bool drop_cap(std::string_view s) {
  size_t n = 0;
  return !s.empty() && text::is_upper(text::char_at(s, 0, &n)) && n == s.size();
}

// Heading-shaped: short, starts with a capital or a digit, does not end
// like a sentence, is not a date or a bare number.
bool heading_shape(std::string_view s) {
  const size_t n = word_count(s);
  if (n == 0 || n > 12 || s.size() > 120) return false;
  if (!starts_upper_or_digit(s) || date_line(s)) return false;
  if (!s.empty() && std::strchr(".,;:", s.back())) return false;
  for (size_t i = 0, len; i < s.size(); i += len)
    if (text::is_alpha(text::char_at(s, i, &len))) return true;
  return false;
}

// Text compared for the headline: case-folded, spaces collapsed, quotes unified.
std::string title_key(std::string_view s) {
  std::string out;
  for (const auto &w : words(s)) out += (out.empty() ? "" : " ") + w;
  return out;
}

// The display width of a line in characters.
size_t width(const Line &l) { return chars(l.text); }


// The content words of the kept blocks (four letters or more, not function
// words): what the article is about.
// How often each is used.
std::map<std::string, size_t> content_words(const std::vector<std::string> &text, const std::vector<bool> &keep, const FunctionWords &fw) {
  std::map<std::string, size_t> out;
  for (size_t i = 0; i < text.size(); ++i)
    if (keep[i])
      for (auto &w : words(text[i]))
        if (chars(w) >= 4 && !fw.words.count(w)) ++out[w];
  return out;
}

// The share of block i's content words that the article's text uses too
// (outside block i itself).
double share_in(const std::vector<std::string> &text, const std::vector<bool> &keep, size_t i,
                const std::map<std::string, size_t> &body, const FunctionWords &fw) {
  std::map<std::string, size_t> own;
  for (const auto &w : words(text[i]))
    if (chars(w) >= 4 && !fw.words.count(w)) ++own[w];
  size_t n = 0, in = 0;
  for (const auto &[w, c] : own) {
    const auto it = body.find(w);
    ++n;
    in += it != body.end() && it->second > (keep[i] ? c : 0);
  }
  return n ? static_cast<double>(in) / static_cast<double>(n) : 0;
}

// The first kept block from lead on that is a paragraph (a sentence of
// length_low characters or more): the article's text starts there.
size_t first_paragraph(const std::vector<std::string> &text, const std::vector<bool> &keep, size_t lead) {
  for (size_t i = lead; i < text.size(); ++i)
    if (keep[i] && chars(text[i]) >= 70 && ends_sentence(text[i])) return i;
  return lead;
}

// Whether the line of block i (three words or more) occurs again in the
// page: whole, after a bullet, or inside another short line ("Share: Title").
// keys[j] is title_key(text[j]), made once for the page.
bool repeated_in_page(const std::vector<std::string> &text, const std::vector<std::string> &keys, size_t i) {
  const std::string &k = keys[i];
  if (word_count(text[i]) < 3 || k.empty()) return false;
  for (size_t j = 0; j < text.size(); ++j) {
    if (j == i || word_count(text[j]) > 2 * word_count(text[i]) + 6) continue;
    if (keys[j].find(k) != std::string::npos) return true;
  }
  return false;
}

// A line that tells when or how long: a date, a time of day ("1:39 PM
// ET"), a reading time ("4 min read"), or a date the page glued to the
// word before it ("Yahoo FinanceOctober 13, 2016").
bool when_line(std::string_view s) {
  if (date_line(s) || glued_date(s) != std::string_view::npos) return true;
  if (word_count(s) > 6) return false;
  const auto ws = words(s);
  for (size_t k = 0; k < ws.size(); ++k) {
    const std::string &w = ws[k];
    const size_t colon = w.find(':');
    if (colon != std::string::npos && colon > 0 && colon <= 2 && w.size() == colon + 3 && std::all_of(w.begin(), w.begin() + colon, is_digit) &&
        std::all_of(w.begin() + colon + 1, w.end(), is_digit))
      return true;  // 1:39, 11:00
    if (k + 2 < ws.size() && std::all_of(w.begin(), w.end(), is_digit) && (ws[k + 1] == "min" || ws[k + 1] == "minute") && ws[k + 2] == "read")
      return true;  // 4 min read
  }
  return false;
}

// A writer's credit after the article, as blogs print it: "Ann Lee —
// 2013-09-29 — in Code" (a name, a dash, a bar or a bullet, a date), the
// same with each part a block of its own, or "Written on Feb 24 by" (or
// "by") over "Ann Lee".  The name, else "".
std::string footer_byline(const std::vector<std::string> &text, size_t i) {
  const char *const seps[] = {" \u2014", " \u2013", " \u00b7", " |", " - "};
  // The text up to the first separator.
  const auto first_part = [&](std::string_view t) {
    size_t end = t.size();
    for (const char *sep : seps) end = std::min(end, t.find(sep + 1));
    return t.substr(0, end);
  };
  const auto separator = [&](std::string_view t) {
    return std::any_of(std::begin(seps), std::end(seps), [&](const char *sep) { return t == std::string_view(sep + 1).substr(0, t.size()) && !t.empty(); });
  };
  const std::string &t = text[i];
  for (const char *sep : seps) {
    const size_t at = t.find(sep);
    if (at == std::string::npos) continue;
    std::string_view rest = std::string_view(t).substr(at + std::strlen(sep));
    while (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
    if (name_line(t.substr(0, at)) && date_line(first_part(rest))) return t.substr(0, at);
  }
  if (name_line(t)) {
    size_t j = i + 1;
    while (j < text.size() && j <= i + 2 && separator(text[j])) ++j;
    if (j > i + 1 && j < text.size() && date_line(first_part(text[j]))) return t;
  }
  const std::string f = fold(t);
  const bool ends_by = f.size() > 3 && f.compare(f.size() - 3, 3, " by") == 0;
  if (i + 1 < text.size() && name_line(text[i + 1]) && (by_word(t) || (ends_by && when_line(t)))) return text[i + 1];
  // "Written on Feb 24" over "by Ann Lee" (the "by" joined to the name it
  // links).
  if (i > 0 && when_line(text[i - 1]))
    if (const std::vector<std::string> names = credited_names(t); names.size() == 1 && fold(t).rfind("by ", 0) == 0) return names[0];
  return {};
}

// "Name, @handle": the name before it, else "".
std::string handle_byline(std::string_view t) {
  const size_t c = t.find(", @");
  if (c == std::string_view::npos || t.find(' ', c + 2) != std::string_view::npos || !name_line(t.substr(0, c))) return {};
  return std::string(t.substr(0, c));
}

// A person's name as a byline: a name line over or under a date, a time or
// a reading time (a short line, the writer's role or "Follow", may lie
// between), or the same name repeated; or "Name, @handle".
bool byline_at(const std::vector<std::string> &text, size_t i) {
  const std::string &t = text[i];
  if (!handle_byline(t).empty()) return true;
  if (!name_line(t) || (i + 1 < text.size() && by_word(text[i + 1]))) return false;
  const auto dated = [&](size_t j) { return j < text.size() && (when_line(text[j]) || text[j] == t); };
  // (up to two short lines between: the writer's role, the site's name)
  return dated(i + 1) || (i > 0 && dated(i - 1)) || (i + 2 < text.size() && word_count(text[i + 1]) <= 3 && dated(i + 2)) ||
         (i + 3 < text.size() && word_count(text[i + 1]) <= 3 && word_count(text[i + 2]) <= 3 && dated(i + 3));
}

// Comments and listings of other pages are records: each a few blocks, one
// of them a date or time ("March 10, 2017 at 12:20 am"), ending in the same
// short line ("Reply", 'in "News"').  Three such records in a row or more
// are not the article: they are left out, unless they hold most of the kept
// text (a live blog's entries are records too).  Returns which blocks were
// records.
std::vector<bool> drop_records(const std::vector<std::string> &text, std::vector<bool> &keep, const std::vector<Block> &blocks, const Report &report) {
  const size_t n = text.size();
  std::vector<bool> records(n, false);
  std::map<std::string, std::vector<size_t>> at;
  for (size_t i = 0; i < n; ++i)
    if (word_count(text[i]) <= 3 && !ends_sentence(text[i]) && !text[i].empty()) at[fold(text[i])].push_back(i);
  // The items of a numbered list, each number the one before it and one,
  // mark records too: a text browser's print of a listing as a list ("2.
  // [144x144]" / headline / teaser / date / "3. …").  (Other numbered lines
  // between them, "1. John Metcalfe" under each, start lists of their own.
  // A list of notes, each with its link back to the text, "11. ^ Keller,
  // Bill (23 April 1988) …", is the article's, its dates the sources'.)
  std::vector<std::pair<unsigned long, std::vector<size_t>>> numbered;  // the last number, the items
  for (size_t i = 0; i < n; ++i) {
    if (!bullet_start(text[i]) || !is_digit(text[i][0])) continue;
    const std::string_view item = std::string_view(text[i]).substr(text[i].find(' ') + 1);
    if (item.rfind("^", 0) == 0 || item.rfind("\xE2\x86\x91", 0) == 0) continue;  // ^ ↑
    const unsigned long number = std::strtoul(text[i].c_str(), nullptr, 10);
    auto list = std::find_if(numbered.begin(), numbered.end(), [&](const auto &l) { return l.first + 1 == number; });
    if (list == numbered.end()) list = numbered.insert(numbered.end(), {number, {}});
    list->first = number;
    list->second.push_back(i);
  }
  for (size_t l = 0; l < numbered.size(); ++l)
    if (numbered[l].second.size() >= 3) at["#" + std::to_string(l)] = numbered[l].second;  // (no line folds to "#")
  size_t kept_chars = 0;
  for (size_t i = 0; i < n; ++i) kept_chars += keep[i] ? chars(text[i]) : 0;
  // A record from the marker before to this marker: 2 to record_blocks blocks, with a date or time;
  // a longer one (a comment of many paragraphs) when it opens with its date line, with at most
  // short lines before it: the header of a comment ("Reply" / "Ann" / "·" / "March 10, 2017").
  const auto opens_dated = [&](size_t from, size_t to) {
    for (size_t j = from + 1; j < to && j <= from + kWeights.record_header; ++j) {
      if (when_line(text[j])) return true;
      if (word_count(text[j]) > kWeights.record_header_words || ends_sentence(text[j])) return false;
    }
    return false;
  };
  const auto record = [&](size_t from, size_t to) {
    const size_t len = to - from;
    if (len < 2 || len > kWeights.record_blocks_dated) return false;
    if (len > kWeights.record_blocks) return opens_dated(from, to);
    return std::any_of(text.begin() + static_cast<long>(from) + 1, text.begin() + static_cast<long>(to), [](const std::string &t) { return when_line(t); });
  };
  const auto paragraph = [&](size_t i) { return chars(text[i]) >= kWeights.length_low && ends_sentence(text[i]); };
  for (const auto &marker : at) {
    const std::vector<size_t> &pos = marker.second;  // (a lambda below takes it: no structured binding)
    if (pos.size() < 3) continue;
    for (size_t a = 0; a + 2 < pos.size();) {
      size_t b = a;
      while (b + 1 < pos.size() && record(pos[b], pos[b + 1])) ++b;
      if (b - a >= 2) {
        // The first record starts where the second does, counted from its
        // date line (a comment's header opens it, a listing's date ends it);
        // without a date line before the first marker, as far back as the
        // next record is long; never before a kept paragraph (the article's last).
        size_t longest = 0, offset = 0;
        for (size_t k = a; k < b; ++k) longest = std::max(longest, pos[k + 1] - pos[k]);
        while (pos[a] + 1 + offset < pos[a + 1] && !when_line(text[pos[a] + 1 + offset])) ++offset;
        // The last record may lack its marker ("Reply" under every comment
        // but the last): one more record when the last marker is followed by
        // a header like the one the record before it opened with (its date
        // line as many blocks down, short lines above it: a comment's, not a
        // listing's title and teaser), up to the end of the kept paragraphs
        // under it.
        size_t last = pos[b];
        size_t header = pos[b - 1] + 1;
        while (header < pos[b] && !when_line(text[header])) ++header;
        if (const size_t date_at = last + (header - pos[b - 1]); b + 1 == pos.size() && header < pos[b] && opens_dated(pos[b - 1], header + 1) && date_at < n &&
                                                                          when_line(text[date_at]) && opens_dated(last, date_at + 1)) {
          last = date_at;
          while (last + 1 < n && last + 1 - pos[b] <= kWeights.record_blocks_dated && keep[last + 1] && chars(text[last + 1]) >= kWeights.length_low) ++last;
        }
        size_t date = pos[a];
        while (date > 0 && pos[a] - date < longest && !when_line(text[date])) --date;
        const bool dated = when_line(text[date]) && date >= offset;
        const size_t reach = dated ? date - offset : pos[a] - std::min(pos[a], pos[a + 1] - pos[a] - 1);
        // (a paragraph where the second record has one too is the record's own: a teaser)
        const auto own = [&](size_t i) {
          const size_t twin = pos[a] + 1 + (i - reach);
          return twin < pos[a + 1] && paragraph(twin);
        };
        size_t first = dated ? date : pos[a];
        while (first > reach && (!(keep[first - 1] && paragraph(first - 1)) || own(first - 1))) --first;
        // Records that hold most of the kept text are the article (a live
        // blog's entries under a short introduction) unless the text above
        // them is longer than three of them (the median one): an article,
        // the comments under it.
        std::vector<size_t> sizes(1, 0);
        size_t c = 0, above = 0;
        for (size_t i = 0; i <= last; ++i) {
          const size_t k = keep[i] ? chars(text[i]) : 0;
          if (i < first) {
            above += k;
            continue;
          }
          c += k, sizes.back() += k;
          if (std::binary_search(pos.begin() + static_cast<long>(a), pos.begin() + static_cast<long>(b), i)) sizes.push_back(0);
        }
        std::nth_element(sizes.begin(), sizes.begin() + static_cast<long>(sizes.size() / 2), sizes.end());
        if (2 * c < kept_chars || above > kWeights.record_article * sizes[sizes.size() / 2]) {
          // (left out at once: the records another marker finds among them count no more)
          for (size_t i = first; i <= last; ++i) kept_chars -= keep[i] ? chars(text[i]) : 0, keep[i] = false, records[i] = true;
          report(blocks[first].source(), Level::note, std::to_string(b - a + 1) + " records (comments or a listing) ending in '" + text[pos[a]] +
                                                          "', each with a date, are not the article: left out");
        }
      }
      a = b + 1;
    }
  }
  return records;
}

// The label of a link after a block's last sentence ("… much-needed
// comfort. Read now"): one to three words, capitalised, no final
// punctuation; "" when there is none.
std::string trailing_label(std::string_view t) {
  for (size_t i = t.size(); i-- > 1;) {
    if (t[i] != ' ' || !std::strchr(".!?", t[i - 1])) continue;
    const std::string_view rest = t.substr(i + 1);
    const size_t n = word_count(rest);
    if (n == 0 || n > 3 || !text::starts_upper(rest) || ends_sentence(rest) || word_count(t.substr(0, i)) < 2 * n) return {};
    return fold(rest);
  }
  return {};
}

// Teasers of other pages, each ending in the same link's label after its
// last sentence, three or more with nothing else kept between them: a
// listing ("Related coverage"), not the article.
void drop_labelled_teasers(const std::vector<std::string> &text, std::vector<bool> &keep, const std::vector<Block> &blocks, const Report &report) {
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    const std::string label = keep[i] ? trailing_label(text[i]) : std::string();
    if (label.empty()) {
      ++i;
      continue;
    }
    std::vector<size_t> run{i};
    size_t j = i + 1;
    for (; j < n; ++j) {
      if (!keep[j]) continue;
      if (trailing_label(text[j]) != label) break;
      run.push_back(j);
    }
    if (run.size() >= kWeights.listing_pairs) {
      for (size_t k : run) keep[k] = false;
      report(blocks[i].source(), Level::note, std::to_string(run.size()) + " teasers in a row, each ending in the link '" + label +
                                                  "', are a listing of other pages: left out");
    }
    i = j;
  }
}

// A term over its definition, with a blank line above the term and below
// the definition and none between them ("Task scheduling" / "Clients can
// schedule tasks…": a page's <b>term</b><br>definition, as a browser's copy
// and w3m print it) is one paragraph: the term joined to the sentence it
// heads.  So is a term whose definition goes on its text node (one empty
// line between, at the source's indentation: a scraper that writes a text
// node a line) or is indented under it (w3m's definition list).  A heading
// has a blank line under it, or a list or more paragraphs right under it.
// A definition shorter than a paragraph ("Clients can query the status of
// a scheduled task.") is one when the pair before or after it is a term
// and its definition too.
// attached[i]: block i began right under a line of text, or goes on the
// text node of the line above (page_blocks).
std::vector<Block> join_terms(std::vector<Block> blocks, const std::vector<bool> &attached, const Report &report) {
  const size_t n = blocks.size();
  // pair[i]: block i is shaped like a term over a sentence; 2 when that
  // sentence is as long as a paragraph.
  std::vector<int> pair(n, 0);
  for (size_t i = 0; i + 1 < n; ++i) {
    const Block &b = blocks[i];
    const bool term = b.lines.size() == 1 && !attached[i] && attached[i + 1] && (i + 2 >= n || !attached[i + 2]) &&
                      word_count(b.lines[0].text) <= kWeights.term_words && heading_shape(b.lines[0].text) &&
                      !bullet_start(b.lines[0].text) && !byline_line(b.lines[0].text) && !several_sentences(b.lines[0].text) &&
                      !bullet_start(blocks[i + 1].lines[0].text);
    const std::string definition = term ? blocks[i + 1].joined() : std::string();
    if (term && ends_sentence(definition)) pair[i] = chars(definition) >= kWeights.length_low ? 2 : 1;
  }
  std::vector<Block> out;
  for (size_t i = 0; i < n; ++i) {
    const bool joins = pair[i] == 2 || (pair[i] == 1 && ((i >= 2 && pair[i - 2] == 2) || (i + 2 < n && pair[i + 2] == 2)));
    if (!joins) {
      out.push_back(std::move(blocks[i]));
      continue;
    }
    const Block &b = blocks[i];
    report(b.source(), Level::note, "joined the term '" + b.lines[0].text + "' to the definition right under it");
    Block joined = std::move(blocks[i]);
    Block &d = blocks[i + 1];
    joined.lines[0].text += " " + d.lines[0].text;
    joined.lines.insert(joined.lines.end(), d.lines.begin() + 1, d.lines.end());
    out.push_back(std::move(joined));
    ++i;
  }
  return out;
}
}  // namespace

FunctionWords FunctionWords::parse(std::string_view text) {
  FunctionWords f;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find('\n', i);
    if (j == std::string_view::npos) j = text.size();
    std::string_view l = text.substr(i, j - i);
    if (const size_t hash = l.find('#'); hash != std::string_view::npos) l = l.substr(0, hash);
    while (!l.empty() && std::strchr(" \t\r", l.back())) l.remove_suffix(1);
    while (!l.empty() && std::strchr(" \t", l.front())) l.remove_prefix(1);
    if (!l.empty() && l.find(' ') == std::string_view::npos) f.words.insert(fold(l));
    i = j + 1;
  }
  return f;
}

FunctionWords FunctionWords::builtin(const std::string &language) {
  const std::string lang = fold(language.substr(0, language.find_first_of("-_")));
  for (size_t k = 0; k < detail::kFunctionWordsCount; ++k)
    if (lang == detail::kFunctionWords[k].language) return parse(detail::kFunctionWords[k].text);
  return {};
}

bool looks_like_page(const std::vector<Block> &blocks, PageEvidence *evidence, size_t lines) {
  PageEvidence e;
  std::map<std::string, size_t> seen;
  bool prose = false;
  for (const auto &b : blocks) {
    const std::string t = b.joined();
    const size_t n = word_count(t);
    // The text begins at its first long paragraph, or at the byline over
    // it: what lies under a byline is the article's (a recipe's list of
    // ingredients), what a page puts before the text lies above it.
    if (n >= 25 || byline_line(t)) prose = true;
    if (n > 4 || ends_sentence(t)) continue;
    ++e.short_blocks;
    if (!prose) ++e.before_text;
    if (++seen[fold(t)] == 2) ++e.repeated;
  }
  e.blocks = blocks.size();
  e.joined = lines > e.blocks ? lines - e.blocks : 0;
  if (evidence) *evidence = e;
  const Weights &k = kWeights;
  if (e.joined >= k.page_joined && static_cast<double>(e.joined) >= k.page_joined_share * static_cast<double>(lines) &&
      e.short_blocks >= k.page_joined_short && e.short_blocks >= e.blocks * k.page_short_share)
    return true;
  return e.blocks >= k.page_min_blocks && ((e.short_blocks >= e.blocks * k.page_short_share &&
                                           (e.before_text >= k.page_before_text || e.repeated >= k.page_repeated)) ||
                                          e.before_text >= k.page_menu_before_text);
}

// The ASCII letters and digits of a formula's rendering, its TeX's commands
// ("\\mathsf") left out: what two renderings of one formula share.
std::string formula_letters(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {  // (a hard wrap may have put a space after the backslash: "\\ quad")
      while (i + 1 < s.size() && s[i + 1] == ' ') ++i;
      while (i + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[i + 1]))) ++i;
      continue;
    }
    if (std::isalnum(static_cast<unsigned char>(s[i]))) out += s[i];
  }
  return out;
}

// A line that prints a formula more than once around its TeX, as w3m
// prints a wiki's math ("matrix A {\\displaystyle A} A is denoted by A H
// {\\displaystyle A^{\\mathsf {H}}} {\\displaystyle A^{\\mathsf {H}}}, then"):
// the TeX kept once, the symbols before or after it that spell the same
// letters left out, and the same TeX again right after it.  Returns the
// renderings left out, "" when there were none.
std::string dedupe_formulas(std::string &line) {
  std::string dropped;
  const auto drop = [&](size_t from, size_t to) {
    dropped += (dropped.empty() ? "" : "; ") + line.substr(from, to - from);
    line.erase(from, to - from);
  };
  for (size_t at = line.find("{\\"); at != std::string::npos; at = line.find("{\\", at)) {
    size_t end = at;  // (its closing brace)
    for (size_t depth = 0; end < line.size(); ++end)
      if (line[end] == '{') ++depth;
      else if (line[end] == '}' && --depth == 0) break;
    if (end >= line.size()) break;
    const std::string tex = line.substr(at, end + 1 - at), letters = formula_letters(tex);
    if (!tex_shape(tex)) {  // (a brace and a backslash in code, "{\\n")
      at = end + 1;
      continue;
    }
    while (line.compare(end + 1, tex.size() + 1, " " + tex) == 0) drop(end + 2, end + 2 + tex.size()), line.erase(end + 1, 1);
    // The symbols after it, then before it: whole words whose letters, read
    // in order, are the TeX's.
    for (size_t to = end + 1; !letters.empty() && to < line.size() && line[end + 1] == ' ';) {
      to = std::min(line.find(' ', to + 1), line.size());
      const std::string got = formula_letters(std::string_view(line).substr(end + 2, to - end - 2));
      if (letters.compare(0, got.size(), got) != 0) break;
      if (got == letters) {
        size_t stop = to;  // (the sentence's punctuation after the last one stays)
        while (stop > end + 2 && std::strchr(",.;:", line[stop - 1])) --stop;
        drop(end + 2, stop);
        line.erase(end + 1, 1);
        break;
      }
    }
    for (size_t from = at - 1; !letters.empty() && at > 0 && line[at - 1] == ' ' && from > 0; --from) {
      const size_t space = line.rfind(' ', from - 1);
      from = space == std::string::npos ? 0 : space + 1;
      const std::string got = formula_letters(std::string_view(line).substr(from, at - 1 - from));
      if (got.size() > letters.size() || letters.compare(letters.size() - got.size(), got.size(), got) != 0) break;
      if (got == letters) {
        drop(from, at - 1);
        line.erase(from, 1);
        at = from;
        break;
      }
      if (from == 0) break;
    }
    at += tex.size();
  }
  return dropped;
}

// A formula that the page printed twice, its symbols a block each ("A" /
// "H", a word of it, "Hermitian") and then its TeX for the formula's
// alternative text ("{\\displaystyle A^{\\mathsf {H}}}"; get_text of a wiki's
// math): kept once, as its TeX, which says all the symbols do and their
// layout too (a note names the symbols left out).  Inside a sentence (the
// block before it ends in none, the block after goes on in lower case or
// with punctuation) the formula and the sentence's two halves are one
// block again.  A formula printed more than once on one line is kept once
// first (dedupe_formulas).
std::vector<Block> join_formulas(std::vector<Block> blocks, const Report &report) {
  std::vector<Block> out;
  for (Block &b : blocks)
    for (Line &l : b.lines)
      if (const std::string dropped = dedupe_formulas(l.text); !dropped.empty())
        report(l.source, Level::note, "a formula printed more than once: its TeX kept, '" + dropped + "' left out");
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (blocks[i].lines.size() != 1 || !tex_shape(blocks[i].lines[0].text)) {
      out.push_back(std::move(blocks[i]));
      continue;
    }
    const std::string &tex = blocks[i].lines[0].text;
    const auto piece = [&](const Block &b) {
      if (b.lines.size() != 1) return false;
      const std::string &t = b.lines[0].text;
      return formula_piece(t) || (t.find(' ') == std::string::npos && text::has_lower(t) && tex.find(t) != std::string::npos);
    };
    std::string symbols;
    while (!out.empty() && piece(out.back())) {
      symbols.insert(0, out.back().lines[0].text + (symbols.empty() ? "" : " "));
      out.pop_back();
    }
    if (!symbols.empty()) report(blocks[i].source(), Level::note, "the formula '" + tex + "' kept as its TeX; its symbols printed one a line before it ('" + symbols + "') left out");
    const std::string_view before = out.empty() ? std::string_view() : std::string_view(out.back().lines.back().text);
    const bool after_text = !before.empty() && !ends_sentence(before) && before.back() != ':';
    if (after_text) out.back().lines.back().text += " " + tex;
    else out.push_back(std::move(blocks[i]));
    if (i + 1 < blocks.size() && (starts_lower(blocks[i + 1].lines[0].text) || std::strchr(",.;:)", blocks[i + 1].lines[0].text[0]))) {
      const Block &next = blocks[++i];
      std::string &line = out.back().lines.back().text;
      if (!std::strchr(",.;:)", next.lines[0].text[0])) line += ' ';
      line += next.lines[0].text;
      out.back().lines.insert(out.back().lines.end(), next.lines.begin() + 1, next.lines.end());
    }
  }
  return out;
}

std::vector<Block> page_blocks(const std::vector<Line> &lines, bool dehyphenate, const FunctionWords &fw, const Report &report) {
  // The wrap width: hard-wrapped text (w3m, e-mail) has many lines within a
  // few characters of the longest usual line; text written a paragraph a
  // line has no such edge.
  std::vector<size_t> widths;
  for (const auto &l : lines)
    if (!l.text.empty()) widths.push_back(width(l));
  size_t wrap = 0;
  if (widths.size() >= 10) {
    std::vector<size_t> sorted = widths;
    std::sort(sorted.begin(), sorted.end());
    // The widest line of the usual ones (past the 99th percentile lie
    // unbreakable URLs; past the 97th, a page's code and tables printed
    // wider than its text), and how many lines end within a word of it:
    // of the two, the edge more lines end near.
    size_t most = 0;
    for (const size_t percentile : {99, 97}) {
      const size_t w = sorted[sorted.size() * percentile / 100];
      size_t near = 0;
      for (size_t x : widths) near += x + 12 >= w && x <= w;
      if (w >= 40 && w <= 100 && near >= 5 && near * 12 >= widths.size() && near > most) wrap = w, most = near;
    }
  }
  std::unordered_set<std::string> spelled;  // words as the page spells them, for dehyphenation
  if (wrap && dehyphenate)
    for (const auto &l : lines)
      for (auto &w : words(l.text)) spelled.insert(std::move(w));

  const size_t source_line = source_line_width(lines);
  std::vector<Block> blocks;
  // attached: the block began right under a line of text, no blank line
  // between; or it goes on the text node of the line above, as a scraper
  // that writes each text node on a line of its own prints one that starts
  // on a new line of the page's source after an inline element ("Task
  // scheduling" / "" / "        Clients can …": <b>term</b> and the rest of
  // its paragraph, one empty line between, the source's indentation under
  // a line that has none).
  std::vector<bool> attached;
  const Line *prev = nullptr;  // the last line, in this group of lines
  const Line *last = nullptr;  // the last line of text
  size_t empty_lines = 0;      // since it; spaces_line: one of them was spaces
  bool spaces_line = false;
  bool glued = false;  // the last block's line is text nodes joined: no heading
  for (const auto &l : lines) {
    if (l.text.empty()) {
      prev = nullptr;
      ++empty_lines, spaces_line = spaces_line || l.spaces;
      continue;
    }
    const bool node_goes_on = !prev && last && empty_lines == 1 && !spaces_line && !last->glue_before && !last->glue_after && l.glue_before && !l.one_space_before;
    last = &l, empty_lines = 0, spaces_line = false;
    bool join = false, space = true;
    // Web addresses alone on their lines, one under the other, are a list
    // of sources, not the rest of a sentence; a heading whose anchor was
    // cut ("See also[edit]") ends its line: the page set it apart, whatever
    // comes under it.
    const Line *next = &l + 1 < lines.data() + lines.size() ? &l + 1 : nullptr;
    const bool sources = address_line(l.text) && ((prev && address_line(prev->text)) || (next && address_line(next->text)));
    if (prev && !bullet_start(l.text) && !prev->anchored && !sources) {
      const std::string_view p = blocks.back().lines.back().text;
      const size_t next_word = chars(l.text.substr(0, l.text.find(' ')));
      const unsigned char c0 = static_cast<unsigned char>(l.text[0]);
      if (wrap && width(*prev) + 1 + next_word > wrap && width(*prev) * 2 >= wrap) {
        join = true;  // the next word would not have fitted: a hard wrap
      } else if (cites(p, l.text)) {
        join = true, space = false;  // "… the previous loop." / "[1]": a citation after the sentence it cites
      } else if (p.size() == 1 && std::strchr("#@$~^\\", p[0]) && !prev->glue_after && !l.glue_before && starts_lower(l.text)) {
        join = true, space = false;  // "#" / "include": a token of highlighted code, not a Markdown heading "# include"
      } else if (std::strchr(",.;:!?)]}", static_cast<char>(c0)) || opens(p) || ends_in_dash(p) ||
                 (!ends_sentence(p) && dash_start(l.text)) || closes_quotation(l.text)) {
        join = true, space = prev->glue_after || l.glue_before;  // punctuation after an inline element
      } else if (l.one_space_before && !p.empty() && std::strchr(".?!", p.back()) && starts_upper_or_digit(l.text) && !prev->glue_after) {
        join = true;  // "… you have written?" / " I know the excuse": the next sentence of the same paragraph, after emphasis
      } else if (l.glue_before && !l.one_space_before && prev->glue_before && !prev->one_space_before && glued && starts_upper_or_digit(l.text)) {
        join = true;  // "… of computing power." / "    The PS4 Pro has …": the page's source wrapped a paragraph, at its indentation
      } else if (l.glue_before && !p.empty() && p.back() == ':' && word_count(p) <= 4) {
        join = true;  // "Lambda:" / " A callback …": a term in bold and its definition, one paragraph
      } else if (!prev->glue_after && !l.glue_before && drop_cap(prev->text) && starts_lower(l.text)) {
        join = true, space = false;  // "Z" / "imbabwe President": a drop cap, or a word's styled first letter
      } else if (by_word(p) && name_line(l.text)) {
        join = true;  // "By" / "Ann Lee": the name was a link
      } else if (byline_line(l.text) || date_line(l.text) || by_word(l.text)) {
        // a byline or a dateline is a block of its own, even in lower case ("by A")
      } else if (prev->glue_after || (p.back() == ',' && is_digit(l.text[0])) || (!ends_sentence(p) && (starts_lower(l.text) || (l.glue_before && (glued || !heading_shape(p) || ends_in_function_word(p, fw)))))) {
        join = true;  // a text node broken at a link, at emphasis (the space kept before it), or by the page's source; a figure or a note's number after a comma
      } else if (l.glue_before && !l.one_space_before && !prev->glue_before && !ends_sentence(p) && width(*prev) >= source_line &&
                 density(p, fw) >= kWeights.density_prose) {
        join = true;  // "You won't find any major differences between the One" / "    X and the last Xbox": a sentence as long as the source's lines, wrapped
      } else if (glued && !ends_sentence(p) && l.glue_after && next && next->glue_before && starts_lower(next->text)) {
        // "… the company said" / "Opens a new window " / " that …": a link's
        // text (or its label for a screen reader) inside a sentence that goes
        // on after it; a space only where the page had one.
        join = true, space = prev->glue_after || l.glue_before;
      }
    }
    glued = join;
    if (!join) {
      blocks.push_back(Block{{l}});
      attached.push_back(prev != nullptr || node_goes_on);
    } else {
      std::string &a = blocks.back().lines.back().text;
      if (wrap && a.size() >= 2 && a.back() == '-' && text::is_alpha(char_before(a, a.size() - 1)) && starts_lower(l.text)) {
        const size_t ws = a.find_last_of(' ');
        const std::string left = a.substr(ws == std::string::npos ? 0 : ws + 1);
        const std::string right = l.text.substr(0, l.text.find_first_of(" .,;:!?)"));
        const std::string whole = fold(left.substr(0, left.size() - 1) + right);
        if (spelled.count(whole)) {
          report(l.source, Level::note, "rejoined '" + left + "' / '" + right + "' as the page spells it elsewhere");
          a.pop_back();
          space = false;
        } else {
          space = false;  // keep the hyphen: "well-" / "known"
        }
      }
      if (space && !a.empty()) a += ' ';
      a += l.text;
    }
    prev = &l;
  }
  return join_formulas(join_terms(std::move(blocks), attached, report), report);
}

std::vector<BlockClass> classify_blocks(const std::vector<Block> &blocks, const FunctionWords &fw, const Chrome &chrome) {
  const Weights &k = kWeights;
  const size_t n = blocks.size();
  std::vector<BlockClass> cls(n, BlockClass::bad);
  std::vector<std::string> text(n);
  std::vector<bool> heading(n, false);
  for (size_t i = 0; i < n; ++i) {
    text[i] = blocks[i].joined();
    const std::string &t = text[i];
    const size_t len = chars(t);
    const auto ws = words(t);
    size_t f = 0;
    for (const auto &w : ws) f += fw.words.count(w);
    const double density = ws.empty() ? 0 : static_cast<double>(f) / static_cast<double>(ws.size());
    heading[i] = heading_shape(t);
    if (chrome.matches(t, true) || t.find("\xC2\xA9") != std::string::npos) cls[i] = BlockClass::bad;
    else if (len < k.length_low) cls[i] = BlockClass::short_;
    else if (density >= k.density_high) cls[i] = len > k.length_high ? BlockClass::good : BlockClass::near_good;
    else if (density >= k.density_low) cls[i] = BlockClass::near_good;
    else cls[i] = BlockClass::bad;
  }
  // The page's first line without a sentence's end is its <title> (or a
  // menu's entry), not text: no evidence that the menu under it is text.
  if (n > 1 && !ends_sentence(text[0])) cls[0] = BlockClass::bad;
  // The nearest class before (dir -1) or after (+1) block i that is good or
  // bad (near-good too, unless ignored); the page's edges count as bad.
  // A listing of code is no evidence either way: the text around it is.
  // So is a formula's TeX alone ("{\\displaystyle A=A^{H}}").
  std::vector<bool> code(n);
  for (size_t i = 0; i < n; ++i) code[i] = (cls[i] != BlockClass::good && code_shape(text[i])) || tex_shape(text[i]);
  const auto neighbour = [&](const std::vector<BlockClass> &c, size_t i, int dir, bool ignore_near_good) {
    for (size_t j = i; dir < 0 ? j-- > 0 : ++j < n;) {
      if (code[j]) continue;
      if (c[j] == BlockClass::good || c[j] == BlockClass::bad) return c[j];
      if (c[j] == BlockClass::near_good && !ignore_near_good) return c[j];
    }
    return BlockClass::bad;
  };
  // Headings: a short heading-shaped block with text close after it.
  // jusText knows a heading by its tag; we go by its shape, so the text must
  // start right under it and within heading_distance characters (a menu
  // entry before the headline is not a heading).
  for (size_t i = 0; i + 1 < n; ++i) {
    if (!heading[i] || cls[i] != BlockClass::short_ || cls[i + 1] == BlockClass::bad || cls[i + 1] == BlockClass::short_) continue;
    if (chars(text[i]) <= k.heading_distance) cls[i] = BlockClass::near_good;
  }
  // Paragraphs that are each too short to be "good" alone but follow one
  // another (news prose is often written a sentence or two a paragraph) are
  // text together: a group of near-good blocks, with only short ones between
  // them, of at least group_chars characters.
  for (size_t i = 0; i < n;) {
    if (cls[i] != BlockClass::near_good) {
      ++i;
      continue;
    }
    size_t j = i, total = 0, members = 0;
    for (; j < n && cls[j] != BlockClass::bad; ++j)
      if (cls[j] == BlockClass::near_good || cls[j] == BlockClass::good) total += chars(text[j]), ++members;
    if (members >= 2 && total >= k.group_chars)
      for (size_t m = i; m < j; ++m)
        if (cls[m] == BlockClass::near_good && chars(text[m]) >= k.length_low) cls[m] = BlockClass::good;
    i = j;
  }
  // Short blocks take the class of their neighbours.
  std::vector<BlockClass> out = cls;
  for (size_t i = 0; i < n; ++i) {
    if (cls[i] != BlockClass::short_) continue;
    const BlockClass p = neighbour(cls, i, -1, true), q = neighbour(cls, i, +1, true);
    if (p == BlockClass::good && q == BlockClass::good) out[i] = BlockClass::good;
    else if (p == BlockClass::bad && q == BlockClass::bad) out[i] = BlockClass::bad;
    else if ((p == BlockClass::bad && neighbour(cls, i, -1, false) == BlockClass::near_good) ||
             (q == BlockClass::bad && neighbour(cls, i, +1, false) == BlockClass::near_good))
      out[i] = BlockClass::good;
    else out[i] = BlockClass::bad;
  }
  // Near-good blocks are text next to text.
  for (size_t i = 0; i < n; ++i) {
    if (out[i] != BlockClass::near_good) continue;
    const BlockClass p = neighbour(out, i, -1, true), q = neighbour(out, i, +1, true);
    out[i] = p == BlockClass::bad && q == BlockClass::bad ? BlockClass::bad : BlockClass::good;
  }
  // A listing of other pages (related stories, a blog's index): headline,
  // teaser, headline, teaser... three times or more, each teaser a single
  // short paragraph.  An article's sections have more under each heading.
  // Pairs that stand between paragraphs of the text, one right before and
  // one right after (a heading or two between), are the article's own
  // terms and definitions, or its features: a box of other pages stands
  // at the text's edge, with menus or a footer on one side.
  // A sentence that announces the listing ("There are many reasons to
  // monitor a system, including:") is the article's text before it too,
  // however short: a box of other pages is not introduced by a sentence.
  const auto announces = [&](size_t j) {
    const std::string &t = text[j];
    return !t.empty() && t.back() == ':' && word_count(t) >= k.announce_words && starts_upper_or_digit(t) && density(t, fw) >= k.density_prose;
  };
  const auto text_beside = [&](size_t i, int dir) {
    for (size_t j = i, seen = 0; seen < k.listing_edge && (dir < 0 ? j-- > 0 : ++j < n); ++seen)
      if ((out[j] == BlockClass::good && chars(text[j]) >= k.length_low && ends_sentence(text[j])) || (dir < 0 && announces(j))) return true;
    return false;
  };
  // A list item under another ("9. Spain" / "10. United States") is the
  // list going on, not a box's first headline.
  const auto list_goes_on = [&](size_t j) { return j > 0 && bullet_start(text[j]) && bullet_start(text[j - 1]); };
  for (size_t i = 0; i < n;) {
    size_t j = i, pairs = 0;
    while (j + 1 < n && heading[j] && !list_goes_on(j) && out[j + 1] != BlockClass::bad && !heading[j + 1] && chars(text[j + 1]) <= k.teaser_chars &&
           !announces(j + 1) && (j + 2 >= n || heading[j + 2]))
      j += 2, ++pairs;
    if (pairs >= k.listing_pairs && !(text_beside(i, -1) && text_beside(j - 1, +1))) {
      for (size_t m = i; m < j; ++m) out[m] = BlockClass::bad;
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

std::string strip_site_name(const std::string &title) {
  static const char *seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xBB ", " \xC2\xB7 ", " / "};
  std::string t = title;
  // The site's name, then a section or the writer's name before it
  // ("Headline | by A Writer | Medium"): cut part by part.
  for (int round = 0; round < 3; ++round) {
    size_t best = std::string::npos, len = 0;
    for (const char *s : seps) {
      const size_t at = t.rfind(s);
      if (at != std::string::npos && (best == std::string::npos || at > best)) best = at, len = std::strlen(s);
    }
    if (best == std::string::npos) break;
    const std::string head = t.substr(0, best), tail = t.substr(best + len);
    // A page that repeats its headline ("A - A - Site").
    if (round > 0)
      for (const char *s : seps)
        for (size_t at = t.find(s); at != std::string::npos; at = t.find(s, at + 1))
          if (title_key(t.substr(0, at)) == title_key(t.substr(at + std::strlen(s)))) return t.substr(0, at);
    // A site's name is short; the headline keeps at least three words, or
    // two when the part cut is shorter still ("Hermitian matrix - Wikipedia").
    const size_t h = word_count(head), w = word_count(tail);
    if (!(w <= 5 && (h >= 3 || (h == 2 && w < h)))) break;
    if (round > 0 && fold(tail).rfind("by ", 0) != 0) break;
    t = head;
  }
  return t;
}

std::vector<Block> extract_article(const std::vector<Block> &blocks, const FunctionWords &fw, const Chrome &chrome,
                                   const Report &report, bool bylines, bool page_tail, bool repeated) {
  const size_t n = blocks.size();
  if (n == 0) return {};
  const std::vector<BlockClass> cls = classify_blocks(blocks, fw, chrome);
  std::vector<std::string> text(n);
  for (size_t i = 0; i < n; ++i) text[i] = blocks[i].joined();

  // A short block inside the text is kept when it is a sentence, a list
  // item (or one of several short blocks in a row: a list without bullets),
  // or a heading over a paragraph; a caption, a credit or a button alone
  // between two paragraphs is not.
  const auto short_good = [&](size_t i) { return cls[i] == BlockClass::good && chars(text[i]) < kWeights.length_low; };
  const auto short_text = [&](size_t i) {
    if (ends_sentence(text[i]) || bullet_start(text[i])) return true;
    if ((i > 0 && short_good(i - 1)) || (i + 1 < n && short_good(i + 1))) return true;  // the items of a list
    return heading_shape(text[i]) && i + 1 < n && cls[i + 1] == BlockClass::good && chars(text[i + 1]) >= kWeights.length_low;
  };
  // A sentence with too few function words to be text by density (names,
  // titles and quotations: "The tweet from Vulture magazine reads, …") is
  // the article's when a paragraph of it stands within listing_edge blocks
  // on both sides.
  const auto text_near = [&](size_t i, int dir) {
    for (size_t j = i, seen = 0; seen < kWeights.listing_edge && (dir < 0 ? j-- > 0 : ++j < n); ++seen)
      if (cls[j] == BlockClass::good && chars(text[j]) >= kWeights.length_low) return true;
    return false;
  };
  const auto names_sentence = [&](size_t i) {
    return cls[i] == BlockClass::bad && prose_shape(text[i], fw) && !chrome.matches(text[i], true) && text_near(i, -1) && text_near(i, +1);
  };
  // Runs of text: good blocks with few words of anything else between them.
  struct Run {
    size_t first, last, chars;
  };
  // A menu: menu_run short lines or more in a row, each capitalised, none
  // a sentence, a bullet's item, code or a table's row, that no sentence
  // announces ("… as follows:").  It ends a run of text, however few its
  // words, when fewer than two paragraphs follow it before the next menu
  // and the text before it is longer than the text after it: what lies
  // beyond the article's last menu is another box.
  std::vector<std::pair<size_t, size_t>> menus;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && chars(text[j]) < kWeights.length_low && starts_upper_or_digit(text[j]) && text::has_lower(text[j]) &&
           !ends_sentence(text[j]) && !bullet_start(text[j]) && !code_shape(text[j]))
      ++j;
    if (j - i >= kWeights.menu_run && !(i > 0 && !text[i - 1].empty() && text[i - 1].back() == ':')) menus.emplace_back(i, j);
    i = j > i ? j : i + 1;
  }
  // A page's navigation boxes as a text browser prints them: labels
  // ("Personal tools", "Views", "Languages") each over a list of a few
  // words an item ("• Log in", "• View history"), three such boxes or more
  // in a row with no sentence among them.  An article's own lists under
  // their headings have items longer than that, or a sentence between.
  const auto nav_item = [&](size_t i) {
    if (chars(text[i]) >= kWeights.length_low || ends_sentence(text[i]) || code_shape(text[i])) return false;
    return word_count(text[i]) <= kWeights.nav_item_words + (bullet_start(text[i]) ? 1 : 0);  // (the mark is a word)
  };
  for (size_t i = 0; i < n;) {
    size_t j = i, labels = 0;
    for (; j < n && nav_item(j); ++j)
      labels += !bullet_start(text[j]) && j + 1 < n && bullet_start(text[j + 1]) && nav_item(j + 1);
    if (labels >= kWeights.nav_boxes && j - i >= kWeights.menu_run) {
      // (a menu found above that meets it is a part of it)
      size_t from = i, to = j;
      menus.erase(std::remove_if(menus.begin(), menus.end(),
                                 [&](const auto &m) {
                                   if (m.first >= j || m.second <= i) return false;
                                   from = std::min(from, m.first), to = std::max(to, m.second);
                                   return true;
                                 }),
                  menus.end());
      menus.emplace_back(from, to);
    }
    i = j > i ? j : i + 1;
  }
  std::sort(menus.begin(), menus.end());
  std::vector<size_t> good_chars(n + 1, 0);  // of the good blocks before each one
  for (size_t i = 0; i < n; ++i) good_chars[i + 1] = good_chars[i] + (cls[i] == BlockClass::good ? chars(text[i]) : 0);
  std::vector<bool> menu(n, false);
  for (size_t m = 0; m < menus.size(); ++m) {
    const auto [from, to] = menus[m];
    const size_t end = m + 1 < menus.size() ? menus[m + 1].first : n;
    size_t paragraphs = 0;
    for (size_t i = to; i < end; ++i) paragraphs += cls[i] == BlockClass::good && prose_shape(text[i], fw);
    if (paragraphs < 2 && good_chars[from] >= good_chars[n] - good_chars[to])
      std::fill(menu.begin() + static_cast<long>(from), menu.begin() + static_cast<long>(to), true);
  }
  std::vector<Run> runs;
  size_t gap = 0;
  for (size_t i = 0; i < n; ++i) {
    if (cls[i] != BlockClass::good || menu[i]) {
      gap += menu[i] ? kWeights.max_gap_words : word_count(text[i]);
      continue;
    }
    if (runs.empty() || gap >= kWeights.max_gap_words) runs.push_back({i, i, 0});
    runs.back().last = i;
    runs.back().chars += chars(text[i]);
    gap = 0;
  }
  if (runs.empty()) {
    report(blocks[0].source(), Level::note, "no block of the page reads like running text; the page is kept whole");
    return blocks;
  }
  // The longest run, and every run at least keep_run_share as long.
  std::vector<bool> keep(n, false);
  const Run best = *std::max_element(runs.begin(), runs.end(), [](const Run &a, const Run &b) { return a.chars < b.chars; });
  // The runs between two kept ones are kept too: the article's text split
  // by code, a table or a box is still the article.
  size_t first_kept = runs.size(), last_kept = 0;
  for (size_t r = 0; r < runs.size(); ++r)
    if (static_cast<double>(runs[r].chars) >= static_cast<double>(best.chars) * kWeights.keep_run_share)
      first_kept = std::min(first_kept, r), last_kept = r;
  for (size_t r = first_kept; r <= last_kept && r < runs.size(); ++r)
    for (size_t i = runs[r].first; i <= runs[r].last; ++i)
      keep[i] = (cls[i] == BlockClass::good && (chars(text[i]) >= kWeights.length_low || short_text(i))) || names_sentence(i);
  // The headline and the header are looked for before the first kept run
  // (the article starts there, whichever of its runs is the longest).
  const size_t lead = runs[first_kept].first;
  const std::vector<bool> records = drop_records(text, keep, blocks, report);
  drop_labelled_teasers(text, keep, blocks, report);
  // Code between two kept blocks of running text is the article's listing
  // (the one before it may be its introduction, "… as follows:").
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && !keep[j] && (code_shape(text[j]) || tex_shape(text[j]))) ++j;
    const auto text_at = [&](size_t k) { return keep[k] && (prose_shape(text[k], fw) || (!text[k].empty() && text[k].back() == ':')); };
    if (j > i && i > 0 && text_at(i - 1) && j < n && text_at(j))
      for (size_t m = i; m < j; ++m) keep[m] = true;
    i = j > i ? j : i + 1;
  }
  // What a kept sentence announces with its colon ("… here is a
  // non-exhaustive list:") is the article's too, whatever its shape (list
  // items run together, a quotation of names): up to announced_blocks
  // blocks between it and the kept text that goes on right after them.
  for (size_t i = 0; i + 2 < n; ++i) {
    if (!keep[i] || text[i].empty() || text[i].back() != ':' || word_count(text[i]) < kWeights.announce_words) continue;
    size_t j = i + 1;
    while (j < n && !keep[j] && j - i <= kWeights.announced_blocks) ++j;
    if (j > i + 1 && j < n && keep[j])
      for (size_t m = i + 1; m < j; ++m) keep[m] = true;
  }

  // The headline: the block that the page's title (its first line) repeats,
  // the closest one before the text; else the title itself, without the
  // site's name; else the heading-shaped block right before the text.
  const std::string page_title = text[0];
  const std::string stripped = strip_site_name(page_title);
  const std::string key_full = title_key(page_title), key = title_key(stripped);
  size_t headline = n;
  bool title_line = false;  // the headline is the page's <title>, not a block of its body
  // A page's first line is its <title> only when the scraper kept it: a
  // line of three words or more that is no chrome (a copy of the rendered
  // page starts with a menu entry, which the page may repeat, or a skip
  // link, "Jump to content").
  const bool titled = word_count(page_title) >= 3 && word_count(page_title) <= 40 && !chrome.matches(page_title, true);
  // The closest match before the text; else the first one in it (the
  // text's run began in a box above the headline).  A block the title
  // repeats whole wins over one that is only a part of it (a breadcrumb's
  // "Product" under the headline "Product review: …").
  size_t after = n, part_before = n, part_after = n;
  for (size_t i = 1; titled && i < n; ++i) {
    const std::string k = title_key(text[i]);
    if (k.empty() || word_count(text[i]) > 30) continue;
    const bool same = k == key || k == key_full;
    // Part of the title: half of it or more, or its first sentence ("Headline. Subtitle").
    const bool prefix = key.size() > k.size() && key.compare(0, k.size(), k) == 0 && key[k.size()] == ' ';
    const bool part = word_count(text[i]) >= 3 && key_full.find(k) != std::string::npos && (k.size() * 2 >= key.size() || prefix);
    if (!same && !part) continue;
    if (i <= lead + 2) (same ? headline : part_before) = i;
    else if ((same ? after : part_after) == n) (same ? after : part_after) = i;
  }
  for (const size_t candidate : {part_before, after, part_after})
    if (headline == n) headline = candidate;
  std::vector<Block> out;
  std::vector<bool> used(n, false);
  // Why a block that a rule took out of the kept text was removed ("" for
  // the rest of the page's boilerplate).
  std::vector<std::string_view> removed(n);
  if (headline < n) {
    used[headline] = true;
    keep[headline] = false;
  } else if (stripped != page_title) {
    headline = 0, title_line = true;
    used[0] = true;
    keep[0] = false;
  } else {
    // No title to go by (a copy of the rendered page): the headline is a
    // title-shaped block before the article's first paragraph, scored by
    // the evidence a headline has: a byline or a date under it, its words
    // in the article's text (a menu entry's are not), a repetition in the
    // page (a breadcrumb, a share link), closeness to the text.
    const std::map<std::string, size_t> body = content_words(text, keep, fw);
    const size_t first = first_paragraph(text, keep, lead);
    // The window: the 30 blocks before the first paragraph, not counting
    // the items of a list (an article that opens with a long list has its
    // headline above the list).  When no line there has a byline or date
    // under it, a line after it may be the headline if a "By" byline is
    // under it and the article's text right under that (the first
    // paragraph was a box above the article: a cookie note, a sign-up form).
    size_t start = first;
    for (size_t counted = 0; start > 0 && counted < 30;) counted += !bullet_start(text[--start]);
    bool window_header = false;
    const auto over_byline_and_text = [&](size_t i) {
      for (size_t j = i + 1; j < n && j <= i + 3; ++j)
        if (byline_line(text[j]) && text[j][0] == 'B') {
          for (size_t k = j + 1; k < n && k <= j + 3; ++k)
            if (keep[k] && chars(text[k]) >= kWeights.length_low && ends_sentence(text[k])) return true;
          return false;
        }
      return false;
    };
    std::vector<std::string> keys(n);
    for (size_t j = 0; j < n; ++j) keys[j] = title_key(text[j]);
    double best = 0;
    for (size_t i = start; i < n; ++i) {
      if (i > first && (window_header || !over_byline_and_text(i))) continue;
      const size_t w = word_count(text[i]);
      if (w < 2 || w > 25 || chars(text[i]) > 200 || !starts_upper_or_digit(text[i]) || byline_line(text[i]) ||
          date_line(text[i]) || (!text[i].empty() && std::strchr(".,;:", text[i].back())))
        continue;
      if (text::credit_line(text[i]) || chrome.matches(text[i], true) || byline_at(text, i)) continue;
      double score = 1 + 0.15 * static_cast<double>(std::min<size_t>(w, 12));  // headlines run to a dozen words
      // (a picture, its caption and credit and a share count may lie between)
      bool header = false;
      for (size_t j = i + 1; j < n && j <= i + 6 && !header; ++j)
        if ((header = byline_line(text[j]) || date_line(text[j]) || byline_at(text, j))) score += 4 - 0.5 * static_cast<double>(j - i);
      window_header = window_header || (header && i <= first);
      score += 3 * share_in(text, keep, i, body, fw);
      if (repeated_in_page(text, keys, i)) score += 1.5;
      // The page's own heading mark (its anchor, "Evolve: Shared Mutable History¶") on the line.
      if (blocks[i].lines.size() == 1 && blocks[i].lines[0].anchored) score += 2.5;
      // A headline does not end in a function word ("… is sponsored by").
      const auto ws = words(text[i]);
      if (!ws.empty() && fw.words.count(ws.back())) score -= 2;
      if (bullet_start(text[i])) score -= 1.5;  // a menu's entry
      size_t distance = 0;  // the blocks between it and the text, a list's items not counted
      for (size_t j = i + 1; j <= first; ++j) distance += !bullet_start(text[j]);
      score -= 0.05 * static_cast<double>(distance);
      if (keep[i] && chars(text[i]) >= kWeights.length_low) score -= 1;  // running text is seldom the headline
      if (several_sentences(text[i])) score -= 2;  // and a headline is one sentence
      if (score > best) best = score, headline = i;
    }
    if (headline < n) {
      used[headline] = true, keep[headline] = false;
      report(blocks[headline].source(), Level::note, "the page has no title; the headline is '" + text[headline] + "' (by its place, its words in the text, a byline or date under it)");
    }
  }
  if (headline < n) {
    Block h = blocks[headline];
    if (headline == 0 && stripped != page_title) {
      h.lines.resize(1);
      h.lines[0].text = stripped;
      report(h.source(), Level::note, "the page's title '" + page_title + "' is the headline without the site's name");
    }
    out.push_back(std::move(h));
  }

  // The article starts under its headline: the runs of text between the
  // headline and the first kept one are the article's (its introduction,
  // cut off from the rest by code or a table).
  if (headline < n && !title_line) {
    // What was kept above a headline that the title repeats below the
    // first run of text is a box over the article (a menu's teasers and
    // blurbs), when a third of the kept text or more lies under the headline.
    size_t above = 0, below = 0;
    for (size_t i = 0; i < n; ++i)
      if (keep[i]) (i < headline ? above : below) += chars(text[i]);
    if (headline > lead + 2 && 2 * below > above)
      for (size_t i = 0; i < headline; ++i)
        if (keep[i]) keep[i] = false, removed[i] = "above the headline that the page's title repeats: a box over the article";
    size_t fk = headline;
    while (fk < n && !keep[fk]) ++fk;
    for (const Run &r : runs)
      if (r.first > headline && r.last < fk)
        for (size_t i = r.first; i <= r.last; ++i)
          keep[i] = !used[i] && cls[i] == BlockClass::good && (chars(text[i]) >= kWeights.length_low || short_text(i));
  }

  // The article's first paragraphs, above the first kept block: sentences of
  // running text that their own low density (a lead full of names and
  // numbers) or boilerplate around them classed as not text.  Walked back
  // from the first kept block, over a few short blocks (a caption, a
  // button), up to the headline or the header's byline or date.
  {
    const size_t low = headline < n ? headline + 1 : 0;
    size_t fk = low;
    while (fk < n && !keep[fk]) ++fk;
    size_t skipped = 0;
    for (size_t i = fk; fk < n && i-- > low;) {
      if (used[i] || byline_line(text[i]) || when_line(text[i]) || byline_at(text, i)) break;
      const size_t w = word_count(text[i]);
      // A list whose first kept item is the text's first block starts
      // where its items start: the items above with the same mark, in a
      // row, up to the headline; not a table of contents, whose items the
      // page prints again below as blocks of their own (its headings).
      const auto contents_entry = [&](size_t at) {
        const std::string key = title_key(text[at].substr(text[at].find(' ') + 1));
        for (size_t j = fk; j < n; ++j)
          if (title_key(text[j]) == key) return true;
        return false;
      };
      if (keep[i + 1] && !bullet_mark(text[i]).empty() && bullet_mark(text[i]) == bullet_mark(text[i + 1]) && !chrome.matches(text[i], true) &&
          !contents_entry(i)) {
        keep[i] = true;
        skipped = 0;
        report(blocks[i].source(), Level::note, "kept '" + text[i].substr(0, 40) + "…' as the start of the article (an item of the list its text starts with)");
        continue;
      }
      if (prose_shape(text[i], fw) && !chrome.matches(text[i], true)) {
        keep[i] = true;
        skipped = 0;
        report(blocks[i].source(), Level::note, "kept '" + text[i].substr(0, 40) + "…' as the start of the article (a paragraph of running text above it)");
        continue;
      }
      if (w > kWeights.lead_skip_words || (skipped += w) > 3 * kWeights.lead_skip_words) break;
    }
  }

  // Between two kept blocks of the text, a sentence the classifier took for
  // a box's (a list item that lost its bullet, its function words few:
  // "Frontend creates Edgestore entity and assoc for the task.") or a
  // heading over a paragraph of running text is the article's too.
  for (size_t i = 1; i + 1 < n; ++i) {
    const std::string &t = text[i];
    if (keep[i] || used[i] || records[i] || !keep[i - 1] || used[i - 1] || !keep[i + 1] || chrome.matches(t, true)) continue;
    const bool sentence = ends_sentence(t) && starts_upper_or_digit(t) && word_count(t) >= 3 && !bullet_start(t);
    if (!sentence && !(heading_shape(t) && prose_shape(text[i + 1], fw))) continue;
    keep[i] = true;
    report(blocks[i].source(), Level::note, "kept '" + t.substr(0, 40) + "' between two blocks of the article's text");
  }

  // The article's last sentences, right after its last kept paragraph: short
  // ones ("That is user experience.") or ones with few function words that
  // the classifier took for a caption or a box.  Walked forward while each
  // block is a sentence of running text; the first that is not ends it.
  {
    size_t lk = n;
    for (size_t i = n; i-- > 0;)
      if (keep[i] && !used[i]) {
        lk = i;
        break;
      }
    if (lk < n && prose_shape(text[lk], fw))
      for (size_t i = lk + 1; i < n && i <= lk + kWeights.closing_blocks; ++i) {
        const std::string &t = text[i];
        if (used[i] || records[i] || !ends_sentence(t) || !starts_upper_or_digit(t) || word_count(t) < 3 || bullet_start(t) ||
            density(t, fw) < kWeights.density_prose || chrome.matches(t, true))
          break;
        keep[i] = true;
        report(blocks[i].source(), Level::note, "kept '" + t.substr(0, 40) + "…' as the end of the article (a sentence right after its last paragraph)");
      }
  }

  // The header: bylines and dates near the headline or the start of the text.
  const size_t from = headline < n && !title_line ? headline + 1 : (lead > 8 ? lead - 8 : 0);
  std::vector<std::string> names;
  size_t last_name = n;
  bool have_byline = false;
  // A second byline in capitals ("By" / "SIGN UP") is a button's text.
  const auto shouting = [&](const std::string &name) {
    return have_byline && !text::has_lower(name);
  };
  for (size_t i = from; i < n && i < std::max(lead, from) + 3; ++i) {
    if (used[i]) continue;
    const bool by = byline_line(text[i]) && !shouting(text[i].substr(text[i].find(' ') + 1));
    const bool date = date_line(text[i]);
    // A second name-shaped line right under a byline is the writer's role
    // ("Games Editor"), and one over a "By" byline is not the writer.
    const auto by_below = [&] {
      for (size_t j = i + 1; j < n && j <= i + 4; ++j)
        if (byline_line(text[j])) return true;
      return false;
    };
    if (by_word(text[i]) && i + 1 < n && name_line(text[i + 1]) && !used[i + 1] && !shouting(text[i + 1])) {
      // "By" / "Ann Lee" as blocks of their own: one byline.
      Block b = blocks[i];
      b.lines.resize(1);
      b.lines[0].text = text[i] + " " + text[i + 1];
      report(b.source(), Level::note, "the byline '" + text[i] + "' / '" + text[i + 1] + "' made one line");
      names.push_back(text[i + 1]);
      last_name = i + 1;
      have_byline = true;
      out.push_back(std::move(b));
      used[i] = used[i + 1] = true;
      keep[i] = keep[i + 1] = false;
      ++i;
      continue;
    }
    const bool name = bylines && !by && !shouting(text[i]) && byline_at(text, i) && !(last_name < i && i - last_name <= 3) && !by_below();
    if (name) {
      // A byline without "By" (a name over its date or role, "Name,
      // @handle"): written "By Name" so that the next stages know it; the
      // handle is left out, and said so.
      const std::string handle = handle_byline(text[i]);
      const std::string who = handle.empty() ? text[i] : handle;
      used[i] = true;
      keep[i] = false;
      if (std::find(names.begin(), names.end(), who) != names.end()) {
        report(blocks[i].source(), Level::note, "removed the byline '" + text[i] + "' repeated in the page's header");
        continue;
      }
      names.push_back(who);
      last_name = i;
      have_byline = true;
      Block b = blocks[i];
      b.lines.resize(1);
      b.lines[0].text = "By " + who;
      report(b.source(), Level::note, "the name '" + text[i] + "' next to the headline's date or role is its byline: written '" +
                                          b.lines[0].text + "'" + (handle.empty() ? "" : " (the handle left out)"));
      out.push_back(std::move(b));
      continue;
    }
    if (by || date) {
      have_byline = have_byline || by;
      if (const size_t at = by && blocks[i].lines.size() == 1 ? glued_date(text[i]) : std::string_view::npos; at != std::string_view::npos) {
        Block b = blocks[i], d = blocks[i];
        b.lines[0].text = text[i].substr(0, at);
        d.lines[0].text = text[i].substr(at);
        report(b.source(), Level::note, "the byline '" + b.lines[0].text + "' and the date '" + d.lines[0].text + "' glued together: made two lines");
        out.push_back(std::move(b));
        out.push_back(std::move(d));
      } else {
        out.push_back(blocks[i]);
      }
      used[i] = true;
      keep[i] = false;
    }
  }

  // No writer in the header: one credited right after the article's text
  // is its byline, written "By Name" in the header (the credit itself stays
  // where it is, in or out of the article).
  if (bylines && !have_byline) {
    size_t last = n;
    for (size_t i = n; i-- > 0;)
      if (keep[i] && !used[i] && prose_shape(text[i], fw)) {
        last = i;
        break;
      }
    for (size_t i = last + 1; last < n && i < n && i <= last + kWeights.footer_byline_blocks; ++i) {
      const std::string who = records[i] ? std::string() : footer_byline(text, i);  // (a comment's header is no writer's credit)
      if (who.empty()) continue;
      Block b = blocks[i];
      b.lines.resize(1);
      b.lines[0].text = "By " + who;
      report(b.source(), Level::note, "the writer credited after the article, '" + text[i] + "', is its byline: written '" + b.lines[0].text + "' in the header");
      out.push_back(std::move(b));
      have_byline = true;
      break;
    }
  }
  // A person's own site: the name at the top of the page, before the
  // article, is the one its copyright line credits ("Haki Benita" … "©
  // Haki Benita 2016-2020"): the writer, written "By Name" in the header.
  if (bylines && !have_byline)
    for (size_t i = lead; i < n; ++i) {
      const std::string who = copyright_holder(text[i]);
      const auto ws = words(who);  // (a function word is no part of a person's name: "The River Company")
      if (who.empty() || std::any_of(ws.begin(), ws.end(), [&](const std::string &w) { return fw.words.count(w) > 0; })) continue;
      const auto top = std::find_if(text.begin(), text.begin() + static_cast<long>(lead), [&](const std::string &t) { return fold(t) == fold(who); });
      if (top == text.begin() + static_cast<long>(lead)) continue;
      Block b = blocks[static_cast<size_t>(top - text.begin())];
      b.lines.resize(1);
      b.lines[0].text = "By " + who;
      report(b.source(), Level::note, "'" + who + "' at the top of the page is the one its copyright line credits, '" + text[i] +
                                          "': the writer, written '" + b.lines[0].text + "' in the header");
      out.push_back(std::move(b));
      have_byline = true;
      break;
    }

  // The writer's note under the article ("Ann Lee is a reporter for …",
  // "Ann Lee covers the White House."): a block after the article's last
  // paragraph, past the boxes between (related links, "About the author"),
  // that opens with the name of a writer the byline credits and goes on
  // with a clause about them.  The byline's own name is the evidence: a
  // teaser of another page that happens to open with a name is not kept.
  {
    std::vector<std::string> credited;
    for (const Block &b : out)
      for (std::string &who : credited_names(b.lines[0].text)) credited.push_back(std::move(who));
    size_t last = n;
    for (size_t i = n; i-- > 0;)
      if (keep[i] && !used[i] && prose_shape(text[i], fw)) {
        last = i;
        break;
      }
    for (size_t i = last + 1; last < n && !credited.empty() && i < n && i <= last + kWeights.footer_byline_blocks && !records[i]; ++i) {
      if (keep[i] || used[i]) continue;
      const std::string &t = text[i];
      const auto writer = std::find_if(credited.begin(), credited.end(), [&](const std::string &who) {
        return t.size() > who.size() + 1 && t.compare(0, who.size(), who) == 0 && t[who.size()] == ' ' &&
               text::starts_lower(std::string_view(t).substr(who.size() + 1)) && word_count(t) >= word_count(who) + kWeights.note_words &&
               density(t, fw) > 0;
      });
      if (writer == credited.end()) continue;
      keep[i] = true;
      report(blocks[i].source(), Level::note, "kept '" + t.substr(0, 40) + "…' after the article: the note on its writer, " + *writer);
      credited.erase(writer);
    }
  }

  // A picture's caption that the page labels as one ("Media caption" /
  // "Mr Obama told the BBC …", or on one line): the picture or video is
  // not in the text, and its caption is no heading or paragraph of it.
  for (size_t i = 0; i < n; ++i) {
    std::string caption;
    if (used[i] || !chrome.labels_caption(text[i], &caption)) continue;
    const size_t c = caption.empty() ? i + 1 : i;
    if (c < n && keep[c] && !used[c] && word_count(text[c]) <= kWeights.caption_words && !bullet_start(text[c]))
      keep[c] = false, removed[c] = "the caption of a picture or video that the page labels as one (chrome)";
  }

  // A box of links as a list: items whose title is printed twice, the
  // picture's text and the link's ("• Weight loss: Why breakfast?" /
  // "Weight loss: Why breakfast?" / its teaser), three in a row or more.
  // An article's list does not say each item twice.
  {
    const auto doubled = [&](size_t i) {
      if (!bullet_start(text[i])) return false;
      const std::string_view t = std::string_view(text[i]).substr(text[i].find(' ') + 1);
      if (i + 1 < n && text[i + 1] == t && word_count(t) >= 2) return true;
      for (size_t k = t.find(' '), words = 1; k != std::string_view::npos; k = t.find(' ', k + 1), ++words)
        if (words >= 2 && t.substr(k + 1, k) == t.substr(0, k) && (t.size() == 2 * k + 1 || t[2 * k + 1] == ' ')) return true;
      return false;
    };
    // (an item's blocks: the bullet's, then up to two that are no item: its title again, its teaser)
    const auto item_end = [&](size_t i) {
      size_t j = i + 1;
      while (j < n && j <= i + 2 && !bullet_start(text[j]) && keep[j] && (text[j] == text[i].substr(text[i].find(' ') + 1) || ends_sentence(text[j]))) ++j;
      return j;
    };
    for (size_t i = 0; i < n;) {
      size_t j = i, items = 0;
      while (j < n && doubled(j)) j = item_end(j), ++items;
      if (items >= kWeights.listing_pairs) {
        for (size_t m = i; m < j; ++m)
          if (keep[m]) keep[m] = false, removed[m] = "a list whose items each print their title twice (a picture's and a link's): a box of other pages";
        i = j;
      } else {
        i = std::max(j, i + 1);
      }
    }
  }

  // The page's tail: the kept blocks after the article's last paragraph,
  // when none of them is a sentence (or two, whose end is a link: "… in
  // Paris. @handle"), a list item or code, are what follows
  // an article on a page (a share bar, the writer's name again, tags, a
  // "Related" heading over links that were left out), not its text.
  // A line of words that the page prints three times or more among the
  // article's blocks, each time a block of its own with a blank line above
  // and below it ("Thank you for supporting …": an advertisement's place;
  // a chart's "By … | Source: …"), is the page's, not the article's.  (A song's refrain is a line of a stanza,
  // with no blank line around it.)
  if (repeated) {
    const auto alone = [&](size_t i) {
      const uint32_t line = blocks[i].source();
      return blocks[i].lines.size() == 1 && i > 0 && i + 1 < n && blocks[i - 1].lines.back().source + 1 < line && blocks[i + 1].source() > line + 1;
    };
    std::map<std::string, std::vector<size_t>> places;
    for (size_t i = 0; i < n; ++i)
      if (keep[i] && !used[i] && alone(i) && word_count(text[i]) >= 5 && word_count(text[i]) <= kWeights.refrain_words &&
          starts_upper_or_digit(text[i]) && density(text[i], fw) > 0 && text[i].find_first_of("(){}[];=_<>") == std::string::npos)
        places[text[i]].push_back(i);  // (a line of words: not a table's cells, code, or a sentence cut by a formula)
    for (const auto &[line, at] : places)
      if (at.size() >= kWeights.refrain_times)
        for (const size_t i : at) keep[i] = false, removed[i] = "printed by the page three times or more, each a block of its own: an advertisement's or a box's line";
  }

  // A heading with the page's own anchor or edit link ("See also[edit]",
  // "Usage¶", or "See also" / "[edit]") heads a section of the article.
  const auto anchored = [&](size_t i) {
    std::string joined = text[i] + (i + 1 < n ? text[i + 1] : std::string());
    return (blocks[i].lines.size() == 1 && blocks[i].lines[0].anchored) || (heading_shape(text[i]) && strip_edit_link(joined) && joined == text[i]);
  };
  // A table of contents: three or more headings in a row (their section
  // numbers between them or not), each repeated in order further down the
  // page, where its section begins.  The sections' own headings stay.
  {
    std::vector<std::string> keys(n);
    for (size_t i = 0; i < n; ++i) keys[i] = title_key(text[i]);
    const auto number = [&](size_t i) { return !text[i].empty() && text[i].find_first_not_of("0123456789.") == std::string::npos; };
    for (size_t i = 0; i < n;) {
      std::vector<size_t> entries;
      size_t j = i;
      // (the run ends where an entry comes again: the first section's heading)
      std::set<std::string> seen;
      for (; j < n && !used[j] && (number(j) || heading_shape(text[j])); ++j)
        if (!number(j)) {
          if (!seen.insert(keys[j]).second) break;
          entries.push_back(j);
        }
      size_t matched = 0;
      for (size_t e = 0, at = j; e < entries.size(); ++e) {
        size_t k = at;
        while (k < n && keys[k] != keys[entries[e]]) ++k;
        if (k < n) ++matched, at = k + 1;
      }
      if (entries.size() >= 3 && 4 * matched >= 3 * entries.size())
        for (size_t k = i; k < j; ++k)
          if (keep[k]) keep[k] = false, removed[k] = "a table of contents: its entries are the headings further down the page";
      i = j > i ? j : i + 1;
    }
  }
  // Right above the article's kept text (after a table of contents, a
  // picture's box), a heading so marked is the article's too.
  for (size_t i = 0; i < n; ++i) {
    if (keep[i] || used[i] || !anchored(i)) continue;
    const size_t next = i + (blocks[i].lines.size() == 1 && blocks[i].lines[0].anchored ? 1 : 2);  // (past "[edit]")
    if (next < n && keep[next] && !used[next] && prose_shape(text[next], fw))
      for (size_t j = i; j < next; ++j) keep[j] = true;
  }
  // The article's own sections after its text ("See also", "References",
  // "External links" on a wiki): after the last kept paragraph, before any
  // menu, chrome or record, a heading so marked and the list items and
  // sentences under it (one other block between two of them: "Main
  // article: …"), up to two blocks in a row that are neither; then the
  // next heading so marked, if one follows.
  {
    size_t i = n;
    while (i-- > 0 && !(keep[i] && !used[i] && prose_shape(text[i], fw))) {}
    const auto boundary = [&](size_t j) { return j >= n || menu[j] || records[j] || chrome.matches(text[j], true) || anchored(j); };
    const auto content = [&](size_t j) { return !boundary(j) && (bullet_start(text[j]) || ends_sentence(text[j])); };
    const size_t after_text = ++i;
    for (; i < n && !anchored(i) && !boundary(i);) ++i;
    // (the blocks between the text and its first section, two at most, are
    // the article's too: a table's last row, a closing line)
    const size_t between = i < n && anchored(i) && i - after_text <= 2 ? after_text : i;
    const auto next_heading = [&](size_t j) {  // (a menu's shape is a list of links here)
      while (j < n && !records[j] && !chrome.matches(text[j], true) && !anchored(j)) ++j;
      return j;
    };
    while (i < n && anchored(i)) {
      const size_t heading = i;
      i += blocks[i].lines.size() == 1 && blocks[i].lines[0].anchored ? 1 : 2;  // (past "[edit]")
      bool any = false;
      // A few lines right up to the next such heading are the section's,
      // whatever their shape ("See also" / "Film portal" / "References").
      if (const size_t j = next_heading(i); j < n && anchored(j) && j > i && j - i <= kWeights.section_lines)
        for (; i < j; ++i) keep[i] = any = true;
      for (; !boundary(i) && (content(i) || content(i + 1)); ++i) keep[i] = any = true;
      if (!any) break;
      for (size_t j = between; j < heading; ++j) keep[j] = true;
      keep[heading] = true;
      report(blocks[heading].source(), Level::note, "kept the section '" + text[heading] + "' after the article's text: its heading carries the page's own anchor or edit link");
    }
  }

  if (page_tail) {
    size_t last = n;
    for (size_t i = n; i-- > 0;)
      if (keep[i] && !used[i] && prose_shape(text[i], fw)) {
        last = i;
        break;
      }
    // A comment form after the article ("Your email address will not be
    // published." / "Name *" / "Email *" / "Notify me of new posts by
    // email."): the article ends before its notice, at the last paragraph
    // above it.
    size_t form = n;
    for (size_t i = last < n && last > kWeights.form_reach ? last - kWeights.form_reach : 0; last < n && i < n && form == n; ++i)
      if (!used[i] && form_field(text[i]))
        for (size_t j = i + 1; j < n && j <= i + kWeights.form_reach && form == n; ++j)
          if (!used[j] && form_field(text[j])) form = i;  // (two fields: a form, not a name's footnote mark "Ann Lee*")
    if (form < n) {
      for (size_t i = form, notice = 0; i-- > 0 && notice < kWeights.form_notice && !used[i] && !(keep[i] && prose_shape(text[i], fw)); ++notice)
        form = i;
      for (size_t i = form; last >= form && i-- > 0;)
        if (keep[i] && !used[i] && prose_shape(text[i], fw)) last = i;
      if (last >= form) last = n;
      report(blocks[form].source(), Level::note, "'" + text[form].substr(0, 40) + "' opens a form after the article (its fields marked required): the article ends above it");
    }
    // (the last text after it ends the article: a writer's note, a list, code, the sources' addresses)
    // A heading with the page's own anchor opens a section of the article:
    // what is no sentence in it counts no more.
    bool section = false;
    for (size_t i = last + 1, other = 0; i < n && i < form && last < n && other <= kWeights.tail_gap; ++i) {
      if (!keep[i]) continue;
      if (ends_sentence(text[i]) || several_sentences(text[i]) || bullet_start(text[i]) || code_shape(text[i]) || address_line(text[i]) || anchored(i)) last = i, other = 0;
      else other += !section && !words(text[i]).empty();
      section = section || anchored(i);
    }
    for (size_t i = last + 1; i < n && last < n; ++i)
      if (keep[i]) keep[i] = false, removed[i] = "after the article's last paragraph: the page's tail (page_tail)";
  }

  for (size_t i = 0; i < n; ++i) {
    if (used[i]) continue;
    if (keep[i]) {
      out.push_back(blocks[i]);
      continue;
    }
    if (!removed[i].empty()) {
      report(blocks[i].source(), Level::note, "removed '" + text::clip(text[i], 70) + "' " + std::string(removed[i]));
      continue;
    }
    report(blocks[i].source(), Level::note, "removed page boilerplate '" + text::clip(text[i], 70) + "'");
  }
  return out;
}

bool headline_from_title(std::vector<Block> &blocks, const Report &report) {
  if (blocks.size() < 3 || blocks[0].lines.size() != 1) return false;
  const std::string title = blocks[0].lines[0].text;
  const std::string key = title_key(title);
  if (word_count(title) < 3) return false;
  for (size_t i = 1; i < blocks.size() && i <= 20; ++i) {
    if (blocks[i].lines.size() != 1) continue;
    const std::string &h = blocks[i].lines[0].text;
    const std::string k = title_key(h);
    // The headline, then a separator and more (the site, a subtitle).
    if (k.empty() || k.size() >= key.size() || key.compare(0, k.size(), k) != 0 || key[k.size()] != ' ' || word_count(h) < 2) continue;
    const std::string rest = title.substr(std::min(title.size(), h.size()));
    if (rest.size() < 2 || !std::strchr("|-:.\xE2\xC2/", rest[rest[0] == ' ' ? 1 : 0])) continue;
    report(blocks[i].source(), Level::note, "the title '" + title + "' is the page's; its headline '" + h + "' is the title");
    blocks[0].lines[0].text = h;
    blocks.erase(blocks.begin() + static_cast<long>(i));
    return true;
  }
  return false;
}

}  // namespace textclean
