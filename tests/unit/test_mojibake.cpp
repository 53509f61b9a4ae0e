// The mojibake repair on ftfy's published test cases (tests/data/ftfy/) and
// on our own suite (tests/data/mojibake/): what it fixes, what it leaves,
// and that it never changes text that needs no change.
#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "mojibake.hpp"

using namespace textclean;

namespace {

struct Case {
  std::string file, label, original, expected;
  bool ftfy_passes = true;  // ftfy's own expectation ("expect": "pass")
  bool expected_from_fix_text = false;
};

// ftfy's fix_text also straightens curly quotes; where a case gives only
// fix_text's result, a repair that is right but for the quotes is right.
std::string uncurl_quotes(const std::string &s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      const unsigned char d = static_cast<unsigned char>(s[i + 2]);
      if (d >= 0x98 && d <= 0x9B) { out += '\''; i += 2; continue; }
      if (d >= 0x9C && d <= 0x9F) { out += '"'; i += 2; continue; }
    }
    if (c == 0xCA && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC) { out += '\''; ++i; continue; }
    out += s[i];
  }
  return out;
}

std::string slurp(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<Case> load(const std::string &dir, const std::vector<std::string> &files) {
  std::vector<Case> cases;
  for (const auto &f : files) {
    const std::string json = slurp(dir + "/" + f);
    REQUIRE_FALSE(json.empty());
    Poco::JSON::Parser parser;
    auto arr = parser.parse(json).extract<Poco::JSON::Array::Ptr>();
    for (size_t i = 0; i < arr->size(); ++i) {
      auto o = arr->getObject(static_cast<unsigned>(i));
      Case c;
      c.file = f;
      c.label = o->getValue<std::string>("label");
      c.original = o->getValue<std::string>("original");
      // fix_encoding's result where the case gives it; "fixed" is fix_text's
      // (which also uncurls quotes and more).
      c.expected = o->has("fixed-encoding") ? o->getValue<std::string>("fixed-encoding") : o->getValue<std::string>("fixed");
      c.ftfy_passes = !o->has("expect") || o->getValue<std::string>("expect") == "pass";
      c.expected_from_fix_text = !o->has("fixed-encoding");
      cases.push_back(std::move(c));
    }
  }
  return cases;
}

// Cases that ftfy labels as another code page than Latin-1/windows-1252.
bool other_code_page(const std::string &label) {
  for (const char *k : {"MacRoman", "437", "1250", "1251", "1257", "8859-2", "KOI8"})
    if (label.find(k) != std::string::npos) return true;
  return false;
}

struct Tally {
  int cases = 0, fixed = 0, unchanged = 0, damaged = 0, ftfy_fixed = 0;
  std::vector<std::string> misses;
};

}  // namespace

TEST_CASE("ftfy's test cases: no text that needs no change is changed, and more is fixed than ftfy fixes") {
  const auto cases = load(FTFY_DATA_DIR, {"in-the-wild.json", "synthetic.json", "negative.json", "language-names.json",
                                         "known-failures.json"});
  REQUIRE(cases.size() == 163);
  Tally clean, latin, other;
  for (const auto &c : cases) {
    std::string out = c.original;
    repair_mojibake(out);
    Tally &t = c.original == c.expected ? clean : other_code_page(c.label) ? other : latin;
    ++t.cases;
    t.ftfy_fixed += c.ftfy_passes;
    if (out == c.expected || (c.expected_from_fix_text && out != c.original && uncurl_quotes(out) == c.expected)) {
      ++t.fixed;
    } else {
      (out == c.original ? t.unchanged : t.damaged)++;
      t.misses.push_back((out == c.original ? "left:    " : "damaged: ") + c.label + "\n    got      " + out + "\n    expected " + c.expected);
    }
  }
  const int scope_cases = clean.cases + latin.cases, scope_fixed = clean.fixed + latin.fixed;
  const int scope_damaged = clean.damaged + latin.damaged;
  std::cout << "ftfy test cases (" << cases.size() << "):\n"
            << "  needing no change:        " << clean.fixed << " of " << clean.cases << " left alone\n"
            << "  Latin-1/windows-1252:     " << latin.fixed << " of " << latin.cases << " fixed, " << latin.unchanged
            << " left, " << latin.damaged << " damaged (ftfy: " << latin.ftfy_fixed << ")\n"
            << "  in scope (the two above): " << scope_fixed << " of " << scope_cases << " right, " << scope_damaged
            << " damaged (ftfy: 123 right, 4 damaged, as issue 14 measured)\n"
            << "  other code pages:         " << other.fixed << " of " << other.cases << " fixed, " << other.unchanged
            << " left, " << other.damaged << " damaged (ftfy: " << other.ftfy_fixed << ")\n";
  for (const Tally *t : {&clean, &latin, &other})
    for (const auto &m : t->misses) std::cout << "  " << m << "\n";

  CHECK(clean.damaged == 0);
  CHECK(scope_fixed >= 123);
  CHECK(scope_damaged < 4);
  CHECK(other.fixed * 4 >= other.cases * 3);
}

TEST_CASE("our own suite: real mojibake is fixed, clean text that looks suspicious is left byte for byte") {
  const auto mojibake = load(MOJIBAKE_DATA_DIR, {"mojibake.json"});
  const auto clean = load(MOJIBAKE_DATA_DIR, {"clean.json"});
  CHECK(clean.size() >= mojibake.size());
  int fixed = 0;
  for (const auto &c : mojibake) {
    std::string out = c.original;
    repair_mojibake(out);
    INFO(c.label << "\n  got      " << out << "\n  expected " << c.expected);
    CHECK(out == c.expected);
    fixed += out == c.expected;
  }
  int kept = 0;
  for (const auto &c : clean) {
    std::string out = c.original;
    const MojibakeRepair r = repair_mojibake(out);
    INFO(c.label << ": " << r.summary() << "\n  got " << out);
    CHECK(out == c.original);
    kept += out == c.original;
  }
  std::cout << "own suite: " << fixed << " of " << mojibake.size() << " mojibake cases fixed, " << kept << " of " << clean.size()
            << " clean texts byte-identical\n";
}
