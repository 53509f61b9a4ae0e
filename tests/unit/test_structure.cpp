// The rules of section-detect on inputs of their own.
#include <catch2/catch.hpp>

#include "structure.hpp"

using namespace sections;

namespace {

Structure structure_of(const std::string &text, Options o = {}) {
  return detect(split_blocks(text), o, [](uint32_t, bool, const std::string &) {});
}

std::vector<std::string> headings(const Structure &s) {
  std::vector<std::string> out;
  for (const auto &i : s.body)
    if (i.kind == Kind::heading) out.push_back(i.text);
  return out;
}

}  // namespace

TEST_CASE("dates in the common forms become ISO 8601") {
  CHECK(parse_date("Published 14 March 2025") == "2025-03-14");
  CHECK(parse_date("Last Updated: January 7, 2025") == "2025-01-07");
  CHECK(parse_date("March 14, 2025") == "2025-03-14");
  CHECK(parse_date("2025-03-14") == "2025-03-14");
  CHECK(parse_date("Friday, March 14, 2025") == "2025-03-14");
  CHECK(parse_date("In March the talks resumed") == "");
  // As pages print them: with the time of day after the date.
  CHECK(parse_date("March 13, 2015 9:00PM") == "2015-03-13");
  CHECK(parse_date("Dec. 7, 2024, 12:43 PM UTC") == "2024-12-07");
  CHECK(parse_date("16 November 2017 \xE2\x80\xA2 2:15pm") == "2017-11-16");
  CHECK(parse_date("Updated 24 July 2015 at 10:12 ET") == "2015-07-24");
  CHECK(parse_date("March 13, 2015 was a Friday") == "");
}

TEST_CASE("bylines name each author once") {
  std::string rest;
  CHECK(parse_byline("By Jane Roe and John Doe", &rest) == std::vector<std::string>{"Jane Roe", "John Doe"});
  CHECK(parse_byline("Written by A. Smith, B. Jones & C. Wu", &rest) == std::vector<std::string>{"A. Smith", "B. Jones", "C. Wu"});
  CHECK(parse_byline("By the end of the war, the country was poor.", &rest).empty());
  // Bylines as pages print them: a role, a date, a handle, a degree after the name.
  CHECK(parse_byline("By Gina Roberts-Grey eHow Contributor", &rest) == std::vector<std::string>{"Gina Roberts-Grey"});
  CHECK(parse_byline("By Steven Mufson March 18 at 12:22 PM", &rest) == std::vector<std::string>{"Steven Mufson"});
  CHECK(parse_byline("// By Arun Sai Krishnan \xE2\x80\xA2 Nov 11, 2020", &rest) == std::vector<std::string>{"Arun Sai Krishnan"});
  CHECK(parse_byline("By Brenda Goodman, MA", &rest) == std::vector<std::string>{"Brenda Goodman"});
  CHECK(parse_byline("By Monday the talks had failed", &rest).empty());
}

TEST_CASE("a news story without headings gets no invented sections") {
  const auto s = structure_of(
      "Talks Resume in Geneva\n\nBy Ann Lee\n\nDiplomats met again on Monday after a pause of two years, officials said.\n\n"
      "\"We are hopeful.\"\n\nThe next round is set for May, when the ministers will meet in Vienna to review progress.\n");
  CHECK(s.title == "Talks Resume in Geneva");
  CHECK(s.authors == std::vector<std::string>{"Ann Lee"});
  CHECK(headings(s).empty());
}

TEST_CASE("Markdown, underlined and numbered headings, with levels") {
  const auto s = structure_of(
      "The Title\n\n# Background\n\nSome text in the first section, long enough to be a paragraph.\n\n"
      "## Details\n\nMore text under the sub-heading, also long enough to be prose.\n\n"
      "Results\n-------\n\nText under an underlined heading that goes on for a while.\n");
  CHECK(headings(s) == std::vector<std::string>{"Background", "Details", "Results"});
  const auto n = structure_of(
      "Numbered Report\n\n1. Introduction\n\nThe introduction has a long paragraph of text to read here.\n\n"
      "1.1 Scope\n\nThe scope is limited to what the text says in this long line.\n\n"
      "2. Method\n\nThe method is described in this paragraph which is long enough.\n");
  // (the numbers are the author's text: they stay in the titles)
  REQUIRE(headings(n) == std::vector<std::string>{"1. Introduction", "1.1 Scope", "2. Method"});
  int levels[3], k = 0;
  for (const auto &i : n.body)
    if (i.kind == Kind::heading) levels[k++] = i.level;
  CHECK(levels[0] < levels[1]);
  CHECK(levels[2] == levels[0]);
}

