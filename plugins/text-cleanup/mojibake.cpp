// mojibake.cpp: ftfy's way of repairing mojibake, in C++.
//
// The approach, the character categories and the sequence rules below are
// those of ftfy 6 (Robyn Speer, MIT licence; ftfy/badness.py, chardata.py,
// fixes.py and fix_encoding in __init__.py), rewritten here as data and a
// small matcher instead of regular expressions.  ftfy's published test cases
// are in tests/data/ftfy/ and tests/unit/test_mojibake.cpp runs them.
//
// The idea: almost 400 characters take part in UTF-8 mojibake (the ones that
// bytes 0x80–0xFF decode to in the code pages a web page is read in).  Put
// them in categories (accented capitals, currency signs, box drawing, …) and
// count sequences of categories that real text almost never has and mojibake
// does (a lower-case accented letter followed by a currency sign: "Ã©").
// A line with such a sequence is re-encoded in each code page it could have
// been read in; the first that gives valid UTF-8 wins, and the repair goes on
// until nothing changes.
#include "mojibake.hpp"

#include "encoding.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_set>

namespace textclean {

namespace {

using Text = std::u32string;

Text to_u32(std::string_view s) {
  Text out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t c;
    size_t n = utf8_len(s, i, &c);
    if (!n) n = 1, c = 0xFFFD;
    out += c;
    i += n;
  }
  return out;
}

std::string to_utf8(const Text &t) {
  std::string out;
  out.reserve(t.size() * 2);
  for (char32_t c : t) append_utf8(out, c);
  return out;
}

// ---- the categories (ftfy's MOJIBAKE_CATEGORIES) -----------------------------

enum Cat : uint16_t {
  COMMON = 1 << 0,        // everywhere in real text: no-break space, soft hyphen, dashes, ellipsis, ’
  C1 = 1 << 1,            // U+0080–U+009F: nothing but mojibake uses them any more
  BAD = 1 << 2,           // all but only ever seen in mojibake: ¦ ¤ ¨ ¬ ¯ ¸ ƒ ˆ ˇ ˘ ˛ ˜ † ‡ ‰ ⌐ ◊ � ª º
  LAW = 1 << 3,           // ¶ §
  CURRENCY = 1 << 4,      // ¢ £ ¥ ₧ €
  START = 1 << 5,         // punctuation that opens: ¡ « ¿ © ΄ ΅ ‘ ‚ “ „ • ‹ and the Apple logo
  END = 1 << 6,           // punctuation that closes: ® » ˝ ” › ™
  NUMERIC = 1 << 7,       // ² ³ ¹ ± ¼ ½ ¾ × µ ÷ ⁄ ∂ ∆ ∏ ∑ √ ∞ ∩ ∫ ≈ ≠ ≡ ≤ ≥ №
  KAOMOJI = 1 << 8,       // letters that make faces: Ò–Ö Ù–Ü ò–ö ø–ü Ő Ō Ū Ų °
  UPPER_ACC = 1 << 9,     // accented capitals (but the O's and U's of the faces)
  LOWER_ACC = 1 << 10,    // accented small letters (but the o's and u's of the faces)
  UPPER_COMMON = 1 << 11, // Þ, Greek and Cyrillic capitals
  LOWER_COMMON = 1 << 12, // Greek and Cyrillic small letters
  BOX = 1 << 13,          // box drawing and blocks
};

struct Range {
  char32_t first, last;
  uint16_t cats;
};

// Each line: the code points (first, last) and their category.  Taken from
// ftfy 6's badness.py, where each is listed by its Unicode name.
const Range category_table[] = {
    // common
    {0xA0, 0xA0, COMMON}, {0xAD, 0xAD, COMMON}, {0xB7, 0xB7, COMMON}, {0xB4, 0xB4, COMMON},
    {0x2013, 0x2015, COMMON}, {0x2026, 0x2026, COMMON}, {0x2019, 0x2019, COMMON},
    // C1 controls
    {0x80, 0x9F, C1},
    // bad: ¦ ¤ ¨ ¬ ¯ ¸ ƒ ˆ ˇ ˘ ˛ ˜ † ‡ ‰ ⌐ ◊ �, and ª º (numeric in theory, mojibake in practice)
    {0xA6, 0xA6, BAD}, {0xA4, 0xA4, BAD}, {0xA8, 0xA8, BAD}, {0xAC, 0xAC, BAD}, {0xAF, 0xAF, BAD},
    {0xB8, 0xB8, BAD}, {0x192, 0x192, BAD}, {0x2C6, 0x2C7, BAD}, {0x2D8, 0x2D8, BAD}, {0x2DB, 0x2DC, BAD},
    {0x2020, 0x2021, BAD}, {0x2030, 0x2030, BAD}, {0x2310, 0x2310, BAD}, {0x25CA, 0x25CA, BAD},
    {0xFFFD, 0xFFFD, BAD}, {0xAA, 0xAA, BAD}, {0xBA, 0xBA, BAD},
    // law
    {0xB6, 0xB6, LAW}, {0xA7, 0xA7, LAW},
    // currency
    {0xA2, 0xA3, CURRENCY}, {0xA5, 0xA5, CURRENCY}, {0x20A7, 0x20A7, CURRENCY}, {0x20AC, 0x20AC, CURRENCY},
    // start punctuation
    {0xA1, 0xA1, START}, {0xAB, 0xAB, START}, {0xBF, 0xBF, START}, {0xA9, 0xA9, START}, {0x384, 0x385, START},
    {0x2018, 0x2018, START}, {0x201A, 0x201A, START}, {0x201C, 0x201C, START}, {0x201E, 0x201E, START},
    {0x2022, 0x2022, START}, {0x2039, 0x2039, START}, {0xF8FF, 0xF8FF, START},
    // end punctuation
    {0xAE, 0xAE, END}, {0xBB, 0xBB, END}, {0x2DD, 0x2DD, END}, {0x201D, 0x201D, END}, {0x203A, 0x203A, END},
    {0x2122, 0x2122, END},
    // numeric
    {0xB2, 0xB3, NUMERIC}, {0xB9, 0xB9, NUMERIC}, {0xB1, 0xB1, NUMERIC}, {0xBC, 0xBE, NUMERIC},
    {0xD7, 0xD7, NUMERIC}, {0xB5, 0xB5, NUMERIC}, {0xF7, 0xF7, NUMERIC}, {0x2044, 0x2044, NUMERIC},
    {0x2202, 0x2202, NUMERIC}, {0x2206, 0x2206, NUMERIC}, {0x220F, 0x220F, NUMERIC}, {0x2211, 0x2211, NUMERIC},
    {0x221A, 0x221A, NUMERIC}, {0x221E, 0x221E, NUMERIC}, {0x2229, 0x2229, NUMERIC}, {0x222B, 0x222B, NUMERIC},
    {0x2248, 0x2248, NUMERIC}, {0x2260, 0x2261, NUMERIC}, {0x2264, 0x2265, NUMERIC}, {0x2116, 0x2116, NUMERIC},
    // kaomoji
    {0xD2, 0xD6, KAOMOJI}, {0xD9, 0xDC, KAOMOJI}, {0xF2, 0xF6, KAOMOJI}, {0xF8, 0xFC, KAOMOJI},
    {0x150, 0x150, KAOMOJI}, {0x14C, 0x14C, KAOMOJI}, {0x16A, 0x16A, KAOMOJI}, {0x172, 0x172, KAOMOJI},
    {0xB0, 0xB0, KAOMOJI},
    // upper accented: À–Ñ, Ø Ü Ý, and the capitals of the Central European, Baltic and Turkish code pages
    {0xC0, 0xD1, UPPER_ACC}, {0xD8, 0xD8, UPPER_ACC}, {0xDC, 0xDD, UPPER_ACC}, {0x100, 0x100, UPPER_ACC},
    {0x102, 0x102, UPPER_ACC}, {0x104, 0x104, UPPER_ACC}, {0x106, 0x106, UPPER_ACC}, {0x10C, 0x10C, UPPER_ACC},
    {0x10E, 0x10E, UPPER_ACC}, {0x110, 0x110, UPPER_ACC}, {0x112, 0x112, UPPER_ACC}, {0x116, 0x116, UPPER_ACC},
    {0x118, 0x118, UPPER_ACC}, {0x11A, 0x11A, UPPER_ACC}, {0x11E, 0x11E, UPPER_ACC}, {0x122, 0x122, UPPER_ACC},
    {0x12A, 0x12A, UPPER_ACC}, {0x130, 0x130, UPPER_ACC}, {0x136, 0x136, UPPER_ACC}, {0x139, 0x139, UPPER_ACC},
    {0x13B, 0x13B, UPPER_ACC}, {0x13D, 0x13D, UPPER_ACC}, {0x141, 0x141, UPPER_ACC}, {0x143, 0x143, UPPER_ACC},
    {0x145, 0x145, UPPER_ACC}, {0x147, 0x147, UPPER_ACC}, {0x152, 0x152, UPPER_ACC}, {0x158, 0x158, UPPER_ACC},
    {0x15A, 0x15A, UPPER_ACC}, {0x15E, 0x15E, UPPER_ACC}, {0x160, 0x160, UPPER_ACC}, {0x162, 0x162, UPPER_ACC},
    {0x164, 0x164, UPPER_ACC}, {0x16E, 0x16E, UPPER_ACC}, {0x170, 0x170, UPPER_ACC}, {0x178, 0x179, UPPER_ACC},
    {0x17B, 0x17B, UPPER_ACC}, {0x17D, 0x17D, UPPER_ACC}, {0x490, 0x490, UPPER_ACC},
    // lower accented: ß, à–ñ, ü, and the small letters of the same code pages, ﬁ ﬂ
    {0xDF, 0xDF, LOWER_ACC}, {0xE0, 0xF1, LOWER_ACC}, {0xFC, 0xFC, LOWER_ACC}, {0x101, 0x101, LOWER_ACC},
    {0x103, 0x103, LOWER_ACC}, {0x105, 0x105, LOWER_ACC}, {0x107, 0x107, LOWER_ACC}, {0x10D, 0x10D, LOWER_ACC},
    {0x10F, 0x10F, LOWER_ACC}, {0x111, 0x111, LOWER_ACC}, {0x113, 0x113, LOWER_ACC}, {0x117, 0x117, LOWER_ACC},
    {0x119, 0x119, LOWER_ACC}, {0x11B, 0x11B, LOWER_ACC}, {0x11F, 0x11F, LOWER_ACC}, {0x123, 0x123, LOWER_ACC},
    {0x12B, 0x12B, LOWER_ACC}, {0x12F, 0x12F, LOWER_ACC}, {0x137, 0x137, LOWER_ACC}, {0x13A, 0x13A, LOWER_ACC},
    {0x13C, 0x13C, LOWER_ACC}, {0x13E, 0x13E, LOWER_ACC}, {0x142, 0x142, LOWER_ACC}, {0x153, 0x153, LOWER_ACC},
    {0x155, 0x155, LOWER_ACC}, {0x15B, 0x15B, LOWER_ACC}, {0x15F, 0x15F, LOWER_ACC}, {0x161, 0x161, LOWER_ACC},
    {0x165, 0x165, LOWER_ACC}, {0x17A, 0x17A, LOWER_ACC}, {0x17C, 0x17C, LOWER_ACC}, {0x17E, 0x17E, LOWER_ACC},
    {0x491, 0x491, LOWER_ACC}, {0xFB01, 0xFB02, LOWER_ACC},
    // upper common: Þ, Α–Ω and the accented Greek capitals, Ё–Я
    {0xDE, 0xDE, UPPER_COMMON}, {0x391, 0x3A9, UPPER_COMMON}, {0x386, 0x386, UPPER_COMMON},
    {0x388, 0x38A, UPPER_COMMON}, {0x38C, 0x38C, UPPER_COMMON}, {0x38E, 0x38F, UPPER_COMMON},
    {0x3AA, 0x3AB, UPPER_COMMON}, {0x401, 0x42F, UPPER_COMMON},
    // lower common: α–ω and the accented Greek small letters, а–џ
    {0x3B1, 0x3C9, LOWER_COMMON}, {0x3AC, 0x3B0, LOWER_COMMON}, {0x430, 0x45F, LOWER_COMMON},
    // box drawing (not the single horizontal line, which faces use)
    {0x2502, 0x2502, BOX}, {0x250C, 0x250C, BOX}, {0x2510, 0x2510, BOX}, {0x2518, 0x2518, BOX},
    {0x251C, 0x251C, BOX}, {0x2524, 0x2524, BOX}, {0x252C, 0x252C, BOX}, {0x253C, 0x253C, BOX},
    {0x2550, 0x256C, BOX}, {0x2580, 0x2580, BOX}, {0x2584, 0x2584, BOX}, {0x2588, 0x2588, BOX},
    {0x258C, 0x258C, BOX}, {0x2590, 0x2593, BOX},
};

// Categories of the code points below U+2600 in a flat table, the few above
// (U+F8FF, U+FB01–2, U+FFFD) looked up.
struct Categories {
  std::array<uint16_t, 0x2600> low{};
  uint16_t of(char32_t c) const {
    if (c < low.size()) return low[c];
    if (c == 0xF8FF) return START;
    if (c == 0xFB01 || c == 0xFB02) return LOWER_ACC;
    if (c == 0xFFFD) return BAD;
    return 0;
  }
};

const Categories &categories() {
  static const Categories table = [] {
    Categories t;
    for (const Range &r : category_table)
      for (char32_t c = r.first; c <= r.last; ++c)
        if (c < t.low.size()) t.low[c] |= r.cats;
    return t;
  }();
  return table;
}

// ---- the sequence rules (ftfy's BADNESS_RE) ---------------------------------

enum class Ascii : uint8_t { none, letter, lower, space, word, not_letter, any, literal_space, lower_or_stop };

// One position of a rule: a character matches if it is in one of the
// categories, is one of the listed characters, or passes the ASCII test.
struct Pred {
  Pred(uint16_t c, std::u32string_view ch = {}, Ascii t = Ascii::none) : cats(c), chars(ch), test(t) {}
  uint16_t cats;
  std::u32string_view chars;
  Ascii test;
};

// Where a rule may match: anywhere, at the start of the text it is given
// (a line, or a run cut out of one: ftfy's "^"), or at the start of a line
// only.
enum class At : uint8_t { anywhere, start, line_start };

struct Rule {
  Rule(std::vector<Pred> s, At a = At::anywhere) : seq(std::move(s)), at(a) {}
  std::vector<Pred> seq;
  At at;
};

bool is_space(char32_t c) { return c < 0x80 ? (c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F)) : u_isUWhiteSpace(static_cast<UChar32>(c)) != 0 || c == 0x85; }
// Python's \w: letters, anything with a numeric value, the underscore.
bool is_word(char32_t c) {
  return c == '_' || u_isalpha(static_cast<UChar32>(c)) || u_getNumericValue(static_cast<UChar32>(c)) != U_NO_NUMERIC_VALUE;
}
bool ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool matches(const Pred &p, char32_t c, uint16_t cat) {
  if (cat & p.cats) return true;
  if (!p.chars.empty() && p.chars.find(c) != std::u32string_view::npos) return true;
  switch (p.test) {
    case Ascii::none: return false;
    case Ascii::letter: return ascii_letter(c);
    case Ascii::lower: return c >= 'a' && c <= 'z';
    case Ascii::space: return is_space(c);
    case Ascii::word: return is_word(c);
    case Ascii::not_letter: return !ascii_letter(c);
    case Ascii::any: return c != '\n';
    case Ascii::literal_space: return c == ' ';
    case Ascii::lower_or_stop: return (c >= 'a' && c <= 'z') || c == '.' || c == ',' || c == '?' || c == '!';
  }
  return false;
}

