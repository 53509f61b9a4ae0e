// links.cpp: see links.hpp.
#include "links.hpp"

#include <unicode.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>

namespace links {
namespace {

namespace text = pubpipe::text;

// The ASCII-only tests below are for what is ASCII by its definition: URL
// schemes, e-mail addresses' characters and top-level domains (a
// non-ASCII domain is written in punycode, xn--), ISBN digits and its
// check 'X', RFC 3986's unreserved characters.  What is words of prose
// (labels, capitals, case folding) goes through pubpipe::text.
bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool digit(char c) { return c >= '0' && c <= '9'; }
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool starts_with_ci(std::string_view s, size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k)
    if (std::tolower(static_cast<unsigned char>(s[at + k])) != prefix[k]) return false;
  return true;
}

// Trailing punctuation that belongs to the sentence, not to the address; a
// closing bracket stays only when the address opened it.
size_t trim_address(std::string_view s, size_t begin, size_t end) {
  while (end > begin) {
    const char c = s[end - 1];
    if (std::strchr(".,;:!?'\"*", c)) {
      --end;
    } else if (c == ')' || c == ']') {
      const char open = c == ')' ? '(' : '[';
      const std::string_view a = s.substr(begin, end - begin);
      if (std::count(a.begin(), a.end(), open) >= std::count(a.begin(), a.end(), c)) break;
      --end;
    } else if (end - begin >= 3 && static_cast<unsigned char>(c) >= 0x80 &&
               (s.substr(end - 3, 3) == "\u201d" || s.substr(end - 3, 3) == "\u2019")) {
      end -= 3;  // closing curly quotes
    } else {
      break;
    }
  }
  return end;
}

// The end of a run of address characters (no space, no markup characters).
size_t address_end(std::string_view s, size_t at) {
  while (at < s.size() && !space(s[at]) && !std::strchr("<>\"{}|\\^`", s[at])) {
    if (s.compare(at, 3, "\u201d") == 0 || s.compare(at, 3, "\u201c") == 0) break;  // curly quotes
    ++at;
  }
  return at;
}

std::optional<Match> url_at(std::string_view s, size_t i) {
  size_t body = 0;
  std::string prefix;
  if (starts_with_ci(s, i, "https://")) body = 8;
  else if (starts_with_ci(s, i, "http://")) body = 7;
  else if (starts_with_ci(s, i, "www.")) prefix = "https://";
  else return std::nullopt;
  const size_t end = trim_address(s, i, address_end(s, i));
  const std::string_view host = s.substr(i + body, end - i - body);
  const size_t dot = host.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= host.size()) return std::nullopt;
  Match m{i, end, Kind::url, prefix + std::string(s.substr(i, end - i)), {}};
  return m;
}

bool doi_body(std::string_view s, size_t at) {
  // 10.NNNN/…: a registrant of four to nine digits, a slash, a suffix.
  if (s.compare(at, 3, "10.") != 0) return false;
  size_t k = at + 3, n = 0;
  while (k < s.size() && digit(s[k])) ++k, ++n;
  return n >= 4 && n <= 9 && k + 1 < s.size() && s[k] == '/' && !space(s[k + 1]);
}

std::optional<Match> doi_at(std::string_view s, size_t i) {
  size_t body = i;
  if (starts_with_ci(s, i, "doi:")) {
    body = i + 4;
    while (body < s.size() && s[body] == ' ') ++body;
  }
  if (!doi_body(s, body)) return std::nullopt;
  const size_t end = trim_address(s, body, address_end(s, body));
  return Match{i, end, Kind::doi, "https://doi.org/" + std::string(s.substr(body, end - body)), {}};
}

std::optional<Match> email_at(std::string_view s, size_t i) {
  size_t k = i;
  while (k < s.size() && (alnum(s[k]) || std::strchr("._%+-", s[k]))) ++k;
  if (k == i || k >= s.size() || s[k] != '@' || s[i] == '.') return std::nullopt;
  size_t e = k + 1;
  while (e < s.size() && (alnum(s[e]) || s[e] == '.' || s[e] == '-')) ++e;
  while (e > k + 1 && (s[e - 1] == '.' || s[e - 1] == '-')) --e;
  const std::string_view domain = s.substr(k + 1, e - k - 1);
  const size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || domain.size() - dot - 1 < 2) return std::nullopt;
  for (size_t t = dot + 1; t < domain.size(); ++t)
    if (!std::isalpha(static_cast<unsigned char>(domain[t]))) return std::nullopt;
  return Match{i, e, Kind::email, "mailto:" + std::string(s.substr(i, e - i)), {}};
}