TEST_CASE("a reference list becomes entries, a See also heading gets its role") {
  const auto s = structure_of(
      "Title Here\n\nBody text that cites a source [1] and another [2], which is long.\n\n"
      "See also\n\nReferences\n\n1. Smith, J. A book. 2020.\n2. Doe, A. An article. 2021.\n");
  REQUIRE(s.references.size() == 2);
  CHECK(s.references[0].number == "1");
  CHECK(role_of("See Also", Options{}) == SectionRole::see_also);
  CHECK(role_of("Notes", Options{}) == SectionRole::references);
}

TEST_CASE("a See also or References heading over running text heads an ordinary section") {
  const std::string prose = "The council met on Monday and voted on the plans for the harbour after a long debate.";
  for (const char *h : {"See also", "Further reading", "References"}) {
    const auto s = structure_of("Alpha Treaty\n\nThe treaty was signed after long talks between the parties.\n\n" + std::string(h) + "\n\n" + prose + "\n");
    CHECK(s.references.empty());
    for (const auto &i : s.body)
      if (i.kind == Kind::heading) CHECK(i.role == SectionRole::normal);
    CHECK(s.body.back().text == prose);
  }
}

TEST_CASE("a See also heading followed by short lines at the end keeps its items") {
  const auto s = structure_of("Alpha Treaty\n\nThe treaty was signed after long talks between the parties.\n\nSee also\n\nBeta Accord\n\nGamma Pact\n");
  REQUIRE(headings(s) == std::vector<std::string>{"See also"});
  CHECK(s.body.back().text == "Gamma Pact");
}

TEST_CASE("a Markdown heading with text right under it keeps the text (found by fuzz_ingest)") {
  const auto s = structure_of("The Title\n\n# Background\nText right under the heading, with no blank line between them.\n");
  REQUIRE(headings(s) == std::vector<std::string>{"Background"});
  CHECK(s.body.back().text == "Text right under the heading, with no blank line between them.");
}

TEST_CASE("Markdown headings on consecutive lines are each a heading (found by fuzz_ingest)") {
  const auto s = structure_of("The Title\n\nLead paragraph of the article, long enough to be prose.\n\n# One\n# Two\nText under two.\n# Three\nText under three.\n");
  CHECK(headings(s) == std::vector<std::string>{"One", "Two", "Three"});
}

TEST_CASE("a byline above the title: the title is the line under it, the byline an author") {
  const Structure s = structure_of("By Jane Roe\n\nHarbour plans approved\n\nThe council approved the harbour plans on Monday after a long debate.\n");
  CHECK(s.title == "Harbour plans approved");
  CHECK(s.authors == std::vector<std::string>{"Jane Roe"});
  REQUIRE(s.body.size() == 1);
  CHECK(s.body[0].text.rfind("The council", 0) == 0);
  // A dateline above a sentence is not followed by a title: nothing is taken.
  const Structure t = structure_of("14 March 2025\n\nThe council approved the harbour plans on Monday after a long debate.\n\nMore text here.\n");
  CHECK(t.title_guessed);
}

TEST_CASE("headings need text under them, and are never dates, times, credits or bylines") {
  const std::string para = "The council approved the harbour plans on Monday after a long and heated debate.";
  const Structure s = structure_of("Title\n\n" + para + "\n\nHarbour history\n\n" + para + "\n\nLast updated September 14, 2016\n\n" + para +
                                   "\n\nJIM WATSON/AFP/Getty Images\n\n" + para + "\n\nNext steps\n\nand then it ended\n\n" + para +
                                   "\n\nPublished\n\n" + para + "\n\nThe vote\n\n" + para + "\n");
  CHECK(headings(s) == std::vector<std::string>{"Harbour history", "The vote"});  // ("Published": a date's label)
}

TEST_CASE("a line that ends in an article or preposition is half a sentence, not a heading") {
  const std::string text =
      "Short film about a man who keeps reliving the\n\nSame day over and over until he learns to change it.\n\n"
      "Results\n\nThe results are below, with the method that produced them.\n\n"
      "Method\n\nThe method is described here, with the data it was run on.\n";
  const auto h = headings(structure_of(text));
  CHECK(h == std::vector<std::string>{"Results", "Method"});
}

namespace {
const std::string kProse = "The council approved the harbour plans on Monday after a long and heated debate in the town hall.";
}  // namespace