// The rules, in ftfy's order.  Categories grouped as ftfy groups them.
const std::vector<Rule> &rules() {
  constexpr uint16_t LETTERISH = BAD | LOWER_ACC | UPPER_ACC | BOX | START | END | CURRENCY | NUMERIC | LAW;
  constexpr uint16_t AFTER_BAD = LOWER_ACC | UPPER_ACC | BOX | START | END | CURRENCY | NUMERIC | LAW;
  static const std::vector<Rule> r = {
      {{{C1}}},                                                                  // a C1 control
      {{{LETTERISH}, {BAD}}},                                                    // anything mojibake-like, then a bad one
      {{{0, U"", Ascii::letter}, {LOWER_COMMON | UPPER_COMMON}, {BAD}}},         // Latin, Greek/Cyrillic, bad
      {{{BAD}, {AFTER_BAD}}},                                                    // a bad one, then anything mojibake-like
      {{{LOWER_ACC | LOWER_COMMON | BOX | END | CURRENCY | NUMERIC}, {UPPER_ACC}}},  // "éÉ": a capital after small letters or signs
      {{{BOX | END | CURRENCY | NUMERIC}, {LOWER_ACC}}},                          // "€é"
      {{{LOWER_ACC | BOX | END}, {CURRENCY}}},                                   // "Ã©" in small letters: "â€"
      {{{0, U"", Ascii::space}, {UPPER_ACC}, {CURRENCY}}},                        // " Ã£"
      {{{UPPER_ACC}, {CURRENCY}}, At::line_start},                                         // the same at the start ("Ã¥klagare", ftfy #222)
      {{{UPPER_ACC | BOX}, {NUMERIC | LAW}}},                                    // "Ã±", "Â§"
      {{{LOWER_ACC | UPPER_ACC | BOX | CURRENCY | END}, {START}, {NUMERIC}}},
      {{{LOWER_ACC | UPPER_ACC | CURRENCY | NUMERIC | BOX | LAW}, {END}, {START}}},
      {{{CURRENCY | NUMERIC | BOX}, {START}}},
      {{{0, U"", Ascii::lower}, {UPPER_ACC}, {START | CURRENCY}}},
      {{{BOX}, {KAOMOJI}}},
      {{{LOWER_ACC | UPPER_ACC | CURRENCY | NUMERIC | START | END | LAW}, {BOX}}},
      {{{BOX}, {END}}},
      {{{LOWER_ACC | UPPER_ACC}, {START | END}, {0, U"", Ascii::word}}},          // "Ã©t": punctuation inside a word
      {{{0, U"Œœ"}, {0, U"", Ascii::not_letter}}},                               // œ not followed by a Latin letter
      {{{UPPER_ACC}, {0, U"°"}}},                                                // a degree sign after a capital
      // Common two-character windows-1252 mojibake the categories miss.
      {{{0, U"ÂÃÎÐ"}, {START | END, U"€œŠš¢£Ÿž\u00a0\u00ad®©°·»–—´"}}},
      {{{0, U"×"}, {0, U"²³"}}},
      // windows-1252 mojibake of Arabic: four characters, as it takes in common ones.
      {{{0, U"ØÙ"}, {COMMON | CURRENCY | BAD | NUMERIC | START, U"ŸŠ®°µ»"},
        {0, U"ØÙ"}, {COMMON | CURRENCY | BAD | NUMERIC | START, U"ŸŠ®°µ»"}}},
      {{{0, U"à"}, {0, U"²µ¹¼½¾"}}},                                             // South Asian scripts in windows-1252
      // MacRoman mojibake the categories miss.
      {{{0, U"√"}, {0, U"±∂†≠®™´≤≥¥µø"}}},
      {{{0, U"≈"}, {0, U"°¢"}}},
      {{{0, U"‚"}, {0, U"Ä"}, {0, U"ìîïòôúùû†°¢π"}}},
      {{{0, U"‚"}, {0, U"âó"}, {0, U"àä°ê"}}},
      {{{0, U"в"}, {0, U"Ђ"}}},                                                   // windows-1251 of U+2000–U+203F
      // windows-1251 of Latin-1 characters or Cyrillic: three characters.
      {{{0, U"ВГРС"}, {C1 | BAD | START | END | CURRENCY, U"°µ"}, {0, U"ВГРС"}}},
      // windows-1251 on top of windows-1252 mojibake, near a Latin letter.
      {{{0, U"Г"}, {0, U"ў"}, {0, U"В"}, {0, U"Ђ"}, {0, U"В"}, {0, U"", Ascii::any}, {0, U" ", Ascii::letter}}},
      {{{0, U"Ã"}, {0, U"\u00a0¡"}}},                                            // à and á, and U+00A0 itself
      {{{0, U"", Ascii::lower}, {0, U"", Ascii::space}, {0, U"ÃÂ"}, {0, U"", Ascii::literal_space}}},
      {{{0, U"", Ascii::lower}, {0, U"ÃÂ"}, {0, U"", Ascii::literal_space}}},
      {{{0, U"ÃÂ"}, {0, U"", Ascii::literal_space}}, At::start},
      // Â before the character it is the mojibake of.
      {{{END, U"", Ascii::lower_or_stop}, {0, U"Â"}, {START | END, U"", Ascii::literal_space}}},
      {{{0, U"β"}, {0, U"€"}, {0, U"™\u00a0Ά\u00ad®°"}}},                        // windows-1253 of U+2000–U+203F
      {{{0, U"ΒΓΞΟ"}, {C1 | BAD | START | END | CURRENCY, U"°"}, {0, U"ΒΓΞΟ"}}},  // windows-1253 of Latin-1 or Greek
      {{{0, U"ā"}, {0, U"€"}}},                                                   // windows-1257 of U+2000–U+203F
      // KOI8-R of Cyrillic: the lead bytes D0 and D1 show as п and я, the
      // continuation bytes as box drawing, which no word has after a letter.
      {{{0, U"пя"}, {BOX, U"─└┴■∙√≈≤≥⌠⌡÷═║╒╓╔╕╖╗╘╙╚╛╜╝╞╟╠╡╢╣╤╥╦╧╨╩╪╫╬▀▄█▌▐░▒▓"}}},
  };
  return r;
}

