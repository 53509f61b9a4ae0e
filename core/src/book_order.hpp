// book_order.hpp: the book's articles in the store, as book stages read
// them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pubpipe {

// The book's articles in the store, in order, as the articles left out
// (those that failed): a list of the rest would take 4 bytes an article,
// this takes 4 bytes a failed one.
class BookOrder {
 public:
  explicit BookOrder(const std::vector<bool> &ok) : count_(ok.size()) {
    for (size_t i = 0; i < ok.size(); ++i)
      if (!ok[i]) out_.push_back(static_cast<uint32_t>(i));
  }
  size_t size() const { return count_ - out_.size(); }
  // The store's index of the book's k-th article: k plus the articles left
  // out before it.  Before the j-th left out come out_[j] - j of the book's,
  // a count that never falls as j grows.
  size_t operator[](size_t k) const {
    size_t lo = 0, hi = out_.size();
    while (lo < hi) {
      const size_t mid = (lo + hi) / 2;
      if (out_[mid] - mid <= k) lo = mid + 1;
      else hi = mid;
    }
    return k + lo;
  }

 private:
  size_t count_;
  std::vector<uint32_t> out_;
};

}  // namespace pubpipe