TEST_CASE("a line that ends in a function word of the book's list is not a heading; the list is data") {
  const std::string text = "Title\n\n" + kProse + "\n\nRead now\n\n" + kProse + "\n\nIt is not very clear, is it?\n\n" + kProse +
                           "\n\nHarbour history\n\n" + kProse + "\n\nWhen in Doubt, Leave it Out\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "When in Doubt, Leave it Out"});
  // Another language's list, as a pipeline gives it: "jetzt" ends a half sentence.
  Options de;
  de.function_words = parse_function_words("# German\nder\ndie\njetzt\n");
  CHECK(de.function_words.count("jetzt") == 1);
  const std::string german = "Titel\n\n" + kProse + "\n\nLesen Sie jetzt\n\n" + kProse + "\n\nDie Geschichte\n\n" + kProse +
                             "\n\nDer Hafen\n\n" + kProse + "\n";
  CHECK(headings(structure_of(german, de)) == std::vector<std::string>{"Die Geschichte", "Der Hafen"});
  CHECK(builtin_function_words("en-GB").count("the") == 1);
  CHECK(builtin_function_words("xx").empty());
}

TEST_CASE("a repeated line, the headline again, a bio's name and a numeric date are not headings") {
  const std::string text = "Harbour Plans Approved\n\n" + kProse + "\n\nContinue reading the main story\n\n" + kProse +
                           "\n\nHarbour Plans Approved\n\n" + kProse + "\n\nContinue reading the main story\n\n" + kProse +
                           "\n\nHarbour history\n\n" + kProse + "\n\nJane Roe - 2013-09-29 - in News\n\n" + kProse +
                           "\n\nView this image \xE2\x80\xBA\n\n" + kProse + "\n\nThe vote\n\n" + kProse +
                           "\n\nJane Roe\n\nJane Roe is a reporter based in Leeds who covers the council.\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "The vote"});
}

TEST_CASE("a single heading-shaped line is no evidence of sections") {
  const std::string text = "Title\n\n" + kProse + "\n\nRelated Stories From Elsewhere\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)).empty());
  // A Markdown heading is evidence enough by itself, and lets a bare one stand.
  CHECK(headings(structure_of("Title\n\n" + kProse + "\n\n# Background\n\n" + kProse + "\n")) == std::vector<std::string>{"Background"});
}

TEST_CASE("headings of one text share a shape: a sentence-case line among Title Case headings is not one") {
  const std::string text = "Title\n\n" + kProse + "\n\nThe Four Golden Signals\n\n" + kProse + "\n\nChoosing a Resolution for Measurements\n\n" +
                           kProse + "\n\nExtra code to detect possible causes\n\n" + kProse + "\n\nMonitoring for the Long Term\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) ==
        std::vector<std::string>{"The Four Golden Signals", "Choosing a Resolution for Measurements", "Monitoring for the Long Term"});
}

TEST_CASE("a heading follows text that ends; after a date, a credit or a label it is a teaser's title") {
  const std::string text = "Title\n\n" + kProse + "\n\nHarbour history\n\n" + kProse + "\n\nApr 29, 2019\n\nA Road Trip for Warm Weather\n\n" +
                           kProse + "\n\nThe vote\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "The vote"});
  // The article's own date line over its first heading does not count.
  const std::string dated = "Title\n\nJane Roe\n\nOct 18, 2019 \xC2\xB7 8 min read\n\nWhy it matters\n\n" + kProse + "\n\nThe vote\n\n" + kProse + "\n";
  CHECK(headings(structure_of(dated)) == std::vector<std::string>{"Why it matters", "The vote"});
}

TEST_CASE("a line after a sentence that ends in a colon is what it announces, not a heading") {
  const std::string text = "Title\n\n" + kProse + "\n\nHarbour history\n\n" + kProse + "\n\nThen the readers got into it:\n\n" +
                           "I really do not see why it is anyone's business\n\n" + kProse + "\n\nThe vote\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "The vote"});
}

TEST_CASE("a line under a picture's mark is its caption, not a heading; a heading over a picture and its credit is one") {
  const std::string text = "Title\n\n" + kProse + "\n\nHarbour history\n\n" + kProse + "\n\n[1]\n\nMemory leak in action\n\n" + kProse +
                           "\n\nThe vote\n\n" + kProse + "\n\nIn use\n\n[dims]\n\nDevindra Hardawar/AOL\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "The vote", "In use"});
  // A picture that printed nothing: its credit alone under a heading of
  // two words or more; under one word, the picture's label ("Credit").
  const std::string alone = "Title\n\n" + kProse + "\n\nThe vote\n\n" + kProse + "\n\nIn use\n\nDevindra Hardawar/AOL\n\n" + kProse +
                            "\n\nCredit\n\nAshraf Shazly/Agence France-Presse\n\n" + kProse + "\n";
  CHECK(headings(structure_of(alone)) == std::vector<std::string>{"The vote", "In use"});
}

