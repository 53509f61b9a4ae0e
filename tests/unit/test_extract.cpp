// Finding the article in a scraped page: page detection, rejoined lines,
// block classes, the headline; and the clean texts that must be left alone.
#include <catch2/catch.hpp>

#include "page_helpers.hpp"

using namespace textclean;
using namespace textclean::testing;

namespace {

// A page: navigation, the headline, a dateline, the article, a footer.
std::string a_page() {
  std::string s = "Obama admits US gun laws are his 'biggest frustration' - BBC News\n\n";
  for (const char *m : {"Accessibility links", "Skip to content", "News", "Sport", "Weather", "Shop", "Earth", "Travel",
                        "Capital", "Culture", "Autos", "Future"})
    s += std::string(m) + "\n\n";
  for (const char *m : {"News", "Sport", "Weather", "Shop"}) s += std::string(m) + "\n\n";
  s += "Obama admits US gun laws are his 'biggest frustration'\n\n24 July 2015\n\nFrom the section\n\n";
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  for (const char *m : {"Share this story", "Terms of Use", "About the BBC", "Privacy Policy", "Cookies", "Contact the BBC",
                        "Parental Guidance", "Accessibility Help", "Copyright \xC2\xA9 2015 BBC."})
    s += std::string(m) + "\n\n";
  return s;
}

// A copy of a rendered page (no title): a menu, HEADER, the prose, a footer.
std::string untitled_page(const std::string &header) {
  std::string s;
  for (const char *m : {"Skip to content", "News", "Sport", "Weather", "Shop", "Earth", "Travel", "Capital", "Culture"})
    s += std::string(m) + "\n\n";
  s += header;
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  for (const char *m : {"Share this story", "Terms of Use", "About us", "Privacy Policy", "Cookies", "Contact us"})
    s += std::string(m) + "\n\n";
  return s;
}

// A news page's <title>, a short menu and the headline: the top of the
// pages the tests of records, teasers and the article's end build.
std::string news_head() {
  std::string s = "Obama admits US gun laws are his 'biggest frustration' - BBC News\n\n";
  for (const char *m : {"Skip to content", "News", "Sport", "Weather", "Shop", "Earth", "Travel"}) s += std::string(m) + "\n\n";
  return s + "Obama admits US gun laws are his 'biggest frustration'\n\n";
}

}  // namespace

TEST_CASE("a clean article with a long list of short lines is not a page") {
  std::string s = "Henman to face Saulnier test\n\n";
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  for (int i = 1; i <= 24; ++i) s += std::to_string(i) + " Roger Federer (Switzerland)\n\n";
  CHECK_FALSE(looks_like_page(page_of(s)));
}

TEST_CASE("a headline found on the page's first line keeps the byline under it") {
  // (a copy with no <title>: the headline first, its byline, a menu, the text)
  std::string s = "Apple pancakes with honey\n\nBy Ann Lee\n\n";
  for (const char *m : {"Recipes", "Baking", "Breakfast", "Desserts", "Drinks", "Seasonal", "Menus", "Shop", "Videos", "Chefs", "Events", "Gifts"}) s += std::string(m) + "\n\n";
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  for (const char *m : {"Share this story", "Terms of Use", "About us", "Privacy Policy", "Cookies", "Contact us"}) s += std::string(m) + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  REQUIRE(out.size() >= 2);
  CHECK(out[0] == "Apple pancakes with honey");
  CHECK(out[1] == "By Ann Lee");
  CHECK_FALSE(has(out, "Baking"));
}

TEST_CASE("a clean article with a list of short lines under its byline, before its first paragraph, is not a page") {
  // (a recipe: its ingredients are the article's, not a menu)
  std::string s = "Apple pancakes\n\nBy Ann Lee\n\nIngredients\n\n";
  for (const char *i : {"2 eggs", "100 g flour", "50 g sugar", "1 pinch salt", "200 ml milk", "1 lemon", "Butter for the pan", "3 apples",
                        "1 tsp cinnamon", "2 tbsp honey", "Fresh mint", "Icing sugar"})
    s += std::string(i) + "\n\n";
  s += "Method\n\n";
  for (int k = 0; k < 4; ++k)
    for (const char *p : kProse) s += std::string(p) + "\n\n";
  CHECK_FALSE(looks_like_page(page_of(s)));
}

TEST_CASE("navigation before the text and repeated menus make a page") {
  PageEvidence e;
  CHECK(looks_like_page(page_of(a_page()), &e));
  CHECK(e.before_text >= 10);
  CHECK(e.repeated >= 3);
}

TEST_CASE("a site's menus over an article that is mostly a table of long rows make a page, however few its short blocks") {
  std::string s = "List of films featuring time loops\n\n";
  for (const char *m : {"Jump to content", "Main menu", "Search", "Create account", "Log in", "Personal tools", "Contents", "hide", "(Top)",
                        "See also", "References", "6 languages", "Article", "Talk"})
    s += std::string(m) + "\n\n";
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  for (int i = 0; i < 120; ++i) s += "Repeat Performance\t1947\tA woman who shot her husband on New Year's Eve wishes she could live the year again\n\n";
  PageEvidence e;
  CHECK(looks_like_page(page_of(s), &e));
  CHECK(e.short_blocks < e.blocks / 5);
}

TEST_CASE("a formula printed twice, its symbols a line each and then its TeX, is kept once as its TeX, inside its sentence") {
  // (get_text of a wiki's math: the MathML's symbols, then the TeX of its alternative text)
  const std::string s =
      "If the conjugate transpose of a matrix \n\nA\n\n{\\displaystyle A}\n\n is denoted by \n\nA\n\nH\n\n{\\displaystyle A^{\\mathsf {H}}}\n\n"
      ", then the property is written as\n\nA\n\n=\n\nA\n\nH\n\n{\\displaystyle A=A^{\\mathsf {H}}}\n\n.\n\nHermite named them.[4]\n\nR\n\n{\\displaystyle R}\n\n";
  std::vector<std::string> notes;
  const Report r = [&](uint32_t, Level, const std::string &m) { notes.push_back(m); };
  std::vector<Line> lines = split_lines(s);
  for (auto &l : lines) normalize_spaces(l.text);
  const auto b = texts(page_blocks(lines, true, FunctionWords::builtin("en"), r));
  REQUIRE(b.size() == 3);
  CHECK(b[0] == "If the conjugate transpose of a matrix {\\displaystyle A} is denoted by {\\displaystyle A^{\\mathsf {H}}}, then the property is written as "
                "{\\displaystyle A=A^{\\mathsf {H}}}.");
  CHECK(b[1] == "Hermite named them.[4]");  // (a citation's mark is no symbol of the formula under it)
  CHECK(b[2] == "{\\displaystyle R}");
  CHECK(std::any_of(notes.begin(), notes.end(), [](const std::string &m) { return m.find("its symbols printed one a line before it ('A = A H') left out") != std::string::npos; }));
}

TEST_CASE("a formula printed more than once around its TeX on one line is kept once, as its TeX") {
  // (w3m's print of a wiki's math: the symbols, the TeX, the symbols or the TeX again)
  std::vector<std::string> notes;
  const Report r = [&](uint32_t, Level, const std::string &m) { notes.push_back(m); };
  std::vector<Line> lines = split_lines(
      "If the conjugate transpose of a matrix A {\\displaystyle A} A is denoted by A H {\\displaystyle A^{\\mathsf {H}}} "
      "{\\displaystyle A^{\\mathsf {H}}}, then \xE2\x9F\xA8 w, A v \xE2\x9F\xA9 {\\displaystyle \\langle w,Av\\rangle } holds for A and H.\n");
  const auto b = texts(page_blocks(lines, true, FunctionWords::builtin("en"), r));
  REQUIRE(b.size() == 1);
  CHECK(b[0] == "If the conjugate transpose of a matrix {\\displaystyle A} is denoted by {\\displaystyle A^{\\mathsf {H}}}, then \xE2\x9F\xA8 "
                "{\\displaystyle \\langle w,Av\\rangle } holds for A and H.");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "a formula printed more than once: its TeX kept, 'A; A; {\\displaystyle A^{\\mathsf {H}}}; A H; w, A v \xE2\x9F\xA9' left out");
}

TEST_CASE("a text node broken at a link is one block again") {
  // BeautifulSoup's get_text('\n'): the link text on its own line, the
  // spaces around it kept.
  const auto b = texts(page_of("The UK must stay in the EU\n to have influence on the world stage\n\nFrom the section \nUS & Canada\n"));
  REQUIRE(b.size() == 2);
  CHECK(b[0] == "The UK must stay in the EU to have influence on the world stage");
  CHECK(b[1] == "From the section US & Canada");
  // Punctuation right after an inline element joins without a space.
  CHECK(texts(page_of("testing your frontend JavaScript code\n? Great!\n")) ==
        std::vector<std::string>{"testing your frontend JavaScript code? Great!"});
  // A wiki's citations end the sentence they cite (Wikipedia's get_text).
  CHECK(texts(page_of("the loop starts again.\n[1]\n[2]\n: 207 \n The list provides the names.\n")) ==
        std::vector<std::string>{"the loop starts again.[1][2]: 207 The list provides the names."});
  // A comma goes on: a footnote's number after it is inside the sentence.
  CHECK(texts(page_of("these are classified as \ntickets\n, \nemail alerts\n,\n22\n and \npages\n.\n")) ==
        std::vector<std::string>{"these are classified as tickets, email alerts, 22 and pages."});
  // Under a name, a mark is a picture's number in a box of other pages.
  CHECK(texts(page_of("Francoise Brougher\n[1]\n")) == std::vector<std::string>{"Francoise Brougher", "[1]"});
  // A link's text, capitalised, inside a sentence that goes on after it in
  // lower case: one block, a space only where the page had one.
  CHECK(texts(page_of("The company \nsaid\nOpens a new window \n that the lineup was new.\n")) ==
        std::vector<std::string>{"The company saidOpens a new window that the lineup was new."});
  CHECK(texts(page_of("The company \nsaid \nReuters \n that the lineup was new.\n")) ==
        std::vector<std::string>{"The company said Reuters that the lineup was new."});
  // A line of its own under a sentence's end is not inside it.
  CHECK(texts(page_of("The company \nsaid so.\nOpens a new window \n that the lineup was new.\n")).size() == 2);
}

