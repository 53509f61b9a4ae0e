// rules.cpp: the text-cleanup rules.
#include "rules.hpp"

#include "extract.hpp"
#include "unicode.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace textclean {

namespace {

using pubpipe::text::lower;
namespace text = pubpipe::text;

// The letter before byte i of s (0 at the start).
char32_t letter_before(std::string_view s, size_t i) { return text::last_char(s.substr(0, i)); }

// Where the runs of letters of s start and end (byte offsets, half-open).
std::vector<std::pair<size_t, size_t>> letter_runs(std::string_view s) {
  std::vector<std::pair<size_t, size_t>> out;
  bool in = false;
  for (size_t i = 0, n; i < s.size(); i += n) {
    const bool letter = text::is_alpha(text::char_at(s, i, &n));
    if (letter && !in) out.emplace_back(i, i);
    if (letter) out.back().second = i + n;
    in = letter;
  }
  return out;
}

bool ends_sentence(std::string_view s) {
  if (s.empty()) return false;
  const char c = s.back();
  return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == ',' || c == '"' ||
         (s.size() >= 3 && (s.substr(s.size() - 3) == "\xE2\x80\x9D" || s.substr(s.size() - 3) == "\xE2\x80\xA6"));
}

// A line of a page's source (its HTML, wrapped by whoever wrote it) is
// this long or longer where the source wraps running text; a heading over
// an indented paragraph is shorter.  A source wrapped narrower shows it:
// the lines inside its text nodes (indented, with an indented line under
// them), kSourceSamples of them or more, are mostly shorter; then four
// fifths of the length that nine in ten of them stay within is the mark.
constexpr size_t kSourceLine = 60, kSourceSamples = 20;


// Lines that keep their own line inside a block: list items, underlines,
// Markdown headings, quotations.
bool keeps_own_line(std::string_view s) {
  if (s.empty()) return false;
  if ((s[0] == '-' || s[0] == '*' || s[0] == '>' ) && s.size() > 1 && s[1] == ' ') return true;
  if (s.rfind("\xE2\x80\xA2", 0) == 0) return true;  // •
  if (s[0] == '#') return true;
  if (s.size() >= 3 && (s.find_first_not_of('=') == std::string_view::npos || s.find_first_not_of('-') == std::string_view::npos)) return true;
  size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  return i > 0 && i < 4 && i + 1 < s.size() && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ';
}

bool is_underline(std::string_view s) {
  return s.size() >= 3 && (s.find_first_not_of('=') == std::string_view::npos || s.find_first_not_of('-') == std::string_view::npos);
}

}  // namespace

bool starts_upper_or_digit(std::string_view s) {
  const char32_t c = text::first_char(s);
  return text::is_upper(c) || text::is_digit(c) || c == '"' || c == 0x201C || c == '\'' || c == 0x2018;
}

size_t word_count(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    if (c == ' ') in = false;
    else if (!in) in = true, ++n;
  }
  return n;
}

std::string Block::joined() const {
  std::string s;
  for (const auto &l : lines) s += (s.empty() ? "" : "\n") + l.text;
  return s;
}

// ---- whitespace and layout ------------------------------------------------

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  uint32_t no = 1;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n' || text[i] == '\r') {
      const std::string_view raw = text.substr(start, i - start);
      lines.push_back({std::string(raw), no++});
      const bool text_in = raw.find_first_not_of(" \t") != std::string_view::npos;
      lines.back().glue_before = text_in && (raw[0] == ' ' || raw[0] == '\t');
      lines.back().one_space_before = text_in && raw.size() > 1 && raw[0] == ' ' && raw[1] != ' ' && raw[1] != '\t';
      lines.back().glue_after = text_in && (raw.back() == ' ' || raw.back() == '\t');
      lines.back().spaces = !text_in && !raw.empty();
      if (i < text.size() && text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  if (!lines.empty() && lines.back().text.empty() && text.size() && (text.back() == '\n' || text.back() == '\r')) lines.pop_back();
  return lines;
}

bool normalize_spaces(std::string &s) {
  // Most lines need nothing: no tab or control space, no doubled, leading
  // or trailing space, and none of the lead bytes of the Unicode spaces and
  // zero-width characters handled below (C2, E1, E2, E3, EF).
  bool work = !s.empty() && (s.front() == ' ' || s.back() == ' ');
  for (size_t i = 0; i < s.size() && !work; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const unsigned char c1 = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    const unsigned char c2 = i + 2 < s.size() ? static_cast<unsigned char>(s[i + 2]) : 0;
    work = c == '\t' || c == '\v' || c == '\f' || (c == ' ' && c1 == ' ') || c == 0xC2 || c == 0xE1 || c == 0xE3 || c == 0xEF ||
           (c == 0xE2 && (c1 == 0x81 || (c1 == 0x80 && (c2 <= 0x8B || c2 == 0xAF))));
  }
  if (!work) return false;
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = 1;
    bool is_space = c == ' ' || c == '\t' || c == '\v' || c == '\f';
    bool zero_width = false;
    if (c >= 0x80) {
      const char32_t cp = text::char_at(s, i, &n);
      // No-break spaces (U+00A0, U+202F, U+2007) are not in this list: they
      // are text ("5\u00a0km", French "« oui »") and stay as they are.
      is_space = cp == 0x2009 || cp == 0x200A || cp == 0x2002 || cp == 0x2003 || cp == 0x3000 || cp == 0x1680 || cp == 0x205F;
      zero_width = cp == 0x200B || cp == 0xFEFF || cp == 0x2060;
      if (cp == 0xAD) {
        // A soft hyphen between two letters is a hyphenation point of the
        // word; anywhere else it joins nothing.
        const char32_t before = letter_before(s, i), after = text::first_char(std::string_view(s).substr(i + n));
        zero_width = !(text::is_alpha(before) && text::is_alpha(after));
      }
    }
    if (zero_width) {
    } else if (is_space) {
      space = true;
    } else {
      if (space && !out.empty()) out += ' ';
      space = false;
      out.append(s, i, n);
    }
    i += n;
  }
  // At the ends of a line a no-break space binds nothing: a line of only
  // &nbsp; is blank, and one indented with them starts at its text.
  const auto nbsp_at = [&](size_t k) {
    return out.compare(k, 2, "\xC2\xA0") == 0 || out.compare(k, 3, "\xE2\x80\xAF") == 0 || out.compare(k, 3, "\xE2\x80\x87") == 0;
  };
  size_t front = 0;
  while (front < out.size() && (out[front] == ' ' || nbsp_at(front))) front += out[front] == ' ' ? 1 : static_cast<unsigned char>(out[front]) == 0xC2 ? 2 : 3;
  out.erase(0, front);
  for (bool trimmed = true; trimmed && !out.empty();) {
    trimmed = false;
    if (out.back() == ' ') out.pop_back(), trimmed = true;
    else if (out.size() >= 2 && nbsp_at(out.size() - 2) && static_cast<unsigned char>(out[out.size() - 2]) == 0xC2) out.resize(out.size() - 2), trimmed = true;
    else if (out.size() >= 3 && nbsp_at(out.size() - 3) && static_cast<unsigned char>(out[out.size() - 3]) == 0xE2) out.resize(out.size() - 3), trimmed = true;
  }
  if (out == s) return false;
  s.swap(out);
  return true;
}