TEST_CASE("a line printed twice, one under the other, is a picture's caption: kept once, as a paragraph") {
  // A text browser prints a picture's alt text, then its caption; a
  // heading right over the picture has the text under the caption.
  const std::string text = "Title\n\n" + kProse + "\n\nArchitecture\n\nScatter plot of the requests\nScatter plot of the requests\n\n" +
                           kProse + "\n\nThe vote\n\n" + kProse + "\n";
  const Structure s = structure_of(text);
  CHECK(headings(s) == std::vector<std::string>{"Architecture", "The vote"});
  size_t captions = 0;
  for (const auto &i : s.body) captions += i.kind == Kind::paragraph && i.text == "Scatter plot of the requests";
  CHECK(captions == 1);
}

TEST_CASE("a short line over web addresses alone on their lines heads a list of sources; over one it does not") {
  const std::string text = "Title\n\n" + kProse + "\n\nHarbour history\n\n" + kProse + "\n\nSources & links\n\nhttps://nodejs.org/api/inspector.html\n\n" +
                           "https://www.npmjs.com/package/inspector-api\n\nOne link\n\nhttps://example.org/a\n\nVoodoo Engineering\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "Sources & links"});
}

TEST_CASE("a heading's anchor mark on the next line is left out") {
  const std::string text = "Title\n" + kProse + "\nHarbour history\n\xC2\xB6\n" + kProse + "\nThe vote\n[edit]\n" + kProse + "\n";
  const Structure s = structure_of(text);
  CHECK(headings(s) == std::vector<std::string>{"Harbour history", "The vote"});
  for (const auto &i : s.body) CHECK(i.text != "\xC2\xB6");
}

TEST_CASE("a line running into the next sentence, or one answered by a word or two, is not a heading") {
  const std::string text = "Title\n\n" + kProse + "\n\nToday, the signals could not differ more. The\n\n" + kProse +
                           "\n\nWho would have guessed\n\nYup.\n\n" + kProse + "\n\n" + kProse + "\n\nHarbour history\n\n" + kProse + "\n\n" + kProse + "\n\nThe vote\n\n" + kProse + "\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "The vote"});
}

TEST_CASE("capitals are letters of any script: a line starting 'É' is capitalised, one starting 'é' is not") {
  // A heading starts with a capital: "Été" opens a section, "été" is the
  // rest of a sentence (issue 16: no "byte >= 0xC3 is a capital").
  const std::string text = "Title\n\n" + kProse + "\n\n\xC3\x89t\xC3\xA9 au port\n\n" + kProse + "\n\n\xC3\xA9t\xC3\xA9 au march\xC3\xA9\n\n" + kProse +
                           "\n\nThe vote\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"\xC3\x89t\xC3\xA9 au port", "The vote"});
  // A name word: "Émile Zola" is a name next to a date, "émile zola" is not.
  const std::string named = "Title\n\nMarch 3, 2025\n\n\xC3\x89mile Zola\n\n" + kProse + "\n";
  CHECK(structure_of(named).authors == std::vector<std::string>{"\xC3\x89mile Zola"});
  const std::string unnamed = "Title\n\nMarch 3, 2025\n\n\xC3\xA9mile zola\n\n" + kProse + "\n";
  CHECK(structure_of(unnamed).authors.empty());
  // Under the date, a name ends the header; a label over a heading is the
  // page's section, no writer.
  const std::string label = "Title\n\nMarch 3, 2025\n\nGarden Design\n\nPlanting in the shade\n\n" + kProse + "\n";
  CHECK(structure_of(label).authors.empty());
  // A byline's name words likewise.
  CHECK(parse_byline("By \xC3\x89mile Zola", nullptr) == std::vector<std::string>{"\xC3\x89mile Zola"});
  CHECK(parse_byline("By \xC3\xA9mile", nullptr).empty());
}

