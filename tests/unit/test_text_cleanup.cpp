// The rules of text-cleanup on inputs of their own.
#include <catch2/catch.hpp>

#include "rules.hpp"

using namespace textclean;

namespace {

std::string utf16le(const std::u16string &s, bool bom) {
  std::string out = bom ? std::string("\xff\xfe") : "";
  for (char16_t c : s) out += static_cast<char>(c & 0xff), out += static_cast<char>(c >> 8);
  return out;
}

const Report quiet = [](uint32_t, Level, const std::string &) {};

std::vector<std::string> block_texts(const std::string &text, Layout *layout = nullptr) {
  const auto lines = split_lines(text);
  size_t width = 0;
  const Layout l = detect_layout(lines, &width);
  if (layout) *layout = l;
  std::vector<std::string> out;
  for (const auto &b : build_blocks(lines, l, width, true, quiet)) out.push_back(b.joined());
  return out;
}

}  // namespace

TEST_CASE("encodings: UTF-8, BOMs, UTF-16 and legacy code pages become UTF-8") {
  CHECK(decode("caf\xc3\xa9", "auto").text == "café");
  CHECK(decode("\xef\xbb\xbf" "caf\xc3\xa9", "auto").text == "café");
  CHECK(decode(utf16le(u"Korea – 한국", true), "auto").text == "Korea – 한국");
  CHECK(decode(utf16le(u"plain ASCII text in UTF-16 without a BOM", false), "auto").text ==
        "plain ASCII text in UTF-16 without a BOM");
  const Decoded cp = decode("don\x92t \x96 caf\xe9", "auto");
  CHECK(cp.text == "don’t – café");
  CHECK(decode("caf\xe9", "latin-1").text == "café");
  CHECK_FALSE(decode("x", "klingon").error.empty());
}

TEST_CASE("encodings: every name the option offers reads text, and the detector names legacy code pages") {
  for (const auto &name : encoding_names()) {
    INFO(name);
    const Decoded d = decode(name.rfind("utf-16", 0) == 0 || name.rfind("utf-32", 0) == 0 ? std::string() : "plain", name);
    CHECK(d.error.empty());
    CHECK(d.how == "forced");
  }
  // Polish in windows-1250, long enough for the detector to tell.
  const std::string polish =
      "P\xf3\xb3nocna cz\xea\x9c\xe6 miasta \xa3\xf3" "d\x9f le\xbfy nad rzek\xb9. Mieszka\xf1" "cy m\xf3wi\xb9, \xbf" "e \xbfycie tutaj jest spokojne.";
  const Decoded d = decode(polish, "auto");
  CHECK(d.encoding == "windows-1250");
  CHECK(d.how == "detected");
  CHECK(d.text == "Północna część miasta Łódź leży nad rzeką. Mieszkańcy mówią, że życie tutaj jest spokojne.");
}

TEST_CASE("binary files are recognised by their signatures") {
  CHECK_FALSE(binary_signature("\x89PNG\r\n\x1a\n....").empty());
  CHECK_FALSE(binary_signature("%PDF-1.7\n").empty());
  CHECK_FALSE(binary_signature(std::string("PK\x03\x04", 4)).empty());
  CHECK(binary_signature("Plain text.").empty());
}

TEST_CASE("mojibake is repaired, once or twice encoded, and correct text is left alone") {
  std::string once = "donâ€™t â€“ itâ€”";
  CHECK(repair_mojibake(once).steps > 0);
  CHECK(once == "don’t – it—");
  std::string twice = "donÃ¢â‚¬â„¢t";
  repair_mojibake(twice);
  CHECK(twice == "don’t");
  std::string good = "United States–Korea: café, naïve, “quoted”";
  CHECK(repair_mojibake(good).steps == 0);
  CHECK(good == "United States–Korea: café, naïve, “quoted”");
}

TEST_CASE("C1 controls are kept for the mojibake repair, and XML 1.0 allows them") {
  std::string s = "parl\xc3\xa9\xc2\x85 Tu";
  CHECK(decode(s, "auto").text == s);
  CHECK(scrub_controls(s, false) == 0);
  CHECK(repair_mojibake(s).steps == 1);
  CHECK(s == "parl\xc3\xa9\xe2\x80\xa6 Tu");
  std::string undefined = "intentional \xc2\x81";
  CHECK(scrub_controls(undefined, false) == 0);
}

