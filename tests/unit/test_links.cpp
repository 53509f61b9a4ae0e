// The rules of link-normalize on strings of their own.
#include <catch2/catch.hpp>

#include "links.hpp"

using namespace links;

namespace {

std::vector<std::string> targets(const std::string &s, const InlineOptions &o = {}) {
  std::vector<std::string> out;
  for (const auto &m : find_inline(s, o)) out.push_back(m.kind == Kind::citation ? "cite" : m.target);
  return out;
}

std::string linked(const std::string &s) {
  auto m = find_inline(s, {});
  REQUIRE(m.size() == 1);
  return s.substr(m[0].begin, m[0].end - m[0].begin);
}

}  // namespace

TEST_CASE("URLs leave the sentence's punctuation outside") {
  CHECK(linked("(see https://www.iscpc.org/ for details)") == "https://www.iscpc.org/");
  CHECK(linked("Read https://example.org/a.html.") == "https://example.org/a.html");
  CHECK(linked("at https://en.wikipedia.org/wiki/Foo_(bar), then") == "https://en.wikipedia.org/wiki/Foo_(bar)");
  CHECK(linked("(https://en.wikipedia.org/wiki/Foo_(bar))") == "https://en.wikipedia.org/wiki/Foo_(bar)");
  CHECK(linked("\"http://example.com/?q=1&r=2\"") == "http://example.com/?q=1&r=2");
  CHECK(linked("“https://example.com/x”") == "https://example.com/x");
}

TEST_CASE("www. addresses get https://; a bare word with a dot is not a URL") {
  CHECK(targets("visit www.example.org today") == std::vector<std::string>{"https://www.example.org"});
  CHECK(targets("the file report.pdf and the U.S. economy").empty());
  CHECK(targets("https:// alone").empty());
}

TEST_CASE("DOIs, with or without the doi: prefix, link to doi.org") {
  CHECK(targets("doi:10.1000/xyz123.") == std::vector<std::string>{"https://doi.org/10.1000/xyz123"});
  CHECK(targets("DOI: 10.1038/nphys1170") == std::vector<std::string>{"https://doi.org/10.1038/nphys1170"});
  CHECK(targets("see 10.1016/j.cell.2020.01.001, p. 4") == std::vector<std::string>{"https://doi.org/10.1016/j.cell.2020.01.001"});
  CHECK(targets("version 10.12 of it").empty());
  CHECK(targets("InlineOptions off", InlineOptions{true, false, true, true, "", 50}).empty());
}

TEST_CASE("e-mail addresses become mailto: links") {
  CHECK(targets("write to jane.doe+news@example.co.uk.") == std::vector<std::string>{"mailto:jane.doe+news@example.co.uk"});
  CHECK(targets("a @ b and x@y").empty());
  InlineOptions no;
  no.emails = false;
  CHECK(targets("jane@example.com", no).empty());
}

TEST_CASE("ISBNs link only when a resolver is configured") {
  CHECK(targets("ISBN 978-0-13-468599-1").empty());
  InlineOptions o;
  o.isbn_resolver = "https://openlibrary.org/isbn/";
  CHECK(targets("ISBN 978-0-13-468599-1.", o) == std::vector<std::string>{"https://openlibrary.org/isbn/9780134685991"});
  CHECK(targets("ISBN-10: 0-306-40615-2", o) == std::vector<std::string>{"https://openlibrary.org/isbn/0306406152"});
  CHECK(targets("ISBN 12345", o).empty());
}

TEST_CASE("numbered citations in their common styles") {
  const auto m = find_inline("as shown[1][4] and [3, 5] or [7-9] and [10–11], not [a] or [1999 report]", {});
  REQUIRE(m.size() == 5);
  CHECK(m[0].numbers == std::vector<std::string>{"1"});
  CHECK(m[1].numbers == std::vector<std::string>{"4"});
  CHECK(m[2].numbers == std::vector<std::string>{"3", "5"});
  CHECK(m[3].numbers == std::vector<std::string>{"7", "8", "9"});
  CHECK(m[4].numbers == std::vector<std::string>{"10", "11"});
  CHECK(find_inline("[5-3] [1-900]", {}).empty());
}

TEST_CASE("reference entries lose their back-link carets and keep their number") {
  std::string n;
  CHECK(clean_reference("1. ^ a b Smith, J. (2020). Title.", &n) == "Smith, J. (2020). Title.");
  CHECK(n == "1");
  n.clear();
  CHECK(clean_reference("^ Doe, A. Retrieved 3 March 2021.", &n) == "Doe, A. Retrieved 3 March 2021.");
  CHECK(n.empty());
  CHECK(clean_reference("[12] Roe, B. Another title", &n) == "Roe, B. Another title");
  CHECK(n == "12");
}

namespace {

TrailerContext context(const std::string &article, bool see_also = true) {
  TrailerContext c;
  auto text = std::make_shared<std::string>(article);
  c.occurrences = [text](std::string_view p) {
    size_t n = 0;
    for (size_t at = text->find(p); at != std::string::npos; at = text->find(p, at + 1)) ++n;
    return n;
  };
  c.see_also_pending = see_also;
  return c;
}

}  // namespace