TEST_CASE("a run of one-word terms, each with one paragraph, is a list of definitions, not sections") {
  const std::string text = "Title\n\n" + kProse + "\n\nThe Four Signals\n\n" + kProse + "\n\n" + kProse + "\n\nLatency\n\n" + kProse +
                           "\n\nTraffic\n\n" + kProse + "\n\nErrors\n\n" + kProse + "\n\nThe Long Run\n\n" + kProse + "\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"The Four Signals", "The Long Run"});
  // The list's last term may have more than a paragraph under it.
  const std::string last = "Title\n\n" + kProse + "\n\nThe Four Signals\n\n" + kProse + "\n\n" + kProse + "\n\nLatency\n\n" + kProse +
                           "\n\nTraffic\n\n" + kProse + "\n\nErrors\n\n" + kProse + "\n\nSaturation\n\n" + kProse + "\n\n" + kProse +
                           "\n\nThe Long Run\n\n" + kProse + "\n\n" + kProse + "\n";
  CHECK(headings(structure_of(last)) == std::vector<std::string>{"The Four Signals", "The Long Run"});
  // A definition may go on with what its colon announces; a question after
  // the run heads a section.
  const std::string announced = "Title\n\n" + kProse + "\n\nThe Four Signals\n\n" + kProse + "\n\n" + kProse + "\n\nLatency\n\n" +
                                kProse + "\n\nTraffic\n\nThe requests may either be:\n\n- Reads of a page\n- Writes of a form\n\nErrors\n\n" +
                                kProse + "\n\nPush\n\n" + kProse + "\n\nWhy Monitor?\n\n" + kProse + "\n\n" + kProse + "\n";
  CHECK(headings(structure_of(announced)) == std::vector<std::string>{"The Four Signals", "Why Monitor?"});
  // Sections of two words with a paragraph each are still sections.
  const std::string sections = "Title\n\n" + kProse + "\n\nDelivery latency\n\n" + kProse + "\n\nOwnership model\n\n" + kProse +
                               "\n\nExtending the framework\n\n" + kProse + "\n";
  CHECK(headings(structure_of(sections)) == std::vector<std::string>{"Delivery latency", "Ownership model", "Extending the framework"});
}

TEST_CASE("a name-shaped line next to a date is no author when it holds a function word; 'By' and a name on two lines are a byline") {
  const Structure s = structure_of("Title\n\nBy Lucas Nolan\n\nMarch 3, 2025\n\nFOR OUR NEWSLETTER\n\n" + kProse + "\n");
  CHECK(s.authors == std::vector<std::string>{"Lucas Nolan"});
  const Structure two = structure_of("Title\n\n" + kProse + "\n\nBy\n\nNelson D. Schwartz\n\nSept. 25, 2018\n\n" + kProse + "\n");
  CHECK(two.authors == std::vector<std::string>{"Nelson D. Schwartz"});
  for (const auto &i : two.body) CHECK(i.text != "By");
}

TEST_CASE("the body opening with a label and a teaser's title has no sections") {
  const std::string text = "Title\n\nJane Roe\n\nMarch 3, 2025\n\nUp Next\n\nGovernments Are Bad at Social Media\n\n" + kProse +
                           "\n\n" + kProse + "\n\nHarbour history\n\n" + kProse + "\n\n" + kProse + "\n\nThe vote\n\n" + kProse + "\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "The vote"});
}

TEST_CASE("a line with a heading's anchor mark after it is a heading, even one ending in a function word") {
  const std::string text = "Title\n" + kProse + "\nSetting up\n\xC2\xB6\n" + kProse + "\nThe vote\n[edit]\n" + kProse + "\nRead now\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Setting up", "The vote"});
}

TEST_CASE("a line whose sentence ends in the first word of the paragraph under it is not a heading") {
  // (w3m's print of a table's cell: "… a film by Vladimir" / "Khotinenko. Two heroes …")
  const std::string text = "Title\n\n" + kProse + "\n\nHarbour history\n\n" + kProse + "\n\nMirror for a hero, a film by Vladimir\n\n"
                           "Khotinenko. Two heroes circle the town many times and meet the parents of one of them.\n\nThe vote\n\n" + kProse +
                           "\n\nDr. Watson\n\nMr. Holmes came back to the harbour on Monday and met the council about the plans.\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "The vote", "Dr. Watson"});
}

TEST_CASE("a line above a list that lost its bullets, or above another title, is not a heading") {
  // Each line a dozen words or so, none with final punctuation: the items of
  // a list, or a listing's titles; a line of them is no section's heading.
  const std::string text = "Title\n\n" + kProse + "\n\nHarbour history\n\n" + kProse +
                           "\n\nHe is confident the harbour deal will be passed by the council\n\n"
                           "The river needs a political solution in order to defeat the floods every spring\n\n"
                           "He would speak bluntly against corruption and the abuse of power in the port\n\n" +
                           kProse + "\n\nThe vote\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "The vote"});
  // A long paragraph whose end the scraper cut is still running text.
  const std::string cut = "Title\n\n" + kProse + "\n\nHarbour history\n\n" + kProse + "\n\nThe vote\n\n" +
                          "The council met on Monday and voted on the plans for the harbour after a debate that went on for most of the "
                          "afternoon and into the evening while the public gallery was full of people from the town and the fishing fleet\n";
  CHECK(headings(structure_of(cut)) == std::vector<std::string>{"Harbour history", "The vote"});
}