const char *layout_name(Layout l) {
  switch (l) {
    case Layout::line: return "one paragraph per line";
    case Layout::blank: return "paragraphs separated by blank lines";
    case Layout::wrapped: return "hard-wrapped lines";
  }
  return "?";
}

Layout detect_layout(const std::vector<Line> &lines, size_t *wrap_width) {
  std::vector<size_t> lengths;
  size_t separators = 0;
  bool prev_text = false, gap = false;
  for (const auto &l : lines) {
    if (l.text.empty()) {
      gap = prev_text;
      continue;
    }
    if (gap) ++separators;
    gap = false;
    prev_text = true;
    lengths.push_back(l.text.size());
  }
  *wrap_width = 0;
  if (lengths.size() < 4) return separators ? Layout::blank : Layout::line;
  std::vector<size_t> sorted = lengths;
  std::sort(sorted.begin(), sorted.end());
  const size_t width = sorted[sorted.size() * 9 / 10];
  size_t near = 0;
  for (size_t len : lengths) near += len * 10 >= width * 6;
  // Hard-wrapped text: lines rarely longer than a terminal, most of them
  // close to that width, and more lines than paragraphs.
  if (width >= 30 && width <= 100 && near * 10 >= lengths.size() * 6 && lengths.size() > separators * 2 + 2) {
    *wrap_width = width;
    return Layout::wrapped;
  }
  // Paragraphs separated by blank lines whose lines are themselves wrapped:
  // the lines that go on in the next line (all but a group's last) are
  // nearly as long as the longest of them.
  std::vector<size_t> inner;
  for (size_t k = 0; k + 1 < lines.size(); ++k)
    if (!lines[k].text.empty() && !lines[k + 1].text.empty()) inner.push_back(lines[k].text.size());
  if (separators && inner.size() >= 3) {
    std::sort(inner.begin(), inner.end());
    const size_t w = inner[inner.size() * 9 / 10];
    size_t close = 0;
    for (size_t len : inner) close += len * 10 >= w * 7;
    if (w >= 30 && w <= 100 && close * 10 >= inner.size() * 7) {
      *wrap_width = w;
      return Layout::wrapped;
    }
  }
  return separators ? Layout::blank : Layout::line;
}