std::optional<Match> isbn_at(std::string_view s, size_t i, const std::string &resolver) {
  if (resolver.empty() || s.compare(i, 4, "ISBN") != 0) return std::nullopt;
  size_t k = i + 4;
  if (s.compare(k, 3, "-10") == 0 || s.compare(k, 3, "-13") == 0) k += 3;
  if (k < s.size() && s[k] == ':') ++k;
  while (k < s.size() && s[k] == ' ') ++k;
  std::string digits;
  size_t e = k;
  while (e < s.size() && (digit(s[e]) || s[e] == '-' || ((s[e] == 'X' || s[e] == 'x') && digits.size() == 9))) {
    if (s[e] != '-') digits += static_cast<char>(std::toupper(static_cast<unsigned char>(s[e])));
    ++e;
  }
  while (e > k && s[e - 1] == '-') --e;
  if (digits.size() != 10 && digits.size() != 13) return std::nullopt;
  return Match{i, e, Kind::isbn, resolver + digits, {}};
}

// [1], [2, 5], [3-5], [3–5]; the numbers of a range are expanded.
std::optional<Match> citation_at(std::string_view s, size_t i, size_t max_range) {
  if (s[i] != '[') return std::nullopt;
  size_t k = i + 1;
  std::vector<std::string> numbers;
  bool range = false;
  while (k < s.size()) {
    while (k < s.size() && s[k] == ' ') ++k;
    const size_t start = k;
    while (k < s.size() && digit(s[k])) ++k;
    if (k == start || k - start > 4) return std::nullopt;
    std::string n(s.substr(start, k - start));
    if (range && !numbers.empty()) {
      const long from = std::stol(numbers.back()), to = std::stol(n);
      if (to <= from || static_cast<size_t>(to - from) > max_range) return std::nullopt;
      for (long v = from + 1; v <= to; ++v) numbers.push_back(std::to_string(v));
    } else {
      numbers.push_back(n);
    }
    while (k < s.size() && s[k] == ' ') ++k;
    if (k >= s.size()) return std::nullopt;
    if (s[k] == ']') return Match{i, k + 1, Kind::citation, "", numbers};
    range = false;
    if (s[k] == ',' || s[k] == ';') ++k;
    else if (s[k] == '-') range = true, ++k;
    else if (s.compare(k, 3, "\u2013") == 0) range = true, k += 3;
    else return std::nullopt;
  }
  return std::nullopt;
}

// Words that end a phrase's grammar: labels never follow them.
bool function_word(std::string_view w) {
  static const std::set<std::string, std::less<>> words = {
      "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "onto", "over",
      "under", "about", "as", "and", "or", "but", "nor", "than", "that", "which", "who", "whom", "whose",
      "this", "these", "those", "its", "their", "his", "her", "our", "your", "my", "is", "are", "was",
      "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "not", "no", "so", "such",
      "very", "more", "most", "less", "same", "other", "another", "each", "every", "any", "some", "all",
      "both", "either", "neither", "between", "among", "against", "without", "within", "through", "during",
      "after", "before", "since", "until", "via", "per", "like", "unlike", "including", "said", "says",
      "called", "named", "visited", "toward", "towards", "near", "across", "behind", "beyond", "upon"};
  return words.count(fold(w)) > 0;
}

// A lower-case word that reads as a noun: labels run into a noun, not a verb.
bool noun_like(std::string_view w) {
  static const char *suffixes[] = {"s", "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ism", "ship",
                                   "ure", "age", "ics", "ogy", "ery"};
  if (w.size() < 3 || w.compare(w.size() - 2, 2, "ss") == 0) return false;
  for (const char *x : suffixes) {
    const size_t n = std::strlen(x);
    if (w.size() > n && w.compare(w.size() - n, n, x) == 0) return true;
  }
  return false;
}

// Participles and past tenses: a label does not follow a verb.
bool verb_like(std::string_view w) {
  return w.size() > 4 && (w.compare(w.size() - 3, 3, "ing") == 0 || w.compare(w.size() - 2, 2, "ed") == 0);
}

struct Word {
  size_t begin, end;
  std::string_view text;
};

bool label_chars(std::string_view w) {
  if (w.empty()) return false;
  for (size_t k = 0; k < w.size(); ++k) {
    const unsigned char c = static_cast<unsigned char>(w[k]);
    if (c >= 0x80) {
      if (w.compare(k, 3, "\u2019") == 0) return false;  // a possessive is prose
      continue;  // letters of other scripts, dashes
    }
    if (!std::isalnum(c) && c != '-') return false;
  }
  return true;
}