// The length of the rule's match at t[i], or 0.
size_t match_at(const Rule &rule, const Text &t, size_t i, const Categories &cat, bool whole) {
  if (rule.at != At::anywhere && (i != 0 || (rule.at == At::line_start && !whole))) return 0;
  if (i + rule.seq.size() > t.size()) return 0;
  for (size_t k = 0; k < rule.seq.size(); ++k)
    if (!matches(rule.seq[k], t[i + k], cat.of(t[i + k]))) return 0;
  return rule.seq.size();
}

// Counts matches as a regular expression's findall does: leftmost, the first
// rule that matches, then on after it.  stop_at_one: is_bad.  whole: t is
// a whole line, not a run cut out of one (whose start is no start).
int count_badness(const Text &t, bool stop_at_one, bool whole = true) {
  const Categories &cat = categories();
  bool any = false;
  for (char32_t c : t)
    if (cat.of(c)) {
      any = true;
      break;
    }
  if (!any) return 0;
  int n = 0;
  for (size_t i = 0; i < t.size();) {
    // Every rule has a categorised character in its first two places, or
    // in its third after a space.
    const bool near = cat.of(t[i]) || (i + 1 < t.size() && cat.of(t[i + 1])) || (i + 2 < t.size() && cat.of(t[i + 2]));
    size_t len = 0;
    if (near)
      for (const Rule &r : rules())
        if ((len = match_at(r, t, i, cat, whole))) break;
    if (len) {
      ++n;
      if (stop_at_one) return n;
      i += len;
    } else {
      ++i;
    }
  }
  return n;
}