TEST_CASE("a paragraph that the page's source wrapped at its indentation is one block; sentences on lines of their own are not") {
  CHECK(texts(page_of("The real upgrades are under the hood. It\n        features an 8-core CPU and a hard drive.\n        The PS4 Pro has only 8GB of RAM.\n")) ==
        std::vector<std::string>{"The real upgrades are under the hood. It features an 8-core CPU and a hard drive. The PS4 Pro has only 8GB of RAM."});
  // Paragraphs without the source's indentation, or the first line of one
  // under a line that was not indented, stay apart.
  CHECK(texts(page_of("The first paragraph ends here.\nThe second one starts here.\n")).size() == 2);
  CHECK(texts(page_of("The first paragraph ends here.\n        The second one starts here.\n")).size() == 2);
  // A source wrapped narrower than 60 characters: a sentence at the margin
  // as long as its lines goes on with the indented line under it, even a
  // capitalised one; a heading as long but without a sentence's words,
  // over an indented paragraph, does not.
  // (short lines around them, as a page has: its lines are not all as long,
  // so the page is no hard-wrapped text)
  std::string narrow;
  for (int i = 0; i < 25; ++i) narrow += "Xbox One\n        ends here, in a line of fifty characters or so,\n        and one more\n\n";
  for (int i = 0; i < 400; ++i) narrow += "Link " + std::to_string(i) + "\n\n";
  const auto after = [&](const std::string &tail) { return texts(page_of(narrow + tail)); };
  CHECK(has(after("You won't find any major differences between the One\n        X and the last Xbox at first.\n"),
            "You won't find any major differences between the One X and the last Xbox at first."));
  CHECK(has(after("Xbox One X review: Microsoft's 4K powerhouse\n        Microsoft made a console for the 4K future.\n"),
            "Microsoft made a console for the 4K future."));
}

TEST_CASE("a drop cap, and a dash glued to the text after a link, go on with the word or sentence before") {
  // A drop cap is the first letter of the paragraph, alone on its line.
  CHECK(texts(page_of("Z\nimbabwe President \nRobert Mugabe\n, his wife Grace are under house arrest.\n")) ==
        std::vector<std::string>{"Zimbabwe President Robert Mugabe, his wife Grace are under house arrest."});
  // "i" / "-th row": the rest of a word; "transpose" / "\u2014that is": the rest of the sentence.
  CHECK(texts(page_of("the element in the \ni\n-th row of its own conjugate transpose\n\xE2\x80\x94" "that is, equal.\n")) ==
        std::vector<std::string>{"the element in the i-th row of its own conjugate transpose\xE2\x80\x94" "that is, equal."});
  // A symbol alone and the word under it, a token each of highlighted code:
  // one word ("#include"), never a Markdown heading "# include".
  CHECK(texts(page_of("// add.c\n#\ninclude\n \n<emscripten.h>\n"))[1] == "#include");
  // A closing quotation mark after a link: the sentence goes on, no space before it.
  CHECK(texts(page_of("\"With submission, \nsir,\n\" said Turkey, \"I think so.\"\n")) ==
        std::vector<std::string>{"\"With submission, sir,\" said Turkey, \"I think so.\""});
  // A dash ending a text node: the sentence goes on, with no space the page did not have.
  CHECK(texts(page_of("by the new Constitution, as a----\nPremature\n act, as I had counted.\n")) ==
        std::vector<std::string>{"by the new Constitution, as a----Premature act, as I had counted."});
  // A capital over a line in capitals, a dash and a space (an attribution,
  // a bullet), and a dash after a sentence's end stay apart.
  CHECK(texts(page_of("A\nB\n")).size() == 2);
  CHECK(texts(page_of("Stay hungry, stay foolish\n\xE2\x80\x94 Steve Jobs\n")).size() == 2);
  CHECK(texts(page_of("It ended.\n\xE2\x80\x94" "and then it began again.\n")).size() == 2);
}

TEST_CASE("a quotation opened before a link goes on after it; text nodes joined once are no heading") {
  CHECK(texts(page_of("The tweet from Vulture magazine reads, \xE2\x80\x9C\n#Hamilton\n Chicago show interrupted.\xE2\x80\x9D\n")) ==
        std::vector<std::string>{"The tweet from Vulture magazine reads, \xE2\x80\x9C#Hamilton Chicago show interrupted.\xE2\x80\x9D"});
  // A sentence after emphasis: the text node starts with the one space between them.
  CHECK(texts(page_of("And ask yourself how in-depth it was?\n I know the excuse you will come up with.\n")) ==
        std::vector<std::string>{"And ask yourself how in-depth it was? I know the excuse you will come up with."});
  CHECK(texts(page_of("And ask yourself how in-depth it was?\n    I know the excuse you will come up with.\n")).size() == 2);
  // A term in bold that ends in a colon, and its definition after it.
  CHECK(texts(page_of("Lambda:\n A callback implementing business logic.\n")) ==
        std::vector<std::string>{"Lambda: A callback implementing business logic."});
  // A heading over a paragraph indented in the page's source stays apart;
  // a line that ends in a function word goes on under it, whatever its shape.
  CHECK(texts(page_of("Background\n    The plan was announced in May.\n")).size() == 2);
  CHECK(texts(page_of("Despite all the power inside, the One X is\n      Microsoft's smallest console to date.\n")) ==
        std::vector<std::string>{"Despite all the power inside, the One X is Microsoft's smallest console to date."});
}

TEST_CASE("web addresses alone on their lines, one under the other, are a list, not the rest of the line above") {
  const auto b = texts(page_of("Sources & links\nhttps://nodejs.org/api/inspector.html\nhttps://www.npmjs.com/package/inspector-api\n"));
  CHECK(b == std::vector<std::string>{"Sources & links", "https://nodejs.org/api/inspector.html", "https://www.npmjs.com/package/inspector-api"});
}

TEST_CASE("lines that are blocks of their own stay apart") {
  const auto b = texts(page_of("Kenya trip\nMr Obama will travel to Kenya.\nHe said so.\n\xE2\x80\xA2 first item\n\xE2\x80\xA2 second item\n"));
  CHECK(b == std::vector<std::string>{"Kenya trip", "Mr Obama will travel to Kenya.", "He said so.", "\xE2\x80\xA2 first item",
                                      "\xE2\x80\xA2 second item"});
}

TEST_CASE("a term right over its definition, a blank line above and below, is one paragraph; a heading over a list is not") {
  // A browser's copy of <p><b>Term</b><br>Definition.</p>: no blank line
  // between the two; headings have one under them, or a list.
  const auto b = texts(page_of(
      "Features\n\n"
      "Task scheduling\nClients can schedule tasks to execute at a specified time, or delay them to fit the use case.\n\n"
      "Lifecycle of a task\nClient performs a Schedule RPC call to Frontend with task information and its time.\n"
      "Frontend creates an entity and an association for the task in the store, and says so.\n"));
  CHECK(b == std::vector<std::string>{
                 "Features",
                 "Task scheduling Clients can schedule tasks to execute at a specified time, or delay them to fit the use case.",
                 "Lifecycle of a task", "Client performs a Schedule RPC call to Frontend with task information and its time.",
                 "Frontend creates an entity and an association for the task in the store, and says so."});
  // A short definition is one too next to a pair that is; alone, a short
  // sentence under a short line is a heading's text.
  const auto c = texts(page_of(
      "Task scheduling\nClients can schedule tasks to execute at a specified time, or delay them to fit the use case.\n\n"
      "Track task status\nClients can query the status of a scheduled task.\n\n"
      "Guarantees\nEvery task runs at least once.\n"));
  CHECK(c == std::vector<std::string>{
                 "Task scheduling Clients can schedule tasks to execute at a specified time, or delay them to fit the use case.",
                 "Track task status Clients can query the status of a scheduled task.", "Guarantees", "Every task runs at least once."});
}

TEST_CASE("a term whose definition goes on its text node, one empty line between, is one paragraph; a heading is not") {
  // A text node a line (BeautifulSoup's get_text): <p><b>Task
  // scheduling</b>\n   Clients …</p> prints the rest of the paragraph after
  // one empty line at the source's indentation; <h3>…</h3>\n<p>… has a
  // line of spaces between, or none at the start of the paragraph.
  const auto b = texts(page_of(
      "Features\n\n\n"
      "Task scheduling\n\n      Clients can schedule tasks to execute at a specified time, or delay them to fit the use case.\n    \n\n\n"
      "Lifecycle of a task\n\n    \n\n      Client performs a Schedule RPC call to Frontend with task information and its time.\n    \n\n"
      "Guarantees\n\nEvery task is run at least once, and a task that fails is tried again later.\n"));
  CHECK(b == std::vector<std::string>{
                 "Features",
                 "Task scheduling Clients can schedule tasks to execute at a specified time, or delay them to fit the use case.",
                 "Lifecycle of a task", "Client performs a Schedule RPC call to Frontend with task information and its time.", "Guarantees",
                 "Every task is run at least once, and a task that fails is tried again later."});
  // w3m's definition list: the term, an empty line, the definition indented.
  const auto c = texts(page_of("There are many reasons to monitor a system, including:\n\n"
                               "Alerting\n\n    Something is broken, and somebody needs to fix it right now! Or, something might break\n    soon, so somebody should look soon.\n\n"
                               "Building dashboards\n\n    Dashboards should answer basic questions about your service.\n"));
  CHECK(c == std::vector<std::string>{"There are many reasons to monitor a system, including:",
                                      "Alerting Something is broken, and somebody needs to fix it right now! Or, something might break soon, so "
                                      "somebody should look soon.",
                                      "Building dashboards Dashboards should answer basic questions about your service."});
}