TEST_CASE("a question under a line is text; a function word before a comma does not make a heading sentence case") {
  const std::string text = "Title\n\n" + kProse + "\n\nDetecting Anomalies\n\nWhich number in this series of numbers stands out from the others, and why does it stand out?\n\n" +
                           kProse + "\n\nThe Four Golden Signals\n\n" + kProse + "\n\nWorrying About Your Tail (or, Instrumentation and Performance)\n\n" +
                           kProse + "\n\nMonitoring for the Long Term\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Detecting Anomalies", "The Four Golden Signals",
                                                                 "Worrying About Your Tail (or, Instrumentation and Performance)",
                                                                 "Monitoring for the Long Term"});
}

TEST_CASE("a run of terms is a list of definitions even when one term's shape differs from the headings'") {
  const std::string text = "Title\n\n" + kProse + "\n\nThe Four Golden Signals\n\n" + kProse + "\n\nChoosing a Resolution for Measurements\n\n" +
                           kProse + "\n\nDashboard\n\n" + kProse + "\n\nAlert\n\n" + kProse + "\n\nRoot cause\n\n" + kProse +
                           "\n\nNode and machine\n\n" + kProse + "\n\nMonitoring for the Long Term\n\n" + kProse + "\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) ==
        std::vector<std::string>{"The Four Golden Signals", "Choosing a Resolution for Measurements", "Monitoring for the Long Term"});
}

TEST_CASE("a line with a web address or an account's handle is a link, not a heading") {
  const std::string text = "Title\n\n" + kProse + "\n\nFollow @janeroe\n\n" + kProse + "\n\nHarbour history\n\n" + kProse +
                           "\n\nSee the plans at https://example.org/harbour\n\n" + kProse + "\n\nThe vote\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "The vote"});
  // An '@' with no name after it is not a handle.
  CHECK(headings(structure_of("Title\n\n" + kProse + "\n\nHarbour history @ night\n\n" + kProse + "\n\nThe vote\n\n" + kProse + "\n")) ==
        std::vector<std::string>{"Harbour history @ night", "The vote"});
}

TEST_CASE("a quoted name with more after it can head a section, in double or single quotes; quoted speech cannot") {
  const std::string text = "Title\n\n" + kProse + "\n\n\xE2\x80\x9CHarbour Lights\xE2\x80\x9D ($20)\n\n" + kProse +
                           "\n\n\"Tide Tables\" (1853)\n\n" + kProse + "\n\n\"No deal,\" says Jane Roe\n\n" + kProse + "\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"\xE2\x80\x9CHarbour Lights\xE2\x80\x9D ($20)", "\"Tide Tables\" (1853)"});
  // In single quotes too; an apostrophe that opens a word ("'Tis") closes nothing.
  const std::string single = "Title\n\n" + kProse + "\n\n'A-ha' moment similar to making a decision\n\n" + kProse +
                             "\n\n\xE2\x80\x98Tide\xE2\x80\x99 tables of the harbour\n\n" + kProse + "\n\n'Tis the season to be jolly\n\n" + kProse +
                             "\n\n'No deal,' says Jane Roe\n\n" + kProse + "\n";
  CHECK(headings(structure_of(single)) ==
        std::vector<std::string>{"'A-ha' moment similar to making a decision", "\xE2\x80\x98Tide\xE2\x80\x99 tables of the harbour"});
}

TEST_CASE("a long headline that ends in a quoted phrase is the title; a long first line that ends a sentence is not") {
  const std::string body = "\n\nThe mother of a woman who took suspected diet pills bought online has described how her daughter was burning up.\n";
  CHECK(structure_of("Student Dies After Diet Pills She Bought Online \"Burned Her Up From Within\"" + body).title ==
        "Student Dies After Diet Pills She Bought Online \"Burned Her Up From Within\"");
  CHECK(structure_of("Student Dies After Diet Pills She Bought Online \xE2\x80\x9C" "Burned Her Up From Within\xE2\x80\x9D" + body).title ==
        "Student Dies After Diet Pills She Bought Online \xE2\x80\x9C" "Burned Her Up From Within\xE2\x80\x9D");
  CHECK(structure_of("Her mother said that the pills she had bought online had been \"burning her up from within.\"" + body).title.empty());
}

