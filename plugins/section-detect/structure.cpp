// structure.cpp: structure detection rules.
#include "structure.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <sstream>

#include "../common/page_lines.hpp"
#include "../common/unicode.hpp"

namespace sections::detail {
struct BuiltinList {
  const char *language;
  const char *text;
};
extern const BuiltinList kFunctionWords[];
extern const size_t kFunctionWordsCount;
}  // namespace sections::detail

namespace sections {

namespace {

namespace u = pubpipe::text;

// An ASCII digit; safe for the bytes of UTF-8 (std::isdigit is not, for negative chars).
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string lower(const std::string &s) { return u::lower(s); }

bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

std::string trim(std::string s) {
  while (!s.empty() && blank(s.back())) s.pop_back();
  size_t i = 0;
  while (i < s.size() && blank(s[i])) ++i;
  return s.substr(i);
}

// Whether s has a letter of any script.
bool has_letter(const std::string &s) {
  for (size_t i = 0, n; i < s.size(); i += n)
    if (u::is_alpha(u::char_at(s, i, &n))) return true;
  return false;
}

std::vector<std::string> words(const std::string &s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    while (i < s.size() && blank(s[i])) ++i;
    const size_t start = i;
    while (i < s.size() && !blank(s[i])) ++i;
    if (i > start) out.emplace_back(s, start, i - start);
  }
  return out;
}

size_t word_count(const std::string &s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i)
    if (!blank(s[i]) && (i == 0 || blank(s[i - 1]))) ++n;
  return n;
}

bool ends_with(const std::string &s, const char *suffix) {
  const size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// Ends like a sentence or a clause: a heading does not.
bool ends_like_prose(const std::string &s) {
  if (s.empty()) return false;
  const char c = s.back();
  return std::strchr(".,;:!\"'", c) != nullptr || ends_with(s, "\xE2\x80\x9D") || ends_with(s, "\xE2\x80\x99") ||
         ends_with(s, "\xE2\x80\xA6") || ends_with(s, "\xC2\xBB");
}

// Ends with a closing quotation mark right after a letter or digit: a
// quoted phrase ('Pills "Burned Her Up From Within"', a headline), not a
// sentence or a clause that ends inside the quotation ('she said "stop."').
bool ends_quoted_phrase(const std::string &s) {
  const std::string_view t = s;
  for (const std::string_view q : {"\"", "'", "\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB"})
    if (t.size() > q.size() && t.substr(t.size() - q.size()) == q) {
      const char32_t c = u::last_char(t.substr(0, t.size() - q.size()));
      return u::is_alpha(c) || u::is_digit(c);
    }
  return false;
}

// Starts with a capital, a digit, or a letter of a script without case
// (CJK, Arabic, ...): how a sentence or a heading starts.
bool starts_upper_or_digit(const std::string &s) {
  if (s.empty()) return false;
  const char32_t c = u::first_char(s);
  return u::is_upper(c) || u::is_digit(c) || (u::is_alpha(c) && !u::is_lower(c));
}

bool starts_quote(const std::string &s) {
  return !s.empty() && (s[0] == '"' || s[0] == '\'' || s.rfind("\xE2\x80\x9C", 0) == 0 || s.rfind("\xE2\x80\x98", 0) == 0 ||
                        s.rfind("\xC2\xAB", 0) == 0 || s.rfind("\xE2\x80\x9E", 0) == 0);
}

// A line that opens with a quoted name and goes on after the quotation
// closes: the title of a work with its price, year or author ("\"Thumper\"
// ($20)"), as a review or a study text heads its sections.  A line all in
// quotes is a quotation, and one whose quotation ends in punctuation is
// speech with its speaker, not this.
bool quoted_name(const std::string &s) {
  size_t open = 0;
  const char *close = nullptr;
  if (s.rfind("\"", 0) == 0) open = 1, close = "\"";
  else if (s.rfind("\xE2\x80\x9C", 0) == 0) open = 3, close = "\xE2\x80\x9D";
  else if (s.rfind("\xC2\xAB", 0) == 0) open = 2, close = "\xC2\xBB";
  else if (s.rfind("'", 0) == 0) open = 1, close = "'";
  else if (s.rfind("\xE2\x80\x98", 0) == 0) open = 3, close = "\xE2\x80\x99";
  else return false;
  const size_t end = s.find(close, open);
  if (end == std::string::npos || end == open || !starts_upper_or_digit(s.substr(open))) return false;
  if (std::strchr(",.!?;:", s[end - 1])) return false;  // speech: "\"No deal,\" says Roe
  const size_t after = end + std::strlen(close);
  return after < s.size() && s.find_first_not_of(" \t", after) != std::string::npos;
}

bool is_underline(const std::string &s, char c) { return s.size() >= 3 && s.find_first_not_of(c) == std::string::npos; }

// "- item", "* item", "• item" -> item text; "" if not a bullet.
bool bullet(const std::string &s, std::string *item) {
  if (s.size() > 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ') return *item = trim(s.substr(2)), true;
  if (s.rfind("\xE2\x80\xA2 ", 0) == 0) return *item = trim(s.substr(4)), true;
  return false;
}

// "1. item", "2) item" -> number and item.
bool numbered(const std::string &s, std::string *number, std::string *rest) {
  size_t i = 0;
  while (i < s.size() && (is_digit(s[i]) || (s[i] == '.' && i + 1 < s.size() && is_digit(s[i + 1])))) ++i;
  if (i == 0 || i > 12) return false;
  size_t j = i;
  if (j < s.size() && (s[j] == '.' || s[j] == ')')) ++j;
  if (j >= s.size() || s[j] != ' ') return false;
  *number = s.substr(0, i);
  *rest = trim(s.substr(j));
  return !rest->empty();
}

const char *kMonths[] = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"};

int month_of(std::string w) {
  w = lower(w);
  while (!w.empty() && (w.back() == '.' || w.back() == ',')) w.pop_back();
  if (w.size() < 3) return 0;
  for (int m = 0; m < 12; ++m)
    if (std::strncmp(kMonths[m], w.c_str(), w.size()) == 0 && (w.size() == 3 || w.size() >= 3) && std::strlen(kMonths[m]) >= w.size())
      return m + 1;
  return 0;
}

// A line that holds a date among other words ("Last updated September 14,
// 2016", "Sarah Gooding March 9, 2017"): a month's name and a year.
bool holds_date(const std::string &s) {
  bool month = false, year = false;
  for (const auto &w : words(s)) {
    std::string d = w;
    while (!d.empty() && std::strchr(".,;:", d.back())) d.pop_back();
    month = month || (month_of(d) && u::is_alpha(u::first_char(d)) && d.size() >= 3);
    year = year || (d.size() == 4 && (d[0] == '1' || d[0] == '2') && std::all_of(d.begin(), d.end(), is_digit));
  }
  return month && year;
}

// A reading time, the line or its end: "8 min read", "· 12 minute read".
bool reading_time(const std::string &s) {
  const auto ws = words(s);
  const size_t n = ws.size();
  return n >= 3 && ws[n - 1] == "read" && (ws[n - 2] == "min" || ws[n - 2] == "minute") && !ws[n - 3].empty() &&
         std::all_of(ws[n - 3].begin(), ws[n - 3].end(), is_digit);
}

// A sentence that ends inside the line and another that starts after it
// ("Ought I to acknowledge it? That afternoon", "Backtesting with default
// parameters. View in editor"): prose cut at a line, or a caption and a
// link, never a heading.  An abbreviation ("The U.S. hasn't") or a
// number ("1. AI shines") ends no sentence: the word before the mark ends
// in two lower-case letters.
bool sentence_inside(const std::string &s) {
  for (size_t i = 2; i + 2 < s.size(); ++i)
    if (std::strchr(".?!", s[i]) && s[i + 1] == ' ' && u::is_lower(static_cast<unsigned char>(s[i - 1])) &&
        u::is_lower(static_cast<unsigned char>(s[i - 2])) && u::starts_upper(s.substr(i + 2)))
      return true;
  return false;
}

// A call written as code: a name right before its parenthesis ("avg(n)",
// "printf(\"%d\")"), where prose puts a space ("Framework (ATF)").
bool holds_call(const std::string &s) {
  for (size_t i = 1; i < s.size(); ++i)
    if (s[i] == '(' && (is_digit(s[i - 1]) || s[i - 1] == '_' || u::is_alpha(static_cast<unsigned char>(s[i - 1])))) return true;
  return false;
}

bool web_address(const std::string &s) { return s.find("://") != std::string::npos || s.find("www.") != std::string::npos; }
// A web address and nothing else on the line: an entry of a list of sources.
bool address_alone(const Item &it) { return it.kind == Kind::paragraph && it.text.find(' ') == std::string::npos && web_address(it.text); }

// "[1]", "[image]": a picture that the scraper left as a mark.
bool picture_mark(const Item &it) {
  const std::string &t = it.text;
  return it.kind == Kind::paragraph && t.size() > 2 && t.front() == '[' && t.back() == ']' && t.find(' ') == std::string::npos;
}

// A picture's alt text over its caption, the same line twice (detect
// keeps the caption as the paragraph's text).
bool caption_pair(const Item &it) { return it.kind == Kind::paragraph && it.lines.size() == 2 && trim(it.lines[0]) == trim(it.lines[1]); }

bool number(const std::string &w, int lo, int hi, int *out) {
  std::string d = w;
  while (!d.empty() && (d.back() == ',' || d.back() == '.')) d.pop_back();
  for (const char *suf : {"st", "nd", "rd", "th"})
    if (d.size() > 2 && ends_with(d, suf)) d.erase(d.size() - 2);
  if (d.empty() || d.size() > 4 || !std::all_of(d.begin(), d.end(), is_digit)) return false;
  *out = std::stoi(d);
  return *out >= lo && *out <= hi;
}

std::string iso(int y, int m, int d) {
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > days[m - 1]) return {};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y % 10000, m, d);
  return buf;
}