// Two capitals or more and no lower-case letter, in any script ("UNESCO",
// "ÉU"; not "AéB").
bool acronym(std::string_view w) {
  size_t upper = 0;
  for (size_t k = 0, n; k < w.size(); k += n) {
    const char32_t c = text::char_at(w, k, &n);
    if (text::is_lower(c)) return false;
    upper += text::is_upper(c);
  }
  return upper >= 2;
}
bool capitalized(std::string_view w) { return text::starts_upper(w); }
bool lower_word(std::string_view w) { return text::starts_lower(w); }

}  // namespace

// Each character lower-cased where its lower case is as long in UTF-8 (all
// but a few, such as U+0130 İ and U+212A KELVIN SIGN, which stay as they
// are): find_word matches in the folded text and cuts the original at the
// same offsets.
std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t k = 0, n; k < s.size(); k += n) {
    const char b = s[k];
    if (static_cast<unsigned char>(b) < 0x80) {  // ASCII: no string to make
      out += b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b;
      n = 1;
      continue;
    }
    text::char_at(s, k, &n);
    const std::string_view c = s.substr(k, n);
    const std::string lower = text::lower(c);
    out += lower.size() == c.size() ? std::string_view(lower) : c;
  }
  return out;
}

std::string bare(std::string_view s) {
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && (space(s.back()) || s.back() == '.')) s.remove_suffix(1);
  return std::string(s);
}

std::vector<Match> find_inline(std::string_view s, const InlineOptions &o) {
  std::vector<Match> out;
  for (size_t i = 0; i < s.size();) {
    std::optional<Match> m;
    if (o.citations && s[i] == '[') m = citation_at(s, i, o.max_range);
    const bool word_start = i == 0 || !(alnum(s[i - 1]) || std::strchr("/.@-_:%+", s[i - 1]));
    if (!m && word_start) {
      if (o.urls) m = url_at(s, i);
      if (!m && o.dois) m = doi_at(s, i);
      if (!m) m = isbn_at(s, i, o.isbn_resolver);
      if (!m && o.emails) m = email_at(s, i);
    }
    if (m && m->end > m->begin) {
      i = m->end;
      out.push_back(std::move(*m));
    } else {
      ++i;
    }
  }
  return out;
}