TEST_CASE("hard-wrapped lines are joined where the next word would not have fitted") {
  std::string s;
  for (int i = 0; i < 6; ++i)
    s += "President Barack Obama has admitted that his failure to pass common sense gun\n"
         "safety laws in the US is the greatest frustration of his presidency.\n\n"
         "Short line.\n\n";
  const auto b = texts(page_of(s));
  REQUIRE(b.size() == 12);
  CHECK(b[0] == "President Barack Obama has admitted that his failure to pass common sense gun safety laws in the US is the "
                "greatest frustration of his presidency.");
  CHECK(b[1] == "Short line.");
}

TEST_CASE("the article of a page: headline first, dateline, paragraphs; navigation and footer left out, each reported") {
  std::vector<std::string> removed;
  const Report r = [&](uint32_t line, Level, const std::string &m) {
    CHECK(line > 0);
    removed.push_back(m);
  };
  const auto out = texts(extract_article(page_of(a_page()), FunctionWords::builtin("en"), Chrome::defaults(), r));
  REQUIRE(out.size() >= 6);
  CHECK(out[0] == "Obama admits US gun laws are his 'biggest frustration'");
  CHECK(out[1] == "24 July 2015");
  for (const char *p : kProse) CHECK(std::find(out.begin(), out.end(), p) != out.end());
  for (const auto &t : out) {
    CHECK(t != "Accessibility links");
    CHECK(t != "Privacy Policy");
    CHECK(t.find("Copyright") == std::string::npos);
  }
  CHECK(std::count_if(removed.begin(), removed.end(), [](const std::string &m) { return m.find("boilerplate 'Weather'") != std::string::npos; }) == 2);
}

TEST_CASE("a page without its title: the headline is the title-shaped line over the dateline") {
  std::string s = a_page();
  s.erase(0, s.find("\n\n") + 2);  // a copy of the rendered page has no <title>
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  REQUIRE(!out.empty());
  CHECK(out[0] == "Obama admits US gun laws are his 'biggest frustration'");
}

TEST_CASE("a glued byline and date become two lines; a picture between headline and byline does not hide it") {
  std::string s = a_page();
  s.erase(0, s.find("\n\n") + 2);
  // A picture's caption, its credit and a share count between the headline
  // and the byline, which the page's markup glued to its date.
  const std::string dated = "24 July 2015\n\n";
  s.replace(s.find(dated), dated.size(),
            "1234\n\n12\n\nThe president spoke at the White House on Thursday.\n\nJIM WATSON/AFP/Getty Images\n\n"
            "by Lucas Nolan24 July 2015\n\n");
  std::vector<std::string> notes;
  const Report r = [&](uint32_t, Level, const std::string &m) { notes.push_back(m); };
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), r));
  REQUIRE(out.size() >= 3);
  CHECK(out[0] == "Obama admits US gun laws are his 'biggest frustration'");
  CHECK(out[1] == "by Lucas Nolan");
  CHECK(out[2] == "24 July 2015");
  CHECK(std::any_of(notes.begin(), notes.end(), [](const std::string &m) { return m.find("glued together") != std::string::npos; }));
  // A byline that is not glued to a date is left whole.
  s.replace(s.find("by Lucas Nolan24"), 16, "by Lucas Nolan 24");
  CHECK(texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet))[1] == "by Lucas Nolan 24 July 2015");
}

TEST_CASE("the site's name is cut from a page title, and only that") {
  CHECK(strip_site_name("Obama admits US gun laws are his 'biggest frustration' - BBC News") ==
        "Obama admits US gun laws are his 'biggest frustration'");
  CHECK(strip_site_name("Get your Frontend JavaScript Code Covered | Code | Nicolas Perriault") ==
        "Get your Frontend JavaScript Code Covered | Code");
  // No separator, or a head too short to be the headline: unchanged.
  CHECK(strip_site_name("Zimbabwe coup: Robert Mugabe and wife Grace 'insisting he finishes his term'") ==
        "Zimbabwe coup: Robert Mugabe and wife Grace 'insisting he finishes his term'");
  CHECK(strip_site_name("Q&A - What the new rules mean for savers") == "Q&A - What the new rules mean for savers");
  // A two-word headline and a shorter site name; the writer between them; a headline the title repeats.
  CHECK(strip_site_name("Hermitian matrix - Wikipedia") == "Hermitian matrix");
  CHECK(strip_site_name("Star Wars - The Last Jedi") == "Star Wars - The Last Jedi");
  CHECK(strip_site_name("Samantha and The Great Big Lie | by John C. Welch | Medium") == "Samantha and The Great Big Lie");
  CHECK(strip_site_name("Minecraft 1.8 - The Bountiful Update - Minecraft 1.8 - The Bountiful Update - Update News") ==
        "Minecraft 1.8 - The Bountiful Update");
}

TEST_CASE("a short text whose lines are text nodes broken at links is a page; a short clean article, wrapped or not, is not") {
  std::string s = "A short post | Blog\n\n";
  for (const char *m : {"Home", "About", "Photos", "Code", "Rants", "Contact", "Archives", "Feed"}) s += std::string(m) + "\n\n";
  for (int i = 0; i < 12; ++i) s += "So finally you are testing your\nfrontend code\n? Great! The more you write tests, the better.\n\n";
  const auto lines = split_lines(s);
  size_t nonempty = 0;
  for (const auto &l : lines) nonempty += !l.text.empty();
  PageEvidence e;
  CHECK(looks_like_page(page_of(s), &e, nonempty));
  CHECK(e.joined >= 24);
  std::string clean = "Henman to face Saulnier test\n\n";
  for (int i = 0; i < 4; ++i)
    for (const char *p : kProse) clean += std::string(p) + "\n\n";
  size_t clean_lines = 0;
  for (const auto &l : split_lines(clean)) clean_lines += !l.text.empty();
  CHECK_FALSE(looks_like_page(page_of(clean), nullptr, clean_lines));
  // The same article hard-wrapped: its lines are joined, but it has no menus.
  std::string wrapped = "Henman to face Saulnier test\n\n";
  for (int i = 0; i < 4; ++i)
    for (const char *p : kProse) {
      std::string para = p;
      for (size_t at = 60; at < para.size(); at += 60)
        if (const size_t sp = para.rfind(' ', at); sp != std::string::npos) para[sp] = '\n';
      wrapped += para + "\n\n";
    }
  size_t wrapped_lines = 0;
  for (const auto &l : split_lines(wrapped)) wrapped_lines += !l.text.empty();
  PageEvidence w;
  CHECK_FALSE(looks_like_page(page_of(wrapped), &w, wrapped_lines));
  CHECK(w.joined >= 10);
}

TEST_CASE("comments after the article, each with a date and a Reply, are left out; the article stays") {
  std::string s = news_head();
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  for (const char *c : {"Ann Lee", "Rob Roe", "Kim Poe", "Lou Dee"})
    s += std::string(c) + " \xC2\xB7 March 10, 2017 at 12:20 am\n\nI have never gone beyond the first round, and I do not think that the "
                          "match was fair at all, so there is that to think about for a while.\n\nReply\n\n";
  std::vector<std::string> notes;
  const Report r = [&](uint32_t, Level, const std::string &m) { notes.push_back(m); };
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), r));
  CHECK(std::find(out.begin(), out.end(), std::string(kProse[3])) != out.end());
  CHECK(std::none_of(out.begin(), out.end(), [](const std::string &t) { return t.find("Reply") != std::string::npos || t.find("Ann Lee") != std::string::npos; }));
  CHECK(std::any_of(notes.begin(), notes.end(), [](const std::string &m) { return m.find("records (comments or a listing)") != std::string::npos; }));
}

TEST_CASE("a listing printed as a numbered list, each item a story with its date, is left out; a list of notes with dates stays") {
  std::string s = news_head();
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  // (w3m: the listing's <ol>, its items' pictures as "[144x144]", each
  // story's writer a list of one, "1. John Metcalfe")
  const std::string notes = "11. ^ Keller, Bill (23 April 1988). \"A Movie Tribute for Stalin Generation\"";
  s += "References[edit]\n\n" + notes + "\n\n. The New York Times. Retrieved 1 May 2015.\n\n";
  s += "12. ^ Hartl, John (September 3, 1998). \"Disney Will Distribute Animated Japanese Movie\"\n\n. The Seattle Times. Retrieved May 15, 2017.\n\n";
  s += "13. ^ French, Todd (July 1996). \"Reviews\"\n\n. Cinefantastique. Retrieved April 28, 2017.\n\n";
  for (const char *t : {"2. [144x144]", "3. A train on an elevated platform.", "4. [144x144]", "5. [144x144]"})
    s += std::string(t) + "\n\nTransportation\n\nTexas High Speed Rail Faces a New Threat\n\nA private company plans to break ground on a train "
                          "between Houston and Dallas.\n\n1. Laura Bliss\n\nApr 26, 2019\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  for (const char *p : kProse) CHECK(has(out, p));
  CHECK(has(out, notes));
  CHECK_FALSE(has(out, "Texas High Speed Rail Faces a New Threat"));
  CHECK_FALSE(has(out, "1. Laura Bliss"));
}