TEST_CASE("control characters are replaced or dropped") {
  std::string s = std::string("a\0b\x07" "c", 5);
  CHECK(scrub_controls(s, false) == 2);
  CHECK(s == "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c");
  std::string t = std::string("a\0b", 3);
  scrub_controls(t, true);
  CHECK(t == "ab");
}

TEST_CASE("spaces: tabs, zero-width characters, trailing blanks; no-break spaces stay") {
  std::string s = "\ta  b\xe2\x80\x8b" "c  ";
  CHECK(normalize_spaces(s));
  CHECK(s == "a bc");
  std::string nbsp = "5\xc2\xa0km, \xc2\xab\xe2\x80\xaf" "oui\xe2\x80\xaf\xc2\xbb";
  const std::string before = nbsp;
  CHECK_FALSE(normalize_spaces(nbsp));
  CHECK(nbsp == before);
  std::string only = "\xc2\xa0 \xc2\xa0";
  CHECK(normalize_spaces(only));
  CHECK(only.empty());
  std::string edges = "\xc2\xa0\xc2\xa0Indented\xc2\xa0text\xe2\x80\xaf";
  CHECK(normalize_spaces(edges));
  CHECK(edges == "Indented\xc2\xa0text");
}

TEST_CASE("soft hyphens: kept inside a word, dropped where they join nothing") {
  std::string word = "hyphen\xc2\xad" "ation Stra\xc3\x9f\xc2\xad" "e";
  const std::string before = word;
  CHECK_FALSE(normalize_spaces(word));
  CHECK(word == before);
  std::string stray = "a \xc2\xad" "b\xc2\xad";
  CHECK(normalize_spaces(stray));
  CHECK(stray == "a b");
}

TEST_CASE("line endings: CRLF, CR and mixed") {
  const auto lines = split_lines("one\r\ntwo\rthree\nfour");
  REQUIRE(lines.size() == 4);
  CHECK(lines[1].text == "two");
  CHECK(lines[3].source == 4);
}

TEST_CASE("layouts: one paragraph per line, blank-separated, hard-wrapped") {
  Layout l;
  CHECK(block_texts("First paragraph is here.\nSecond paragraph is here.\nThird.", &l).size() == 3);
  CHECK(l == Layout::line);
  CHECK(block_texts("First paragraph\n\nSecond paragraph\n\n\n\nThird", &l).size() == 3);
  CHECK(l == Layout::blank);
  const std::string wrapped =
      "The alliance between the two countries has grown over the years into a\n"
      "broad partnership that covers trade, security and culture, and its inter-\n"
      "national weight keeps growing as both economies expand in the region and\n"
      "beyond. Observers expect it to last.\n"
      "\n"
      "An international agreement in the spring of that year set the terms for\n"
      "the next decade of cooperation between the two allies in the Pacific.\n";
  const auto blocks = block_texts(wrapped, &l);
  CHECK(l == Layout::wrapped);
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[0].find("its international weight") != std::string::npos);
  CHECK(blocks[0].find("covers trade, security and culture, and its") != std::string::npos);
}

TEST_CASE("blank-separated text: a sentence broken at links is one line again, headings and lists stay apart") {
  // BeautifulSoup's get_text('\n'): one text node a line, the source's
  // indentation as lines of spaces between the nodes of one paragraph.
  std::vector<Line> lines = split_lines(
      "Bartleby\n\nI am a man who has been \n          filled with a conviction that \n"
      "the easiest way\n \n          is the best. The late \nJohn Jacob Astor\n, a personage.\n\n"
      "Next Part\nIt begins here.\n");
  for (auto &line : lines) normalize_spaces(line.text);  // as clean_text does first
  CHECK(drop_spaces_in_sentences(lines) == 1);
  size_t width = 0;
  const Layout l = detect_layout(lines, &width);
  REQUIRE(l == Layout::blank);
  std::vector<std::string> out;
  for (const auto &b : build_blocks(lines, l, width, true, quiet)) out.push_back(b.joined());
  REQUIRE(out.size() == 4);
  CHECK(out[0] == "Bartleby");
  CHECK(out[1] ==
        "I am a man who has been filled with a conviction that the easiest way is the best. "
        "The late John Jacob Astor, a personage.");
  // A line that ends a sentence, or a capitalised line after one with no
  // space at its end, is not joined: a heading over its text stays apart.
  CHECK(out[2] == "Next Part");
  CHECK(out[3] == "It begins here.");

  // A line of spaces between two paragraphs stays a break.
  std::vector<Line> apart = split_lines("The first one ends here.\n   \nThe second starts.\n");
  CHECK(drop_spaces_in_sentences(apart) == 0);
  CHECK(apart.size() == 3);
}

