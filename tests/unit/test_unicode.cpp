// The UTF-8 character helpers every built-in plugin uses (plugins/common/unicode.hpp).
#include <catch2/catch.hpp>

#include "common/front_coded.hpp"
#include "common/page_lines.hpp"
#include "common/unicode.hpp"

#include <Poco/UTF8Encoding.h>
#include <Poco/UTF8String.h>

using namespace pubpipe::text;

TEST_CASE("unicode: letters of any script are classified, not bytes") {
  CHECK(starts_upper("\xC3\x89mile"));        // Émile
  CHECK_FALSE(starts_upper("\xC3\xA9t\xC3\xA9"));  // été
  CHECK(starts_lower("\xC3\xA9t\xC3\xA9"));
  CHECK(starts_upper("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"));  // Москва
  CHECK_FALSE(starts_upper("\xE2\x80\x9CQuoted"));  // a quotation mark is no letter
  CHECK_FALSE(starts_upper("\xE4\xB8\xAD\xE6\x96\x87"));  // Han has no case
  CHECK(is_alpha(first_char("\xE4\xB8\xAD")));
  CHECK(is_digit(first_char("\xD9\xA3")));  // Arabic-Indic three
}

TEST_CASE("unicode: decoding, counting and invalid bytes") {
  size_t n = 0;
  CHECK(char_at("\xE2\x82\xAC!", 0, &n) == 0x20AC);
  CHECK(n == 3);
  CHECK(char_at("\xFF" "a", 0, &n) == 0xFFFD);
  CHECK(n == 1);
  CHECK(char_at("\xE2\x82", 0, &n) == 0xFFFD);  // truncated sequence
  CHECK(char_count("na\xC3\xAFve") == 5);
  CHECK(char_count("\xC3") == 1);
  CHECK(last_char("caf\xC3\xA9") == 0xE9);
  CHECK(last_char("ab\xC3") == 0xFFFD);
  CHECK(first_char("") == 0);
  CHECK(last_char("") == 0);
}

TEST_CASE("unicode: case mapping beyond ASCII") {
  CHECK(lower("\xC3\x89T\xC3\x89 \xC3\x80 PARIS") == "\xC3\xA9t\xC3\xA9 \xC3\xA0 paris");
  CHECK(lower("\xD0\x9C\xD0\x9E") == "\xD0\xBC\xD0\xBE");
  CHECK(capitalize("\xC3\xA9" "cole") == "\xC3\x89""cole");
  CHECK(capitalize("") == "");
  CHECK(has_lower("ABc"));
  CHECK_FALSE(has_lower("ABC 123"));
  CHECK(all_lower("\xC3\xA9t\xC3\xA9 42"));
  CHECK_FALSE(all_lower("\xC3\x89t\xC3\xA9"));
}

TEST_CASE("unicode: clip quotes a text without cutting a character") {
  CHECK(clip("caf\xC3\xA9 noir", 4) == "caf\xC3\xA9\xE2\x80\xA6");  // byte 4 is inside the é
  CHECK(clip("caf\xC3\xA9 noir", 3) == "caf\xE2\x80\xA6");
  CHECK(clip("short", 40) == "short");
  CHECK(clip("", 5) == "");
}

TEST_CASE("unicode: lower() maps every code point as Poco's UTF8::toLower does, and keeps invalid bytes") {
  Poco::UTF8Encoding utf8;
  for (int cp = 1; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    unsigned char bytes[4];
    const int n = utf8.convert(cp, bytes, 4);
    const std::string s(reinterpret_cast<const char *>(bytes), static_cast<size_t>(n));
    if (lower(s) != Poco::UTF8::toLower(s)) FAIL("code point " << cp);
  }
  CHECK(lower("A\xFF" "B\xC3") == "a\xFF" "b\xC3");
}

TEST_CASE("a photo credit is a slash between two words, the second capitalised; both text stages call this one") {
  using pubpipe::text::credit_line;
  CHECK(credit_line("JIM WATSON/AFP/Getty Images"));
  CHECK(credit_line("Thomas Jackson/Digital Vision/Getty Images"));
  CHECK(credit_line("Credit: DESMOND KWANDE/ AFP"));
  CHECK(credit_line("Photo: \xC3\x89mile Zola/\xC3\x89" "ditions"));  // capitals of any script
  CHECK_FALSE(credit_line("either/or"));
  CHECK_FALSE(credit_line("See https://example.com/News"));
  CHECK_FALSE(credit_line("The committee met on Tuesday and agreed that the new rules, which ministers/Parliament will debate, start soon"));
}

TEST_CASE("FrontCoded gives back every string, across blocks, shared beginnings and ends longer than a byte can say, and none") {
  std::vector<std::string> in;
  for (int i = 0; i < 40; ++i) in.push_back("article-" + std::to_string(10000 + i) + ".txt");
  in.push_back(std::string(300, 'a') + "x");
  in.push_back(std::string(300, 'a') + "y");
  in.push_back("x" + std::string(300, 'b'));
  in.push_back("y" + std::string(300, 'b'));
  in.push_back("abcabc");
  in.push_back("abc");  // all of it shared: its beginning, not also its end
  in.push_back("abcabc");
  in.push_back("");
  in.push_back("b");
  in.push_back("ab");
  pubpipe::FrontCoded list;
  for (const auto &s : in) list.push_back(s);
  REQUIRE(list.size() == in.size());
  for (size_t i = 0; i < in.size(); ++i) CHECK(list[i] == in[i]);
  size_t raw = 0;
  for (const auto &s : in) raw += s.size();
  CHECK(list.bytes() < raw);
  pubpipe::FrontCoded names;  // the end each name shares with the one before is not written again
  names.push_back("article-00040.txt");
  names.push_back("article-00041.txt");
  CHECK(names.bytes() == 18 + 4);
  CHECK(names[1] == "article-00041.txt");
}