std::optional<Trailer> find_trailer(std::string_view para, const TrailerContext &c, const TrailerOptions &o) {
  size_t end = para.size();
  while (end > 0 && space(para[end - 1])) --end;
  if (end == 0) return std::nullopt;
  if (para[end - 1] == '.') --end;
  else if (!alnum(para[end - 1])) return std::nullopt;

  std::vector<Word> words;
  for (size_t i = 0; i < end;) {
    while (i < end && space(para[i])) ++i;
    const size_t b = i;
    while (i < end && !space(para[i])) ++i;
    if (i > b) words.push_back({b, i, para.substr(b, i - b)});
  }
  const size_t n = words.size();
  size_t first = n;  // the first word of the trailing run of label-like words
  while (first > 0 && n - first < o.max_words && label_chars(words[first - 1].text)) --first;
  const auto occurs = [&](std::string_view p) { return c.occurrences ? c.occurrences(p) : 0; };

  std::optional<Trailer> best;
  for (size_t s = std::max<size_t>(first, 1); s < n; ++s) {
    const std::string_view prev = words[s - 1].text;
    if (!lower_word(prev) || !label_chars(prev) || function_word(prev) || verb_like(prev)) continue;
    size_t prose = 0;  // words of the last sentence before the tail
    for (size_t k = s; k > 0; --k) {
      const char last = words[k - 1].text.back();
      if (k < s && (last == '.' || last == '!' || last == '?')) break;
      ++prose;
    }
    if (prose < o.min_prose_words) continue;

    Trailer t;
    t.cut = words[s - 1].end;
    t.score = 1;
    t.why = "follows '" + std::string(prev) + "'";
    const auto phrase = [&](size_t a, size_t b) { return std::string(para.substr(words[a].begin, words[b - 1].end - words[a].begin)); };
    bool valid = true;
    if (lower_word(words[s].text)) {
      // A lower-case tail: one term that the glossary or another trailer names.
      for (size_t k = s; k < n; ++k) valid = valid && lower_word(words[k].text);
      const std::string label = phrase(s, n);
      const bool known = c.glossary.count(fold(label)) || c.confirmed.count(fold(label));
      if (!valid || !known || !noun_like(prev)) continue;
      t.labels.push_back(label);
      t.score += 1;
      t.why += ", '" + label + "' is a known label";
      if (occurs(label) >= 2) t.score += 1;
    } else {
      for (size_t i = s; i < n && valid;) {
        const std::string_view w = words[i].text;
        size_t j = i + 1;
        if (capitalized(w)) {
          size_t longest = 0;
          for (size_t k = std::min(n, i + 6); k >= i + 2 && !longest; --k) {
            bool caps = true;
            for (size_t q = i; q < k; ++q) caps = caps && (capitalized(words[q].text) || (q > i && q + 1 < k && lower_word(words[q].text) && words[q].text.size() <= 3));
            if (caps && (occurs(phrase(i, k)) >= 2 || c.glossary.count(fold(phrase(i, k))))) longest = k;
          }
          if (longest) j = longest;
          else if (!acronym(w))
            while (j < n && capitalized(words[j].text) && !acronym(words[j].text)) ++j;
        } else if (lower_word(w)) {
          while (j < n && lower_word(words[j].text)) ++j;
          for (size_t q = i; q < j; ++q) valid = valid && !function_word(words[q].text) && !verb_like(words[q].text);
          if (!valid) break;
        } else {
          valid = false;
          break;
        }
        const std::string label = phrase(i, j);
        const std::string folded = fold(label);
        if (c.glossary.count(folded)) t.score += 1.5, t.why += ", '" + label + "' is in the glossary";
        else if (c.confirmed.count(folded)) t.score += 1;
        if (j == i + 1 && acronym(w)) t.score += 1.5, t.why += ", '" + label + "' is an acronym";
        else if (occurs(label) >= 2) t.score += 1, t.why += ", '" + label + "' occurs elsewhere";
        else if (j > i + 1 && capitalized(w)) t.score += 0.5;
        t.labels.push_back(label);
        i = j;
      }
      if (!valid) continue;
    }
    if (c.see_also_pending) t.score += 1, t.why += ", an empty 'See also' waits for links";
    if (t.labels.size() >= 2) t.score += 0.5;
    if (t.score >= o.threshold && (!best || t.score > best->score)) best = std::move(t);
  }
  return best;
}

// The weights of the page evidence, in one table.  The numbers come from
// three sets of text:
// - samples/articles/united-states-korea-relations.txt, a flattened wiki page:
//   an empty See also heading, 11 of its 15 paragraphs end in labels, and
//   'North Korea', 'KORUS FTA' and 'deterrence' end more than one: it scores 4;
// - the 1,021 clean news articles of tests/data/bbc-dev: none has a See also
//   heading, 26 have one paragraph whose tail find_trailer takes for labels
//   ('2,500 new Ryanair jobs.'), none has two, so every article scores 0;
// - the 36 real pages of the project's real-pages corpus (innertext scrape):
//   6 articles have such tails, none scores 3; the best is a Wikipedia list
//   with a See also heading whose one tail is prose ('the 2000 Swedish film
//   Naken.'), which scores 2.
// A page needs page_threshold (3): the heading and one more sign, or three
// signs without the heading.
namespace {
struct PageWeight {
  const char *signal;
  double weight;
};
constexpr PageWeight kPage[] = {
    // The source had a See also heading: absent from all of bbc-dev, present
    // on the sample and on most encyclopedia pages; alone it is not enough
    // (the Wikipedia list above).
    {"see_also_heading", 2.0},
    // 3 or more paragraphs, and a quarter or more of them, end in labels:
    // the sample has 11 of 15, no bbc-dev article more than 1.
    {"many_trailers", 1.0},
    // A label that ends two or more paragraphs: a link the page repeats, not
    // a sentence's object (the sample has 3, bbc-dev none).
    {"repeated_label", 1.0},
    // Each label that is also a line of its own (an item of the source's See
    // also, a bare line), counted up to 2.
    {"link_only_line", 1.0},
};
constexpr double weight(std::string_view signal) {
  for (const auto &w : kPage)
    if (signal == w.signal) return w.weight;
  return 0;
}
}  // namespace