bool is_name_word(const std::string &w) {
  static const char *particles[] = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "la", "le", "bin", "al", "y", "dos", "das", "ter"};
  if (w.empty()) return false;
  for (const char *p : particles)
    if (w == p) return true;
  const char32_t c = u::first_char(w);
  if (!(u::is_upper(c) || (u::is_alpha(c) && !u::is_lower(c)))) return false;  // "Émile", a name in a script without case
  for (size_t i = 0, n; i < w.size(); i += n) {
    const char32_t ch = u::char_at(w, i, &n);
    if (!(u::is_alpha(ch) || ch == '.' || ch == '-' || ch == '\'' || ch == U'\u2019' || ch == U'\u2010' || (ch >= 0x300 && ch < 0x370)))
      return false;
  }
  return true;
}

// The case of a heading: Title Case (every word of three letters or more
// that is not a function word starts with a capital, and there are two of
// them: "The Four Golden Signals"), sentence case (one of them starts in lower
// case: "Extra code to detect causes"), or neither (code, numbers, one word).
enum class Shape { none, title, sentence };
Shape shape_of(const std::string &s, const std::unordered_set<std::string> &function_words) {
  size_t capitals = 0;
  for (const auto &w : words(s)) {
    size_t i = 0;
    while (i < w.size() && static_cast<unsigned char>(w[i]) < 0x80 && !is_digit(w[i]) && !u::is_alpha(static_cast<unsigned char>(w[i]))) ++i;
    std::string t = w.substr(i);
    while (!t.empty() && std::strchr(",;:.!?)", t.back())) t.pop_back();  // "(or," is a function word
    if (u::char_count(t) < 3 || function_words.count(lower(t))) continue;
    if (u::starts_lower(t)) return Shape::sentence;
    capitals += u::starts_upper(t) ? 1 : 0;
  }
  return capitals >= 2 ? Shape::title : Shape::none;
}

// Ends in a function word of the book's language (an article, a
// preposition, a pronoun, an auxiliary: "Short film about a man who keeps
// reliving the", "It is not very clear, is it?", "Read now"): the line is
// the first half of a sentence a scraper or a hard wrap cut, or a sentence
// itself, not a heading.  A capitalised last word ends a Title Case heading
// ("When in Doubt, Leave it Out"), not a line that runs into the next
// sentence ("... could not differ more. The"); one word alone is never cut.
bool ends_mid_sentence(const std::string &s, const std::unordered_set<std::string> &function_words) {
  const std::vector<std::string> ws = words(s);
  if (ws.size() < 2 || function_words.empty()) return false;
  std::string last = ws.back();
  while (!last.empty() && std::strchr("?!)", last.back())) last.pop_back();
  if (last.empty() || !function_words.count(lower(last))) return false;
  return !u::starts_upper(last) || s.find(". ") != std::string::npos;
}

// A credit: a past participle, "by" and a name of a word or a few, none of
// them a function word ("Edited by Betsy Beyer", "Powered by Indeed",
// "Sponsored by [logo]"): the line under a byline or an advert's label, not
// a section's title.
bool credited_by(const std::string &s, const std::unordered_set<std::string> &function_words) {
  const std::vector<std::string> ws = words(s);
  if (ws.size() < 3 || ws.size() > 6 || lower(ws[1]) != "by" || !ends_with(lower(ws[0]), "ed")) return false;
  return std::none_of(ws.begin() + 2, ws.end(), [&](const std::string &w) { return function_words.count(lower(w)) > 0; });
}

// A date written in digits: "2013-09-29", "6/13/2018", "29.09.2013".
bool numeric_date(std::string w) {
  while (!w.empty() && !is_digit(w.back())) w.pop_back();
  while (!w.empty() && !is_digit(w.front())) w.erase(w.begin());
  int parts = 1, digits = 0;
  char sep = 0;
  for (char c : w) {
    if (is_digit(c)) { ++digits; continue; }
    if (c != '-' && c != '/' && c != '.') return false;
    if (sep && c != sep) return false;
    sep = c, ++parts;
  }
  return parts == 3 && digits >= 6 && digits <= 8;
}

}  // namespace

std::unordered_set<std::string> parse_function_words(std::string_view text) {
  std::unordered_set<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find('\n', i);
    if (j == std::string_view::npos) j = text.size();
    std::string l(text.substr(i, j - i));
    if (const size_t hash = l.find('#'); hash != std::string::npos) l.erase(hash);
    l = trim(l);
    if (!l.empty() && l.find_first_of(" \t") == std::string::npos) out.insert(lower(l));
    i = j + 1;
  }
  return out;
}

std::unordered_set<std::string> builtin_function_words(const std::string &language) {
  const std::string lang = lower(language.substr(0, language.find_first_of("-_")));
  for (size_t k = 0; k < detail::kFunctionWordsCount; ++k)
    if (lang == detail::kFunctionWords[k].language) return parse_function_words(detail::kFunctionWords[k].text);
  return {};
}

std::string TextBlock::joined() const {
  std::string s;
  for (const auto &l : lines) s += (s.empty() ? "" : " ") + l;
  return s;
}

std::vector<TextBlock> split_blocks(const std::string &text) {
  std::vector<std::pair<std::string, uint32_t>> lines;
  uint32_t no = 1;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == '\n') {
      std::string l = text.substr(start, i - start);
      if (!l.empty() && l.back() == '\r') l.pop_back();
      lines.emplace_back(trim(l), no++);
      start = i + 1;
    }
  bool blank_between = false, seen_text = false, gap = false;
  for (const auto &[l, n] : lines) {
    if (l.empty()) {
      gap = seen_text;
      continue;
    }
    blank_between |= gap;
    seen_text = true;
  }
  std::vector<TextBlock> blocks;
  bool open = false;
  for (const auto &[l, n] : lines) {
    if (l.empty()) {
      open = false;
      continue;
    }
    const bool underline = is_underline(l, '=') || is_underline(l, '-');
    if (open && (blank_between || underline)) {
      blocks.back().lines.push_back(l);
    } else {
      blocks.push_back(TextBlock{{l}, n});
    }
    open = true;
  }
  return blocks;
}