TEST_CASE("a scraper's text nodes of one paragraph are one block: after a link, at the source's indentation, a quotation mark alone") {
  // (Shaped like Bartleby's study text as BeautifulSoup's get_text('\\n')
  // gives it: the page's source indentation kept, a link's text on its line.)
  std::vector<Line> lines = split_lines(
      "Bartleby\n\n"
      "It rings \n          like unto bullion.\n I will freely add, that I was not insensible.\n\n"
      "\"True,--but, with submission, sir, behold these hairs! I am getting old.\n"
      "            Surely, sir, a blot or two is not the page.\n"
      "            With submission, sir, we both are getting old.\"\n\n"
      "\"\nWhy\n do you refuse?\"\n\n"
      "His face, which blazed like a grate full of Christmas coals;\n                and continued blazing.\n\n"
      "What they call \n          \"life.\"\n But if so, the clerk \n          would stay.\n"
      "            Though of this I said nothing.\n\n"
      "\"All beer,\" cried Turkey; \"gentleness is effects of beer--Nippers and\n            I dined together to-day.\"\n\n"
      "I consider the abrogation of the office, by the new Constitution, as a----\npremature \n          act\n.\n\n"
      "He had a little desk to himself, but he did not use it\n. Not the least of his duties was that of Ginger\n"
      "                Nut, as cake purveyor. Will you examine a few lines?\n            or step round to the post-office?\n\n"
      "Next Part\n   It begins here.\n");
  for (auto &line : lines) normalize_spaces(line.text);  // as clean_text does first
  size_t width = 0;
  const Layout l = detect_layout(lines, &width);
  REQUIRE(l == Layout::blank);
  std::vector<std::string> out;
  for (const auto &b : build_blocks(lines, l, width, true, quiet)) out.push_back(b.joined());
  REQUIRE(out.size() == 11);
  CHECK(out[1] == "It rings like unto bullion. I will freely add, that I was not insensible.");
  CHECK(out[2] ==
        "\"True,--but, with submission, sir, behold these hairs! I am getting old. Surely, sir, a blot or two is not the page. "
        "With submission, sir, we both are getting old.\"");
  CHECK(out[3] == "\"Why do you refuse?\"");
  CHECK(out[4] == "His face, which blazed like a grate full of Christmas coals; and continued blazing.");
  // A sentence ends inside its closing quotation mark; a wrap at the
  // source's indentation follows a line joined after a link.
  CHECK(out[5] == "What they call \"life.\" But if so, the clerk would stay. Though of this I said nothing.");
  // Under a line as long as the source's that stops inside a sentence, the
  // indented line goes on with it; a dash at a link takes no space.
  CHECK(out[6] == "\"All beer,\" cried Turkey; \"gentleness is effects of beer--Nippers and I dined together to-day.\"");
  CHECK(out[7] == "I consider the abrogation of the office, by the new Constitution, as a----premature act.");
  // (the line under it as long as the source's with what it goes on)
  // A question inside the sentence goes on in lower case.
  CHECK(out[8] == "He had a little desk to himself, but he did not use it. Not the least of his duties was that of Ginger Nut, as cake "
                  "purveyor. Will you examine a few lines? or step round to the post-office?");
  // A heading over its text, the text indented: no sentence ends above it.
  CHECK(out[9] == "Next Part");
  CHECK(out[10] == "It begins here.");
}