TEST_CASE("a byline that credits a desk or an agency names no author") {
  const Structure desk = structure_of("Title\n\nBy Our Foreign Staff\n\n16 November 2017\n\n" + kProse + "\n");
  CHECK(desk.authors.empty());
  CHECK(desk.pubdate == "2017-11-16");
  for (const auto &i : desk.body) CHECK(i.text != "By Our Foreign Staff");
  CHECK(structure_of("Title\n\nBy The Associated Press\n\n" + kProse + "\n").authors.empty());
  // A function word last is a surname.
  CHECK(structure_of("Title\n\nBy Dan Rather\n\n" + kProse + "\n").authors == std::vector<std::string>{"Dan Rather"});
}

TEST_CASE("the headline is the line with the byline or date under it, not a one-word link above it") {
  const Structure s = structure_of("Responses\n\nSamantha and The Great Big Lie\n\nJohn C. Welch\n\nFollow\n\nOct 15, 2015 \xC2\xB7 18 min read\n\n" +
                                   kProse + "\n");
  CHECK(s.title == "Samantha and The Great Big Lie");
  CHECK(s.authors == std::vector<std::string>{"John C. Welch"});
  REQUIRE(!s.body.empty());
  CHECK(s.body[0].text == "Responses");  // kept as text, not dropped
  // A title with its subtitle over the byline keeps its title.
  const Structure sub = structure_of("The Harbour Plans\n\nWhat the council decided and why it matters\n\nBy Jane Roe\n\n" + kProse + "\n");
  CHECK(sub.title == "The Harbour Plans");
  CHECK(sub.subtitle == "What the council decided and why it matters");
  // Prose before a dated line: the text has begun, the first line stays the title.
  CHECK(structure_of("Harbour News\n\n" + kProse + "\n\nThe Second Story Of The Day\n\nMarch 3, 2025\n\n" + kProse + "\n").title ==
        "Harbour News");
}

TEST_CASE("a credit and a lone function word are not headings; a one-word heading of its own is") {
  const std::string text = "Title\n\n" + kProse + "\n\nEdited by Jane Roe\n\n" + kProse + "\n\nMore\n\n" + kProse +
                           "\n\nHarbour history\n\n" + kProse + "\n\nCredit: DESMOND KWANDE/\xC2\xA0" "AFP\n\n" + kProse +
                           "\n\nConclusion\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "Conclusion"});
}

TEST_CASE("headings with nothing but short lists of links under them are a site's menus; a section with a list is kept") {
  const std::string menus = "\n\nPersonal tools\n\n- Talk\n- Log in\n\nNamespaces\n\n- Article\n- Talk\n\n[ ]\n\nTools\n\n"
                            "- What links here\n- Upload file\n";
  const std::string text = "Title\n\n" + kProse + "\n\n" + kProse + "\n\nHarbour history\n\n" + kProse + "\n\n" + kProse +
                           "\n\nThe vote\n\n" + kProse + "\n\n" + kProse + "\n\n- The council voted for the plans after a long debate\n- The mayor abstained\n" + menus;
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "The vote"});
}

TEST_CASE("one word that the paragraph under it starts with is a term it explains; a name so is a bio") {
  const std::string text = "Title\n\n" + kProse + "\n\nHarbour history\n\n" + kProse +
                           "\n\nClinicJs\n\nClinicJs is a set of tools that collect data and draw performance charts.\n\n"
                           "Jane Roe\n\nJane Roe is a reporter based in Leeds who covers the council.\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "ClinicJs"});
}

TEST_CASE("on a page of mostly short lines, a line between two long paragraphs of prose is still a heading") {
  const std::string menu = "Home\n\nNews\n\nSport\n\nWeather\n\nVideo\n\nShop\n\nMore News\n\nLatest Stories\n\n";
  const std::string review = "It is a game of rhythm and speed in which a beetle rides a rail through a dark and noisy void, and it is terrific.";
  const std::string text = "Title\n\n" + menu + review + "\n\n\"Harbour Lights\" ($20)\n\n" + review + "\n\n\"Tide Tables\" ($30)\n\n" + review +
                           "\n\nWant luxurious locks?\n\nA short blurb of a teaser that sits under its question.\n\n" + menu;
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"\"Harbour Lights\" ($20)", "\"Tide Tables\" ($30)"});
}

TEST_CASE("a line that repeats words of the short paragraph right above it is a caption, not a heading; a mention of a heading is not") {
  const std::string text = "Title\n\n" + kProse + "\n\nHarbour history\n\n" + kProse +
                           "\n\nThe Harbour wall after the storm, seen from the pier.\n\nHarbour wall after the storm\n\n" + kProse +
                           "\n\nHere is how the vote went.\n\nThe vote\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "The vote"});
}