bool footnote_mark(std::string_view t) {
  if (t.size() < 3 || t.front() != '[' || t.back() != ']') return false;
  const std::string_view inside = t.substr(1, t.size() - 2);
  return std::all_of(inside.begin(), inside.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
         (inside.size() == 1 && inside[0] >= 'a' && inside[0] <= 'z') || inside == "citation needed" ||
         (inside.size() > 5 && inside.substr(0, 5) == "note ");
}

std::string_view before_closers(std::string_view s) {
  for (size_t open; !s.empty() && s.back() == ']' && (open = s.rfind('[')) != std::string_view::npos && footnote_mark(s.substr(open));)
    s = s.substr(0, open);
  for (bool more = true; more;) {
    more = false;
    while (!s.empty() && std::strchr("\"')]", s.back()) && s.back() != 0) s.remove_suffix(1), more = true;
    for (const std::string_view close : {"\xE2\x80\x9D", "\xE2\x80\x99"})  // ” ’
      if (s.size() >= close.size() && s.substr(s.size() - close.size()) == close) s.remove_suffix(close.size()), more = true;
  }
  return s;
}

bool ends_in_dash(std::string_view s) {
  return (s.size() > 2 && s.compare(s.size() - 2, 2, "--") == 0) || (s.size() > 3 && s.compare(s.size() - 3, 3, "\xE2\x80\x94") == 0);
}

size_t source_line_width(const std::vector<Line> &lines) {
  std::vector<size_t> inside;
  for (size_t k = 0; k + 1 < lines.size(); ++k)
    if (lines[k].glue_before && !lines[k].text.empty() && lines[k + 1].glue_before && !lines[k + 1].text.empty())
      inside.push_back(text::char_count(lines[k].text));
  if (inside.size() < kSourceSamples) return kSourceLine;
  std::sort(inside.begin(), inside.end());
  return std::min(kSourceLine, inside[inside.size() * 9 / 10] * 4 / 5);
}

bool dash_start(std::string_view s) {
  size_t n = 0;
  const char32_t c = text::char_at(s, 0, &n);
  if (c != U'-' && c != U'\u2013' && c != U'\u2014') return false;
  return n < s.size() && s[n] != ' ';
}

bool closes_quotation(std::string_view s) {
  if (s.rfind("\xE2\x80\x9D", 0) == 0) return true;  // ”
  return s.size() > 1 && s[0] == '"' && std::strchr(" ,.;:!?)", s[1]);
}

bool full_stop(std::string_view s) {
  s = before_closers(s);
  return !s.empty() && (std::strchr(".!?", s.back()) != nullptr || (s.size() >= 3 && s.substr(s.size() - 3) == "\xE2\x80\xA6"));
}

bool cites(std::string_view above, std::string_view l) {
  return footnote_mark(l) && !above.empty() && !footnote_mark(above) && std::strchr(".!?,;:\"')]", above.back()) && above.back() != 0;
}

bool continues_sentence(const Line &above, const Line &l, bool *space) {
  if (above.text.empty() || l.text.empty()) return false;
  *space = true;
  // Punctuation after an inline element, an opening bracket or a dash
  // before one ("… as a----" / "premature act"): a space only where the
  // page had one.
  if (std::strchr(",.;:!?)]}", l.text[0]) || std::strchr("([{", above.text.back()) || ends_in_dash(above.text)) {
    *space = above.glue_after || l.glue_before;
    return true;
  }
  // A dash or a closing quotation mark after an inline element, inside the
  // sentence: "… his dinner hour" / "-- it blazed like …", "… sir," /
  // "\" said Turkey …".
  if ((dash_start(l.text) && !full_stop(above.text)) || closes_quotation(l.text)) {
    *space = above.glue_after || l.glue_before;
    return true;
  }
  // A quotation mark alone on its line, the rest of the quotation a link
  // or emphasis: it opens the line under it ('"' / "Why do you refuse?\"")
  // or closes the line above it ("… that mulish vagary?" / '"').
  const auto quote_mark = [](const std::string &t, bool opening) {
    return t == "\"" || t == (opening ? "\xE2\x80\x9C" : "\xE2\x80\x9D") || t == (opening ? "\xE2\x80\x98" : "\xE2\x80\x99");
  };
  if (cites(above.text, l.text)) {
    *space = false;
    return true;
  }
  if (quote_mark(above.text, true) || quote_mark(l.text, false)) {
    *space = false;
    return true;
  }
  // After a text node that ends in a space, a link or emphasis came next
  // ("The late " / "John Jacob Astor").
  if (above.glue_after) return true;
  if (above.text.back() == ',') return true;  // a comma goes on
  // "… Christmas coals;" / "and continued blazing": a semicolon goes on.
  if (above.text.back() == ';' && text::starts_lower(l.text)) return true;
  // "… like unto bullion." / " I will freely add": the next sentence after
  // a link or emphasis, the one space between them kept.
  if (l.one_space_before && full_stop(above.text) && starts_upper_or_digit(l.text)) return true;
  // "… or help examine a few lines?" / "            or step round to the
  // post-office?": a question or an exclamation inside the sentence, its
  // rest at the source's indentation and in lower case.
  if (l.glue_before && text::starts_lower(l.text) && std::strchr("?!", above.text.back())) return true;
  if (ends_sentence(above.text)) return false;
  // A lower-case word, or a line indented under one that starts in lower
  // case: the page's source indentation inside a paragraph.
  return text::starts_lower(l.text) || (l.glue_before && text::starts_lower(above.text));
}

namespace {

constexpr size_t kColumnLines = 6, kColumnGap = 2, kColumnMin = 30, kMenuWords = 4;

// The byte offset of each character of s, and s.size() after the last.
std::vector<size_t> char_offsets(std::string_view s) {
  std::vector<size_t> at;
  for (size_t i = 0, len = 0; i < s.size(); i += len) {
    text::char_at(s, i, &len);
    at.push_back(i);
    if (len == 0) len = 1;
  }
  at.push_back(s.size());
  return at;
}

// The columns (in characters) where text starts again after kColumnGap
// spaces or more, with text before the gap.
std::vector<size_t> gap_ends(std::string_view s, const std::vector<size_t> &at) {
  std::vector<size_t> ends;
  size_t spaces = 0;
  bool text_before = false;
  for (size_t c = 0; c + 1 < at.size(); ++c) {
    if (s[at[c]] == ' ') {
      ++spaces;
      continue;
    }
    if (text_before && spaces >= kColumnGap) ends.push_back(c);
    text_before = true, spaces = 0;
  }
  return ends;
}

}  // namespace

std::pair<uint32_t, uint32_t> unfold_columns(std::vector<Line> &lines) {
  std::vector<std::vector<size_t>> at(lines.size()), ends(lines.size());
  std::map<size_t, size_t> count;
  for (size_t i = 0; i < lines.size(); ++i) {
    at[i] = char_offsets(lines[i].text);
    ends[i] = gap_ends(lines[i].text, at[i]);
    for (size_t e : ends[i])
      if (e >= kColumnMin) ++count[e];
  }
  size_t col = 0, most = 0;
  for (const auto &[c, k] : count)
    if (k > most) col = c, most = k;
  if (most < kColumnLines) return {0, 0};
  // The lines parted at col: one other place at most among them, the left
  // parts filling the column.
  size_t first = lines.size(), last = 0, other = 0, left_width = 0, indented = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (std::find(ends[i].begin(), ends[i].end(), col) == ends[i].end()) continue;
    first = std::min(first, i), last = i;
    other += ends[i].size() > 1;
    indented += lines[i].text[0] == ' ';
    const std::string_view left = std::string_view(lines[i].text).substr(0, at[i][col]);
    left_width += text::char_count(left.substr(0, left.find_last_not_of(' ') + 1));
  }
  if (other * 4 > most || indented * 4 > most || left_width * 2 < most * col) return {0, 0};
  // Every line between: blank, all left of the column, all right of it, or parted at it.
  const auto side = [&](size_t i, size_t *split) {
    const std::string &t = lines[i].text;
    const size_t chars = at[i].size() - 1, lead = t.find_first_not_of(' ');
    *split = t.size();
    if (lead == std::string::npos || t.find_last_not_of(' ') < at[i][std::min(col, chars)] - 1 || chars < col) return true;  // blank or left
    if (lead >= at[i][col]) return *split = 0, true;                                                                       // right
    if (std::find(ends[i].begin(), ends[i].end(), col) != ends[i].end()) return *split = at[i][col], true;
    return false;
  };
  std::vector<size_t> split(lines.size());
  for (size_t i = first; i <= last; ++i)
    if (!side(i, &split[i])) return {0, 0};
  // The table goes on above and below while no line crosses the column
  // (the text column longer than the sidebar, or the other way).
  while (first > 0 && side(first - 1, &split[first - 1])) --first;
  while (last + 1 < lines.size() && side(last + 1, &split[last + 1])) ++last;
  // The column beside the text is a site's menu: its lines are links of a
  // few capitalised words, no sentence ("Minecraft Realms", "Bug tracker").
  // (A table's second column of figures or sentences is not read apart.)
  size_t entries = 0, menu_like = 0;
  for (size_t i = first; i <= last; ++i) {
    if (split[i] >= lines[i].text.size()) continue;
    std::string r = lines[i].text.substr(split[i]);
    normalize_spaces(r);
    if (r.empty()) continue;
    ++entries;
    menu_like += word_count(r) <= kMenuWords && text::is_upper(text::first_char(r)) && !std::strchr(".!?", r.back());
  }
  if (menu_like * 4 < entries * 3) return {0, 0};
  std::vector<Line> left, right;
  for (size_t i = first; i <= last; ++i) {
    const std::string &t = lines[i].text;
    Line l = split_lines(t.substr(0, split[i])).front(), r = split_lines(t.substr(split[i])).front();
    l.source = r.source = lines[i].source;
    left.push_back(std::move(l));
    if (split[i] < t.size() || t.find_first_not_of(' ') == std::string::npos) right.push_back(std::move(r));  // (a blank line is both columns')
  }
  Line gap;
  gap.source = lines[last].source;
  left.push_back(gap);
  left.insert(left.end(), right.begin(), right.end());
  const std::pair<uint32_t, uint32_t> read{lines[first].source, lines[last].source};
  lines.erase(lines.begin() + static_cast<long>(first), lines.begin() + static_cast<long>(last) + 1);
  lines.insert(lines.begin() + static_cast<long>(first), left.begin(), left.end());
  return read;
}