TEST_CASE("continues_sentence: punctuation takes a space only where the page had one") {
  const auto line = [](const char *s) { return split_lines(s).front(); };
  bool space = true;
  // A dash or a closing quotation mark after a link or emphasis goes on
  // the sentence; after a full stop a dash opens a line of its own.
  CHECK(continues_sentence(line("his dinner hour"), line("-- it blazed like a grate"), &space));
  CHECK_FALSE(space);
  CHECK(continues_sentence(line("to say"), line("\xE2\x80\x94I tore myself from him"), &space));
  CHECK(continues_sentence(line("With submission, sir,"), line("\" said Turkey on this occasion"), &space));
  CHECK_FALSE(space);
  CHECK_FALSE(continues_sentence(line("We are all mortal."), line("-- Seneca"), &space));
  CHECK_FALSE(continues_sentence(line("He said nothing."), line("\"Why?\" she asked."), &space));
  space = true;
  CHECK(continues_sentence(line("the best"), line(", then"), &space));
  CHECK_FALSE(space);
  CHECK(continues_sentence(line("the best "), line(", then"), &space));
  CHECK(space);
  CHECK(continues_sentence(line("It was, on the whole,"), line("a good year"), &space));
  CHECK(space);
  // After a comma the line goes on, whatever its first letter.
  CHECK(continues_sentence(line("Prepared by Ann Woodlief,"), line("Virginia Commonwealth University"), &space));
  CHECK(space);
  CHECK_FALSE(continues_sentence(line("It ended."), line("and then"), &space));
  // A wiki's citation ends the sentence it cites, with no space; a mark
  // under a name or under another mark is a picture's number, not a citation.
  CHECK(continues_sentence(line("the loop starts again."), line("[1]"), &space));
  CHECK_FALSE(space);
  CHECK(continues_sentence(line("the loop starts again.[1]"), line("[12]"), &space));
  CHECK(continues_sentence(line("as Hermite showed,"), line("[citation needed]"), &space));
  CHECK_FALSE(continues_sentence(line("Francoise Brougher"), line("[1]"), &space));
  CHECK_FALSE(continues_sentence(line("[1]"), line("[1]"), &space));
  CHECK_FALSE(continues_sentence(line("It ended."), line("[edit]"), &space));
  CHECK_FALSE(continues_sentence(line("Contents"), line("Early life"), &space));
}

TEST_CASE("wiki edit links glued to headings") {
  std::string a = "Foreign RelationsEdit";
  CHECK(strip_edit_link(a));
  CHECK(a == "Foreign Relations");
  std::string b = "History[edit]";
  CHECK(strip_edit_link(b));
  CHECK(b == "History");
  std::string c = "How to Edit";
  CHECK_FALSE(strip_edit_link(c));
  // A permalink after a heading; a hashtag wrapped after a sentence is none.
  std::string d = "Current status #";
  CHECK(strip_edit_link(d));
  std::string e = "straight into conspiracy territory. #";
  CHECK_FALSE(strip_edit_link(e));
}

TEST_CASE("a text browser's superscript carets around citation marks go; other carets stay") {
  std::string a = "the previous loop.^[1]^: 207  The list provides names.^[71]^[72]";
  CHECK(strip_citation_carets(a) == 4);
  CHECK(a == "the previous loop.[1]: 207  The list provides names.[71][72]");
  std::string b = "x^2 + y^(n) where (a)^b and 2^[10 more]";
  CHECK(strip_citation_carets(b) == 0);
}

TEST_CASE("a heading whose anchor link is cut is written as a Markdown heading; the title is not") {
  const std::string raw = "The River Trade[edit]\n\nHistory[edit]\n\nThe river was the main road of the region for centuries.\n\n"
                          "Setting up\xC2\xB6\n\nThe towns grew rich on tolls, storage and the river trade itself.\n";
  const Cleaned c = clean_text(raw, CleanOptions{}, [](uint32_t, Level, const std::string &) {});
  CHECK(c.text == "The River Trade\n\n## History\n\nThe river was the main road of the region for centuries.\n\n## Setting up\n\n"
                  "The towns grew rich on tolls, storage and the river trade itself.");
}

TEST_CASE("an 'Edit' run into a line's last word is a wiki's link on the title or where two lines have one, not elsewhere") {
  const auto clean = [](const std::string &raw) { return clean_text(raw, CleanOptions{}, [](uint32_t, Level, const std::string &) {}).text; };
  CHECK(clean("The River TradeEdit\n\nThe river was the main road of the region for centuries.\n") ==
        "The River Trade\n\nThe river was the main road of the region for centuries.");
  CHECK(clean("The River Trade\n\nThe river was the main road of the region for centuries.\n\nUsing TextEdit\n\n"
              "The notes were kept in a plain file on the harbour office's computer.\n") ==
        "The River Trade\n\nThe river was the main road of the region for centuries.\n\nUsing TextEdit\n\n"
        "The notes were kept in a plain file on the harbour office's computer.");
  CHECK(clean("The River Trade\n\nHistoryEdit\n\nThe river was the main road of the region for centuries.\n\nTollsEdit\n\n"
              "The towns grew rich on tolls, storage and the river trade itself.\n") ==
        "The River Trade\n\n## History\n\nThe river was the main road of the region for centuries.\n\n## Tolls\n\n"
        "The towns grew rich on tolls, storage and the river trade itself.");
}