TEST_CASE("a caption that the page labels as one goes with its label; without chrome it stays") {
  std::string s = news_head();
  s += std::string(kProse[0]) + "\n\nMedia caption\n\nMr Obama told the BBC that gun control was his biggest frustration\n\n" + kProse[1] +
       "\n\n" + kProse[2] + "\n\nImage caption The president said he would continue fighting\n\n" + kProse[3] + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  for (const char *p : kProse) CHECK(has(out, p));
  CHECK_FALSE(has(out, "Mr Obama told the BBC that gun control was his biggest frustration"));
  CHECK_FALSE(has(out, "Image caption The president said he would continue fighting"));
  const auto kept = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome{}, quiet));
  CHECK(has(kept, "Mr Obama told the BBC that gun control was his biggest frustration"));
}

TEST_CASE("a list whose items each print their title twice is a box of other pages; an article's list is not") {
  const std::string b = "\xE2\x80\xA2 ";
  std::string s = news_head();
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  const std::string list = b + "The harbour was rebuilt after the storm of that winter\n\n" + b + "The council approved the plans\n\n" + b +
                           "The traders came back in the spring\n\n";
  s += "What the council decided:\n\n" + list + std::string(kProse[2]) + " " + kProse[3] + "\n\nLatest news\n\n";
  // (w3m: the picture's alt text and the link's, then the teaser; on one
  // line or two)
  s += b + "Simple drug formula regenerates brain cells Simple drug formula regenerates brain cells Scientists have shown how a "
           "drug cocktail can convert glia into new working neurons.\n\n";
  s += b + "What role does the gut play in Parkinson's disease?\n\nWhat role does the gut play in Parkinson's disease?\n\n"
           "A review of existing research has examined the evidence for a connection between the gut and the brain.\n\n";
  s += b + "Weight loss: How important is eating breakfast?\n\nWeight loss: How important is eating breakfast?\n\n"
           "A new study has examined the importance of eating breakfast in the process of losing weight.\n\n";
  // (the box in the text's column: the article goes on under it)
  const std::string more = "The mayor said that the harbour would open again in the spring, and that the traders who had left it would "
                           "be welcome back, with the fees they paid before the storm cut by half for the first year of their return.";
  s += more + "\n\n" + more + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  for (const char *p : kProse) CHECK(has(out, p));
  CHECK(has(out, b + "The council approved the plans"));
  CHECK_FALSE(has(out, "What role does the gut play in Parkinson's disease?"));
  CHECK_FALSE(has(out, "A new study has examined the importance of eating breakfast in the process of losing weight."));
}

TEST_CASE("records: a long comment that opens with its date line, replies under two markers, a listing's first teaser; the article's last paragraph stays") {
  std::string s = news_head();
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  const std::string said = "I have never gone beyond the first round, and I do not think that the match was fair at all, so there is that to think about.";
  // Related posts: a title, its teaser, a date, a category.
  const std::string teaser = "A look back at the year we spent moving every machine that we own to a new home.";
  for (const char *t : {"How we moved our servers", "The cost of a slow build", "Ten years of the blog"})
    s += std::string(t) + "\n\n" + teaser + "\n\nJuly 22, 2016\n\nIn \"News\"\n\n";
  // Each comment ends in "Report" and most in "Reply" too; the last is long.
  for (const char *c : {"Ann Lee", "Rob Roe", "Kim Poe", "Lou Dee"})
    s += std::string(c) + " \xC2\xB7 March 10, 2017 at 12:20 am\n\n" + said + "\n\nReport\n\nReply\n\n";
  const std::string last = "The last comment goes on for more paragraphs than the others, as they do.";
  s += "Sam Fox \xC2\xB7 March 11, 2017 at 9:02 am\n\n";
  for (int i = 0; i < 8; ++i) s += last + "\n\n";
  s += "Report\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  for (const char *p : kProse) CHECK(std::find(out.begin(), out.end(), std::string(p)) != out.end());
  CHECK(std::find(out.begin(), out.end(), last) == out.end());
  CHECK(std::find(out.begin(), out.end(), said) == out.end());
  CHECK(std::find(out.begin(), out.end(), teaser) == out.end());
  CHECK(std::find(out.begin(), out.end(), "How we moved our servers") == out.end());
  // The long comment's header in blocks of their own, its name longer than
  // a name line ("Reply" / "Sam Fox (rhymes with box)" / "·" / the date).
  std::string split = s.substr(0, s.find("Sam Fox"));
  split += "Sam Fox (rhymes with box)\n\n\xC2\xB7\n\nMarch 11, 2017 at 9:02 am\n\n";
  for (int i = 0; i < 8; ++i) split += last + "\n\n";
  split += "Report\n\nCancel reply\n\n";
  const auto out2 = texts(extract_article(page_of(split), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  for (const char *p : kProse) CHECK(has(out2, p));
  CHECK_FALSE(has(out2, last));
}

TEST_CASE("teasers that each end in the same link's label are a listing of other pages; one such paragraph is not") {
  std::string s = news_head();
  const std::string own = "He said that the most important thing now was to get the law through the Senate. Read now";
  s += std::string(kProse[0]) + "\n\n" + kProse[1] + "\n\n" + own + "\n\n" + kProse[2] + "\n\n" + kProse[3] + "\n\nRelated coverage\n\n";
  const char *teasers[] = {"Pets benefit our mental health A review of the studies lists the many ways in which pets help people. Read now",
                           "Consciousness restored using nerve stimulation A patient who had spent years in a coma showed signs of it. Read now",
                           "Cannabis for pain lacks evidence Reviews of the evidence suggest that it is of too low a quality to support its use. Read now"};
  for (const char *t : teasers) s += std::string(t) + "\n\n";
  for (const char *m : {"Terms of Use", "About us", "Privacy Policy"}) s += std::string(m) + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  const auto has = [&](const std::string &t) { return std::find(out.begin(), out.end(), t) != out.end(); };
  for (const char *p : kProse) CHECK(has(p));
  CHECK(has(own));
  for (const char *t : teasers) CHECK_FALSE(has(t));
}

TEST_CASE("a formula's TeX is no words: a paragraph with formulas is text by its words") {
  std::string formula = "In mathematics, a Hermitian matrix is a square matrix that is equal to its own conjugate transpose, for all i and j:";
  for (const char *k : {"1", "2", "3", "4", "5", "6", "7", "8"})
    formula += std::string(" {\\displaystyle A{\\text{ Hermitian}}\\quad \\iff \\quad a_{ij}^{") + k + "}={\\overline {a_{ji}}}}";
  const auto blocks = page_of("Main page\n\n" + formula + "\n\nDonate\n\n");
  REQUIRE(blocks.size() == 3);
  CHECK(classify_blocks(blocks, FunctionWords::builtin("en"), Chrome::defaults())[1] == BlockClass::good);
}

TEST_CASE("short sentences right after the article's last paragraph are its end; a menu after them is not") {
  std::string s = news_head();
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  s += "That is the whole of it.\n\nRead more about the match here.\n\nAuto Draft 14\n\n";
  for (const char *m : {"Terms of Use", "About us", "Privacy Policy"}) s += std::string(m) + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  const auto has = [&](const std::string &t) { return std::find(out.begin(), out.end(), t) != out.end(); };
  CHECK(has("That is the whole of it."));
  CHECK(has("Read more about the match here."));
  CHECK_FALSE(has("Auto Draft 14"));
  CHECK_FALSE(has("Terms of Use"));
}

TEST_CASE("a page's title line is no evidence that the menu under it is text") {
  std::string s = "Zimbabwe coup: Robert Mugabe and wife Grace 'insisting he finishes his term', as priest steps in to mediate\n\n";
  const char *menu[] = {"Premium", "News", "Politics", "Sport", "Business", "Money", "Opinion", "Obituaries", "Travel", "Culture"};
  for (const char *m : menu) s += std::string(m) + "\n\n";
  s += "Zimbabwe coup: Robert Mugabe and wife Grace 'insisting he finishes his term'\n\n";
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  for (const char *m : {"Terms of Use", "About us", "Privacy Policy"}) s += std::string(m) + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  // (the section's name right over the headline, "Culture", is its label, kept)
  for (const char *m : menu)
    if (std::string(m) != "Culture") CHECK(std::find(out.begin(), out.end(), std::string(m)) == out.end());
  for (const char *p : kProse) CHECK(std::find(out.begin(), out.end(), std::string(p)) != out.end());
}

TEST_CASE("function words: the built-in English list, a user's list, none for an unknown language") {
  const FunctionWords en = FunctionWords::builtin("en-GB");
  CHECK(en.words.count("the"));
  CHECK_FALSE(en.words.count("ryanair"));
  const FunctionWords user = FunctionWords::parse("# Dutch\nde\nhet\n  een  \n\nmet twee\n");
  CHECK(user.words == std::unordered_set<std::string>{"de", "het", "een"});
  CHECK(FunctionWords::builtin("xx").empty());
}

TEST_CASE("clean articles are left as they are by clean_text") {
  // Clean prose, and an article whose headings are the chrome list's
  // ambiguous words: nothing is taken for a page, no word is removed.
  std::string s = "Results\n\n";
  for (const char *p : kProse) s += std::string(p) + "\n\nContents\n\n";
  s += "Comments\n\nThe board said it welcomed readers' comments on the plan, and would publish them in full.\n";
  std::vector<std::string> notes;
  const Cleaned c = clean_text(s, CleanOptions{}, [&](uint32_t, Level, const std::string &m) { notes.push_back(m); });
  CHECK(c.text == s.substr(0, s.size() - 1));
  for (const auto &n : notes) CHECK(n.find("removed") == std::string::npos);
}

TEST_CASE("a page's <title> kept as the first line gives way to the headline it repeats") {
  std::vector<Block> b;
  for (const char *t : {"Get your Frontend JavaScript Code Covered | Code | Nicolas Perriault", "Hi, I'm Nicolas.",
                        "Get your Frontend JavaScript Code Covered", "So finally you're testing your frontend JavaScript code."})
    b.push_back(Block{{Line{t, static_cast<uint32_t>(b.size() + 1)}}});
  REQUIRE(headline_from_title(b, quiet));
  CHECK(texts(b) == std::vector<std::string>{"Get your Frontend JavaScript Code Covered", "Hi, I'm Nicolas.",
                                             "So finally you're testing your frontend JavaScript code."});
  // A title that no line repeats, or a line that only starts like it, stays.
  std::vector<Block> c;
  for (const char *t : {"Ryanair profits rise as fares fall", "Ryanair profits", "Ryanair said on Monday that its profits rose."})
    c.push_back(Block{{Line{t, static_cast<uint32_t>(c.size() + 1)}}});
  CHECK_FALSE(headline_from_title(c, quiet));
  CHECK(c.size() == 3);
}

TEST_CASE("without a title, the headline is the line whose words the article uses, not a section name over the byline") {
  // A copy of the rendered page: menus, the headline, its dek, the section's
  // name, then the byline and the text.  The section's name is closer to
  // the byline; the headline's words are the article's.
  const std::string s = untitled_page("Ryanair plans 2,500 jobs\n\nThe airline adds routes across Europe.\n\nTech Industry\n\nby Lucas Nolan\n\n");
  std::vector<std::string> notes;
  const Report r = [&](uint32_t, Level, const std::string &m) { notes.push_back(m); };
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), r));
  REQUIRE(out.size() >= 2);
  CHECK(out[0] == "Ryanair plans 2,500 jobs");
  CHECK(std::any_of(notes.begin(), notes.end(), [](const std::string &m) { return m.find("the page has no title") != std::string::npos; }));
}