TEST_CASE("flattened link labels are cut where the prose ends") {
  const std::string para = "The commands coordinate planning between the two militaries United States Forces Korea ROK North Korea.";
  const std::string article = para + " The United States Forces Korea (USFK) and North Korea appear again.";
  auto t = find_trailer(para, context(article), {});
  REQUIRE(t);
  CHECK(para.substr(0, t->cut) == "The commands coordinate planning between the two militaries");
  CHECK(t->labels == std::vector<std::string>{"United States Forces Korea", "ROK", "North Korea"});
}

TEST_CASE("a lower-case label needs another paragraph's trailer or the glossary") {
  const std::string para = "Both sides keep talking about ongoing burden-sharing arrangements deterrence.";
  auto c = context(para + " deterrence deterrence");
  CHECK_FALSE(find_trailer(para, c, {}));
  c.confirmed.insert("deterrence");
  auto t = find_trailer(para, c, {});
  REQUIRE(t);
  CHECK(t->labels == std::vector<std::string>{"deterrence"});
  // But not after a verb: "to strengthen deterrence" is prose.
  CHECK_FALSE(find_trailer("The allies agreed on many steps to strengthen deterrence.", c, {}));
}

TEST_CASE("ordinary prose endings are never cut") {
  const std::string article = "North Korea. Seoul. The United States. NATO. President Moon Jae-in.";
  const auto c = context(article);
  for (const char *p : {"The summit between the two leaders was held in Seoul.",
                        "Its policy has long been shaped by its relations with North Korea.",
                        "The treaty was signed by the United States.",
                        "The ministers met several times with officials from NATO.",
                        "The agreement was welcomed by President Moon Jae-in.",
                        "South Korea’s trade grew faster than North Korea’s.",
                        "The delegates spent the week debating the future of trade.",
                        "What do you think of North Korea?"})
    CHECK_FALSE(find_trailer(p, c, {}));
}

TEST_CASE("the threshold tunes how much evidence a cut needs") {
  const std::string para = "These goals matter for the security of the region and its many partners North Korea.";
  const auto c = context(para + " North Korea", true);
  CHECK(find_trailer(para, c, {}));
  TrailerOptions strict;
  strict.threshold = 5;
  CHECK_FALSE(find_trailer(para, c, strict));
  CHECK_FALSE(find_trailer(para, context(para + " North Korea", false), {}));
}

// The page-level decision: clean prose, from the corpora, that the trailer
// rule alone would cut, and the page around it that must stop the cut.
namespace {

TrailerContext article_context(const std::vector<std::string> &paras, bool see_also) {
  std::string all;
  for (const auto &p : paras) all += p + "\n";
  return context(all, see_also);
}

// What find_page_trailers would cut from an article.
size_t cuts(const std::vector<std::string> &paras, bool see_also = false, const std::vector<std::string> &items = {}) {
  const auto page = find_page_trailers(paras, items, article_context(paras, see_also), {});
  size_t n = 0;
  for (const auto &t : page.found) n += page.wiki && t.has_value();
  return n;
}

}  // namespace

TEST_CASE("clean news prose keeps its last words: 2,500 new Ryanair jobs") {
  const std::vector<std::string> paras = {
      "Budget airline Ryanair has placed an order for 70 Boeing 737-800 planes, in a deal valued at $4bn (£2.1bn) "
      "which should lead to 2,500 new Ryanair jobs.",
      "Ryanair said the jobs would be based across Europe."};
  const auto page = find_page_trailers(paras, {}, article_context(paras, false), {});
  REQUIRE(page.found[0]);  // the paragraph alone looks like it ends in labels
  CHECK(page.found[0]->labels == std::vector<std::string>{"Ryanair", "jobs"});
  CHECK_FALSE(page.wiki);
  CHECK(page.score.score == 0);
}

TEST_CASE("clean news prose keeps a person's name: former Vodafone boss Chris Gent") {
  CHECK(cuts({"Previous winners of the Forbes award include Royal Bank of Scotland chief executive Fred Goodwin and "
              "former Vodafone boss Chris Gent."}) == 0);
  CHECK(cuts({"The revelation that Shell had inflated its reserves led to the resignation of its chairman, Sir Phil "
              "Watts, and production chief Walter van der Vijver."}) == 0);
  CHECK(cuts({"Mirza, the first Indian woman to win a WTA Tour title this month on home ground at Hyderabad, will now "
              "face US Open champion Svetlana Kuznetsova."}) == 0);
}

TEST_CASE("clean prose keeps its objects: the plans to introduce ID cards") {
  CHECK(cuts({"Ministers defended the cost of the plans to introduce ID cards.",
              "Meersseman is the medical co-ordinator at Italian side AC Milan."}) == 0);
}

TEST_CASE("clean prose in another language keeps its end: Von der YOU bis nach Monaco") {
  CHECK(cuts({"We drove on: Von der YOU bis nach Monaco.", "It was a long day on the road."}) == 0);
}

