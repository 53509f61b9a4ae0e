// extract.hpp: finding the article in a scraped page: the page's lines
// rejoined into blocks, each block classified as article or boilerplate from
// general evidence (jusText's method, with what a text has), and the headline
// and the byline put first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules.hpp"

namespace textclean {


// What says that a text is a whole web page rather than one article.
struct PageEvidence {
  size_t blocks = 0, short_blocks = 0;
  size_t before_text = 0;  // short blocks before the first block of running text
  size_t repeated = 0;     // short blocks that occur twice or more (menus)
  size_t joined = 0;       // lines joined to the line before (text nodes broken at links, hard wraps)
};
// Whether the blocks read like a whole web page (menus, links, footers):
// many short blocks that are not sentences, and navigation before the text
// or repeated.  lines: the non-empty lines the blocks were made of (0:
// unknown); a text whose lines were joined a fifth of the time or more is
// a scraped page too (a scraper's text nodes broken at links, a dump's
// hard wraps), whatever its length, when a fifth of its blocks are short
// (menus; a clean hard-wrapped article has a few).
bool looks_like_page(const std::vector<Block> &blocks, PageEvidence *evidence = nullptr, size_t lines = 0);

// A page's lines grouped into blocks: a line that a scraper broke at an
// inline element (a link, emphasis: the text node's own line, its edge spaces
// kept in Line::glue_*) is joined to its neighbours; a hard-wrapped line (the
// next word would have fitted) is joined to the next; every other line is a
// block of its own.  A line that ends in one of the language's function
// words goes on in the line under it, whatever its shape.
std::vector<Block> page_blocks(const std::vector<Line> &lines, bool dehyphenate, const FunctionWords &fw, const Report &report);

enum class BlockClass { bad, short_, near_good, good };

// The block classes of jusText (Pomikálek 2011), decided first from each
// block alone (length, function-word density), then from its neighbours.
std::vector<BlockClass> classify_blocks(const std::vector<Block> &blocks, const FunctionWords &fw, const Chrome &chrome);

// The article of a page: its headline first (the line that the page's title
// repeats, minus " - Site"; else the heading-shaped line before the text),
// then its bylines and dates, then the blocks of the article, in order.
// Every block left out is reported with its line.  page_title: the page's
// <title> when the scraper kept it as the first line, else "".  bylines: a
// name next to the headline's date or role ("Name" / "4 min read", "Name,
// @handle") is written "By Name" (a note says so).  page_tail: the kept
// blocks after the article's last paragraph go when none of them is a
// sentence, a list item or code (each a note).  repeated: a line of words
// the page prints three times or more, each a block of its own, goes.
std::vector<Block> extract_article(const std::vector<Block> &blocks, const FunctionWords &fw, const Chrome &chrome,
                                   const Report &report, bool bylines = true, bool page_tail = true, bool repeated = true);

// A text whose first line is a page's <title> ("Headline | Site", "Headline.
// Subtitle") and which repeats the headline alone on a line of its own: the
// headline becomes the first line and its repetition goes.  Returns whether
// it did.
bool headline_from_title(std::vector<Block> &blocks, const Report &report);

// " - BBC News", " | Site" and the like cut from a page title; the title as it
// was when no part is clearly the site's name.
std::string strip_site_name(const std::string &title);

}  // namespace textclean