std::string parse_date(std::string s) {
  // Every form has a year: no digit, no date.
  if (std::none_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return {};
  s = trim(s);
  for (const char *prefix : {"published on ", "published: ", "published ", "last updated on ", "last updated: ", "last updated ",
                             "updated on ", "updated: ", "updated ", "posted on ",
                             "posted: ", "posted ", "date: ", "dated "})
    if (lower(s).rfind(prefix, 0) == 0) s = trim(s.substr(std::strlen(prefix)));
  // ISO 8601.
  if (s.size() >= 10 && is_digit(s[0]) && s[4] == '-' && s[7] == '-') {
    int y, m, d;
    if (number(s.substr(0, 4), 1000, 9999, &y) && number(s.substr(5, 2), 1, 12, &m) && number(s.substr(8, 2), 1, 31, &d) &&
        (s.size() == 10 || s[10] == 'T' || s[10] == ' '))
      return iso(y, m, d);
    return {};
  }
  std::vector<std::string> w = words(s);
  if (!w.empty() && !month_of(w[0]) && w[0].size() > 3 && (w[0].back() == ',' || w.size() == 4)) {
    static const char *days[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    std::string first = lower(w[0]);
    while (!first.empty() && first.back() == ',') first.pop_back();
    for (const char *d : days)
      if (first == d || (first.size() == 3 && std::strncmp(d, first.c_str(), 3) == 0)) {
        w.erase(w.begin());
        break;
      }
  }
  // The date, then at most the time of day as pages print it: "March 13,
  // 2015 9:00PM", "Dec. 7, 2024, 12:43 PM UTC", "16 November 2017 • 2:15pm".
  const auto time_word = [](std::string t) {
    t = lower(t);
    while (!t.empty() && std::strchr(",.;", t.back())) t.pop_back();
    static const char *words_of_time[] = {"am", "pm", "a.m", "p.m", "at", "et", "pt", "ct", "utc", "gmt", "bst", "cet", "est", "edt",
                                          "pst", "pdt", "cst", "cdt", "|", "\xE2\x80\xA2", "-", "\xC2\xB7"};
    for (const char *x : words_of_time)
      if (t == x) return true;
    return std::any_of(t.begin(), t.end(), is_digit) && t.find(':') != std::string::npos;
  };
  if (w.size() < 3 || !std::all_of(w.begin() + 3, w.end(), time_word)) return {};
  int y, m, d;
  if ((m = month_of(w[0])) && number(w[1], 1, 31, &d) && number(w[2], 1000, 9999, &y)) return iso(y, m, d);  // March 14, 2025
  if (number(w[0], 1, 31, &d) && (m = month_of(w[1])) && number(w[2], 1000, 9999, &y)) return iso(y, m, d);  // 14 March 2025
  return {};
}

std::vector<std::string> parse_byline(const std::string &s, std::string *rest) {
  std::string t = trim(s);
  // "// By A": punctuation a page put before the byline.
  while (!t.empty() && std::strchr("/|>-*", t[0])) t = trim(t.substr(1));
  std::string l = lower(t);
  size_t skip = 0;
  for (const char *prefix : {"written by ", "words by ", "story by ", "by ", "authors: ", "author: ", "by: "})
    if (l.rfind(prefix, 0) == 0) {
      skip = std::strlen(prefix);
      break;
    }
  if (!skip) return {};
  t = trim(t.substr(skip));
  // A date or place after a separator: "By A | March 3, 2025".
  for (const char *sep : {" | ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " - ", " \xC2\xB7 ", " \xE2\x80\xA2 ", ", published", " on "}) {
    const size_t at = t.find(sep);
    if (at != std::string::npos) {
      if (rest) *rest = trim(t.substr(at + std::strlen(sep)));
      t = t.substr(0, at);
    }
  }
  if (rest && rest->empty()) {
    // "By A, March 3, 2025"
    const size_t comma = t.find(", ");
    if (comma != std::string::npos && !parse_date(t.substr(comma + 2)).empty()) {
      *rest = t.substr(comma + 2);
      t = t.substr(0, comma);
    }
  }
  std::vector<std::string> names;
  std::string current;
  const std::vector<std::string> ws = words(t);
  for (size_t k = 0; k < ws.size(); ++k) {
    std::string word = ws[k];
    bool end = false;
    if (word.back() == ',') word.pop_back(), end = true;
    if (word == "and" || word == "&") {
      if (!current.empty()) names.push_back(current);
      current.clear();
      continue;
    }
    if (!is_name_word(word) || (month_of(word) && u::is_alpha(u::first_char(word)) && word_count(current) >= 2)) {
      // "By Gina Roberts-Grey eHow Contributor", "By A B March 18 at 12:22
      // PM", "A B, @handle": a whole name, then the writer's role, the site,
      // the date or a handle.
      if (word_count(current) < 2 && names.empty()) return {};
      std::string tail;
      for (size_t r = k; r < ws.size(); ++r) tail += (tail.empty() ? "" : " ") + ws[r];
      if (rest && rest->empty()) *rest = tail;
      break;
    }
    current += (current.empty() ? "" : " ") + word;
    if (end) names.push_back(current), current.clear();
  }
  if (!current.empty()) names.push_back(current);
  // "By Brenda Goodman, MA": a degree after the name is not a name.
  names.erase(std::remove_if(names.begin(), names.end(),
                             [](const std::string &n) {
                               return n.size() <= 4 && word_count(n) == 1 && !u::has_lower(n);
                             }),
              names.end());
  for (const auto &n : names)
    if (word_count(n) > 5) return {};
  return names;
}

SectionRole role_of(const std::string &title, const Options &o) {
  std::string t = lower(trim(title));
  while (!t.empty() && (t.back() == ':' || t.back() == '.')) t.pop_back();
  for (const auto &s : o.see_also_titles)
    if (t == s) return SectionRole::see_also;
  for (const auto &s : o.reference_titles)
    if (t == s) return SectionRole::references;
  for (const auto &s : o.bio_titles)
    if (t == s) return SectionRole::bio;
  return SectionRole::normal;
}

// A Markdown heading line ("## Title").
bool markdown_heading(const std::string &line) {
  const size_t n = line.find_first_not_of('#');
  return !line.empty() && line[0] == '#' && n != std::string::npos && n <= 6 && line[n] == ' ';
}

Structure detect(const std::vector<TextBlock> &input, const Options &o, const Note &note) {
  Structure st;
  size_t i = 0;
  // Every Markdown heading line is a block of its own, so that text right
  // under it (no blank line between) or another heading is not lost.
  std::vector<TextBlock> blocks;
  for (const auto &b : input) {
    if (b.lines.size() == 1 || std::none_of(b.lines.begin(), b.lines.end(), markdown_heading)) {
      blocks.push_back(b);
      continue;
    }
    for (size_t k = 0; k < b.lines.size(); ++k) {
      const uint32_t line = b.line + static_cast<uint32_t>(k);
      if (markdown_heading(b.lines[k]) || blocks.empty() || blocks.back().line < b.line || markdown_heading(blocks.back().lines[0]))
        blocks.push_back(TextBlock{{b.lines[k]}, line});
      else
        blocks.back().lines.push_back(b.lines[k]);
    }
  }

  // The title: the first block, when it is short and not prose.
  auto heading_text = [](const TextBlock &b, int *level) -> std::string {
    const std::string &first = b.lines[0];
    if (markdown_heading(first)) {
      const size_t n = first.find_first_not_of('#');
      *level = static_cast<int>(n);
      std::string t = trim(first.substr(n));
      while (!t.empty() && t.back() == '#') t.pop_back();
      return trim(t);
    }
    if (b.lines.size() == 2 && (is_underline(b.lines[1], '=') || is_underline(b.lines[1], '-'))) {
      *level = b.lines[1][0] == '=' ? 1 : 2;
      return first;
    }
    return {};
  };
  // A byline or a date above the title ("By A" / "Title" / text) comes
  // before it in the header.
  auto title_of = [&](const TextBlock &b, bool *header) {
    int level = 0;
    std::string t = heading_text(b, &level);
    if (t.empty()) t = b.joined();
    std::string rest;
    *header = !parse_byline(t, &rest).empty() || !parse_date(t).empty();
    return !*header && word_count(t) <= 25 && !(ends_like_prose(t) && !ends_quoted_phrase(t) && word_count(t) > 12) ? t : std::string();
  };
  size_t above_title = blocks.size();
  if (!blocks.empty()) {
    bool header = false, second_header = false;
    std::string t = title_of(blocks[0], &header);
    if (t.empty() && header && blocks.size() > 2) {
      t = title_of(blocks[1], &second_header);
      if (!t.empty() && !ends_like_prose(t)) above_title = 0;
      else t.clear();
    }
    if (!t.empty()) {
      st.title = t;
      st.title_line = blocks[above_title == 0 ? 1 : 0].line;
      i = above_title == 0 ? 2 : 1;
    } else {
      st.title_guessed = true;
    }
  }
  // A headline has its header under it: a byline, a date, or a name over a
  // date (one word between, a "Follow" button).  When the first line has
  // none, a title-shaped line further up the page's head that has one is
  // the headline, and the short lines above it (a menu, a site's name, a
  // "Responses" link) stay in the text as paragraphs, as they were.  One
  // line of a single word may stand over the headline; more lines over it
  // are a page's head only when none of them reads like prose, and a
  // subtitle under the title (a line over the byline) is no headline.
  // A dateline, or a short line that holds a date ("Oct 15, 2015 \u00B7 18 min read").
  const auto dated = [&](size_t j) {
    if (j >= blocks.size()) return false;
    const std::string t = blocks[j].joined();
    return !parse_date(t).empty() || (word_count(t) <= 8 && holds_date(t));
  };
  const auto name_line = [&](size_t j) {
    if (j >= blocks.size() || blocks[j].lines.size() != 1) return false;
    const std::vector<std::string> ws = words(blocks[j].lines[0]);
    return ws.size() >= 2 && ws.size() <= 4 && std::all_of(ws.begin(), ws.end(), is_name_word) &&
           std::none_of(ws.begin(), ws.end(), [&](const std::string &w) { return o.function_words.count(lower(w)) > 0; });
  };
  const auto one_word = [&](size_t j) { return j < blocks.size() && blocks[j].lines.size() == 1 && word_count(blocks[j].lines[0]) == 1; };
  const auto name_over_date = [&](size_t j) { return name_line(j) && (dated(j + 1) || (one_word(j + 1) && dated(j + 2))); };
  const auto header_under = [&](size_t j) {
    if (j + 1 >= blocks.size()) return false;
    std::string rest;
    return !parse_byline(blocks[j + 1].joined(), &rest).empty() || dated(j + 1) || name_over_date(j + 1);
  };
  size_t before_title = 0;  // blocks over the headline, kept as text
  if (!st.title.empty() && i == 1 && !header_under(0)) {
    for (size_t j = 1; j < blocks.size() && j < 12; ++j) {
      bool header = false;
      const std::string t = title_of(blocks[j], &header);
      if (t.empty() && !header) break;  // prose: the text has begun
      if (t.empty() || word_count(t) < 3 || !header_under(j)) continue;
      if (j == 1 && !one_word(0)) break;  // a subtitle over the byline
      note(blocks[j].line, false, "'" + t + "' has a byline or date under it: it is the headline, not '" + st.title + "' above it");
      st.title = t;
      st.title_line = blocks[j].line;
      i = j + 1;
      before_title = j;
      break;
    }
  }

  // The header: subtitle, bylines, dateline, until the first paragraph.
  // A name in a byline with a function word of the book's language before
  // its last word ("By Our Foreign Staff", "By The Associated Press")
  // credits a desk or an agency, not a person: the line is the header's
  // byline, with no author.  A function word last may be a surname ("Dan
  // Rather").
  auto person = [&](const std::string &name) {
    const std::vector<std::string> ws = words(name);
    for (size_t w = 0; w + 1 < ws.size(); ++w)
      if (o.function_words.count(lower(ws[w]))) return false;
    return true;
  };
  auto header_block = [&](const TextBlock &b) {
    const std::string t = b.joined();
    std::string rest;
    std::vector<std::string> names = o.bylines ? parse_byline(t, &rest) : std::vector<std::string>{};
    const size_t credited = names.size();
    names.erase(std::remove_if(names.begin(), names.end(), [&](const std::string &n) { return !person(n); }), names.end());
    if (names.size() < credited) note(b.line, false, "byline '" + t + "' credits a desk, not a person: no author");
    if (credited) {
      for (auto &n : names)
        if (std::find(st.authors.begin(), st.authors.end(), n) == st.authors.end()) st.authors.push_back(n);
        else note(b.line, false, "byline '" + t + "' repeats an author; kept once");
      if (!st.byline_line) st.byline_line = b.line;
      if (o.dates && !rest.empty() && st.pubdate.empty()) {
        st.pubdate = parse_date(rest);
        if (!st.pubdate.empty()) st.date_line = b.line;
      }
      return true;
    }
    if (o.dates) {
      const std::string d = parse_date(t);
      if (!d.empty()) {
        if (st.pubdate.empty()) st.pubdate = d, st.date_line = b.line;
        return true;
      }
    }
    return false;
  };
  // A name on a line of its own, right before or after a date line: a
  // byline without "By" ("Sarah Archer" / "March 3, 2025").
  auto name_by_date = [&](size_t k) {
    if (!o.bylines || blocks[k].lines.size() != 1) return false;
    const std::vector<std::string> ws = words(blocks[k].lines[0]);
    if (ws.size() < 2 || ws.size() > 4 || !std::all_of(ws.begin(), ws.end(), is_name_word)) return false;
    // A name has no function word of the book's language: "Up Next", "FOR
    // OUR NEWSLETTER" next to a date are a page's labels, not a person.
    if (std::any_of(ws.begin(), ws.end(), [&](const std::string &w) { return o.function_words.count(lower(w)) > 0; })) return false;
    // Under its date, a name ends the header: the text goes on under it
    // ("March 3, 2025" / "Sarah Archer" / a paragraph).  A label between the
    // date and a heading is a page's section ("Marketing Strategy").
    const bool ends_header = k + 1 < blocks.size() && ends_like_prose(blocks[k + 1].joined());
    if (!dated(k + 1) && !(k > 0 && dated(k - 1) && ends_header) && !(one_word(k + 1) && dated(k + 2))) return false;
    const std::string name = blocks[k].lines[0];
    if (std::find(st.authors.begin(), st.authors.end(), name) == st.authors.end()) st.authors.push_back(name);
    if (!st.byline_line) st.byline_line = blocks[k].line;
    return true;
  };
  // A subtitle: a short line right after the title, before a byline or date.
  if (i < blocks.size() && i + 1 < blocks.size() && !st.title.empty()) {
    const std::string t = blocks[i].joined();
    std::string rest;
    const std::string next = blocks[i + 1].joined();
    if (parse_byline(t, &rest).empty() && parse_date(t).empty() && word_count(t) <= 20 && !ends_like_prose(t) &&
        (!parse_byline(next, &rest).empty() || !parse_date(next).empty())) {
      st.subtitle = t;
      ++i;
    }
  }
  // Bylines repeated further down (scrapes often repeat them) are dropped too.
  std::vector<bool> used(blocks.size(), false);
  for (size_t k = before_title; k < i; ++k) used[k] = true;
  if (above_title == 0) header_block(blocks[0]);
  for (size_t k = i; k < blocks.size() && k < i + 6; ++k) {
    if (!header_block(blocks[k]) && !name_by_date(k)) break;
    used[k] = true;
  }
  for (size_t k = i; k < blocks.size() && k < 16; ++k) {
    if (used[k]) continue;
    std::string rest;
    // "By" / "Nelson D. Schwartz": a scraper put the byline's link on a line
    // of its own.  Both lines are the byline.
    if (o.bylines && k + 1 < blocks.size() && !used[k + 1] && blocks[k].lines.size() == 1 && blocks[k + 1].lines.size() == 1 &&
        lower(blocks[k].lines[0]) == "by") {
      const std::vector<std::string> joined = parse_byline("By " + blocks[k + 1].lines[0], &rest);
      if (!joined.empty() && rest.empty() && st.authors.empty() && std::all_of(joined.begin(), joined.end(), person)) {
        st.authors = joined;
        st.byline_line = blocks[k].line;
        note(blocks[k].line, false, "byline 'By " + blocks[k + 1].lines[0] + "' on two lines");
        used[k] = used[k + 1] = true;
        continue;
      }
    }
    const auto names = o.bylines ? parse_byline(blocks[k].joined(), &rest) : std::vector<std::string>{};
    if (names.empty()) continue;
    bool known = true;
    for (const auto &n : names) known = known && std::find(st.authors.begin(), st.authors.end(), n) != st.authors.end();
    if (known || st.authors.empty()) {
      header_block(blocks[k]);
      used[k] = true;
    }
  }

  // Blocks become items: explicit headings, lists, quotations, paragraphs.
  std::vector<Item> items;
  for (size_t k = 0; k < blocks.size(); ++k) {
    if (used[k]) continue;
    const TextBlock &b = blocks[k];
    // A heading's anchor link on a line of its own after it ("¶", "#",
    // "[edit]"), as a scraper keeps it: a mark, not text, and it would keep
    // the heading from the text under it.
    if (b.lines.size() == 1 && !items.empty() && items.back().kind == Kind::paragraph && items.back().lines.size() == 1 &&
        (b.lines[0] == "\xC2\xB6" || b.lines[0] == "#" || b.lines[0] == "\xC2\xA7" || lower(b.lines[0]) == "[edit]")) {
      note(b.line, false, "anchor '" + b.lines[0] + "' after '" + items.back().text + "' left out");
      items.back().anchored = true;
      continue;
    }
    Item it;
    it.line = b.line;
    it.lines = b.lines;
    int level = 0;
    std::string h = heading_text(b, &level);
    std::string item, num, rest;
    bool all_bullets = true, all_numbered = b.lines.size() > 1, all_quoted = true;
    for (const auto &l : b.lines) {
      all_bullets = all_bullets && bullet(l, &item);
      all_numbered = all_numbered && numbered(l, &num, &rest);
      all_quoted = all_quoted && l.size() >= 1 && l[0] == '>';
    }
    if (!h.empty() && web_address(h)) {
      // "# XXX this link does not work .. bug: https://...": a comment in
      // code or a link, which no heading holds.
      note(b.line, false, "'" + h + "' holds a web address: kept as a paragraph, not a heading");
      h.clear();
    }
    if (!h.empty()) {
      it.kind = Kind::heading, it.text = h, it.level = level;
    } else if (all_bullets) {
      it.kind = Kind::itemized;
      for (const auto &l : b.lines) bullet(l, &item), it.items.push_back(item);
    } else if (all_numbered) {
      it.kind = Kind::ordered;
      for (const auto &l : b.lines) numbered(l, &num, &rest), it.items.push_back(rest);
    } else if (all_quoted) {
      it.kind = Kind::quote;
      for (const auto &l : b.lines) it.text += (it.text.empty() ? "" : " ") + trim(l.substr(1));
    } else if (caption_pair(it)) {
      // "Scatter plot" / "Scatter plot": a picture's alt text, as a text
      // browser prints it, over its caption.  The caption is a paragraph
      // (a block of two lines: never a heading); its copy is left out.
      it.text = trim(b.lines[0]);
      note(b.line + 1, false, "'" + it.text + "' twice, one line under the other: a picture's alt text over its caption; the caption kept, as a paragraph");
    } else {
      it.text = b.joined();
    }
    // A list written one item per block: join it to the list before it.
    if (it.kind == Kind::itemized && !items.empty() && items.back().kind == Kind::itemized) {
      for (auto &x : it.items) items.back().items.push_back(x);
      continue;
    }
    items.push_back(std::move(it));
  }

  // Bare and numbered headings: short lines that do not end like prose,
  // followed by body text.
  // How often each one-line paragraph occurs with running text after it: a
  // line a page repeats so ("Continue reading the main story", "Image for
  // post") is its furniture.  A table of contents repeats the headings too,
  // but as a run of short lines, which does not count.
  std::map<std::string, size_t> occurs;
  for (size_t k = 0; k + 1 < items.size(); ++k)
    if (items[k].kind == Kind::paragraph && items[k].lines.size() == 1 &&
        word_count(items[k + 1].text) > static_cast<size_t>(o.max_heading_words))
      ++occurs[lower(items[k].text)];
  auto candidate = [&](size_t k, std::string *label, std::string *text) {
    const Item &it = items[k];
    if (it.kind != Kind::paragraph || it.lines.size() != 1) return false;
    std::string t = it.text, num, rest;
    *label = "";
    if (numbered(t, &num, &rest)) {
      if (!o.numbered_headings) return false;
      *label = num;
      t = rest;
    } else if (!o.bare_headings) {
      return false;
    }
    const size_t n = word_count(t);
    if (n == 0 || static_cast<int>(n) > o.max_heading_words || t.size() > 120) return false;
    if (ends_like_prose(t) || (!starts_upper_or_digit(t) && !quoted_name(t))) return false;
    // An anchor mark after the line says the page set it as a heading, even
    // one ending in a function word ("Setting up").
    if (!it.anchored && ends_mid_sentence(t, o.function_words) && role_of(t, o) == SectionRole::normal) return false;  // "Short film about a man who keeps reliving the"
    if (t.back() == '?' && n > 10) return false;
    if (!parse_date(t).empty()) return false;
    if (!parse_date(t + " 1 January 2000").empty()) return false;  // a date's label alone ("Published", "Updated on")
    if (!has_letter(t)) return false;  // a number
    if (holds_date(t) || u::credit_line(t) || !parse_byline(t, nullptr).empty()) return false;
    const std::vector<std::string> ws = words(t);
    if (std::any_of(ws.begin(), ws.end(), numeric_date)) return false;  // "Nicolas Perriault - 2013-09-29 - in Code"
    if (ends_with(t, "\xE2\x80\xBA") || ends_with(t, "\xE2\x86\x92")) return false;  // a link: "View this image ›", "More →"
    // A web address or an account's handle is a link's text or a share
    // button ("Follow @jroe", "bug: https://..."), never a section's title.
    if (web_address(t)) return false;
    // A statement of code ("int add(int x, int y) { return x + y;}").
    if (t.find('{') != std::string::npos && t.find('}') != std::string::npos && holds_call(t)) return false;
    for (const auto &w : ws) {
      const size_t at = w.find('@');
      if (at != std::string::npos && at + 1 < w.size() && (u::is_alpha(u::char_at(w, at + 1)) || is_digit(w[at + 1]) || w[at + 1] == '_'))
        return false;
    }
    // The headline repeated in the page, a line the page repeats (a short
    // heading such as "Setting up" may recur), a name that the paragraph
    // after it starts with (an author's bio: "Jane Roe" / "Jane Roe is ..."; one
    // word so is a term the section explains: "ClinicJs" / "ClinicJs is ...").
    if (lower(t) == lower(st.title) || (!st.subtitle.empty() && lower(t) == lower(st.subtitle))) return false;
    if (ws.size() >= 3 && occurs[lower(it.text)] > 1) return false;
    if (ws.size() >= 2 && ws.size() <= 4 && k + 1 < items.size() && items[k + 1].text.rfind(t + " ", 0) == 0) return false;
    // A line of code with more code under it ("SELECT avg(n)" / "FROM
    // unnest(array[2, 3]) AS n;"): a block of code a scraper cut at its lines.
    if (holds_call(t) && k + 1 < items.size() && items[k + 1].kind == Kind::paragraph &&
        (holds_call(items[k + 1].text) || ends_with(items[k + 1].text, ";") || ends_with(items[k + 1].text, "{")))
      return false;
    // The words of a short paragraph right above it, repeated: an image's
    // caption and its alt text ("The CPU profiling after optimizations, with
    // the same time range." / "CPU profiling after optimizations").
    if (ws.size() >= 2 && k > 0 && items[k - 1].kind == Kind::paragraph &&
        word_count(items[k - 1].text) <= 2 * static_cast<size_t>(o.max_heading_words) && items[k - 1].text.find(t) != std::string::npos)
      return false;
    for (size_t c = 1; c + 2 < t.size(); ++c)  // a clock time: "12:22 PM", a dateline
      if (t[c] == ':' && is_digit(t[c - 1]) && is_digit(t[c + 1]) && is_digit(t[c + 2]))
        return false;
    // The number stays in the title ("1. Waiting lists"): it is the
    // author's text; the label says it too, for the section's level.
    *text = label->empty() ? t : it.text;
    return true;
  };
  // Text follows a heading: a list or quotation, or a paragraph that starts
  // a sentence (one that starts in lower case is the other half of the
  // "heading") and reads like prose.
  // A picture's mark under it ("[image]", w3m's print of a picture) is
  // passed over, and the picture's credit under it; a credit alone too
  // (the picture printed nothing) under a heading of two words or more, "In
  // use" / "Devindra Hardawar/AOL" (one word there is the picture's own
  // label: "Credit" / "Ashraf Shazly/Agence France-Presse").
  auto text_follows = [&](size_t k) {
    const bool pictured = k + 2 < items.size() && (picture_mark(items[k + 1]) || caption_pair(items[k + 1]));
    if (pictured || word_count(items[k].text) >= 2) {
      k += pictured;
      if (k + 2 < items.size() && items[k + 1].kind == Kind::paragraph && u::credit_line(items[k + 1].text)) ++k;
    }
    if (k + 1 >= items.size()) return false;
    const Item &next = items[k + 1];
    if (next.kind == Kind::itemized || next.kind == Kind::ordered || next.kind == Kind::quote) return true;
    if (next.kind != Kind::paragraph || next.text.empty()) return false;
    // Two web addresses alone on their lines or more: a list of sources
    // that lost its bullets ("Sources & links" / "https://nodejs.org/…").
    if (address_alone(next) && k + 2 < items.size() && address_alone(items[k + 2])) return true;
    if (!starts_upper_or_digit(next.text) && !starts_quote(next.text)) return false;
    // A paragraph that opens with a word alone and a full stop ("Khotinenko.
    // Two heroes …" under "… a film by Vladimir"): the word ends the line
    // above, a sentence that a table's cell or a wrap cut.  (Five letters at
    // least: "Mr." and "Dr." open sentences.)
    if (const size_t stop = next.text.find_first_of(" ."); stop != std::string::npos && stop >= 5 && next.text[stop] == '.' &&
        (stop + 1 == next.text.size() || next.text[stop + 1] == ' ') && word_count(next.text.substr(0, stop)) == 1)
      return false;
    // A sentence of a few words at least: "Yup." or "I guess." under a line
    // is a reply, not a section.
    const size_t n = word_count(next.text);
    // A teaser in a listing: a title, its blurb of a sentence, then a
    // byline or a link's label ("Read now"), not a section.  (A date there
    // may be the article's own, above its text.)
    if (n <= 2 * static_cast<size_t>(o.max_heading_words) && k + 2 < items.size()) {
      const Item &after = items[k + 2];
      const std::string a = after.kind == Kind::paragraph ? after.text : after.items.empty() ? std::string() : after.items[0];
      if (!a.empty() && word_count(a) <= 8 && (!parse_byline(a, nullptr).empty() || ends_mid_sentence(a, o.function_words)))
        return false;
    }
    if (ends_like_prose(next.text) || next.text.back() == '?') return n >= 5 || n > static_cast<size_t>(o.max_heading_words);
    // Without final punctuation, a paragraph is a sentence only when it is
    // long (its end cut by the scraper); a line of a dozen words or two
    // without one is another title or an item of a list that lost its
    // bullets: the line above it is an entry of that list or listing.
    return n > 3 * static_cast<size_t>(o.max_heading_words);
  };
  // Text ends before a heading: it opens the body, or follows a heading, a
  // list, a quotation, a sentence or clause that ends, a long paragraph, or
  // the article's date line.  A line after a date, a photo credit, a link
  // label or a menu entry is a teaser or a menu, not a heading; one after a
  // sentence that ends in a colon is what it announces (a quotation, an
  // example, a figure's caption).
  auto text_precedes = [&](size_t k) {
    if (k == 0) return true;
    const Item &prev = items[k - 1];
    if (prev.kind != Kind::paragraph) return true;
    const std::string &t = prev.text;
    if (!t.empty() && t.back() == ':') return false;  // "… get into it:" announces a quotation, an example, a list
    if (picture_mark(prev)) return false;  // the line under a picture is its caption
    if (ends_like_prose(t) || word_count(t) > static_cast<size_t>(o.max_heading_words)) return true;
    if (!t.empty() && std::strchr("?)]", t.back())) return true;
    // The items of a list that lost its bullets, under the sentence that
    // announces it ("… here is a non-exhaustive list:" / "code coverage" /
    // "use the debugger in real-time"): the list ended.
    for (size_t j = k; j-- > 0;) {
      const Item &i = items[j];
      if (i.kind != Kind::paragraph || i.text.empty()) break;
      if (i.text.back() == ':') {
        if (j + 1 < k && word_count(i.text) > static_cast<size_t>(o.max_heading_words)) return true;
        break;
      }
      if (k - j > 12 || ends_like_prose(i.text) || word_count(i.text) > static_cast<size_t>(o.max_heading_words)) break;
    }
    // "Oct 18, 2019 · 8 min read" over the first heading, in the article's
    // header: no text before it but short lines.
    return (holds_date(t) || !parse_date(t).empty() || reading_time(t)) && std::all_of(items.begin(), items.begin() + static_cast<long>(k), [&](const Item &i) {
             return i.kind == Kind::paragraph && word_count(i.text) <= static_cast<size_t>(o.max_heading_words);
           });
  };
  std::vector<bool> cand(items.size(), false);
  std::vector<std::string> labels(items.size()), texts(items.size());
  size_t count = 0, paragraphs = 0;
  for (size_t k = 0; k < items.size(); ++k) {
    cand[k] = candidate(k, &labels[k], &texts[k]);
    count += cand[k];
    paragraphs += items[k].kind == Kind::paragraph;
  }
  // A page of mostly short lines (menus, listings) gives a short line no
  // evidence of its own, except one between two paragraphs of prose: text
  // of more than twice max_heading_words words that ends like a sentence
  // before it and after it (a review's "\"Thumper\" ($20)" among a site's
  // menus; a teaser's question over its one-sentence blurb is not).
  const auto prose = [&](size_t k) {
    return k < items.size() && items[k].kind == Kind::paragraph && word_count(items[k].text) > 2 * static_cast<size_t>(o.max_heading_words) &&
           (ends_like_prose(items[k].text) || items[k].text.back() == '?');
  };
  if (count > 3 && count * 2 > paragraphs) {
    note(items.empty() ? 0 : items[0].line, false,
         "most paragraphs are short lines without final punctuation; only one between two paragraphs of prose is taken for a heading");
    for (size_t k = 0; k < items.size(); ++k) cand[k] = cand[k] && k > 0 && prose(k - 1) && prose(k + 1);
  }
  // A credit ("Edited by Betsy Beyer", "Sponsored by [logo]"), one
  // function word alone ("More", "Above", a link's label: a section is named
  // by a word of its own) or a line with a sentence's end inside it is a
  // short line like the others for the vote above and for the runs of
  // short lines below, but no heading.
  std::vector<bool> refused(items.size(), false);
  for (size_t k = 0; k < items.size(); ++k)
    refused[k] = cand[k] && (credited_by(texts[k], o.function_words) ||
                             (word_count(texts[k]) == 1 && o.function_words.count(lower(texts[k]))) || sentence_inside(texts[k]));
  for (size_t k = 0; k < items.size(); ++k) {
    if (!cand[k]) continue;
    size_t run = k;
    while (run < items.size() && cand[run]) ++run;
    const size_t length = run - k;
    const bool at_end = run == items.size();
    if (refused[k] && length == 1) {
      note(items[k].line, false, "'" + texts[k] + "' is kept as a paragraph, not a heading: a credit, a link's label or a cut sentence");
      continue;
    }
    if (role_of(texts[k], o) != SectionRole::normal) {
      // "See also", "References": a heading whatever follows; the short
      // lines after it are its items.
      items[k].kind = Kind::heading;
      items[k].text = texts[k];
      items[k].label = labels[k];
      items[k].level = 1;
      size_t next = k + 1;
      while (next < run && role_of(texts[next], o) == SectionRole::normal) ++next;
      k = next - 1;
      continue;
    }
    if (items[k].anchored && (k + 1 == items.size() || items[k + 1].kind != Kind::heading)) {
      // The page's own mark of a heading: a heading with whatever follows.
      items[k].kind = Kind::heading;
      items[k].text = texts[k];
      items[k].label = labels[k];
      items[k].level = 1;
      continue;
    }
    const SectionRole last_role = role_of(texts[run - 1], o);
    if (!text_precedes(k)) {
      note(items[k].line, false, "'" + texts[k] + "' is kept as a paragraph, not a heading: no text ends before it");
      k = run - 1;  // after a dateline, a credit, a link label: a teaser's title, a menu
      continue;
    }
    if (k == 0 && length == 2 && last_role == SectionRole::normal) {
      // The body opening with a heading and a sub-heading, nothing between:
      // a label over a teaser's title ("Up Next" / a headline), not sections.
      note(items[k].line, false, "'" + texts[k] + "' and the line after it open the body with nothing between; kept as paragraphs");
      k = run - 1;
      continue;
    }
    if (length <= 2 && !at_end && last_role == SectionRole::normal && !text_follows(run - 1)) {
      // No text under it: a caption, a menu entry, a line of code, an entry
      // of a list or listing.
      note(items[run - 1].line, false, "'" + texts[run - 1] + "' is kept as a paragraph, not a heading: no sentence follows it");
      k = run - 1;
      continue;
    }
    if (length > 2 || (at_end && last_role == SectionRole::normal)) {
      if (length > 2)
        note(items[k].line, false, std::to_string(length) + " short lines in a row are kept as paragraphs, not headings");
      k = run - 1;
      continue;
    }
    int made = 0;
    for (size_t h = k; h < run; ++h) {
      if (refused[h]) {
        note(items[h].line, false, "'" + texts[h] + "' is kept as a paragraph, not a heading: a credit, a link's label or a cut sentence");
        continue;
      }
      Item &it = items[h];
      it.kind = Kind::heading;
      it.text = texts[h];
      it.label = labels[h];
      it.level = !labels[h].empty() ? 1 + static_cast<int>(std::count(labels[h].begin(), labels[h].end(), '.')) : 1 + made;
      ++made;
    }
    k = run - 1;
  }
  // A See also or References heading over running text is an ordinary
  // section's: a sentence of the article under "See also", or one with no
  // figure under "References" (an entry has its year, pages or address),
  // is the author's text, not a list of links or sources.
  for (size_t k = 0; k < items.size(); ++k) {
    if (items[k].kind != Kind::heading) continue;
    items[k].role = role_of(items[k].text, o);
    if (items[k].role != SectionRole::see_also && items[k].role != SectionRole::references) continue;
    for (size_t j = k + 1; j < items.size() && items[j].kind != Kind::heading; ++j) {
      const std::string &t = items[j].text;
      const bool sentence = items[j].kind == Kind::paragraph && ends_like_prose(t) && word_count(t) > static_cast<size_t>(o.max_heading_words);
      if (sentence && (items[k].role == SectionRole::see_also || std::none_of(t.begin(), t.end(), is_digit))) {
        note(items[k].line, false, "'" + items[k].text + "' heads running text ('" + u::clip(t, 40) + "'): an ordinary section");
        items[k].role = SectionRole::normal;
        break;
      }
    }
  }

  // The document as a whole: bare headings (no number, no Markdown, no
  // underline) of one article share a shape.  When most of them of three
  // words or more are in Title Case, a sentence-case one is a caption or a
  // bold sentence, and the other way round.  A single bare heading in a text
  // has no other to share a shape with, and no sections to open: it stays a
  // paragraph (the title of a related article, a caption, a menu entry).
  std::vector<size_t> bare;
  bool explicit_headings = false;
  for (size_t k = 0; k < items.size(); ++k) {
    if (items[k].kind != Kind::heading) continue;
    if (cand[k] && labels[k].empty() && items[k].role == SectionRole::normal && !items[k].anchored) bare.push_back(k);
    else explicit_headings = true;
  }
  const auto unmake = [&](size_t k, const std::string &why) {
    note(items[k].line, false, "'" + items[k].text + "' is kept as a paragraph, not a heading: " + why);
    items[k].kind = Kind::paragraph;
    items[k].text = items[k].lines[0];
    items[k].label.clear();
    items[k].level = 1;
  };
  // A site's menus: three or more headings in a row whose sections hold
  // nothing but lists of links (items of three words at most: "Main page",
  // "Download as PDF") and lines without a letter (a search box's "[ ]"),
  // two of them a list at least, are the labels of a page's navigation
  // ("Personal tools", "Namespaces", "Tools"), not sections of the article.
  {
    const auto menu_section = [&](size_t k, bool *list) {
      *list = false;
      for (size_t j = k + 1; j < items.size() && items[j].kind != Kind::heading; ++j) {
        const Item &x = items[j];
        if (x.kind == Kind::paragraph && !has_letter(x.text)) continue;
        if (x.kind != Kind::itemized && x.kind != Kind::ordered) return false;
        if (std::any_of(x.items.begin(), x.items.end(), [](const std::string &i) { return word_count(i) > 3; })) return false;
        *list = true;
      }
      return true;
    };
    std::vector<bool> in_menu(items.size(), false);
    for (size_t k = 0; k < items.size();) {
      size_t e = k, headings = 0, lists = 0;
      bool list = false;
      while (e < items.size() && items[e].kind == Kind::heading && menu_section(e, &list)) {
        ++headings, lists += list;
        e = std::find_if(items.begin() + static_cast<long>(e) + 1, items.end(), [](const Item &x) { return x.kind == Kind::heading; }) - items.begin();
      }
      if (headings >= 3 && lists >= 2)
        for (size_t j = k; j < e; ++j) in_menu[j] = items[j].kind == Kind::heading;
      k = headings ? e : k + 1;
    }
    std::vector<size_t> kept_bare;
    for (size_t k : bare) {
      if (in_menu[k]) unmake(k, "a run of headings with nothing but short lists of links under them: a site's menus");
      else kept_bare.push_back(k);
    }
    bare.swap(kept_bare);
  }
  // Definition terms: a run of three or more terms of a word or a few (most
  // of them one word), each with a single paragraph under it and the next
  // term right after ("Latency" / one paragraph / "Traffic" / one paragraph
  // / ...), is a glossary or a list of terms set in bold, not sections.
  // Within the run a definition may go on with what it announces ("… may
  // either be:" / a list, or a few short paragraphs).  Judged before the
  // shape vote below, which would cut such a run where one term has a shape
  // of its own ("Node and machine" among Title Case).
  {
    constexpr size_t kAnnounced = 3;  // the blocks a definition's colon announces, at most
    const auto heading_or_end = [&](size_t k) { return k == items.size() || items[k].kind == Kind::heading; };
    // A term: a word or a few, not a question ("Why Monitor?" is a section's).
    const auto term_shape = [&](size_t k) { return !items[k].text.empty() && word_count(items[k].text) <= 3 && items[k].text.back() != '?'; };
    const auto one_block = [&](size_t k) {
      return term_shape(k) && k + 1 < items.size() && items[k + 1].kind == Kind::paragraph && heading_or_end(k + 2);
    };
    // Where the term after k's definition would be: after its paragraph, or
    // after what the paragraph announces with its colon.
    const auto next_term = [&](size_t k) {
      size_t j = k + 2;
      if (!items[k + 1].text.empty() && items[k + 1].text.back() == ':')
        while (j < items.size() && j < k + 2 + kAnnounced && items[j].kind != Kind::heading) ++j;
      return heading_or_end(j) ? j : k + 2;
    };
    const auto in_run = [&](size_t k) {
      return term_shape(k) && k + 1 < items.size() && items[k + 1].kind == Kind::paragraph && heading_or_end(next_term(k));
    };
    std::vector<size_t> kept_bare;
    for (size_t b = 0; b < bare.size();) {
      size_t e = b + 1;
      if (one_block(bare[b]))
        while (e < bare.size() && bare[e] == next_term(bare[e - 1]) && in_run(bare[e])) ++e;
      size_t single = 0;
      for (size_t r = b; r < e; ++r) single += word_count(items[bare[r]].text) == 1;
      if (one_block(bare[b]) && e - b >= 3 && 2 * single >= e - b) {
        // The list's last term may have more than one paragraph under it
        // ("Saturation" / its definition / more on it): a term right after
        // the run, of no more words than its longest, is the list's.
        size_t longest = 0;
        for (size_t r = b; r < e; ++r) longest = std::max(longest, word_count(items[bare[r]].text));
        if (e < bare.size() && bare[e] == next_term(bare[e - 1]) && term_shape(bare[e]) && word_count(items[bare[e]].text) <= longest) ++e;
        for (size_t r = b; r < e; ++r) unmake(bare[r], "a run of " + std::to_string(e - b) + " terms, each with one paragraph: a list of definitions");
      } else {
        for (size_t r = b; r < e; ++r) kept_bare.push_back(bare[r]);
      }
      b = e;
    }
    bare.swap(kept_bare);
  }
  size_t titled = 0, sentenced = 0;
  const auto shape = [&](size_t k) { return word_count(items[k].text) >= 3 ? shape_of(items[k].text, o.function_words) : Shape::none; };
  for (size_t k : bare) titled += shape(k) == Shape::title, sentenced += shape(k) == Shape::sentence;
  if (titled + sentenced >= 3 && (titled >= 2 * sentenced || sentenced >= 2 * titled) && titled && sentenced) {
    const Shape minority = titled > sentenced ? Shape::sentence : Shape::title;
    std::vector<size_t> kept_bare;
    for (size_t k : bare) {
      if (shape(k) == minority)
        unmake(k, std::string("the other headings are in ") + (minority == Shape::sentence ? "Title Case" : "sentence case"));
      else
        kept_bare.push_back(k);
    }
    bare.swap(kept_bare);
  }
  if (bare.size() == 1 && !explicit_headings) unmake(bare[0], "the only heading-shaped line of the text");

  // References, a bio under its own heading, and the closing bio.
  std::vector<Item> kept;
  for (size_t k = 0; k < items.size(); ++k) {
    Item &it = items[k];
    if (it.kind != Kind::heading || (it.role != SectionRole::references && it.role != SectionRole::bio)) {
      kept.push_back(std::move(it));
      continue;
    }
    size_t end = k + 1;
    while (end < items.size() && !(items[end].kind == Kind::heading && items[end].level <= it.level)) ++end;
    if (it.role == SectionRole::references) {
      st.references_title = it.text;
      st.references_line = it.line;
      for (size_t r = k + 1; r < end; ++r) {
        std::vector<std::string> entries = items[r].items.empty() ? items[r].lines : items[r].items;
        if (items[r].kind == Kind::ordered)
          for (size_t e = 0; e < entries.size(); ++e) entries[e] = std::to_string(e + 1) + ". " + entries[e];
        for (auto &e : entries) {
          Reference ref;
          ref.line = items[r].line;
          std::string t = trim(e), num, rest;
          if (t.size() > 2 && t[0] == '[') {
            const size_t close = t.find(']');
            if (close != std::string::npos && close > 1 && std::all_of(t.begin() + 1, t.begin() + static_cast<long>(close), is_digit))
              ref.number = t.substr(1, close - 1), t = trim(t.substr(close + 1));
          } else if (numbered(t, &num, &rest)) {
            ref.number = num, t = rest;
          }
          // Wiki back-links: "^", "^ a b", "↑".
          if (t.rfind("^", 0) == 0 || t.rfind("\xE2\x86\x91", 0) == 0) {
            t = trim(t.substr(t[0] == '^' ? 1 : 3));
            while (t.size() > 2 && t[0] >= 'a' && t[0] <= 'z' && t[1] == ' ') t = trim(t.substr(2));  // the back-links' letters
          }
          ref.text = t;
          if (!t.empty()) st.references.push_back(ref);
        }
      }
      if (st.references.empty()) note(it.line, false, "the '" + it.text + "' heading has no entries under it");
    } else {
      for (size_t r = k + 1; r < end; ++r) st.bio += (st.bio.empty() ? "" : " ") + items[r].text;
      st.bio_line = it.line;
    }
    k = end - 1;
  }
  items.swap(kept);

  if (o.bio && st.bio.empty() && !st.authors.empty()) {
    // The last paragraph of the body proper (before a see-also list).
    size_t last = items.size();
    for (size_t k = items.size(); k-- > 0;) {
      if (items[k].kind == Kind::heading && items[k].role == SectionRole::see_also) continue;
      if (k + 1 < items.size() && items[k].kind != Kind::heading && k > 0 && items[k - 1].kind == Kind::heading && items[k - 1].role == SectionRole::see_also) continue;
      if (items[k].kind == Kind::paragraph) last = k;
      break;
    }
    if (last < items.size()) {
      const std::string &t = items[last].text;
      static const char *verbs[] = {"is", "was", "has", "writes", "works", "teaches", "studies", "lives", "holds", "covers",
                                    "reports", "serves", "grew", "received", "earned", "joined", "leads", "directs", "researches"};
      bool match = false;
      for (const auto &a : st.authors) {
        const std::vector<std::string> parts = words(a);
        std::vector<std::string> forms = {a};
        if (parts.size() >= 2) {
          forms.push_back(parts.front().substr(0, 1) + ". " + parts.back());
          forms.push_back(parts.back());
          forms.push_back(parts.front());
          for (const char *title : {"Mr. ", "Ms. ", "Mrs. ", "Dr. ", "Prof. "}) forms.push_back(title + parts.back());
        }
        for (const auto &f : forms) {
          if (t.rfind(f, 0) != 0) continue;
          std::string after = t.substr(f.size());
          if (!after.empty() && (after[0] == ',' || after[0] == ' ' )) {
            std::vector<std::string> w = words(after);
            if (after[0] == ',' || (!w.empty() && std::find_if(std::begin(verbs), std::end(verbs), [&](const char *v) { return w[0] == v; }) != std::end(verbs)))
              match = true;
          }
        }
      }
      if (match) {
        st.bio = t;
        st.bio_line = items[last].line;
        items.erase(items.begin() + static_cast<long>(last));
      }
    }
  }
  st.body = std::move(items);
  return st;
}

}  // namespace sections