TEST_CASE("a See also heading alone is not enough: one prose tail on a wiki list stays") {
  // From a Wikipedia list scraped as text (real-pages, wikipedia-4).
  const std::vector<std::string> paras = {
      "Rob is caught in a time loop as he keeps waking up naked in a hotel elevator on the day of his wedding. This is "
      "a remake of the 2000 Swedish film Naken."};
  const auto page = find_page_trailers(paras, {}, article_context(paras, true), {});
  CHECK(page.score.score == 2);
  CHECK(cuts(paras, true) == 0);
}

TEST_CASE("the same proper name ending one paragraph of a news article is prose") {
  // Two tails, one name: not enough without a See also heading.
  CHECK(cuts({"The club said the striker would join his new team mates at Italian side AC Milan.",
              "He had already agreed personal terms, according to his agent AC Milan.",
              "The fee was not disclosed."}) == 0);
}

TEST_CASE("a flattened wiki page has its labels cut from every paragraph that ends in them") {
  const std::vector<std::string> paras = {
      "Key institutions synchronized planning and readiness between the two militaries United States Forces Korea ROK North Korea.",
      "The eventual trade framework tied the two economies together through practical cooperation KORUS FTA.",
      "Policy toward the North remains a central test of the alliance and its shared goals North Korea.",
      "The KORUS FTA helped formalize these links across both countries KORUS FTA semiconductors.",
      "United States Forces Korea and North Korea are named in the text again."};
  const auto page = find_page_trailers(paras, {}, article_context(paras, true), {});
  CHECK(page.wiki);
  CHECK(page.evidence.trailers == 4);
  CHECK(page.evidence.repeated_labels == 2);
  CHECK(cuts(paras, true) == 4);
  // Without the heading the same page still has many tails and repeated labels (2 of 3).
  CHECK(cuts(paras, false) == 0);
}

TEST_CASE("labels that are also lines of their own confirm a page without a See also heading") {
  const std::vector<std::string> paras = {
      "Key institutions synchronized planning and readiness between the two militaries United States Forces Korea ROK North Korea.",
      "Policy toward the North remains a central test of the alliance and its shared goals North Korea.",
      "These discussions are part of a broader conversation about regional stability USFK ROK.",
      "North Korea", "ROK"};
  const auto page = find_page_trailers(paras, {}, article_context(paras, false), {});
  CHECK(page.evidence.trailers == 3);
  CHECK(page.evidence.link_only_lines == 2);
  CHECK(page.wiki);
  CHECK(cuts(paras) == 3);
  // A See also list's items count the same way.
  CHECK(find_page_trailers({paras[0], paras[1]}, {"North Korea", "ROK"}, article_context(paras, false), {}).wiki);
}

TEST_CASE("label_page_threshold 0 judges each paragraph alone") {
  const std::vector<std::string> paras = {
      "Budget airline Ryanair has placed an order for 70 Boeing 737-800 planes, in a deal valued at $4bn (£2.1bn) "
      "which should lead to 2,500 new Ryanair jobs.",
      "Ryanair said the jobs would be based across Europe."};
  TrailerOptions alone;
  alone.page_threshold = 0;
  CHECK(find_page_trailers(paras, {}, article_context(paras, false), alone).wiki);
  CHECK_FALSE(find_page_trailers(paras, {}, article_context(paras, false), {}).wiki);
}

TEST_CASE("label URLs follow the configured naming convention") {
  CHECK(label_url("https://en.wikipedia.org/wiki/", "wiki", "Six-Party Talks") == "https://en.wikipedia.org/wiki/Six-Party_Talks");
  CHECK(label_url("https://en.wikipedia.org/wiki/", "wiki", "deterrence") == "https://en.wikipedia.org/wiki/Deterrence");
  CHECK(label_url("https://example.org/t/", "slug", "KORUS FTA") == "https://example.org/t/korus-fta");
  CHECK(label_url("https://example.org/?q=", "plain", "A&B C") == "https://example.org/?q=A%26B%20C");
  CHECK(label_url("", "wiki", "Foo’s") == "Foo%E2%80%99s");
  // Non-ASCII first letters and capitals, which byte-wise case mapping left alone.
  CHECK(label_url("https://fr.wikipedia.org/wiki/", "wiki", "école normale") == "https://fr.wikipedia.org/wiki/%C3%89cole_normale");
  CHECK(label_url("https://example.org/t/", "slug", "ÉCOLE Normale") == "https://example.org/t/%C3%A9cole-normale");
}

TEST_CASE("fold lower-cases every script and keeps the text's length") {
  CHECK(fold("KORUS FTA") == "korus fta");
  CHECK(fold("ÉMILE Zola") == "émile zola");
  CHECK(fold("ΣΕΟΥΛ") == "σεουλ");
  // U+0130 lower-cases to a shorter 'i', U+212A (Kelvin) to 'k': kept, so
  // offsets in the folded text are the original's.
  CHECK(fold("\u0130stanbul") == "\u0130stanbul");
  CHECK(fold("\u212A") == "\u212A");
  CHECK(fold("Ünal").size() == std::string("Ünal").size());
}