TEST_CASE("page chrome: the default list and the user's own patterns") {
  Chrome c = Chrome::defaults();
  CHECK(c.matches("Advertisement"));
  CHECK(c.matches("Share this article"));
  CHECK_FALSE(c.matches("The advertisement market grew by a third in the year after the treaty."));
  // Entries run together on one line, and nothing else.
  CHECK(c.matches("Jump to navigation Jump to search"));
  CHECK_FALSE(c.matches("Jump to navigation and search the archive"));
  CHECK_FALSE(c.matches("Jump to search Menu"));  // ("Menu" is chrome on a web page only)
  CHECK(c.matches("Jump to search Menu", true));
  CHECK(c.matches("Next", true));  // (a pager's link on a page; a word of an article's own)
  CHECK_FALSE(c.matches("Next"));
  c.add_user("Sponsored by*");
  CHECK(c.matches("Sponsored by ACME"));
  // Outside a web page, a sentence that starts like a chrome line is the
  // article's; the user's own patterns match it all the same.
  CHECK(c.matches("Sign up for our newsletter"));
  CHECK(c.matches("Advertisement Feature", false));
  CHECK_FALSE(c.matches("Advertisement revenues rose by 10% in the first half, the firm added."));
  CHECK_FALSE(c.matches("Sign up for the service will cost \xC2\xA3" "10 a month, it said."));
  CHECK(c.matches("Advertisement revenues rose by 10% in the first half, the firm added.", true));
  CHECK(c.matches("Sponsored by ACME, the maker of fine goods."));
}

TEST_CASE("a repeated byline is dropped") {
  std::vector<Block> blocks = {{{{"A Title", 1}}}, {{{"By Jane Roe", 2}}}, {{{"Intro text here.", 3}}}, {{{"By Jane Roe", 4}}},
                               {{{"Body.", 5}}}};
  drop_repeated_blocks(blocks, quiet);
  CHECK(blocks.size() == 4);
}

TEST_CASE("a short line repeated on the line right under it stays, one block: a picture's alt text over its caption") {
  std::vector<Block> blocks = {{{{"A Title", 1}}},          {{{"Intro text here.", 3}}}, {{{"Scatter plot", 5}}},
                               {{{"Scatter plot", 6}}},     {{{"Scatter plot", 8}}},     {{{"Body.", 10}}},
                               {{{"Body.", 12}}},           {{{"\xE2\x80\xA2 [dims]", 14}}}, {{{"\xE2\x80\xA2 [dims]", 15}}}};
  drop_repeated_blocks(blocks, quiet);
  REQUIRE(blocks.size() == 5);
  CHECK(blocks[2].lines.size() == 2);  // the pair, one block; the copy after a blank line is dropped
  CHECK(blocks[2].joined() == "Scatter plot\nScatter plot");
  CHECK(blocks[3].joined() == "Body.");  // a block repeated after a blank line is dropped
  CHECK(blocks[4].joined() == "\xE2\x80\xA2 [dims]");  // a list's item is no caption
}

TEST_CASE("a damaged title is repaired from the body's spelling") {
  std::string t = "United Stateskorea Relations";
  CHECK(repair_title(t, "The United States–Korea relationship... United States and Korea."));
  CHECK(t == "United States–Korea Relations");
  std::string ok = "A Plain Title";
  CHECK_FALSE(repair_title(ok, "Nothing to do with it."));
}

TEST_CASE("typography by option") {
  std::string s = "\"Quoted\" -- and --- then... it's";
  CHECK(typography(s, "en"));
  CHECK(s == "“Quoted” – and — then… it’s");
}