bool is_bad(const Text &t, bool whole = true) { return count_badness(t, true, whole) > 0; }

// ---- byte patterns (restore_byte_a0, replace_lossy_sequences) ------------------

using ByteSet = std::array<bool, 256>;

ByteSet bytes_of(std::initializer_list<std::pair<int, int>> ranges) {
  ByteSet s{};
  for (auto [a, b] : ranges)
    for (int c = a; c <= b; ++c) s[static_cast<size_t>(c)] = true;
  return s;
}

using BytePattern = std::vector<ByteSet>;

size_t byte_match(const BytePattern &p, const std::string &b, size_t i) {
  if (i + p.size() > b.size()) return 0;
  for (size_t k = 0; k < p.size(); ++k)
    if (!p[k][static_cast<unsigned char>(b[i + k])]) return 0;
  return p.size();
}

// UTF-8 sequences that would be valid if a byte 0xA0 had not become a space
// (ftfy's ALTERED_UTF8_RE): only lead bytes that give likely characters.
const std::vector<BytePattern> &altered_utf8() {
  static const std::vector<BytePattern> p = [] {
    const ByteSet lead2 = bytes_of({{0xC2, 0xC3}, {0xC5, 0xC5}, {0xCE, 0xCE}, {0xD0, 0xD0}, {0xD9, 0xD9}});
    const ByteSet sp = bytes_of({{0x20, 0x20}});
    const ByteSet cont_not_85_a0 = bytes_of({{0x80, 0x84}, {0x86, 0x9F}, {0xA1, 0xBF}});
    const ByteSet e2e3 = bytes_of({{0xE2, 0xE3}}), e0e3 = bytes_of({{0xE0, 0xE3}});
    const ByteSet f0 = bytes_of({{0xF0, 0xF0}}), cont = bytes_of({{0x80, 0xBF}});
    return std::vector<BytePattern>{{lead2, sp},          {e2e3, sp, cont_not_85_a0}, {e0e3, cont_not_85_a0, sp},
                                    {f0, sp, cont, cont}, {f0, cont, sp, cont},       {f0, cont, cont, sp}};
  }();
  return p;
}