std::vector<TableRead> read_tables(std::vector<Line> &lines) {
  constexpr size_t kTableRows = 3, kTableGaps = 3, kRowLines = 8;
  const size_t n = lines.size();
  std::vector<std::vector<size_t>> at(n), ends(n);
  std::vector<bool> blank(n);
  for (size_t i = 0; i < n; ++i) {
    at[i] = char_offsets(lines[i].text);
    ends[i] = gap_ends(lines[i].text, at[i]);
    blank[i] = lines[i].text.find_first_not_of(' ') == std::string::npos;
  }
  // No text in the column before c: a space there, or the line ends before it.
  const auto clear = [&](size_t i, size_t c) { return c == 0 || c >= at[i].size() || lines[i].text[at[i][c - 1]] == ' '; };
  const auto gap_at = [&](size_t i, size_t c) { return std::find(ends[i].begin(), ends[i].end(), c) != ends[i].end(); };
  // The lines from i that keep column c clear (one blank line at a time
  // between them), back to the first line of i's row (not into a table
  // read before it: floor).
  size_t floor = 0;
  const auto region = [&](size_t i, size_t c, size_t *first, size_t *last) {
    size_t j = i, blanks = 0;
    for (; j < n && (blank[j] ? ++blanks <= 1 : (blanks = 0, clear(j, c))); ++j) {}
    *last = j - 1;
    while (*last > i && blank[*last]) --*last;
    *first = i;
    while (*first > floor && !blank[*first - 1] && clear(*first - 1, c)) --*first;
    // It ends before a row that parts at no gap (a sentence under the table
    // that happens to keep the column clear).
    for (size_t k = i; k <= *last;) {
      size_t end = k;
      bool gap = false;
      for (; end <= *last && !blank[end]; ++end) gap = gap || !ends[end].empty();
      if (!gap) {
        *last = k > *first ? k - 1 : *first;
        while (*last > *first && blank[*last]) --*last;
        break;
      }
      for (k = end; k <= *last && blank[k]; ++k) {}
    }
  };
  // Each row a few lines: a table without blank lines between its rows
  // (w3m prints some so) cannot be parted into rows here.
  const auto short_rows = [&](size_t first, size_t last) {
    for (size_t k = first, run = 0; k <= last; ++k)
      if ((run = blank[k] ? 0 : run + 1) > kRowLines) return false;
    return true;
  };
  const auto rows_in = [&](size_t first, size_t last) {
    size_t rows = 1;
    for (size_t k = first; k <= last; ++k) rows += blank[k];
    return rows;
  };
  struct Found {
    size_t first, last;
    std::vector<size_t> cols;  // where each column starts
  };
  std::vector<Found> found;
  for (size_t i = 0; i < n;) {
    size_t first = 0, last = 0, col = 0;
    for (const size_t c : ends[i]) {
      size_t f, l;
      region(i, c, &f, &l);
      size_t gaps = 0;
      for (size_t k = f; k <= l; ++k) gaps += gap_at(k, c);
      if (rows_in(f, l) >= kTableRows && gaps >= kTableGaps && short_rows(f, l) && (!col || l - f > last - first)) first = f, last = l, col = c;
    }
    if (!col) {
      ++i;
      continue;
    }
    // The table's columns: where every line keeps the column before clear
    // and two lines or more start text after a gap.
    size_t widest = 0;
    for (size_t k = first; k <= last; ++k) widest = std::max(widest, at[k].size() - 1);
    std::vector<size_t> cols{0};
    for (size_t c = 1; c < widest; ++c) {
      size_t gaps = 0;
      bool all_clear = true;
      for (size_t k = first; k <= last && all_clear; ++k) all_clear = blank[k] || clear(k, c), gaps += gap_at(k, c);
      if (all_clear && gaps >= 2) cols.push_back(c);
    }
    found.push_back({first, last, std::move(cols)});
    i = floor = last + 1;
  }
  std::vector<TableRead> read;
  if (found.empty()) return read;
  std::vector<Line> out;
  size_t next = 0;  // the first line not yet in out
  for (const Found &t : found) {
    for (; next < t.first; ++next) out.push_back(std::move(lines[next]));
    const std::vector<size_t> &cols = t.cols;
    for (size_t k = t.first; k <= t.last;) {
      std::vector<std::string> cells(cols.size());
      const uint32_t source = lines[k].source;
      for (; k <= t.last && !blank[k]; ++k)
        for (size_t c = 0; c < cols.size(); ++c) {
          const size_t from = std::min(cols[c], at[k].size() - 1), to = c + 1 < cols.size() ? std::min(cols[c + 1], at[k].size() - 1) : at[k].size() - 1;
          std::string piece = lines[k].text.substr(at[k][from], at[k][to] - at[k][from]);
          piece.erase(0, piece.find_first_not_of(' '));
          piece.erase(piece.find_last_not_of(' ') + 1);
          if (piece.empty()) continue;
          if (!cells[c].empty() && cells[c].back() != '-') cells[c] += ' ';
          cells[c] += piece;
        }
      std::string row;
      for (const auto &cell : cells)
        if (!cell.empty()) row += (row.empty() ? "" : " | ") + cell;
      Line l = split_lines(row).front();
      l.source = source;
      out.push_back(std::move(l));
      for (; k <= t.last && blank[k]; ++k) out.push_back(lines[k]);
    }
    read.push_back({lines[t.first].source, lines[t.last].source, cols.size()});
    next = t.last + 1;
  }
  for (; next < n; ++next) out.push_back(std::move(lines[next]));
  lines.swap(out);
  return read;
}