TEST_CASE("a word hyphenated across a wrap is rejoined when the dictionary knows it whole and not its half") {
  std::string text;
  for (int i = 0; i < 3; ++i)
    text += "The plant has invested heavily in industrial automa-\n"
            "tion over the past decade, and it plans to hire a well-\n"
            "known engineer to run the new lines at the site soon.\n\n";
  const Dictionary dictionary = [](const std::string &w) { return w == "automation" || w == "known" || w == "wellknown2"; };
  const auto lines = split_lines(text);
  size_t width = 0;
  const Layout layout = detect_layout(lines, &width);
  REQUIRE(layout == Layout::wrapped);
  const auto blocks = build_blocks(lines, layout, width, true, quiet, dictionary);
  REQUIRE(!blocks.empty());
  const std::string first = blocks[0].joined();
  CHECK(first.find("industrial automation over") != std::string::npos);
  CHECK(first.find("a well-known engineer") != std::string::npos);
  // Without a dictionary (spelling: off) the hyphen stays unless the text spells the word.
  CHECK(build_blocks(lines, layout, width, true, quiet)[0].joined().find("automa-tion") != std::string::npos);
}

TEST_CASE("the rules read letters of any script, not bytes") {
  // Words and their case: "Émile" is one word, capitalised; "été" a lower-case one.
  CHECK(words_of("Émile était là, à l'été 2015.") == std::vector<std::string>{"émile", "était", "là", "à", "l", "été"});
  // An "Edit" link run into a heading whose last letter is not ASCII.
  std::string h = "Histoire de ParisÉtéEdit";
  CHECK(strip_edit_link(h));
  CHECK(h == "Histoire de ParisÉté");
  std::string caps = "DÉBUT EDIT";
  CHECK_FALSE(strip_edit_link(caps));
  // A lower-cased proper noun with an accent is repaired from the body.
  std::string t = "Visit to Émile's town of évian";
  CHECK(repair_title(t, "Évian is a town. The spring at Évian is famous."));
  CHECK(t == "Visit to Émile's town of Évian");
  // Clean titles with non-ASCII letters are left alone.
  std::string ok = "Ça va, Zoë";
  CHECK_FALSE(repair_title(ok, "Ça va bien, dit Zoë."));
}

TEST_CASE("a word with an accent hyphenated across a wrap is rejoined as the text spells it") {
  std::string text;
  for (int i = 0; i < 3; ++i)
    text += "Les habitants de la ville ont longtemps discuté de la nouvelle ré-\n"
            "forme du quartier, et la réforme fut adoptée par le conseil de la ville\n"
            "après une longue séance publique qui dura jusque tard dans la nuit.\n\n";
  const auto lines = split_lines(text);
  size_t width = 0;
  const Layout layout = detect_layout(lines, &width);
  REQUIRE(layout == Layout::wrapped);
  const auto blocks = build_blocks(lines, layout, width, true, quiet);
  REQUIRE(!blocks.empty());
  CHECK(blocks[0].joined().find("nouvelle réforme du quartier") != std::string::npos);
}

TEST_CASE("a sentence's end is found before what closes it: citations, quotation marks, brackets") {
  CHECK(before_closers("a mystery man.[73]") == "a mystery man.");
  CHECK(before_closers("by Vinoy Thomas.[71][72]") == "by Vinoy Thomas.");
  CHECK(before_closers("what they call \"life.\"") == "what they call \"life.");
  CHECK(before_closers("(it was \xE2\x80\x9Cnew.\xE2\x80\x9D)") == "(it was \xE2\x80\x9Cnew.");
  CHECK(full_stop("a mystery man.[73]"));
  CHECK(full_stop("Was it?\xE2\x80\x9D"));
  CHECK_FALSE(full_stop("as follows:"));
  CHECK_FALSE(full_stop("[1]"));
}

