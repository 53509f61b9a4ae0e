// Headlines and bylines of scraped pages (issue 13): where the headline is
// looked for, and which lines credit a person.
#include <catch2/catch.hpp>

#include <algorithm>

#include "page_helpers.hpp"

using namespace textclean;
using namespace textclean::testing;

namespace {

std::vector<std::string> article_of(const std::string &page) {
  return texts(extract_article(page_of(page), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
}

std::string menu(std::initializer_list<const char *> entries) {
  std::string s;
  for (const char *m : entries) s += std::string(m) + "\n\n";
  return s;
}

std::string prose() {
  std::string s;
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  return s;
}

// A copy of a rendered page whose first paragraph is a box above the
// article (a cookie note), then a menu, then HEADER and the article.
std::string boxed_page(const std::string &header) {
  std::string s = menu({"Skip to content", "News", "Sport", "Weather", "Shop"});
  s += "Please accept our privacy terms\n\n";
  s += "We use cookies and similar technologies to improve your browsing experience, to show you content that suits you and to count our visitors.\n\n";
  s += menu({"Accept", "Manage settings", "Health A-Z", "Eye Health", "Featured Topics", "Skin Problems", "Allergies", "Font Size"});
  return s + header + prose() + menu({"Terms of Use", "About us", "Privacy Policy", "Contact us"});
}

}  // namespace

TEST_CASE("headline: a line with a By byline and the text under it, after a box that came first, is the headline") {
  const auto out = article_of(boxed_page("Ryanair plans 2,500 jobs across Europe\n\nBy Ann Lee\n\n"));
  REQUIRE(out.size() >= 2);
  CHECK(out[0] == "Ryanair plans 2,500 jobs across Europe");
  CHECK(out[1] == "By Ann Lee");
}

TEST_CASE("headline: a line after the first paragraph is not taken without a By byline under it, or over one in lower case") {
  // Only a date under it: the evidence of a byline with the text is missing.
  auto out = article_of(boxed_page("Ryanair plans 2,500 jobs across Europe\n\n24 July 2015\n\n"));
  REQUIRE(!out.empty());
  CHECK(out[0] != "Ryanair plans 2,500 jobs across Europe");
  // "by A" in lower case under a line is the end of a table's cell, a credit.
  out = article_of(boxed_page("Ryanair plans 2,500 jobs across Europe\n\nby Ann Lee\n\n"));
  REQUIRE(!out.empty());
  CHECK(out[0] != "Ryanair plans 2,500 jobs across Europe");
}

TEST_CASE("headline: a headline with its date in the window wins over a later line with a byline under it") {
  std::string s = menu({"Skip to content", "News", "Sport", "Weather", "Shop"});
  s += "Ryanair plans 2,500 jobs\n\n24 July 2015\n\n" + prose();
  s += "Henman faces Saulnier test\n\nBy Ann Lee\n\n" + prose();
  const auto out = article_of(s);
  REQUIRE(!out.empty());
  CHECK(out[0] == "Ryanair plans 2,500 jobs");
}

TEST_CASE("headline: the items of a long list that opens the article do not push the headline out of the window") {
  std::string s = menu({"Game News", "Powered by Blogs"});
  s += "Version 1.8 - The Bountiful Update\n\n";
  for (int i = 0; i < 40; ++i) s += "+ Added block number " + std::to_string(i) + ", with smooth versions\n\n";
  s += prose();
  const auto out = article_of(s);
  REQUIRE(!out.empty());
  CHECK(out[0] == "Version 1.8 - The Bountiful Update");
}

TEST_CASE("byline: a writer credited after the article, with a date, is written By Name in the header when it has none") {
  const auto page = [](const std::string &header, const std::string &footer) {
    return "Testing your code - A Blog\n\n" + menu({"Skip to content", "Home", "Archive", "About", "Projects", "Photos", "Talks", "Contact"}) +
           "Testing your code\n\n" + header + prose() + footer + menu({"Home", "Code", "Photography", "Contact me"});
  };
  const auto has = [](const std::vector<std::string> &out, const std::string &t) { return std::find(out.begin(), out.end(), t) != out.end(); };
  // On one line, as w3m prints it; in parts, as get_text does; "Written on ... by" over the name.
  CHECK(has(article_of(page("", "Ann Lee \xE2\x80\x94 2013-09-29 \xE2\x80\x94 in Code \xE2\x80\x94 Permalink\n\n")), "By Ann Lee"));
  CHECK(has(article_of(page("", "Ann Lee\n \xE2\x80\x94\n\n2013-09-29\n\xE2\x80\x94 in \nCode\n\n")), "By Ann Lee"));
  CHECK(has(article_of(page("", "Written on Feb 24 by\n\nAnn Lee\n\n")), "By Ann Lee"));
  CHECK(has(article_of(page("", "Written on Feb 24\n\nby Ann Lee\n\n")), "By Ann Lee"));  // ("by" joined to the name it links)
  // "by" and a name without a date over it is a sponsor's label, no writer.
  const auto sponsored = article_of(page("", "Sponsored Links\n\nby Taboola Feed\n\n"));
  CHECK(std::none_of(sponsored.begin(), sponsored.end(), [](const std::string &t) { return t.rfind("By ", 0) == 0; }));
  // A header's byline stands; a post's title with a date is no writer.
  const auto bylined = article_of(page("By Rob Roe\n\n", "Ann Lee \xE2\x80\x94 2013-09-29\n\n"));
  CHECK(has(bylined, "By Rob Roe"));
  CHECK_FALSE(has(bylined, "By Ann Lee"));
  const auto titled = article_of(page("", "Spark! Pro Series - 7 January 2025\n\n"));
  CHECK(std::none_of(titled.begin(), titled.end(), [](const std::string &t) { return t.rfind("By ", 0) == 0; }));
}

TEST_CASE("headline: on a page without its title, the line the page marks with its heading anchor is the headline") {
  std::string s = menu({"evolve extension for Mercurial", "Evolve: Shared Mutable History", "Contents"});
  s += "Evolve: Shared Mutable History\xC2\xB6\n\n";
  s += menu({"Contents", "Sharing with a single developer", "Setting up", "Example 1: Amend a shared changeset", "Example 2: Amend again, locally",
             "Getting into trouble with shared mutable history", "Henman faces a tough test in Melbourne"});
  s += prose() + menu({"Terms of Use", "About us", "Privacy Policy", "Contact us"});
  CleanOptions o;
  o.boilerplate = "on";
  const Cleaned c = clean_text(s, o, [](uint32_t, Level, const std::string &) {});
  CHECK(c.text.rfind("Evolve: Shared Mutable History\n\n", 0) == 0);
}

TEST_CASE("a person's own site: the name at the top of the page that its copyright line credits is the writer") {
  const auto site = [](const std::string &top, const std::string &copyright) {
    return article_of(top + "\n\n" + menu({"About", "Subscribe", "Archive", "Talks", "Projects", "Contact"}) +
                      "Why the Harbour Plans Matter\n\n21 September 2020\n\n" + prose() +
                      menu({"The Surprising Cost of Ferries", "Credits", "Top", "Feed"}) + copyright + "\n");
  };
  const auto by = [](const std::vector<std::string> &out) {
    return std::count_if(out.begin(), out.end(), [](const std::string &t) { return t.rfind("By ", 0) == 0; });
  };
  const auto own = site("Ann Lee", "\xC2\xA9 Ann Lee 2016-2020");
  CHECK(std::find(own.begin(), own.end(), "By Ann Lee") != own.end());
  CHECK(by(site("Ann Lee", "\xE2\x80\xA2 Copyright \xC2\xA9 2020 Ann Lee")) == 1);
  // A company, or a name the top of the page does not print, is no writer.
  CHECK(by(site("The River Trading Company", "\xC2\xA9 2020 The River Trading Company")) == 0);
  CHECK(by(site("Harbour Notes", "\xC2\xA9 Ann Lee 2016-2020")) == 0);
}