TEST_CASE("a Markdown heading line with a web address is a comment or a link, kept whole as a paragraph") {
  const Structure s = structure_of("Title\n\n" + kProse + "\n\n# Harbour history\n\n" + kProse +
                                   "\n\n# XXX this link is broken: https://example.org/issue/48/\n\n" + kProse + "\n");
  CHECK(headings(s) == std::vector<std::string>{"Harbour history"});
  bool kept = false;
  for (const auto &i : s.body) kept = kept || (i.kind == Kind::paragraph && i.text == "# XXX this link is broken: https://example.org/issue/48/");
  CHECK(kept);
}

TEST_CASE("a line of code with more code under it is not a heading; a heading with an aside in parentheses is") {
  const std::string text = "Title\n\n" + kProse + "\n\nHarbour history\n\n" + kProse + "\n\nSELECT avg(n)\n\nFROM unnest(array[2, 3, 5]) AS n;\n\n" +
                           kProse + "\n\nThe Harbour Board (HB)\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "The Harbour Board (HB)"});
}

TEST_CASE("a heading after a list that lost its bullets, or after the header's reading time, is one; a statement of code is not") {
  const std::string text = "Title\n\nFollow\n\n8 min read\n\nWhy monitor the harbour?\n\n" + kProse +
                           "\n\nWith the new tools the council can do much more, here is a non-exhaustive list:\n\n"
                           "memory dumps\n\ncode coverage\n\nuse the debugger in real time\n\nWarnings\n\n" + kProse +
                           "\n\nThe namespace is opened first, and then the function that adds two numbers is exported from the module as follows:\n\nusing namespace std\n\nEMSCRIPTEN_KEEPALIVE int add(int x, int y) { return x + y;}\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Why monitor the harbour?", "Warnings"});
}

TEST_CASE("a teaser's title over its blurb and a date or a link's label is not a heading; a section with a short paragraph is") {
  const std::string text = "Title\n\n" + kProse + "\n\nHarbour history\n\n" + kProse +
                           "\n\nScientists find new mechanism for memory\n\nHow do we form memories? New research has an answer.\n\nRead now\n\n" +
                           kProse + "\n\nThe vote\n\nThe council voted for the plans on Monday.\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "The vote"});
}

TEST_CASE("a line with a sentence's end inside it is cut prose or a caption and a link; an abbreviation ends no sentence") {
  const std::string text = "Title\n\n" + kProse + "\n\nHarbour history\n\n" + kProse + "\n\nOught I to acknowledge it? That afternoon\n\n" + kProse +
                           "\n\nBacktesting with default parameters. View in editor\n\n" + kProse + "\n\nThe U.S. harbour vote\n\n" + kProse + "\n";
  CHECK(headings(structure_of(text)) == std::vector<std::string>{"Harbour history", "The U.S. harbour vote"});
}

TEST_CASE("a heading right over another of its level opens the sections under it, not a paragraph") {
  // (text-cleanup writes a page's anchored headings all as "##": the
  // page's own levels are lost)
  const std::string text = "Title\n\n" + kProse + "\n\n## Sharing with a single developer\n\n## Publishing and non-publishing repositories\n\n" +
                           kProse + "\n\n## Setting up\n\n" + kProse + "\n";
  std::string error;
  bool empty = false;
  xmlDoc *doc = build_article(text, "t", Options{}, [](uint32_t l) { return l; }, [](uint32_t, bool, const std::string &) {}, &error, &empty);
  REQUIRE(doc);
  std::vector<std::string> titles;
  std::vector<int> depths;
  const std::function<void(xmlNode *, int)> walk = [&](xmlNode *n, int depth) {
    for (xmlNode *c = n->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (std::string(reinterpret_cast<const char *>(c->name)) == "section")
        for (xmlNode *t = c->children; t; t = t->next)
          if (t->type == XML_ELEMENT_NODE && std::string(reinterpret_cast<const char *>(t->name)) == "title") {
            xmlChar *s = xmlNodeGetContent(t);
            titles.emplace_back(reinterpret_cast<const char *>(s));
            depths.push_back(depth);
            xmlFree(s);
          }
      walk(c, depth + (std::string(reinterpret_cast<const char *>(c->name)) == "section"));
    }
  };
  walk(xmlDocGetRootElement(doc), 0);
  xmlFreeDoc(doc);
  CHECK(titles == std::vector<std::string>{"Sharing with a single developer", "Publishing and non-publishing repositories", "Setting up"});
  CHECK(depths == std::vector<int>{0, 1, 1});
}