size_t drop_spaces_in_sentences(std::vector<Line> &lines) {
  std::vector<Line> out;
  size_t dropped = 0;
  for (size_t i = 0; i < lines.size();) {
    size_t j = i;
    while (j < lines.size() && lines[j].spaces) ++j;
    bool space;
    if (j > i && i > 0 && j < lines.size() && continues_sentence(out.back(), lines[j], &space)) {
      dropped += j - i;
      i = j;
      continue;
    }
    for (const size_t end = std::max(j, i + 1); i < end; ++i) out.push_back(std::move(lines[i]));
  }
  lines.swap(out);
  return dropped;
}

std::vector<Block> build_blocks(const std::vector<Line> &lines, Layout layout, size_t wrap_width, bool dehyphenate,
                                const Report &report, const Dictionary &dictionary) {
  std::unordered_set<std::string> words;
  if (dehyphenate && layout == Layout::wrapped)
    for (const auto &l : lines)
      for (auto &w : words_of(l.text)) words.insert(std::move(w));
  bool has_blank = false;
  for (const auto &l : lines) has_blank |= l.text.empty();
  const size_t source_line = layout == Layout::blank ? source_line_width(lines) : kSourceLine;

  std::vector<Block> blocks;
  bool open = false;        // the last block takes more lines
  bool short_end = true;    // the last line added ended short (wrapped text)
  const Line *previous = nullptr;  // the last line added, as it was in the input
  bool joined = false;             // it went on the line before it (blank layout)
  auto join = [&](Line &into, const Line &next) {
    std::string &a = into.text;
    const std::string &b = next.text;
    if (a.size() >= 2 && a.back() == '-' && text::is_alpha(letter_before(a, a.size() - 1)) && text::starts_lower(b)) {
      size_t ws = a.find_last_of(' ', a.size() - 2);
      const std::string left = a.substr(ws == std::string::npos ? 0 : ws + 1, a.size() - 1 - (ws == std::string::npos ? 0 : ws + 1));
      const size_t we = b.find_first_of(" .,;:!?)");
      const std::string right = b.substr(0, we);
      const bool spelled = words.count(lower(left + right)) > 0;
      if (dehyphenate && (spelled || (dictionary && dictionary(left + right) && !dictionary(right)))) {
        report(next.source, Level::note, "rejoined '" + left + "-' / '" + right + "' as '" + left + right + "', as " +
                                             (spelled ? "the text spells it elsewhere" : "the dictionary spells it"));
        a.pop_back();
      }
      a += b;
      return;
    }
    a += ' ';
    a += b;
  };
  for (const auto &l : lines) {
    if (l.text.empty()) {
      open = false;
      continue;
    }
    const bool own_line = keeps_own_line(l.text);
    if (is_underline(l.text) && !blocks.empty() && !blocks.back().lines.empty() && (open || layout == Layout::line)) {
      blocks.back().lines.push_back(l);  // a setext underline belongs to the line above
      open = false;
      continue;
    }
    bool continues = false;
    if (layout == Layout::blank) continues = open;
    if (layout == Layout::wrapped) continues = has_blank ? open : (!blocks.empty() && !short_end);
    if (!continues) {
      blocks.push_back(Block{{l}});
    } else if (layout == Layout::blank) {
      // Lines of one group that are not wrapped are blocks of their own,
      // but a list keeps its items together, and a sentence broken at a
      // link is one line again.
      // A scraper's text node wrapped by the page's source goes on at the
      // source's indentation: "… I am getting old." / "            Surely,
      // sir, …", under a line at the margin or under one joined so.
      // So it does under text as long as the source's lines that stops
      // inside a sentence ("… effects of beer--Nippers and" / "    I dined
      // together"; "… I replied;" / "    \"pray, …").
      const bool wraps = previous && l.glue_before && !l.one_space_before && starts_upper_or_digit(l.text) &&
                         (!previous->glue_before || joined) &&
                         (full_stop(previous->text) || text::char_count(blocks.back().lines.back().text) >= source_line);
      bool space;
      joined = false;
      if (own_line && keeps_own_line(blocks.back().lines.front().text)) {
        blocks.back().lines.push_back(l);
      } else if (!own_line && previous && (wraps || continues_sentence(*previous, l, &space))) {
        std::string &above = blocks.back().lines.back().text;
        if (wraps || space) above += ' ';
        above += l.text;
        joined = true;
      } else {
        blocks.push_back(Block{{l}});
      }
    } else if (own_line || keeps_own_line(blocks.back().lines.back().text) || short_end) {
      // A line after a short one starts a line of its own (a list of names).
      blocks.back().lines.push_back(l);
    } else {
      join(blocks.back().lines.back(), l);
    }
    open = true;
    previous = &l;
    short_end = wrap_width == 0 || l.text.size() * 10 < wrap_width * 6;
  }
  return blocks;
}

// ---- scraping artifacts ---------------------------------------------------

size_t strip_citation_carets(std::string &line) {
  size_t removed = 0;
  for (size_t at = line.find('^'); at != std::string::npos; at = line.find('^', at)) {
    // A citation mark right after the caret, or right before it.
    const size_t close = at + 1 < line.size() && line[at + 1] == '[' ? line.find(']', at + 1) : std::string::npos;
    const size_t open = at > 0 && line[at - 1] == ']' ? line.rfind('[', at - 1) : std::string::npos;
    if ((close != std::string::npos && footnote_mark(std::string_view(line).substr(at + 1, close - at))) ||
        (open != std::string::npos && footnote_mark(std::string_view(line).substr(open, at - open)))) {
      line.erase(at, 1);
      ++removed;
    } else {
      ++at;
    }
  }
  return removed;
}

