// test_index.cpp: the anchors the writers share for the back-of-book index
// and the print pages (plugins/common).
#include <catch2/catch.hpp>

#include <libxml/parser.h>

#include <memory>
#include <string>

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