TEST_CASE("a name next to the headline's role and date, or with its handle, is the byline, written By Name") {
  const auto page_with = [](const std::string &header) { return untitled_page("Ryanair plans 2,500 jobs\n\n" + header); };
  std::vector<std::string> notes;
  const Report r = [&](uint32_t, Level, const std::string &m) { notes.push_back(m); };
  auto out = texts(extract_article(page_of(page_with("Ben Silverman\n\nGames Editor\n\nOctober 13, 2016\n\n")), FunctionWords::builtin("en"),
                                   Chrome::defaults(), r));
  REQUIRE(out.size() >= 3);
  CHECK(out[1] == "By Ben Silverman");  // the role under it is not a second name
  CHECK(out[2] == "October 13, 2016");
  CHECK(std::any_of(notes.begin(), notes.end(), [](const std::string &m) { return m.find("is its byline") != std::string::npos; }));
  out = texts(extract_article(page_of(page_with("Devindra Hardawar, @devindra\n\n11.03.17 in Gadgetry\n\n")), FunctionWords::builtin("en"),
                              Chrome::defaults(), quiet));
  CHECK(out[1] == "By Devindra Hardawar");
  out = texts(extract_article(page_of(page_with("John C. Welch\n\nFollow\n\n18 min read\n\n")), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  CHECK(out[1] == "By John C. Welch");
  // A second "byline" in capitals is a button's text.
  out = texts(extract_article(page_of(page_with("by Ben Silverman\n\nOctober 13, 2016\n\nSIGN UP\n\n")), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  CHECK(std::find(out.begin(), out.end(), "By SIGN UP") == out.end());
  // Switched off, the name stays as the page has it.
  out = texts(extract_article(page_of(page_with("Devindra Hardawar, @devindra\n\n11.03.17 in Gadgetry\n\n")), FunctionWords::builtin("en"),
                              Chrome::defaults(), quiet, false));
  CHECK(std::find(out.begin(), out.end(), "By Devindra Hardawar") == out.end());
}

TEST_CASE("a lone By over a name is one byline; a section name over them is not the writer") {
  const std::string s = untitled_page("Ryanair plans 2,500 jobs\n\nTech Industry\n\nby\n\nSteven Musil\n\nJanuary 18, 2017\n\n");
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  REQUIRE(out.size() >= 3);
  CHECK(out[1] == "by Steven Musil");
  CHECK(std::find(out.begin(), out.end(), "By Tech Industry") == out.end());
}

TEST_CASE("the article's first paragraph, dense with names and figures, is kept under the headline; a teaser above it is not") {
  const std::string lead = "Ryanair, Vodafone, BT, Tesco and Barclays reported their results on Monday: profits 4.2%, 3.1%, 7.5% respectively.";
  const std::string teaser = "Shares in Europe's largest carriers rose sharply, led by budget airlines and investors' hopes for summer travel.";
  std::string s = "Obama admits US gun laws are his 'biggest frustration' - BBC News\n\n";
  for (const char *m : {"Skip to content", "News", "Sport", "Weather", "Shop", "Earth", "Travel", "Capital", "Culture"})
    s += std::string(m) + "\n\n";
  s += teaser + "\n\nObama admits US gun laws are his 'biggest frustration'\n\n24 July 2015\n\nWatch the video\n\n" + lead + "\n\n";
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  for (const char *m : {"Share this story", "Terms of Use", "About us", "Privacy Policy", "Cookies", "Contact us"}) s += std::string(m) + "\n\n";
  std::vector<std::string> notes;
  const Report r = [&](uint32_t, Level, const std::string &m) { notes.push_back(m); };
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), r));
  REQUIRE(out.size() >= 3);
  CHECK(out[0] == "Obama admits US gun laws are his 'biggest frustration'");
  CHECK(std::find(out.begin(), out.end(), lead) != out.end());
  CHECK(std::find(out.begin(), out.end(), teaser) == out.end());
  CHECK(std::find(out.begin(), out.end(), "Watch the video") == out.end());
  for (const char *p : kProse) CHECK(std::find(out.begin(), out.end(), p) != out.end());
  CHECK(std::any_of(notes.begin(), notes.end(), [](const std::string &m) { return m.find("as the start of the article") != std::string::npos; }));
}

TEST_CASE("a listing of code between the article's paragraphs is kept, and the text around it; code in the footer and TeX are not") {
  std::string s = "Testing your code - A Blog\n\n";
  for (const char *m : {"Skip to content", "Home", "Archive", "About", "Projects", "Photos", "Talks", "Contact", "Feed"}) s += std::string(m) + "\n\n";
  s += "Testing your code\n\n24 July 2015\n\n";
  s += std::string(kProse[0]) + "\n\n" + kProse[1] + "\n\nAs an example, let's reuse the little example we used in an earlier post:\n\n";
  s += "function Cow(name) { this.name = name || \"Anon\"; }\n\nCow.prototype.greets = function(target) { return this.name + target; };\n\n";
  s += "And its test suite, which runs in the browser:\n\ndescribe(\"Cow\", function() { it(\"greets\", function() { expect(x).to.equal(1); }); });\n\n";
  s += std::string(kProse[2]) + "\n\n" + kProse[3] + "\n\n";
  s += "{\\displaystyle a_{ij}={\\overline {a}}_{ji}}\n\n";
  for (const char *m : {"Share this story", "Terms of Use", "About us", "Privacy Policy"}) s += std::string(m) + "\n\n";
  s += "<script src=\"js/libs/jquery.min.js\"></script>\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  const auto has = [&](const std::string &t) { return std::find(out.begin(), out.end(), t) != out.end(); };
  CHECK(has("As an example, let's reuse the little example we used in an earlier post:"));
  CHECK(has("function Cow(name) { this.name = name || \"Anon\"; }"));
  CHECK(has("And its test suite, which runs in the browser:"));
  CHECK(has("describe(\"Cow\", function() { it(\"greets\", function() { expect(x).to.equal(1); }); });"));
  for (const char *p : kProse) CHECK(has(p));
  CHECK_FALSE(has("<script src=\"js/libs/jquery.min.js\"></script>"));
  CHECK_FALSE(has("{\\displaystyle a_{ij}={\\overline {a}}_{ji}}"));
}

TEST_CASE("a table drawn in box-drawing characters is no evidence either way: the short paragraphs between two are the article's") {
  std::string s = "Finding anomalies - A Blog\n\n";
  for (const char *m : {"Skip to content", "Home", "Archive", "About", "Projects", "Photos", "Talks", "Contact", "Feed"}) s += std::string(m) + "\n\n";
  s += "Finding anomalies\n\n24 July 2015\n\n" + std::string(kProse[0]) + "\n\n" + kProse[1] + "\n\n";
  // (rows as long as a paragraph: each a block of its own, with no function word)
  std::string table = "status_code \u2502 period \u2502 entries \u2502 zscore \u2502 alert \u2502 path\n\n";
  for (const char *row : {"400 \u2502 2020-08-01 18:00:00+00 \u2502 24 \u2502 6.823777205473068 \u2502 t \u2502 /api/v1/orders",
                          "500 \u2502 2020-08-01 11:29:00+00 \u2502 5001 \u2502 3.172198441961645 \u2502 t \u2502 /api/v1/cart"})
    table += std::string(row) + "\n\n";
  const std::string between[] = {"After we left out the rows with fewer than ten entries, we got far fewer of them, and they matter more.",
                                 "Repeated alerts", "In the last section we left out the rows with few entries; now we leave out repeated ones."};
  s += table;
  for (const auto &b : between) s += b + "\n\n";
  s += table + std::string(kProse[2]) + "\n\n" + kProse[3] + "\n\n";
  for (const char *m : {"Share this story", "Terms of Use", "About us", "Privacy Policy"}) s += std::string(m) + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  const auto has = [&](const std::string &t) { return std::find(out.begin(), out.end(), t) != out.end(); };
  for (const char *p : kProse) CHECK(has(p));
  for (const auto &b : between) CHECK(has(b));
}

TEST_CASE("the article's own sections after its text, their headings marked by the page's edit link, are kept; the menus after them are not") {
  std::string s = "Hermitian matrix - Wikipedia\n\n";
  for (const char *m : {"Jump to content", "Main menu", "Navigation", "Main page", "Contents", "Current events", "Random article"})
    s += std::string(m) + "\n\n";
  s += "Hermitian matrix\n\n";
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  // (get_text prints the edit link on lines of its own, "[" / "edit" / "]")
  s += "See also\n[\nedit\n]\n\n\xE2\x80\xA2 Vector space\n\n\xE2\x80\xA2 Hermitian form\n\n";
  s += "References\n[\nedit\n]\n\n1. ^ Frankel, Theodore (2004). The Geometry of Physics. Cambridge University Press.\n\n";
  for (const char *m : {"Categories", "Matrices", "Hidden categories", "Articles with short description", "Privacy policy",
                        "About Wikipedia", "Disclaimers", "Contact Wikipedia"})
    s += std::string(m) + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  for (const char *p : kProse) CHECK(has(out, p));
  for (const char *t : {"See also", "\xE2\x80\xA2 Vector space", "\xE2\x80\xA2 Hermitian form", "References",
                        "1. ^ Frankel, Theodore (2004). The Geometry of Physics. Cambridge University Press."})
    CHECK(has(out, t));
  for (const char *m : {"Categories", "Matrices", "Privacy policy", "Disclaimers"}) CHECK_FALSE(has(out, m));
}

TEST_CASE("a table of contents whose entries head the sections below goes; the first section's heading, marked by its edit link, stays") {
  std::string s = "Hermitian matrix - Wikipedia\n\n";
  for (const char *m : {"Jump to content", "Main menu", "Navigation", "Main page", "Contents", "Current events", "Random article"})
    s += std::string(m) + "\n\n";
  s += "Hermitian matrix\n\n" + std::string(kProse[0]) + "\n\n" + kProse[1] + "\n\n";
  // (get_text: the contents box's numbers and entries a line each)
  s += "1\n\nAlternative characterizations\n\n1.1\n\nEquality with the adjoint\n\n2\n\nApplications\n\n3\n\nExamples\n\n";
  const char *sections[] = {"Alternative characterizations", "Equality with the adjoint", "Applications", "Examples"};
  for (size_t i = 0; i < 4; ++i) s += std::string(sections[i]) + "\n[\nedit\n]\n\n" + kProse[i] + "\n\n";
  for (const char *m : {"Categories", "Matrices", "Privacy policy", "About Wikipedia", "Disclaimers"}) s += std::string(m) + "\n\n";
  std::vector<std::string> notes;
  const Report r = [&](uint32_t, Level, const std::string &m) { notes.push_back(m); };
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), r));
  for (const char *h : sections) CHECK(std::count_if(out.begin(), out.end(), [&](const std::string &t) { return t.rfind(h, 0) == 0; }) == 1);
  for (const auto &t : notes) UNSCOPED_INFO(t);
  CHECK(std::find_if(out.begin(), out.end(), [](const std::string &t) { return t.rfind("Alternative characterizations", 0) == 0; }) >
        std::find(out.begin(), out.end(), std::string(kProse[1])));
  CHECK(std::any_of(notes.begin(), notes.end(), [](const std::string &m) { return m.find("a table of contents") != std::string::npos; }));
}

