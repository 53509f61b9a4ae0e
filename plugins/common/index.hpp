// index.hpp: the back-of-book index the writers share: each article's
// indexterms as a part, merged across the book, sorted and grouped by the
// book language's collation (ICU), so every output lists the same entries.
#pragma once

#include <unicode/alphaindex.h>
#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common.hpp"

namespace pubpipe::common {

// Every indexterm of an article, in document order, with its id: its xml:id, else ARTICLE--ix-N
// (N counts the article's indexterms from 1), so that each writer derives
// the same stable anchor for an occurrence.
inline std::vector<std::pair<xmlNode *, std::string>> index_anchors(xmlNode *article) {
  std::vector<xmlNode *> terms;
  descendants(article, "indexterm", &terms);
  std::vector<std::pair<xmlNode *, std::string>> out;
  for (xmlNode *t : terms) {
    const std::string id = xml_id(t);
    out.emplace_back(t, id.empty() ? xml_id(article) + "--ix-" + std::to_string(out.size() + 1) : id);
  }
  return out;
}

// The part a writer's document stage attaches as "index": one occurrence a
// line, primary TAB secondary TAB anchor id.  Ranges (class="startofrange")
// and see-also entries are listed at their start only.
inline std::string index_part(xmlNode *article) {
  std::string out;
  const auto flat = [](const std::string &s) {
    std::string r;
    bool space = false;
    for (char c : s) {
      const bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r';
      if (ws) space = !r.empty();
      else {
        if (space) r += ' ';
        space = false;
        r += c;
      }
    }
    return r;
  };
  for (const auto &[t, id] : index_anchors(article)) {
    if (attr(t, "class") == "endofrange") continue;
    const std::string primary = flat(text(child(t, "primary")));
    if (primary.empty()) continue;
    out += primary + "\t" + flat(text(child(t, "secondary"))) + "\t" + id + "\n";
  }
  return out;
}

struct IndexEntry {
  std::string group;      // the alphabetic heading it goes under ("A", "가")
  std::string primary, secondary;
  std::vector<std::pair<size_t, std::string>> places;  // (article, anchor id), in book order
};

// The book's index from every article's "index" part: one entry per
// (primary, secondary), its occurrences in book order, the entries in the
// collation order of `language` (ICU; the root collation if ICU does not
// know the language), each with its alphabetic group.
inline std::vector<IndexEntry> book_index(const pubpipe::Context &book, const std::string &language) {
  std::map<std::pair<std::string, std::string>, IndexEntry> merged;
  for (size_t i = 0; i < book.book_size(); ++i)
    for (const auto &line : split(book.part(i, "index"), '\n')) {
      const auto f = split(line, '\t');
      if (f.size() != 3) continue;
      IndexEntry &e = merged[{f[0], f[1]}];
      e.primary = f[0], e.secondary = f[1];
      e.places.emplace_back(i, f[2]);
    }
  // A book.index term that nothing marked: a typo, or no link-normalize.
  std::set<std::string> primaries;
  for (const auto &[key, e] : merged) primaries.insert(key.first);
  for (const auto &term : split(book.book_meta("index"), '\n'))
    if (!term.empty() && !primaries.count(term))
      book.warn(0, "the index term '" + term + "' (book.index) occurs in no paragraph of the book, so the index lacks it"
                   " (link-normalize marks the terms: is it in the stages?)");
  std::vector<IndexEntry> out;
  for (auto &[key, e] : merged) out.push_back(std::move(e));
  if (out.empty()) return out;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale locale = icu::Locale::forLanguageTag(language.empty() ? "en" : language, status);
  status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> collator(icu::Collator::createInstance(locale, status));
  if (U_FAILURE(status) || !collator) throw pubpipe::Error("ICU has no collation for the language '" + language + "'");
  const auto u = [](const std::string &s) { return icu::UnicodeString::fromUTF8(s); };
  std::stable_sort(out.begin(), out.end(), [&](const IndexEntry &a, const IndexEntry &b) {
    UErrorCode st = U_ZERO_ERROR;
    const UCollationResult p = collator->compare(u(a.primary), u(b.primary), st);
    if (p != UCOL_EQUAL) return p == UCOL_LESS;
    if (a.secondary.empty() != b.secondary.empty()) return a.secondary.empty();
    return collator->compare(u(a.secondary), u(b.secondary), st) == UCOL_LESS;
  });
  // The groups: ICU's alphabetic index of the language (A–Z for English,
  // the jamo initials for Korean); a term outside them goes under "#".
  status = U_ZERO_ERROR;
  icu::AlphabeticIndex groups(locale, status);
  std::vector<std::string> labels;
  if (U_SUCCESS(status)) {
    const int32_t n = groups.getBucketCount(status);
    groups.resetBucketIterator(status);
    for (int32_t k = 0; k < n && groups.nextBucket(status) && U_SUCCESS(status); ++k) {
      std::string label;
      groups.getBucketLabel().toUTF8String(label);
      labels.push_back(groups.getBucketLabelType() == U_ALPHAINDEX_NORMAL ? label : "#");
    }
  }
  for (auto &e : out) {
    UErrorCode st = U_ZERO_ERROR;
    const int32_t k = U_SUCCESS(status) ? groups.getBucketIndex(u(e.primary), st) : -1;
    e.group = U_SUCCESS(st) && k >= 0 && static_cast<size_t>(k) < labels.size() ? labels[static_cast<size_t>(k)] : "#";
  }
  return out;
}

}  // namespace pubpipe::common