bool strip_edit_link(std::string &line, bool glued) {
  if (word_count(line) > 15 || line.size() > 160) return false;
  static const char *suffixes[] = {"[edit]", "[ edit ]", "[edit source]", "[edit | edit source]", "[Edit]"};
  for (const char *suf : suffixes) {
    const size_t n = std::strlen(suf);
    if (line.size() > n && lower(line.substr(line.size() - n)) == lower(suf)) {
      line.erase(line.size() - n);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      return true;
    }
  }
  // A permalink anchor after a heading: "Setting up¶", "Current status #",
  // "Methods §" (Sphinx, static-site generators); not after a sentence's
  // full stop or a comma ("… territory. #" / "Hashtag": a tag wrapped).
  static const char *anchors[] = {"\xC2\xB6", " #", " \xC2\xA7", " \xF0\x9F\x94\x97"};
  for (const char *a : anchors) {
    const size_t n = std::strlen(a);
    if (line.size() > n + 2 && line.compare(line.size() - n, n, a) == 0 && !std::strchr(" #.,;", line[line.size() - n - 1])) {
      line.erase(line.size() - n);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      return true;
    }
  }
  if (glued && glued_edit_link(line)) {
    line.erase(line.size() - 4);
    return true;
  }
  return false;
}

bool glued_edit_link(std::string_view line) {
  // "…RelationsEdit": the link text run into the heading's last word.
  if (word_count(line) > 15 || line.size() > 160 || line.size() <= 5 || line.compare(line.size() - 4, 4, "Edit") != 0) return false;
  const char32_t before = letter_before(line, line.size() - 4);
  return text::is_lower(before) || before == ')';
}

Chrome Chrome::defaults() {
  Chrome c;
  c.exact = {"advertisement", "advertisements", "sponsored content", "share this article", "share this story",
             "share this", "share on facebook", "share on twitter", "share via email",
             "read more", "continue reading", "skip to content", "skip to main content", "jump to content", "jump to navigation", "jump to search",
             "back to top", "cookie settings", "accept all cookies", "accept cookies", "manage cookies",
             "click to expand", "from wikipedia, the free encyclopedia", "listen to this article", "show comments",
             "view comments", "image caption", "toggle the table of contents"};
  // Words that are chrome on a page but a real heading or a word of prose in
  // an article: only dropped when the text is a page.
  c.page_only = {"sponsored", "share", "tweet", "email", "print", "related articles", "related stories", "recommended",
                 "most popular", "subscribe", "subscribe now", "sign up", "log in", "sign in", "menu", "comments",
                 "contents", "hide", "next", "previous", "media caption", "image copyright", "image source", "getty images"};
  c.captions = {"media caption", "image caption"};
  c.prefixes = {"we use cookies", "this site uses cookies", "this website uses cookies", "by continuing to use this",
                "sign up for our newsletter", "subscribe to our newsletter", "get our newsletter", "join our newsletter",
                "sign up for the", "follow us on", "read more:", "related:", "advertisement ", "click here to subscribe",
                "share this article", "support our journalism", "already a subscriber"};
  return c;
}

void Chrome::add_user(const std::string &pattern) {
  if (!pattern.empty() && pattern.back() == '*') user_prefixes.push_back(lower(pattern.substr(0, pattern.size() - 1)));
  else exact.push_back(lower(pattern));
}

bool Chrome::matches(std::string_view line, bool page) const {
  std::string l = lower(line);
  while (!l.empty() && std::strchr(" .:!|>»-", l.back())) l.pop_back();
  while (!l.empty() && std::strchr(" |<«-", l.front())) l.erase(0, 1);
  if (l.empty()) return false;
  for (const auto &e : exact)
    if (l == e) return true;
  if (page)
    for (const auto &e : page_only)
      if (l == e) return true;
  if (word_count(l) > 20) return false;
  // Entries run together on one line ("Jump to navigation Jump to search",
  // a browser's copy of two links): the line is those entries and nothing else.
  {
    size_t at = 0, entries = 0;
    while (at < l.size()) {
      size_t longest = 0;
      const auto take = [&](const std::vector<std::string> &list) {
        for (const auto &e : list)
          if (e.size() > longest && l.compare(at, e.size(), e) == 0 && (at + e.size() == l.size() || l[at + e.size()] == ' ')) longest = e.size();
      };
      take(exact);
      if (page) take(page_only);
      if (!longest) break;
      at += longest + 1, ++entries;
    }
    if (at >= l.size() && entries >= 2) return true;
  }
  // Outside a web page, a sentence that starts so is the article's
  // ("Advertisement revenues rose by 10%.", "Sign up for the service will cost £10.").
  const auto starts = [&](const std::vector<std::string> &list) {
    return std::any_of(list.begin(), list.end(), [&](const std::string &p) { return !p.empty() && l.compare(0, p.size(), p) == 0; });
  };
  return starts(user_prefixes) || ((page || !ends_sentence(line)) && starts(prefixes));
}

bool Chrome::labels_caption(std::string_view line, std::string *caption) const {
  const std::string l = lower(line);
  for (const auto &label : captions)
    if (l.rfind(label, 0) == 0 && (l.size() == label.size() || l[label.size()] == ' ' || l[label.size()] == ':')) {
      const size_t at = line.find_first_not_of(" :", label.size());
      *caption = at == std::string_view::npos ? std::string() : std::string(line.substr(at));
      return true;
    }
  return false;
}

void drop_repeated_blocks(std::vector<Block> &blocks, const Report &report) {
  constexpr size_t kCaptionPairWords = 12;
  std::vector<Block> out;
  std::set<std::string> bylines;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const std::string text = blocks[i].joined();
    const bool byline = lower(text.substr(0, 3)) == "by " && word_count(text) <= 8 && !ends_sentence(text);
    if (out.size() > 1 && blocks[i].lines.size() == 1 && out.back().lines.size() == 1 && out.back().joined() == text &&
        blocks[i].source() == out.back().source() + 1 && !byline && word_count(text) <= kCaptionPairWords && !ends_sentence(text) &&
        (text::starts_upper(text) || text::starts_lower(text) || text::is_digit(static_cast<unsigned char>(text[0])))) {
      report(blocks[i].source(), Level::note, "'" + text::clip(text, 60) + "' on two lines in a row: a picture's alt text and its caption, kept together");
      out.back().lines.push_back(std::move(blocks[i].lines[0]));
      continue;
    }
    const bool caption_pair = !out.empty() && out.back().lines.size() == 2 && out.back().lines[0].text == out.back().lines[1].text;
    if (!out.empty() && (out.back().joined() == text || (caption_pair && out.back().lines[0].text == text))) {
      report(blocks[i].source(), Level::note, std::string(byline ? "removed a repeated byline" : "removed a repeated line") + " '" + text::clip(text, 60) + "'");
      continue;
    }
    if (byline && i < 12 && !bylines.insert(text).second) {
      report(blocks[i].source(), Level::note, "removed a repeated byline '" + text + "'");
      continue;
    }
    out.push_back(std::move(blocks[i]));
  }
  blocks.swap(out);
}

