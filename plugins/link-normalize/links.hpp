// links.hpp: the rules of link-normalize on plain strings, so that unit tests
// can call them without a tree: links and citations in running text, the
// labels a scraper flattened into the end of a paragraph, label URLs.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace links {

enum class Kind { url, doi, email, isbn, citation };

// A piece of running text that becomes a link or a citation.
struct Match {
  size_t begin = 0, end = 0;  // bytes of the text
  Kind kind = Kind::url;
  std::string target;  // the href (empty for citations)
  std::vector<std::string> numbers;  // citations: the entry numbers, ranges expanded
};

struct InlineOptions {
  bool urls = true, dois = true, emails = true, citations = true;
  std::string isbn_resolver;  // empty: ISBNs stay text
  size_t max_range = 50;  // a citation range [3-5] is expanded up to this many numbers
};

// Every link and citation in text, in order, never overlapping.
std::vector<Match> find_inline(std::string_view text, const InlineOptions &o);

// Flattened link labels at the end of a paragraph.
struct Trailer {
  size_t cut = 0;  // the prose is text[0, cut); a full stop is added
  std::vector<std::string> labels;
  double score = 0;
  std::string why;  // the signals that scored, for the diagnostic
};

struct TrailerContext {
  // How often a phrase occurs in the whole article (this occurrence included).
  std::function<size_t(std::string_view)> occurrences;
  std::set<std::string> glossary;   // case-folded terms
  std::set<std::string> confirmed;  // case-folded labels found in other paragraphs' trailers
  bool see_also_pending = false;    // the source had an empty "See also" heading
};

struct TrailerOptions {
  double threshold = 3.0;       // a paragraph's tail
  double page_threshold = 3.0;  // the page it is on (page_score)
  size_t max_words = 10;
  size_t min_prose_words = 4;
};

std::optional<Trailer> find_trailer(std::string_view para, const TrailerContext &c, const TrailerOptions &o);

// What the article as a whole shows of a flattened wiki page.  find_trailer
// judges one paragraph; a tail is cut only when the page it is on also reads
// as a wiki page, so that clean prose ("2,500 new Ryanair jobs.") is never cut.
struct PageEvidence {
  bool see_also_heading = false;  // the source had a See also heading (empty, or with items)
  size_t paragraphs = 0;          // paragraphs of running text
  size_t trailers = 0;            // of them, those whose tail find_trailer took for labels
  size_t repeated_labels = 0;     // labels that end two or more paragraphs
  size_t link_only_lines = 0;     // labels that are also a line of their own (a See also item, a bare line)
};

struct PageScore {
  double score = 0;
  std::string why;  // the signals that scored, for the diagnostic
};

PageScore page_score(const PageEvidence &e);

// The trailer rule on a whole article: paras are its paragraphs of running
// text, see_also_items the items of the source's See also list (if any; c's
// see_also_pending tells of an empty heading).  Two passes of find_trailer (a
// label found with strong signals confirms the same label standing alone at
// the end of another paragraph), then the page's evidence.  found[k] is the
// tail of paras[k] that find_trailer took for labels; they are cut only when
// the page is a wiki page (wiki: it scores page_threshold).
struct PageTrailers {
  std::vector<std::optional<Trailer>> found;
  PageEvidence evidence;
  PageScore score;
  bool wiki = false;
};
PageTrailers find_page_trailers(const std::vector<std::string> &paras, const std::vector<std::string> &see_also_items,
                                TrailerContext c, const TrailerOptions &o);

// The URL of a label under base: style "wiki" (First_letter_capital, spaces as
// underscores), "slug" (lower-case-hyphens) or "plain" (percent-encoded).
std::string label_url(const std::string &base, const std::string &style, std::string_view label);

// A reference-list entry without its scraping artifacts: the back-link caret
// and its letters ("^ a b"), a leading "[1]" or "1." number.  Returns the
// cleaned text and the number it had, if any.
std::string clean_reference(std::string_view entry, std::string *number);

std::string fold(std::string_view s);  // lower-cased, any script, as many bytes as s
std::string bare(std::string_view s);  // without the spaces around it and a final full stop

}  // namespace links