PageScore page_score(const PageEvidence &e) {
  PageScore s;
  const auto add = [&](const char *signal, double times, const std::string &what) {
    if (times <= 0) return;
    s.score += weight(signal) * times;
    s.why += (s.why.empty() ? "" : ", ") + what;
  };
  add("see_also_heading", e.see_also_heading ? 1 : 0, "a See also heading");
  add("many_trailers", e.trailers >= 3 && e.trailers * 4 >= e.paragraphs ? 1 : 0,
      std::to_string(e.trailers) + " of " + std::to_string(e.paragraphs) + " paragraphs end in labels");
  add("repeated_label", e.repeated_labels > 0 ? 1 : 0, std::to_string(e.repeated_labels) + " label(s) end two or more paragraphs");
  add("link_only_line", static_cast<double>(std::min<size_t>(e.link_only_lines, 2)),
      std::to_string(e.link_only_lines) + " label(s) also stand as a line of their own");
  if (s.why.empty()) s.why = "no sign of a wiki page";
  return s;
}

PageTrailers find_page_trailers(const std::vector<std::string> &paras, const std::vector<std::string> &see_also_items,
                                TrailerContext c, const TrailerOptions &o) {
  PageTrailers r;
  r.found.resize(paras.size());
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t k = 0; k < paras.size(); ++k)
      if (!r.found[k]) r.found[k] = find_trailer(paras[k], c, o);
    for (const auto &t : r.found)
      if (t)
        for (const auto &l : t->labels) c.confirmed.insert(fold(l));
  }
  PageEvidence &e = r.evidence;
  e.see_also_heading = c.see_also_pending || !see_also_items.empty();
  e.paragraphs = paras.size();
  std::map<std::string, size_t> ends;  // folded label -> paragraphs it ends
  for (const auto &t : r.found)
    if (t) {
      ++e.trailers;
      for (const auto &l : t->labels) ++ends[fold(l)];
    }
  // Lines of their own: the See also items, and paragraphs that are nothing
  // but a label (short, not themselves cut).
  std::set<std::string> lines;
  for (const auto &item : see_also_items) lines.insert(fold(bare(item)));
  for (size_t k = 0; k < paras.size(); ++k)
    if (!r.found[k] && paras[k].size() <= 80) lines.insert(fold(bare(paras[k])));
  for (const auto &[label, n] : ends) {
    e.repeated_labels += n >= 2;
    e.link_only_lines += lines.count(label);
  }
  r.score = page_score(e);
  r.wiki = e.trailers > 0 && r.score.score >= o.page_threshold;
  return r;
}

std::string label_url(const std::string &base, const std::string &style, std::string_view label) {
  std::string name;
  if (style == "slug") {
    bool dash = false;
    for (unsigned char ch : text::lower(label)) {  // "Émile Zola" -> émile-zola
      if (std::isalnum(ch) || ch >= 0x80) {
        if (dash && !name.empty()) name += '-';
        dash = false;
        name += static_cast<char>(ch);
      } else {
        dash = true;
      }
    }
  } else {
    name = std::string(label);
    if (style == "wiki") {
      std::replace(name.begin(), name.end(), ' ', '_');
      name = text::capitalize(name);  // as Wikipedia does: "émile" -> Émile
    }
  }
  static const char *hex = "0123456789ABCDEF";
  std::string out = base;
  for (unsigned char ch : name) {
    if (std::isalnum(ch) || std::strchr("-_.~", ch) || (style == "wiki" && std::strchr("(),'", ch))) {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

std::string clean_reference(std::string_view e, std::string *number) {
  size_t i = 0;
  const auto skip_spaces = [&] { while (i < e.size() && space(e[i])) ++i; };
  skip_spaces();
  size_t k = i + (i < e.size() && e[i] == '[' ? 1 : 0);
  const size_t d = k;
  while (k < e.size() && digit(e[k])) ++k;
  if (k > d && k - d <= 4 && k < e.size() && (e[k] == '.' || e[k] == ')' || (e[k] == ']' && e[i] == '['))) {
    if (number) *number = std::string(e.substr(d, k - d));
    i = k + 1;
    skip_spaces();
  }
  // "^ a b c": the back-links to each citation.
  if (i < e.size() && (e[i] == '^' || e.compare(i, 3, "\u2191") == 0)) {
    i += e[i] == '^' ? 1 : 3;
    skip_spaces();
    // The back-links' letters are ASCII a, b, c... in every language's Wikipedia.
    while (i + 1 < e.size() && e[i] >= 'a' && e[i] <= 'z' && space(e[i + 1])) {
      i += 2;
      skip_spaces();
    }
  }
  size_t end = e.size();
  while (end > i && space(e[end - 1])) --end;
  return std::string(e.substr(i, end - i));
}

}  // namespace links