TEST_CASE("a text browser's navigation boxes after the article, labels over lists of a few words, end it; the article's short lists stay") {
  // (w3m prints a wiki's side boxes at the end of the page, each a label
  // over bulleted links, and the page's footer, a paragraph, after them)
  const std::string b = "\xE2\x80\xA2 ";
  std::string s = "Hermitian matrix - Wikipedia\n\nHermitian matrix\n\n";
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  s += "Related ideas\n\n" + b + "Vector space\n" + b + "Hermitian form\n\n" + std::string(kProse[0]) + "\n\n";
  s += "Navigation menu\n\nPersonal tools\n\n" + b + "Not logged in\n" + b + "Log in\n\nNamespaces\n\n" + b + "Article\n" + b + "Talk\n\n";
  s += "Views\n\n" + b + "Read\n" + b + "View history\n\nLanguages\n\n" + b + "Deutsch\n" + b + "Fran\xC3\xA7" "ais\n\n";
  const std::string footer =
      "This page was last edited on 24 February 2020, and its text is available under a licence of which the terms may apply to you.";
  s += footer + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  for (const char *p : kProse) CHECK(has(out, p));
  for (const std::string &t : std::vector<std::string>{"Related ideas", b + "Vector space", b + "Hermitian form"}) CHECK(has(out, t));
  for (const std::string &m : std::vector<std::string>{"Personal tools", b + "Log in", "Views", b + "View history", b + "Deutsch", footer})
    CHECK_FALSE(has(out, m));
}

TEST_CASE("a wiki's section of links right over its next section is kept, and so is a row between the text and its first section") {
  // (a browser's copy: the edit link on the heading's line, the bullets of
  // "See also" lost, a table's rows ending in citations)
  std::string s = "Jump to content\n\nMain menu\n\nSearch\n\nLog in\n\nContents\n\nList of time-loop films\n\nArticle\n\nTalk\n\nRead\n\nView history\n\n";
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  const std::string row = "Zanox\t2022\tMisi, a student, relives the day of his graduation after a pill he takes has a side effect.[79]";
  const std::string last = "Dreadful Chapters\t2023\tMalayalam horror film directed by Nirmal Baby Varghese.[80]";
  s += row + "\n" + last + "\nSee also[edit]\n\tFilm portal\n\tScience Fiction portal\nTime travel in fiction\n";
  s += "References[edit]\n^ Jones, Matthew (2015). Time Travel in Popular Media. McFarland & Company.\n\n";
  for (const char *m : {"Categories", "Film lists", "Hidden categories", "Privacy policy", "About Wikipedia", "Disclaimers", "Contact Wikipedia"})
    s += std::string(m) + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  for (const char *p : kProse) CHECK(has(out, p));
  for (const char *t : {"Dreadful Chapters 2023 Malayalam horror film directed by Nirmal Baby Varghese.[80]", "See also", "Film portal",
                        "Science Fiction portal", "Time travel in fiction", "References"})
    CHECK(has(out, t));
  for (const char *m : {"Main menu", "Categories", "Privacy policy", "Disclaimers"}) CHECK_FALSE(has(out, m));
}

TEST_CASE("what a kept sentence announces with its colon is the article's, whatever its shape, when the text goes on after it") {
  // (innertext prints a list's items on lines of their own without marks;
  // joined, they read as a block of few function words)
  std::string s = news_head() + "24 July 2015\n\n";
  const std::string intro = "With the inspector module, you can do much more than just CPU profiling, here is a non-exhaustive list:";
  const std::string items = "memory dump & memory sampling code coverage heap snapshots CPU profiles use the debugger in real-time";
  s += std::string(kProse[0]) + "\n\n" + kProse[1] + "\n\n" + intro + "\n\n" + items + "\n\nWarnings\n\n" + kProse[2] + " " + kProse[3] + "\n\n";
  for (const char *m : {"Share this story", "Terms of Use", "About us", "Privacy Policy", "Cookies", "Contact us"}) s += std::string(m) + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  CHECK(has(out, intro));
  CHECK(has(out, items));
  CHECK(has(out, "Warnings"));
  CHECK_FALSE(has(out, "Privacy Policy"));
}

TEST_CASE("a sentence between two kept blocks of the text is the article's, however few its function words") {
  // (a list item that lost its bullet, names and terms more than words)
  std::string s = news_head() + "24 July 2015\n\n";
  const std::string terms = "Frontend creates Edgestore entity and assoc for the task.";
  const std::string before = "Client performs a Schedule RPC call to Frontend with task information, including execution time.";
  const std::string after = "Executor makes NextWork RPC call to Controller, which pulls tasks from the SQS queue, makes a ClaimTask RPC to the HSC.";
  s += std::string(kProse[0]) + "\n\n" + kProse[1] + "\n\n" + before + "\n\n" + terms + "\n\n" + after + "\n\n" + kProse[2] + "\n\n" +
       kProse[3] + "\n\n";
  for (const char *m : {"Share this story", "Terms of Use", "About us", "Privacy Policy", "Cookies", "Contact us"}) s += std::string(m) + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  for (const char *p : kProse) CHECK(has(out, p));
  CHECK(has(out, before));
  CHECK(has(out, terms));
  CHECK(has(out, after));
  CHECK_FALSE(has(out, "Privacy Policy"));
}

TEST_CASE("a comment form after the article, its fields marked required, is not the article: its notice and check boxes' labels go too") {
  std::string s = news_head() + "24 July 2015\n\n";
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  for (const char *f : {"Posted in News", "Your email address will not be published. Required fields are marked *", "Comment", "Name *",
                        "Email * [                    ]", "Website", "Notify me of follow-up comments by email.", "Notify me of new posts by email."})
    s += std::string(f) + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  for (const char *p : kProse) CHECK(has(out, p));
  for (const char *f : {"Your email address will not be published. Required fields are marked *", "Name *", "Website",
                        "Notify me of follow-up comments by email.", "Notify me of new posts by email."})
    CHECK_FALSE(has(out, f));
}