// UTF-8 sequences with a byte lost to U+FFFD (written 0x1A) or to an ASCII
// '?' (ftfy's LOSSY_UTF8_RE): each becomes one U+FFFD.
const std::vector<BytePattern> &lossy_utf8() {
  static const std::vector<BytePattern> p = [] {
    const ByteSet sub = bytes_of({{0x1A, 0x1A}}), q = bytes_of({{'?', '?'}}), sub_q = bytes_of({{0x1A, 0x1A}, {'?', '?'}});
    const ByteSet sub_cont = bytes_of({{0x1A, 0x1A}, {0x80, 0xBF}}), any_cont = bytes_of({{0x1A, 0x1A}, {'?', '?'}, {0x80, 0xBF}});
    const ByteSet c2df = bytes_of({{0xC2, 0xDF}}), c2c3 = bytes_of({{0xC2, 0xC3}}), ed = bytes_of({{0xED, 0xED}});
    const ByteSet hi_sur = bytes_of({{0xA0, 0xAF}}), lo_sur = bytes_of({{0xB0, 0xBF}});
    const ByteSet e0ef = bytes_of({{0xE0, 0xEF}}), f0f4 = bytes_of({{0xF0, 0xF4}});
    return std::vector<BytePattern>{
        {c2df, sub},
        {c2c3, q},
        {ed, hi_sur, sub_q, ed, lo_sur, any_cont},
        {ed, hi_sur, any_cont, ed, lo_sur, sub_q},
        {e0ef, sub_q, sub_cont},
        {e0ef, sub_cont, sub_q},
        {f0f4, sub_q, sub_cont, sub_cont},
        {f0f4, sub_cont, sub_q, sub_cont},
        {f0f4, sub_cont, sub_cont, sub_q},
        {sub},
    };
  }();
  return p;
}

