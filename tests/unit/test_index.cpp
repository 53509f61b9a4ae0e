// test_index.cpp: the anchors the writers share for the back-of-book index
// and the print pages (plugins/common).
#include <catch2/catch.hpp>

#include <libxml/parser.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/common.hpp"
#include "common/index.hpp"

namespace {

using Doc = std::unique_ptr<xmlDoc, void (*)(xmlDoc *)>;

Doc parse(const std::string &xml) {
  return Doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "a.xml", nullptr, XML_PARSE_NONET), xmlFreeDoc);
}

const char *kArticle =
    "<article xmlns='http://docbook.org/ns/docbook' xml:id='a'><info><title>T</title></info>"
    "<para>One <indexterm xml:id='a-ix-seoul'><primary>Seoul</primary></indexterm>Seoul."
    "<footnote><para>A note <indexterm><primary>alliance</primary></indexterm>alliance.</para></footnote></para>"
    "<section xml:id='s1'><title>S</title><para>Two <indexterm><primary>  Six-Party\n Talks </primary><secondary>2003</secondary></indexterm>.</para>"
    "<para xml:id='p-own'>Three</para></section></article>";

}  // namespace

TEST_CASE("every indexterm gets a stable anchor, in document order, its own id kept") {
  Doc d = parse(kArticle);
  xmlNode *a = xmlDocGetRootElement(d.get());
  const auto anchors = pubpipe::common::index_anchors(a);
  REQUIRE(anchors.size() == 3);
  CHECK(anchors[0].second == "a-ix-seoul");
  CHECK(anchors[1].second == "a--ix-2");
  CHECK(anchors[2].second == "a--ix-3");
  CHECK(pubpipe::common::index_part(a) == "Seoul\t\ta-ix-seoul\nalliance\t\ta--ix-2\nSix-Party Talks\t2003\ta--ix-3\n");
}

TEST_CASE("page anchors are paragraphs and sections outside footnotes, numbered where they have no id") {
  Doc d = parse(kArticle);
  const auto anchors = pubpipe::common::page_anchors(xmlDocGetRootElement(d.get()));
  std::string ids;
  for (const auto &[n, id] : anchors) ids += id + " ";
  CHECK(ids == "a--pb-1 s1 a--pb-2 p-own ");
}

TEST_CASE("escape replaces the four characters XML needs and keeps every other byte") {
  using pubpipe::common::escape;
  CHECK(escape("") == "");
  CHECK(escape("plain text, no entity") == "plain text, no entity");
  CHECK(escape("a<b>&\"c\"") == "a&lt;b&gt;&amp;&quot;c&quot;");
  CHECK(escape("&&") == "&amp;&amp;");
  CHECK(escape("’é한 ' \x01x\x01") == "’é한 ' \x01x\x01");  // UTF-8, apostrophes and link markers pass
  std::string out = "<p>";
  pubpipe::common::escape_to(&out, "R&D");
  CHECK(out == "<p>R&amp;D");
}

TEST_CASE("a text node's text is read in place, the same as text() copies it") {
  Doc d = parse("<p>one &amp; <b>two</b><![CDATA[ <three> ]]></p>");
  xmlNode *p = xmlDocGetRootElement(d.get());
  CHECK(pubpipe::common::node_text(p->children) == "one & ");
  CHECK(pubpipe::common::node_text(p->children) == pubpipe::common::text(p->children));
  CHECK(pubpipe::common::node_text(p->last) == " <three> ");
  CHECK(pubpipe::common::node_text(nullptr).empty());
}

TEST_CASE("an outline walked one item at a time nests as the whole outline does") {
  const std::vector<int> depths{1, 2, 3, 3, 1, 3, 2, 1, 1};
  const auto walk = [&](auto each) {
    std::string out;
    each([&](size_t k) { out += "<" + std::to_string(depths[k]); }, [&] { out += ">"; });
    return out;
  };
  const std::string whole = walk([&](auto open, auto close) { pubpipe::common::nest(depths, open, close); });
  const std::string streamed = walk([&](auto open, auto close) {
    pubpipe::common::Nesting n;
    for (size_t k = 0; k < depths.size(); ++k) n.enter(depths[k], close), open(k);
    n.finish(close);
  });
  CHECK(whole == "<1<2<3><3>>><1<3><2>><1><1>");
  CHECK(streamed == whole);
}

TEST_CASE("the index holds each entry's articles, and its places read again are those of every article's part in book order") {
  // Article parts as index_part writes them: an entry twice in one article,
  // an entry in articles far apart, a secondary under a primary, a
  // malformed line (skipped), an article with no index.
  const std::vector<std::string> parts = {
      "Seoul\t\ta--ix-1\nalliance\t\ta--ix-2\nSeoul\t\ta-seoul-2\n",
      "",
      "Six-Party Talks\t2003\tc--ix-1\nalliance\t\tc--ix-2\nno tabs here\nSix-Party Talks\t\tc--ix-3\n",
      "alliance\t\td--ix-1\nSeoul\t\td--ix-2\nalliance\t\td--ix-3\n",
  };
  const auto part = [&](size_t i) { return std::string_view(parts.at(i)); };
  // What a held index had: every place, (article, anchor id), by entry.
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<size_t, std::string>>> held;
  for (size_t i = 0; i < parts.size(); ++i)
    for (const auto &line : pubpipe::common::split(parts[i], '\n'))
      if (const auto f = pubpipe::common::split(line, '\t'); f.size() == 3) held[{f[0], f[1]}].emplace_back(i, f[2]);
  const auto index = pubpipe::common::detail::merge_index(parts.size(), part);
  REQUIRE(index.size() == held.size());
  auto h = held.begin();
  for (const auto &e : index) {
    CHECK(std::make_pair(e.primary, e.secondary) == h->first);
    std::vector<std::pair<size_t, std::string>> places;
    pubpipe::common::detail::each_place(e, part, [&](size_t i, const std::string &id) { places.emplace_back(i, id); });
    CHECK(places == h->second);
    ++h;
  }
  const auto articles = [](const pubpipe::common::IndexEntry &e) { return std::vector<uint32_t>(e.articles.begin(), e.articles.end()); };
  CHECK(index[0].primary == "Seoul");
  CHECK(articles(index[0]) == std::vector<uint32_t>{0, 3});  // each article once, however often the term is in it
  CHECK(index[3].primary == "alliance");
  CHECK(articles(index[3]) == std::vector<uint32_t>{0, 2, 3});
}

TEST_CASE("an index entry's articles come back in the order added, near or far apart") {
  pubpipe::common::ArticleList list;
  CHECK(list.empty());
  CHECK(list.begin() == list.end());
  const std::vector<uint32_t> added{0, 1, 127, 128, 300, 16511, 16512, 2000000, 4294967295u};
  for (uint32_t i : added) list.push_back(i);
  list.shrink_to_fit();
  CHECK(list.back() == 4294967295u);
  CHECK(std::vector<uint32_t>(list.begin(), list.end()) == added);
  pubpipe::common::ArticleList late;  // a list may start at any article
  late.push_back(99999);
  CHECK(std::vector<uint32_t>(late.begin(), late.end()) == std::vector<uint32_t>{99999});
}