TEST_CASE("a line of words the page prints three times among the article's paragraphs, each alone, goes; a stanza's refrain and a table's cells stay") {
  std::string s = news_head() + "24 July 2015\n\n";
  const std::string ad = "Thank you for supporting our newsroom today";
  const std::string stanza = "And the river runs to the sea tonight,\nAnd I am going home,\nAnd I am going home.";
  for (const char *p : kProse) s += std::string(p) + "\n\n" + ad + "\n\n" + stanza + "\n\n2015\n\n";
  for (const char *m : {"Share this story", "Terms of Use", "About us", "Privacy Policy"}) s += std::string(m) + "\n\n";
  const auto blocks = page_of(s);
  const auto out = texts(extract_article(blocks, FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  for (const char *p : kProse) CHECK(has(out, p));
  CHECK_FALSE(has(out, ad));
  // (the stanzas between the paragraphs; the last one is the page's tail)
  CHECK(std::count(out.begin(), out.end(), "And I am going home,") == 3);
  // Switched off (repeated_lines: false), the line stays.
  CHECK(has(texts(extract_article(blocks, FunctionWords::builtin("en"), Chrome::defaults(), quiet, true, true, false)), ad));
}

TEST_CASE("terms and their definitions between the article's paragraphs are kept; a box of headlines and teasers after it is not") {
  std::string s = "Designing a task queue - A Blog\n\n";
  for (const char *m : {"Skip to content", "Home", "Archive", "About", "Projects", "Photos", "Talks", "Contact", "Feed"}) s += std::string(m) + "\n\n";
  s += "Designing a task queue\n\n24 July 2015\n\n" + std::string(kProse[0]) + "\n\n" + kProse[1] + "\n\nFeatures\n\n";
  const char *terms[][2] = {{"Task scheduling", "Clients can schedule tasks to execute at a specified time."},
                            {"Priority based execution", "Tasks with a higher priority run before the others once they are ready."},
                            {"Track task status", "Clients can query the status of a scheduled task."}};
  for (const auto &t : terms) s += std::string(t[0]) + "\n\n" + t[1] + "\n\n";
  s += "Guarantees\n\n" + std::string(kProse[2]) + "\n\n" + kProse[3] + "\n\nRead next\n\n";
  const char *related[][2] = {{"How we moved our servers to a new home", "A look back at the year we spent moving every machine we own."},
                              {"The cost of a slow build", "Why we measure every build, and what we learned from it."},
                              {"Ten years of the blog", "Our favourite posts from a decade of writing here."}};
  for (const auto &t : related) s += std::string(t[0]) + "\n\n" + t[1] + "\n\n";
  for (const char *m : {"Share this story", "Terms of Use", "About us", "Privacy Policy"}) s += std::string(m) + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  const auto has = [&](const std::string &t) { return std::find(out.begin(), out.end(), t) != out.end(); };
  for (const char *p : kProse) CHECK(has(p));
  CHECK(has("Features"));
  CHECK(has("Guarantees"));
  for (const auto &t : terms) CHECK((has(t[0]) && has(t[1])));
  for (const auto &t : related) CHECK_FALSE((has(t[0]) || has(t[1])));
}

TEST_CASE("a sentence of names between the article's paragraphs is kept; a numbered list going on is not a box of headlines") {
  std::string s = "Countries ranked - A Site\n\n";
  for (const char *m : {"Skip to content", "Home", "Archive", "About", "Projects", "Photos", "Talks", "Contact", "Feed"}) s += std::string(m) + "\n\n";
  // Too few function words for its length to be text by density alone.
  const std::string names = "Writer Ann Lee of the Daily Planet quoted Mayor John Smith, Senator Mary Jones and Governor Tom Brown on Tuesday.";
  s += "Countries ranked\n\n24 July 2015\n\n" + std::string(kProse[0]) + "\n\n" + kProse[1] + "\n\nSIGN UP\n\n" + names + "\n\n";
  s += std::string(kProse[2]) + "\n\n" + kProse[3] + "\n\n";
  s += "The overall rankings of the countries were as follows:\n\n";
  for (const char *c : {"1. Finland", "2. Norway", "3. Australia", "4. Canada"}) s += std::string(c) + "\n\n";
  const char *end[][2] = {{"5. United States", "The low ranking that the country received was due to the levels of inequality and to the way that its safety net is run."},
                          {"Why the country ranks so low", "The report said that the safety net was not working because it gives only half of the help that people need."},
                          {"What the report is for", "It is meant to be read by all of the people who make the rules, and by those who have to live with them."}};
  for (const auto &t : end) s += std::string(t[0]) + "\n\n" + t[1] + "\n\n";
  for (const char *m : {"Terms of Use", "About us", "Privacy Policy"}) s += std::string(m) + "\n\n";
  const auto fw = FunctionWords::builtin("en");
  const auto out = texts(extract_article(page_of(s), fw, Chrome::defaults(), quiet));
  const auto has = [&](const std::string &t) { return std::find(out.begin(), out.end(), t) != out.end(); };
  CHECK(has(names));
  CHECK_FALSE(has("SIGN UP"));
  CHECK(has(end[0][0]));
  CHECK(has(end[0][1]));
}

TEST_CASE("a list of terms that a sentence of the article announces is the article's, even after a short list") {
  std::string s = "Monitoring a service - A Book\n\n";
  for (const char *m : {"Skip to content", "Home", "Chapters", "About", "Contact", "Feed"}) s += std::string(m) + "\n\n";
  s += "Monitoring a service\n\n" + std::string(kProse[0]) + "\n\n" + kProse[1] + "\n\n";
  s += "A cache and a web server\n\nA code repository and a build machine\n\nTwo jobs sharing one host\n\n";
  s += "Push\n\nAny change to a service's software or its configuration.\n\nWhy Monitor?\n\n";
  const std::string intro = "There are many reasons to monitor a system, including:";
  s += intro + "\n\n";
  const char *terms[][2] = {{"Analyzing long-term trends", "How big is my database and how fast is it growing? How quickly do our users grow?"},
                            {"Comparing over time", "Are the queries faster with the new version of the database than with the old one?"},
                            {"Building dashboards", "Dashboards should answer the basic questions about your service and how it runs."}};
  for (const auto &t : terms) s += std::string(t[0]) + "\n\n" + t[1] + "\n\n";
  s += std::string(kProse[2]) + "\n\n" + kProse[3] + "\n\n";
  for (const char *m : {"Terms of Use", "About us", "Privacy Policy"}) s += std::string(m) + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  const auto has = [&](const std::string &t) { return std::find(out.begin(), out.end(), t) != out.end(); };
  CHECK(has(intro));
  for (const auto &t : terms) CHECK(has(t[1]));
  for (const char *p : kProse) CHECK(has(p));
}

TEST_CASE("the page's tail after the article's last paragraph goes when it has no sentence; a sentence after it keeps it") {
  const auto tail_page = [](const char *after) {
    std::string s = untitled_page("Obama admits US gun laws are his 'biggest frustration'\n\n24 July 2015\n\n");
    const std::string footer = "Share this story";
    s.insert(s.find(footer), std::string(after));
    return s;
  };
  // (a box of other stories' headlines: long enough, and with the function
  // words of text, for the classifier to keep them)
  const std::string h1 = "Air pollution in the cities may be the cause of a rise in the number of couples who",
                    h2 = "The senator who wants to change the rules of the game for all of the players in the league";
  const std::string tail = "Related Topics\n\n" + h1 + "\n\n" + h2 + "\n\n";
  std::vector<std::string> notes;
  const Report r = [&](uint32_t, Level, const std::string &m) { notes.push_back(m); };
  const auto fw = FunctionWords::builtin("en");
  const auto cut = texts(extract_article(page_of(tail_page(tail.c_str())), fw, Chrome::defaults(), r));
  for (const char *p : kProse) CHECK(has(cut, p));
  CHECK_FALSE(has(cut, h1));
  CHECK_FALSE(has(cut, h2));
  CHECK(std::any_of(notes.begin(), notes.end(), [](const std::string &m) { return m.find("'The senator who wants to change") != std::string::npos && m.find("the page's tail") != std::string::npos; }));
  // Switched off, the same blocks are kept as the classifier decided.
  const auto whole = texts(extract_article(page_of(tail_page(tail.c_str())), fw, Chrome::defaults(), quiet, true, false));
  CHECK(has(whole, h1));
  CHECK(has(whole, h2));
  // Sentences after the last paragraph (a writer's note ending in a link)
  // are the article's, past a block or two that are not: nothing goes.
  const std::string bio = "Ann Lee has covered politics for the paper since 2012. She was in Paris before that. Follow her @annlee";
  const auto kept = texts(extract_article(page_of(tail_page(("Related Topics\n\n" + h1 + "\n\n" + bio + "\n\n").c_str())), fw, Chrome::defaults(), quiet));
  CHECK(has(kept, h1));
  CHECK(has(kept, bio));
  // Past three, the sentence is another box's, and goes with them.
  const auto boxed = texts(extract_article(page_of(tail_page((tail + bio + "\n\n").c_str())), fw, Chrome::defaults(), quiet));
  CHECK_FALSE(has(boxed, h2));
  CHECK_FALSE(has(boxed, bio));
  // A section that carries the page's own anchor ("See also" / "[edit]")
  // goes on however many of its lines are no sentence.
  const auto wiki = texts(extract_article(page_of(tail_page((std::string("See also\n\n[edit]\n\n") + h1 + "\n\n" + h2 + "\n\nVector space\n\n" + bio + "\n\n").c_str())), fw, Chrome::defaults(), quiet));
  CHECK(has(wiki, h2));
  CHECK(has(wiki, bio));
  // What follows the last of those sentences is the tail again.
  const std::string note = "Ann Lee has covered politics for the paper since 2012, and she was in Paris for it before that. Follow her on Twitter @annlee or email her at ann@paper.com";
  const auto ended = texts(extract_article(page_of(tail_page((note + "\n\n" + tail).c_str())), fw, Chrome::defaults(), quiet));
  CHECK(has(ended, note));
  CHECK_FALSE(has(ended, h1));
  CHECK_FALSE(has(ended, h2));
}

TEST_CASE("the block the page's title repeats whole is the headline, not a breadcrumb that is only its first words") {
  std::string s = "Xbox One X review: A console that keeps up with gaming PCs - Gadget Site\n\n";
  for (const char *m : {"Skip to content", "News", "Reviews", "Gaming", "Video", "Podcasts", "Deals"}) s += std::string(m) + "\n\n";
  s += "Xbox One X review: A console that keeps up with gaming PCs\n\nXbox One X\n\n24 July 2017\n\n";
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  for (const char *m : {"Share this story", "Terms of Use", "About us", "Privacy Policy"}) s += std::string(m) + "\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  REQUIRE(!out.empty());
  CHECK(out[0] == "Xbox One X review: A console that keeps up with gaming PCs");
}

TEST_CASE("blurbs kept above a headline that the title repeats are a box over the article; the title repeated after the article is no headline to cut at") {
  const std::vector<std::string> box = {
      "Health concern on your mind? See what your symptoms could mean, and learn about the conditions that are behind them.",
      "Having trouble with your pills? Enter the shape, the colour or the imprint of your drug and we will show you what it is."};
  std::string s = "Obama admits US gun laws are his 'biggest frustration' - BBC News\n\n";
  for (const char *m : {"Skip to content", "News", "Sport", "Weather", "Shop", "Earth", "Travel"}) s += std::string(m) + "\n\n";
  s += box[0] + "\n\nGet Started\n\n" + box[1] + "\n\nGet Started\n\nPregnancy\n\nParenting\n\nPets\n\n";
  s += "Obama admits US gun laws are his 'biggest frustration'\n\nBy Ann Lee\n\n";
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  for (const char *m : {"Terms of Use", "About us", "Privacy Policy"}) s += std::string(m) + "\n\n";
  std::vector<std::string> notes;
  const Report r = [&](uint32_t, Level, const std::string &m) { notes.push_back(m); };
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), r));
  REQUIRE(!out.empty());
  CHECK(out[0] == "Obama admits US gun laws are his 'biggest frustration'");
  for (const auto &b : box) CHECK_FALSE(has(out, b));
  for (const char *p : kProse) CHECK(has(out, p));
  CHECK(std::any_of(notes.begin(), notes.end(), [](const std::string &m) { return m.find("above the headline") != std::string::npos; }));
  // The article under no headline, the title in a share line after it: the
  // text above that line is the article, and stays.
  std::string t = "Obama admits US gun laws are his 'biggest frustration' - BBC News\n\n";
  for (const char *m : {"Skip to content", "News", "Sport", "Weather", "Shop", "Earth", "Travel"}) t += std::string(m) + "\n\n";
  for (const char *p : kProse) t += std::string(p) + "\n\n";
  t += "Share this story\n\nObama admits US gun laws are his 'biggest frustration'\n\nTerms of Use\n\nAbout us\n\n";
  const auto kept = texts(extract_article(page_of(t), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  for (const char *p : kProse) CHECK(has(kept, p));
}

TEST_CASE("comments that outweigh the article are still comments, the last one without its marker; a live blog's entries under a short introduction are the article") {
  const std::string said = "I would not be so busy if there were no demand for developers, and I do not think the figures tell the whole story.";
  std::string s = news_head();
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  for (const char *c : {"Ann Lee", "Rob Roe", "Kim Poe", "Lou Dee", "Sam Fox", "Tom Day", "Joe Bloggs", "Eve Moss", "Al Shaw", "Bo Hart", "Di Fry", "Ed Gray"})
    s += std::string(c) + "\n\n\xC2\xB7\n\nMarch 10, 2017 at 12:20 am\n\n" + said + "\n\nReply\n\n";
  s += "Di Ross\n\n\xC2\xB7\n\nMarch 11, 2017 at 9:02 am\n\n" + said + "\n\nCancel reply\n\n";
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  for (const char *p : kProse) CHECK(has(out, p));
  CHECK_FALSE(has(out, said));
  CHECK_FALSE(has(out, "Di Ross"));
  // A live blog: one paragraph, then its entries, each a time and a few
  // paragraphs ending in the same "Share" link.
  std::string live = news_head() + kProse[0] + "\n\n";
  for (const char *t : {"12:20 am", "12:45 am", "1:10 am", "1:32 am"})
    live += std::string(t) + "\n\n" + kProse[1] + "\n\n" + kProse[2] + "\n\n" + kProse[3] + "\n\nShare\n\n";
  const auto entries = texts(extract_article(page_of(live), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  for (const char *p : kProse) CHECK(has(entries, p));
}

TEST_CASE("a menu after the article ends its run of text: a box's blurb beyond it goes; a list between paragraphs and a menu under the first paragraph do not") {
  const auto fw = FunctionWords::builtin("en");
  const std::string blurb = "Start your day right with the latest news driving the markets, from the big movers to the headlines that matter.";
  const std::vector<std::string> menu = {"Search for Jobs", "Powered by Indeed", "Find Jobs", "Accounting", "Finance", "Marketing", "Engineering", "Sales"};
  std::string items;
  for (const auto &m : menu) items += m + "\n\n";
  std::string s = news_head();
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  s += "Sources and links\n\nhttps://example.org/report.html\n\nhttps://example.org/data.csv\n\n";
  s += items + blurb + "\n\nTerms of Use\n\n";
  const auto out = texts(extract_article(page_of(s), fw, Chrome::defaults(), quiet));
  for (const char *p : kProse) CHECK(has(out, p));
  CHECK(has(out, "https://example.org/data.csv"));
  CHECK_FALSE(has(out, blurb));
  CHECK_FALSE(has(out, "Accounting"));
  // The same entries between the article's paragraphs, or under its first
  // two (a box of scores, then another), with more of the article after
  // them: all of it stays.
  for (const std::vector<size_t> &at : {std::vector<size_t>{2}, std::vector<size_t>{0, 1}}) {
    std::string t = news_head();
    for (size_t i = 0; i < 4; ++i) t += std::string(kProse[i]) + "\n\n" + (std::count(at.begin(), at.end(), i) ? items : std::string());
    t += std::string(kProse[0]) + " And more.\n\nTerms of Use\n\n";
    const auto in = texts(extract_article(page_of(t), fw, Chrome::defaults(), quiet));
    for (const char *p : kProse) CHECK(has(in, p));
  }
}

TEST_CASE("the note on the writer the byline credits is kept after the article, past a box; a sentence on someone else there is not") {
  std::string s;
  for (const char *m : {"Skip to content", "News", "Sport", "Weather", "Shop", "Earth", "Travel", "Capital", "Culture"}) s += std::string(m) + "\n\n";
  s += "Ryanair plans 2,500 jobs\n\nBy Ben Silverman and Ann Lee\n\nOctober 13, 2016\n\n";
  for (const char *p : kProse) s += std::string(p) + "\n\n";
  s += "More news:\n\nRyanair cuts fares again\n\nVodafone sells its towers\n\nTesco closes stores\n\n";
  s += "Chris Gent is the former boss of Vodafone and a writer\n\n";
  s += "Ben Silverman is on Twitter at ben_silverman.\n\n";
  for (const char *m : {"Share this story", "Terms of Use", "About us", "Privacy Policy", "Cookies", "Contact us"}) s += std::string(m) + "\n\n";
  std::vector<std::string> notes;
  const Report r = [&](uint32_t, Level, const std::string &m) { notes.push_back(m); };
  const auto out = texts(extract_article(page_of(s), FunctionWords::builtin("en"), Chrome::defaults(), r));
  REQUIRE(!out.empty());
  CHECK(out.back() == "Ben Silverman is on Twitter at ben_silverman.");
  CHECK(std::find(out.begin(), out.end(), "Chris Gent is the former boss of Vodafone and a writer") == out.end());
  CHECK(std::find(out.begin(), out.end(), "Tesco closes stores") == out.end());
  CHECK(std::any_of(notes.begin(), notes.end(), [](const std::string &m) { return m.find("the note on its writer, Ben Silverman") != std::string::npos; }));
}

TEST_CASE("a list the text starts with is kept from its first item, under the headline; a table of contents above the text is not") {
  const auto page = [](const std::string &between, const std::string &text) {
    std::string s;
    for (const char *m : {"Skip to content", "News", "Sport", "Weather", "Shop", "Earth", "Travel", "Capital", "Culture"}) s += std::string(m) + "\n\n";
    s += "Ryanair plans 2,500 jobs\n\nBy Ann Lee\n\nOctober 13, 2016\n\n" + between + text;
    for (const char *m : {"Share this story", "Terms of Use", "About us", "Privacy Policy", "Cookies", "Contact us"}) s += std::string(m) + "\n\n";
    return s;
  };
  std::string items;
  for (const char *p : kProse) items += std::string("+ ") + p + "\n\n";
  auto out = texts(extract_article(page_of(page("+ New routes\n\n+ New bases\n\n", items)), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  REQUIRE(out.size() >= 5);
  CHECK(out[3] == "+ New routes");
  CHECK(out[4] == "+ New bases");
  std::string sections = std::string(kProse[0]) + "\n\n" + kProse[1] + "\n\nIntroduction\n\n" + kProse[2] + "\n\nConclusion\n\n" + kProse[3] + "\n\n";
  out = texts(extract_article(page_of(page("1. Introduction\n\n", "2. Conclusion\n\n" + sections)), FunctionWords::builtin("en"), Chrome::defaults(), quiet));
  REQUIRE(std::find(out.begin(), out.end(), "2. Conclusion") != out.end());  // (the list's kept item)
  CHECK(std::find(out.begin(), out.end(), "1. Introduction") == out.end());
}