bool repair_title(std::string &title, std::string_view body) {
  // How the body spells each word: lower-case key -> spelling -> count.
  std::unordered_map<std::string, std::map<std::string, int>> spellings;
  std::map<std::string, std::map<std::string, int>> dash_before;  // word -> dash -> count
  // Only body words that can be a title word or a piece of one matter.
  const std::string title_lower = lower(title);
  for (const auto &[i, j] : letter_runs(body)) {
    const std::string key = lower(body.substr(i, j - i));
    if (title_lower.find(key) != std::string::npos) {
      const std::string w(body.substr(i, j - i));
      ++spellings[key][w];
      if (i >= 3 && body.substr(i - 3, 3) == "\xE2\x80\x93") ++dash_before[lower(w)]["\xE2\x80\x93"];
      else if (i >= 1 && body[i - 1] == '-' ) ++dash_before[lower(w)]["-"];
    }
  }
  auto known = [&](const std::string &w) { return spellings.count(lower(w)) > 0; };
  auto most_common = [&](const std::string &w) {
    const auto &m = spellings[lower(w)];
    return std::max_element(m.begin(), m.end(), [](auto &a, auto &b) { return a.second < b.second; })->first;
  };
  auto capitalised_only = [&](const std::string &w) {
    auto it = spellings.find(lower(w));
    if (it == spellings.end()) return false;
    int caps = 0;
    for (const auto &[form, n] : it->second) {
      if (text::starts_lower(form)) return false;
      caps += n;
    }
    return caps >= 2;
  };

  bool changed = false;
  std::string out;
  size_t k = 0;
  for (const auto &[start, e] : letter_runs(title)) {
    out.append(title, k, start - k);
    std::string w = title.substr(start, e - start);
    const size_t letters = text::char_count(w);
    if (!text::has_upper(w) && letters >= 3 && capitalised_only(w)) {
      w = most_common(w);
      changed = true;
    } else if (letters >= 5 && !known(w) && text::starts_upper(w)) {
      // Two words run together after a lost dash: both known to the body,
      // the right one spelled as a proper noun there.
      int best = 0;
      std::string fixed;
      std::vector<size_t> cuts;  // the byte offsets of w's characters
      for (size_t c = 0, len; c < w.size(); c += len) text::char_at(w, c, &len), cuts.push_back(c);
      for (size_t ci = 2; ci + 2 <= cuts.size(); ++ci) {
        const size_t cut = cuts[ci];
        const std::string left = w.substr(0, cut), right = w.substr(cut);
        if (!known(left) || !capitalised_only(right)) continue;
        int score = std::min(spellings[lower(left)].begin()->second, spellings[lower(right)].begin()->second);
        if (score <= best) continue;
        best = score;
        std::string dash = "\xE2\x80\x93";
        if (auto it = dash_before.find(lower(right)); it != dash_before.end())
          dash = std::max_element(it->second.begin(), it->second.end(), [](auto &a, auto &b) { return a.second < b.second; })->first;
        fixed = most_common(left) + dash + most_common(right);
      }
      if (!fixed.empty()) {
        w = fixed;
        changed = true;
      }
    }
    out += w;
    k = e;
  }
  out.append(title, k, std::string::npos);
  if (changed) title = out;
  return changed;
}

// ---- typography -----------------------------------------------------------

bool typography(std::string &s, const std::string &language) {
  const std::string lang = lower(language.substr(0, 2));
  std::string open2 = "\xE2\x80\x9C", close2 = "\xE2\x80\x9D", open1 = "\xE2\x80\x98", close1 = "\xE2\x80\x99";
  if (lang == "de") open2 = "\xE2\x80\x9E", close2 = "\xE2\x80\x9C", open1 = "\xE2\x80\x9A", close1 = "\xE2\x80\x98";
  if (lang == "fr") open2 = "\xC2\xAB", close2 = "\xC2\xBB";
  std::string out;
  out.reserve(s.size() + 16);
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const char prev = out.empty() ? ' ' : out.back();
    const bool opening = prev == ' ' || prev == '(' || prev == '[' || prev == '{' || prev == '\n' ||
                         (out.size() >= 3 && (out.compare(out.size() - 3, 3, "\xE2\x80\x94") == 0 || out.compare(out.size() - 3, 3, "\xE2\x80\x93") == 0));
    if (c == '.' && s.compare(i, 3, "...") == 0) {
      out += "\xE2\x80\xA6";
      i += 2;
    } else if (c == '-' && s.compare(i, 3, "---") == 0) {
      out += "\xE2\x80\x94";
      i += 2;
    } else if (c == '-' && s.compare(i, 2, "--") == 0) {
      out += "\xE2\x80\x93";
      i += 1;
    } else if (c == '"') {
      out += opening ? open2 : close2;
    } else if (c == '\'') {
      // An apostrophe inside a word is a closing single quote in form.
      out += opening && i + 1 < s.size() && s[i + 1] != ' ' ? open1 : close1;
    } else {
      out += c;
    }
  }
  if (out == s) return false;
  s.swap(out);
  return true;
}

std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  for (const auto &[i, j] : letter_runs(s)) out.push_back(lower(s.substr(i, j - i)));
  return out;
}

// ---- the whole cleanup -------------------------------------------------------