bool byte_search(const std::vector<BytePattern> &ps, const std::string &b) {
  for (size_t i = 0; i < b.size(); ++i)
    for (const auto &p : ps)
      if (byte_match(p, b, i)) return true;
  return false;
}

// ftfy's restore_byte_a0: "Ã " before a word is "à" (but not before the
// Portuguese "às", "àquele", "àquela", "àquilo"); then the spaces inside
// the sequences above become 0xA0 again.
std::string restore_byte_a0(const std::string &b) {
  std::string s;
  s.reserve(b.size() + 8);
  for (size_t i = 0; i < b.size(); ++i) {
    if (static_cast<unsigned char>(b[i]) == 0xC3 && i + 1 < b.size() && b[i + 1] == ' ') {
      const std::string_view after = std::string_view(b).substr(i + 2);
      const bool keep = after.rfind(" ", 0) == 0 || after.rfind("quele", 0) == 0 || after.rfind("quela", 0) == 0 ||
                        after.rfind("quilo", 0) == 0 || after.rfind("s ", 0) == 0;
      if (!keep) {
        s += "\xC3\xA0 ";
        ++i;
        continue;
      }
    }
    s += b[i];
  }
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    for (const auto &p : altered_utf8())
      if ((len = byte_match(p, s, i))) break;
    if (!len) {
      out += s[i++];
      continue;
    }
    for (size_t k = 0; k < len; ++k) out += s[i + k] == ' ' ? '\xA0' : s[i + k];
    i += len;
  }
  return out;
}

std::string replace_lossy_sequences(const std::string &b) {
  std::string out;
  out.reserve(b.size());
  for (size_t i = 0; i < b.size();) {
    size_t len = 0;
    for (const auto &p : lossy_utf8())
      if ((len = byte_match(p, b, i))) break;
    if (len) {
      out += "\xEF\xBF\xBD";
      i += len;
    } else {
      out += b[i++];
    }
  }
  return out;
}

// UTF-8, with the two variants ftfy accepts: CESU-8 (a pair of surrogates
// each encoded on its own, as Java and old MySQL do) and C0 80 for NUL.
// Only these two byte patterns are matched here; every other character is
// decoded by utf8_len (ICU's U8_NEXT).  No library decodes the mixture: ICU's
// CESU-8 converter refuses the 4-byte forms that the same texts also hold.
std::optional<Text> decode_utf8_variants(const std::string &b) {
  Text out;
  out.reserve(b.size());
  const auto u = [&](size_t k) { return static_cast<unsigned char>(b[k]); };
  for (size_t i = 0; i < b.size();) {
    if (u(i) == 0xED && i + 5 < b.size() && u(i + 1) >= 0xA0 && u(i + 1) <= 0xAF && (u(i + 2) & 0xC0) == 0x80 &&
        u(i + 3) == 0xED && u(i + 4) >= 0xB0 && u(i + 4) <= 0xBF && (u(i + 5) & 0xC0) == 0x80) {
      const char32_t hi = 0xD000 | ((u(i + 1) & 0x3F) << 6) | (u(i + 2) & 0x3F);
      const char32_t lo = 0xD000 | ((u(i + 4) & 0x3F) << 6) | (u(i + 5) & 0x3F);
      out += 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
      i += 6;
      continue;
    }
    if (u(i) == 0xC0 && i + 1 < b.size() && u(i + 1) == 0x80) {
      out += U'\0';
      i += 2;
      continue;
    }
    char32_t c;
    const size_t n = utf8_len(b, i, &c);
    if (!n) return std::nullopt;
    out += c;
    i += n;
  }
  return out;
}