TEST_CASE("read_tables: a text browser's table, its rows apart by blank lines, is read a row a line; prose and rows without blank lines stay") {
  const std::string table =
      "Symptom                    Cause\n"
      "I'm serving HTTP 500s or   Database servers are refusing connections\n"
      "404s\n"
      "\n"
      "                           CPUs are overloaded by a bogosort, or an Ethernet\n"
      "My responses are slow      cable is crimped under a rack\n"
      "\n"
      "Users in Antarctica aren't Your network hates scientists and felines\n"
      "receiving cat GIFs         and blocked some client addresses\n"
      "\n"
      "Private content is         A new software push caused lists to be forgotten\n"
      "world-readable             and allowed all requests\n"
      "\n"
      "The monitoring system should answer both questions, and it does so when the rules are simple enough.\n";
  std::vector<Line> lines = split_lines(table);
  const auto read = read_tables(lines);
  REQUIRE(read.size() == 1);
  CHECK(read[0].from == 1);
  CHECK(read[0].to == 12);
  CHECK(read[0].columns == 2);
  std::vector<std::string> text;
  for (const auto &l : lines) text.push_back(l.text);
  CHECK(text == std::vector<std::string>{"Symptom I'm serving HTTP 500s or 404s | Cause Database servers are refusing connections", "",
                                         "My responses are slow | CPUs are overloaded by a bogosort, or an Ethernet cable is crimped under a rack", "",
                                         "Users in Antarctica aren't receiving cat GIFs | Your network hates scientists and felines and blocked some client addresses", "",
                                         "Private content is world-readable | A new software push caused lists to be forgotten and allowed all requests", "",
                                         "The monitoring system should answer both questions, and it does so when the rules are simple enough."});
  // Rows without blank lines between them cannot be told apart: left as they are.
  std::string films;
  for (int i = 0; i < 4; ++i)
    films += "                    A woman who shot her husband on the eve of the year\nRepeat Performance  1947 wishes she could live the year over\n"
             "                    again and somehow gets her chance.\n";
  std::vector<Line> rows = split_lines(films);
  CHECK(read_tables(rows).empty());
}

TEST_CASE("unfold_columns: a text browser's two columns side by side are read one after the other; a table is left as it is") {
  const auto pad = [](std::string left, const std::string &right) {
    left.resize(54, ' ');
    return left + right + "\n";
  };
  std::string page = "Minecraft News                      Powered by Tumblr Official links:\n\n";
  page += pad("Minecraft 1.8 - The Bountiful Update", "Minecraft.net");
  page += std::string(54, ' ') + "Minecraft Realms\n";
  page += pad("+ Added Granite, Andesite, and Diorite stone blocks,", "Minecraft on Facebook");
  page += pad("with smooth versions", "Merchandise");
  page += pad("+ Added Slime Block", "");
  page += pad("+ Added Iron Trapdoor", "Bug tracker");
  page += pad("+ Added Prismarine and Sea Lantern blocks", "Account Support");
  page += pad("+ Added the Ocean Monument", "Mojang on Twitter");
  page += pad("+ Added Red Sandstone", "Support on Twitter");
  page += "+ Added Banners\n+ Added Armor Stands\n";
  std::vector<Line> lines = split_lines(page);
  const auto [from, to] = unfold_columns(lines);
  CHECK(from == 2);  // (from the blank line over the table's first row)
  CHECK(to == 13);
  std::vector<std::string> text;
  for (auto &l : lines) normalize_spaces(l.text), text.push_back(l.text);
  const std::vector<std::string> want = {"Minecraft News Powered by Tumblr Official links:", "", "Minecraft 1.8 - The Bountiful Update", "",
                                         "+ Added Granite, Andesite, and Diorite stone blocks,", "with smooth versions", "+ Added Slime Block",
                                         "+ Added Iron Trapdoor", "+ Added Prismarine and Sea Lantern blocks", "+ Added the Ocean Monument",
                                         "+ Added Red Sandstone", "+ Added Banners", "+ Added Armor Stands", "", "", "Minecraft.net",
                                         "Minecraft Realms", "Minecraft on Facebook", "Merchandise", "Bug tracker", "Account Support",
                                         "Mojang on Twitter", "Support on Twitter"};
  CHECK(text == want);
  // A table's labels, centred, over their lists: its rows stay together.
  std::string table;
  for (const char *label : {"Time travel in fiction", "Temporal paradoxes", "Parallel timelines", "Philosophy of space and time"})
    for (const char *item : {"Grandfather paradox", "Causal loop"}) table += pad(std::string(40 - std::string(label).size(), ' ') + label, std::string("\xE2\x80\xA2 ") + item);
  std::vector<Line> rows = split_lines(table);
  const size_t before = rows.size();
  CHECK(unfold_columns(rows).first == 0);
  CHECK(rows.size() == before);
  // A table of names and figures, its names from the margin: no menu beside them.
  std::string votes;
  for (const char *name : {"Ann Lee of the harbour board", "Bo Ng of the traders' guild", "Cy Li of the river company",
                           "Di Ho of the town council", "Ed Fox of the ferry service", "Flo Hay of the fishing fleet"})
    votes += pad(name, "12 votes, 4 abstentions");
  std::vector<Line> tally = split_lines(votes);
  CHECK(unfold_columns(tally).first == 0);
}
