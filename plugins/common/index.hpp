// index.hpp: the back-of-book index the writers share: each article's
// indexterms as a part, merged across the book, sorted and grouped by the
// book language's collation (ICU), so every output lists the same entries.
#pragma once

#include <unicode/alphaindex.h>
#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
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

// The articles an index entry occurs in, in book order, each once: each as
// its distance from the one before, 7 bits a byte (LEB128), so that a term
// in most articles costs about a byte an article, not 4 (at 100,000
// articles each of the two writers' indexes held 1.8 MB of them).
class ArticleList {
 public:
  // Adds article i, which comes after every article added before.
  void push_back(uint32_t i) {
    for (uint32_t d = bytes_.empty() ? i : i - last_;; d >>= 7) {
      bytes_ += static_cast<char>((d & 0x7f) | (d > 0x7f ? 0x80 : 0));
      if (d <= 0x7f) break;
    }
    last_ = i;
  }
  bool empty() const { return bytes_.empty(); }
  uint32_t back() const { return last_; }
  // The room left over by growing, given back once the list is complete.
  void shrink_to_fit() { bytes_.shrink_to_fit(); }

  class const_iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = uint32_t;
    using difference_type = std::ptrdiff_t;
    using pointer = const uint32_t *;
    using reference = uint32_t;
    const_iterator() = default;
    const_iterator(const std::string *bytes, size_t at) : bytes_(bytes), at_(at) { read(); }
    uint32_t operator*() const { return value_; }
    const_iterator &operator++() {
      at_ = next_;
      read();
      return *this;
    }
    bool operator==(const const_iterator &o) const { return at_ == o.at_; }
    bool operator!=(const const_iterator &o) const { return at_ != o.at_; }

   private:
    // Decodes the distance at at_ (none at the end) into value_ and next_.
    void read() {
      if (!bytes_ || at_ >= bytes_->size()) return;
      uint32_t d = 0;
      int shift = 0;
      for (next_ = at_;; shift += 7) {
        const auto b = static_cast<unsigned char>((*bytes_)[next_++]);
        d |= static_cast<uint32_t>(b & 0x7f) << shift;
        if (!(b & 0x80)) break;
      }
      value_ = at_ == 0 ? d : value_ + d;
    }
    const std::string *bytes_ = nullptr;
    size_t at_ = 0, next_ = 0;
    uint32_t value_ = 0;
  };
  const_iterator begin() const { return {&bytes_, 0}; }
  const_iterator end() const { return {&bytes_, bytes_.size()}; }

 private:
  std::string bytes_;
  uint32_t last_ = 0;
};

struct IndexEntry {
  std::string group;      // the alphabetic heading it goes under ("A", "가")
  std::string primary, secondary;
  // The articles it occurs in.  Its places (the anchor ids) are not held:
  // for_each_place reads them again from these articles' "index" parts when
  // the index is written, so that a book of any length keeps about a byte a
  // place.
  ArticleList articles;
};

namespace detail {

// The entries of the parts part(0) .. part(n - 1) (one occurrence a line,
// as index_part writes them), in the byte order of (primary, secondary),
// each with the articles it occurs in.
template <class Part>
std::vector<IndexEntry> merge_index(size_t n, Part part) {
  std::map<std::pair<std::string, std::string>, IndexEntry> merged;
  for (size_t i = 0; i < n; ++i)
    for (const auto &line : split(part(i), '\n')) {
      const auto f = split(line, '\t');
      if (f.size() != 3) continue;
      IndexEntry &e = merged[{f[0], f[1]}];
      e.primary = f[0], e.secondary = f[1];
      if (e.articles.empty() || e.articles.back() != i) e.articles.push_back(static_cast<uint32_t>(i));
    }
  std::vector<IndexEntry> out;
  for (auto &[key, e] : merged) {
    e.articles.shrink_to_fit();
    out.push_back(std::move(e));
  }
  return out;
}

// Calls f(article, anchor id) for each place of e in article i, whose
// "index" part is `part` (each line is copied before f runs).
template <class F>
void each_place_in(const IndexEntry &e, size_t i, std::string_view part, F f) {
  for (const auto &line : split(part, '\n')) {
    const auto fields = split(line, '\t');
    if (fields.size() == 3 && fields[0] == e.primary && fields[1] == e.secondary) f(i, fields[2]);
  }
}

// Calls f(article, anchor id) for each place of e, in book order, from the
// parts of the articles it occurs in (read with part(i), which may borrow
// its bytes only until the next call: each line is copied before f runs).
template <class Part, class F>
void each_place(const IndexEntry &e, Part part, F f) {
  for (const uint32_t i : e.articles) each_place_in(e, i, part(i), f);
}

}  // namespace detail

// Calls f(article, anchor id) for each occurrence of e, in book order: the
// places book_index did not keep, read again from the articles' "index"
// parts (so f may read other parts of the book).
template <class F>
void for_each_place(const pubpipe::Context &book, const IndexEntry &e, F f) {
  detail::each_place(e, [&](size_t i) { return book.part(i, "index"); }, f);
}

// The same for the occurrences of e in article i alone.
template <class F>
void for_each_place_in(const pubpipe::Context &book, const IndexEntry &e, size_t i, F f) {
  detail::each_place_in(e, i, book.part(i, "index"), f);
}

// The book's index from every article's "index" part: one entry per
// (primary, secondary), the entries in the collation order of `language`
// (ICU; the root collation if ICU does not know the language), each with
// its alphabetic group and the articles it occurs in (its places:
// for_each_place).
inline std::vector<IndexEntry> book_index(const pubpipe::Context &book, const std::string &language) {
  std::vector<IndexEntry> out = detail::merge_index(book.book_size(), [&](size_t i) { return book.part(i, "index"); });
  // A book.index term that nothing marked: a typo, or no link-normalize.
  std::set<std::string> primaries;
  for (const auto &e : out) primaries.insert(e.primary);
  for (const auto &term : split(book.book_meta("index"), '\n'))
    if (!term.empty() && !primaries.count(term))
      book.warn(0, "the index term '" + term + "' (book.index) occurs in no paragraph of the book, so the index lacks it"
                   " (link-normalize marks the terms: is it in the stages?)");
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