// ---- the code pages a UTF-8 text can have been read in ---------------------------

// ftfy's order: the likely ones first.
const char *const charmap_encodings[] = {"latin-1",      "windows-1252", "windows-1251", "windows-1250", "windows-1253",
                                         "windows-1254", "windows-1257", "iso-8859-2",   "macroman",     "cp437",
                                         "koi8-r"};

std::optional<std::string> encode_in(const Text &t, const CodePage &cp) {
  std::string b;
  b.reserve(t.size());
  for (char32_t c : t) {
    if (cp.sloppy && c == 0x1A) return std::nullopt;  // 0x1A stands for U+FFFD there
    const int byte = cp.encode(c);
    if (byte < 0) return std::nullopt;
    b += static_cast<char>(byte);
  }
  return b;
}

// ---- runs of UTF-8 mojibake inside other text (UTF8_DETECTOR_RE) ------------------

struct Clues {
  std::unordered_set<char32_t> first2, first3, first4, cont, strict;
};

// What bytes decode to in the code pages that mix with UTF-8 most: the
// characters a lead byte (0xC2–0xDF, 0xE0–0xEF, 0xF0–0xF4) or a
// continuation byte (0x80–0xBF) can show as.  A space stands in for 0xA0
// as a continuation; "strict" continuations leave out the spaces, dashes,
// quotes, bullet and ellipsis that stand for themselves next to mojibake.
const Clues &clues() {
  static const Clues c = [] {
    Clues k;
    for (const char *name : {"latin-1", "windows-1250", "windows-1251", "windows-1252", "windows-1253", "windows-1254", "windows-1257"}) {
      const CodePage &cp = code_page(name);
      for (int b = 0x80; b <= 0xFF; ++b) {
        const char32_t ch = cp.high[b - 0x80];
        if (b <= 0xBF) k.cont.insert(ch), k.strict.insert(ch);
        else if (b >= 0xC2 && b <= 0xDF) k.first2.insert(ch);
        else if (b >= 0xE0 && b <= 0xEF) k.first3.insert(ch);
        else if (b >= 0xF0 && b <= 0xF4) k.first4.insert(ch);
      }
    }
    k.cont.insert(U' ');
    for (char32_t ch : std::u32string_view(U"–—―‘’‚“”„•…")) k.strict.erase(ch);
    return k;
  }();
  return c;
}

Text fix_encoding(const Text &t, int depth, std::vector<std::string> *how);

// Fixes each run on its own; *how gets what the runs were read as.
Text decode_inconsistent_utf8(const Text &t, int depth, std::vector<std::string> *how) {
  const Clues &k = clues();
  const auto unit = [&](size_t i) -> size_t {
    const auto cont_run = [&](size_t from, size_t n) {
      if (from + n > t.size()) return false;
      for (size_t j = from; j < from + n; ++j)
        if (!k.cont.count(t[j])) return false;
      return true;
    };
    if (k.first2.count(t[i]) && cont_run(i + 1, 1)) return 2;
    if (k.first3.count(t[i]) && cont_run(i + 1, 2)) return 3;
    if (k.first4.count(t[i]) && cont_run(i + 1, 3)) return 4;
    return 0;
  };
  Text out;
  bool changed = false;
  for (size_t i = 0; i < t.size();) {
    size_t j = i;
    if (i == 0 || !k.strict.count(t[i - 1])) {
      while (j < t.size()) {
        const size_t n = unit(j);
        if (!n) break;
        j += n;
      }
    }
    if (j == i) {
      out += t[i++];
      continue;
    }
    const Text run = t.substr(i, j - i);
    if (run.size() < t.size() && is_bad(run, false)) {
      const Text fixed = fix_encoding(run, depth + 1, how);
      changed |= fixed != run;
      out += fixed;
    } else {
      out += run;
    }
    i = j;
  }
  return changed ? out : t;
}

char32_t c1_as_windows_1252(char32_t c) {
  return c >= 0x80 && c <= 0x9F ? code_page("windows-1252").high[c - 0x80] : c;
}

struct Step {
  Text text;
  std::string how;  // empty: nothing changed
};