Cleaned clean_text(std::string_view raw, const CleanOptions &o, const Report &report,
                   const std::function<void(std::vector<Block> &, const std::string &body)> &spell) {
  Cleaned out;
  if (const std::string kind = binary_signature(raw); !kind.empty()) {
    out.error = "this file is " + kind + ", not text; remove it from the inputs";
    return out;
  }
  Decoded dec = decode(raw, o.encoding);
  if (!dec.error.empty()) {
    out.error = "this file cannot be read as text: " + dec.error;
    return out;
  }
  if (dec.encoding != "UTF-8" || !dec.how.empty())
    report(1, Level::note, "read as " + dec.encoding + (dec.how.empty() ? "" : " (" + dec.how + ")"));

  std::vector<Line> lines = split_lines(dec.text);
  if (const auto [from, to] = unfold_columns(lines); from)
    report(from, Level::note, "lines " + std::to_string(from) + "-" + std::to_string(to) +
                                  " print two columns side by side: read as the left column, then the right one");
  for (const TableRead &t : read_tables(lines))
    report(t.from, Level::note, "lines " + std::to_string(t.from) + "-" + std::to_string(t.to) + " print a table of " + std::to_string(t.columns) +
                                    " columns: read a row a line, its cells parted by ' | '");
  int whitespace_lines = 0;
  std::vector<Line> kept;
  // An "Edit" run into a line's last word ("…RelationsEdit") is a wiki's
  // link on the title (the first line) or where two lines or more have one;
  // elsewhere it is a word's ("Using TextEdit").
  const size_t first_text = static_cast<size_t>(std::find_if(lines.begin(), lines.end(), [](const Line &l) { return !l.text.empty(); }) - lines.begin());
  const bool glued_links = std::count_if(lines.begin(), lines.end(), [](const Line &l) { return glued_edit_link(l.text); }) >= 2;
  for (auto &l : lines) {
    // The repair first: C1 controls and U+FFFD are evidence it needs.
    if (o.mojibake)
      if (const MojibakeRepair r = repair_mojibake(l.text); r.steps)
        report(l.source, Level::note, "repaired mojibake (" + r.summary() + ")");
    if (const int n = scrub_controls(l.text, o.drop_controls))
      report(l.source, Level::warning, std::to_string(n) + " control character" + (n == 1 ? "" : "s") + " that XML forbids " +
                                           (o.drop_controls ? "dropped" : "replaced with U+FFFD"));
    whitespace_lines += normalize_spaces(l.text);
    if (const size_t n = strip_citation_carets(l.text))
      report(l.source, Level::note, "removed " + std::to_string(n) + " superscript caret" + (n == 1 ? "" : "s") + " around citation marks ('^[1]')");
    if (o.edit_links && strip_edit_link(l.text, glued_links || static_cast<size_t>(&l - lines.data()) == first_text)) {
      l.anchored = true;
      report(l.source, Level::note, "removed an 'Edit' link or permalink anchor from '" + l.text + "'");
    }
    kept.push_back(std::move(l));
  }
  if (whitespace_lines) report(0, Level::note, "normalized whitespace on " + std::to_string(whitespace_lines) + " lines");
  if (const size_t n = drop_spaces_in_sentences(kept))
    report(0, Level::note, std::to_string(n) + " lines of spaces inside sentences were not taken for paragraph breaks");

  // A whole web page: its article is found among the page's blocks.  The
  // notes of rejoining its lines are given only if it is one.
  std::vector<Block> page_text;
  std::vector<std::pair<uint32_t, std::string>> rejoined;
  PageEvidence evidence;
  bool page = false;
  if (o.boilerplate == "on" || (o.boilerplate == "auto" && !o.function_words.empty())) {
    page_text = page_blocks(kept, o.dehyphenate, o.function_words, [&](uint32_t line, Level, const std::string &m) { rejoined.emplace_back(line, m); });
    const size_t nonempty = static_cast<size_t>(std::count_if(kept.begin(), kept.end(), [](const Line &l) { return !l.text.empty(); }));
    page = looks_like_page(page_text, &evidence, nonempty) || o.boilerplate == "on";
  }
  if (o.chrome_enabled && !page) {
    std::vector<Line> text;
    for (auto &l : kept) {
      if (o.chrome.matches(l.text)) report(l.source, Level::note, "removed a line of page chrome '" + l.text + "'");
      else text.push_back(std::move(l));
    }
    kept.swap(text);
  }

  std::vector<Block> blocks;
  if (page) {
    report(0, Level::note, "layout: a web page (" + std::to_string(evidence.short_blocks) + " of " + std::to_string(evidence.blocks) +
                               " blocks short, " + std::to_string(evidence.before_text) + " before the text, " +
                               std::to_string(evidence.repeated) + " repeated, " + std::to_string(evidence.joined) + " lines joined): the article is found among its blocks");
    for (const auto &[line, m] : rejoined) report(line, Level::note, m);
    Chrome none;
    blocks = extract_article(page_text, o.function_words, o.chrome_enabled ? o.chrome : none, report, o.page_bylines, o.page_tail,
                             o.repeated);
    // An anchor on a line of its own was joined to its heading.
    if (o.edit_links)
      for (auto &b : blocks)
        if (b.lines.size() == 1 && strip_edit_link(b.lines[0].text)) {
          b.lines[0].anchored = true;
          report(b.source(), Level::note, "removed an 'Edit' link or permalink anchor from '" + b.lines[0].text + "'");
        }
  } else {
    size_t width = 0;
    Layout layout = detect_layout(kept, &width);
    if (o.layout == "line") layout = Layout::line;
    else if (o.layout == "blank") layout = Layout::blank;
    else if (o.layout == "wrapped") layout = Layout::wrapped, width = width ? width : 72;
    report(0, Level::note, std::string("layout: ") + layout_name(layout));
    blocks = build_blocks(kept, layout, width, o.dehyphenate, report, o.dictionary);
    if (o.boilerplate != "off") headline_from_title(blocks, report);
  }
  if (o.repeated) drop_repeated_blocks(blocks, report);
  if (blocks.empty()) return out;

  std::string body;
  for (size_t i = 1; i < blocks.size(); ++i) body += blocks[i].joined() + "\n";
  if (o.title && blocks[0].lines.size() == 1) {
    std::string &title = blocks[0].lines[0].text;
    const std::string before = title;
    if (repair_title(title, body)) report(blocks[0].source(), Level::note, "repaired the title '" + before + "' as '" + title + "'");
  }
  if (spell) spell(blocks, body);
  if (o.typography)
    for (auto &b : blocks)
      for (auto &l : b.lines) typography(l.text, o.language);

  for (const auto &b : blocks) {
    const bool first = out.text.empty();
    if (!first) {
      out.text += "\n\n";
      out.line_map.push_back(b.source());
    }
    // A line the page marked as a heading with its anchor (not the title,
    // and not one a sentence was joined to) is written as a Markdown heading.
    if (!first && b.lines.size() == 1 && b.lines[0].anchored && !ends_sentence(b.lines[0].text) && word_count(b.lines[0].text) <= 15)
      out.text += "## ";
    for (size_t i = 0; i < b.lines.size(); ++i) {
      if (i) out.text += '\n';
      out.text += b.lines[i].text;
      out.line_map.push_back(b.lines[i].source);
    }
  }
  return out;
}

}  // namespace textclean