// One step of ftfy's fix_encoding.
Step fix_one_step(const Text &t, int depth) {
  bool ascii = true;
  for (char32_t c : t) ascii &= c < 0x80;
  if (ascii || !is_bad(t)) return {t, ""};
  bool latin1_possible = false;
  for (const char *name : charmap_encodings) {
    const CodePage &cp = code_page(name);
    std::optional<std::string> bytes = encode_in(t, cp);
    if (!bytes) continue;
    if (cp.name == "latin-1") latin1_possible = true;
    std::string b = *bytes;
    std::string extra;
    // The space of a no-break space lost in transit (not in MacRoman, where
    // it would be an en dash before a space).
    if (cp.name != "macroman" && byte_search(altered_utf8(), b)) {
      std::string r = restore_byte_a0(b);
      if (r != b) b = std::move(r), extra = ", with lost no-break spaces put back";
    }
    if (cp.sloppy) {
      std::string r = replace_lossy_sequences(b);
      if (r != b) b = std::move(r), extra += ", with lost bytes as U+FFFD";
    }
    if (std::optional<Text> fixed = decode_utf8_variants(b)) return {*fixed, "UTF-8 read as " + cp.name + extra};
  }
  // Mojibake inside other text, fixed run by run.
  {
    std::vector<std::string> inner;
    Text fixed = decode_inconsistent_utf8(t, depth, &inner);
    if (fixed != t) {
      std::string what;
      for (const auto &h : inner)
        if (what.find(h) == std::string::npos) what += (what.empty() ? "" : ", ") + h;
      return {fixed, "in part of the line: " + (what.empty() ? std::string("UTF-8 read as a single-byte code page") : what)};
    }
  }
  bool c1 = false, undefined_in_1252 = false;
  for (char32_t c : t) {
    c1 |= c >= 0x80 && c <= 0x9F;
    undefined_in_1252 |= c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D;
  }
  if (latin1_possible && c1 && !undefined_in_1252) {
    Text fixed = t;
    for (char32_t &c : fixed) c = c1_as_windows_1252(c);
    return {fixed, "windows-1252 read as Latin-1"};
  }
  if (c1) {
    Text fixed = t;
    for (char32_t &c : fixed) c = c1_as_windows_1252(c);
    if (fixed != t) return {fixed, "C1 controls read as windows-1252"};
  }
  return {t, ""};
}

// Repeats the steps until nothing changes (double and triple mojibake).
Text fix_encoding(const Text &t, int depth, std::vector<std::string> *how) {
  Text cur = t;
  if (depth > 4) return cur;
  for (int pass = 0; pass < 8; ++pass) {
    Step s = fix_one_step(cur, depth);
    if (s.how.empty() || s.text == cur) break;
    if (how) how->push_back(s.how);
    cur = std::move(s.text);
  }
  return cur;
}


}  // namespace

int mojibake_badness(std::string_view utf8) {
  bool ascii = true;
  for (char c : utf8) ascii &= static_cast<unsigned char>(c) < 0x80;
  return ascii ? 0 : count_badness(to_u32(utf8), false);
}

std::string MojibakeRepair::summary() const {
  std::string s;
  for (size_t i = 0; i < how.size(); ++i) {
    if (i > 0 && how[i] == how[i - 1]) continue;
    size_t same = 1;
    while (i + same < how.size() && how[i + same] == how[i]) ++same;
    s += (s.empty() ? "" : "; ") + how[i] + (same == 2 ? ", twice" : same > 2 ? ", " + std::to_string(same) + " times" : "");
  }
  return s;
}

namespace {

// Whether any rule can match: every rule needs a C1 control, an œ, an Ã or
// Â, two categorised characters side by side, or (KOI8-R) a п or я before
// another character that is not ASCII.  Most lines with accents
// and curly quotes have none, and this looks at their UTF-8 without
// converting it.
bool may_be_bad(std::string_view s) {
  const Categories &cat = categories();
  uint16_t prev = 0;
  char32_t prev_c = 0;
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      prev = 0, prev_c = 0;
      ++i;
      continue;
    }
    char32_t c;
    size_t n = utf8_len(s, i, &c);
    if (!n) n = 1, c = 0xFFFD;
    const uint16_t k = cat.of(c);
    // Two Greek or Cyrillic letters side by side are only evidence as "вЂ"
    // or "ВЂ" (windows-1251 of U+2000–U+203F); Russian and Greek text
    // leaves here.
    constexpr uint16_t letters = LOWER_COMMON | UPPER_COMMON;
    const bool pair = k && prev && (((k | prev) & ~letters) != 0 || c == U'Ђ');
    if ((k & C1) || c == U'œ' || c == U'Œ' || c == U'Ã' || c == U'Â' || pair || prev_c == U'п' || prev_c == U'я') return true;
    prev = k, prev_c = c;
    i += n;
  }
  return false;
}

}  // namespace

MojibakeRepair repair_mojibake(std::string &utf8) {
  MojibakeRepair r;
  // The fast way out for clean lines: ASCII, or no sequence any rule needs.
  if (!may_be_bad(utf8)) return r;
  const Text t = to_u32(utf8);
  const int before = count_badness(t, false);
  if (before == 0) return r;
  // An all-capitals word that ends in Â before a no-break space ("MISUTÂ
  // AJIKKO", a Romanian "CÂ ") is as likely text as the mojibake of a lone
  // no-break space, and the repair would only drop the letter: when that is
  // the only evidence, there is none.
  {
    Text neutral = t;
    bool any = false;
    for (size_t i = 1; i + 1 < neutral.size(); ++i)
      if (neutral[i] == U'Â' && neutral[i + 1] == 0xA0 && neutral[i - 1] >= 'A' && neutral[i - 1] <= 'Z') neutral[i] = 'A', any = true;
    if (any && count_badness(neutral, false) == 0) return r;
  }
  std::vector<std::string> how;
  const Text fixed = fix_encoding(t, 0, &how);
  // Keep the result only when it is no worse than the input: the steps
  // decode bytes as UTF-8, which random text almost never is, and this
  // guards against a run decoded into something as odd as what it was.
  if (fixed == t || count_badness(fixed, false) > before) return r;
  utf8 = to_utf8(fixed);
  r.steps = static_cast<int>(how.size());
  r.how = std::move(how);
  return r;
}

}  // namespace textclean
