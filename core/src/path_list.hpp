// path_list.hpp: a book's input paths, packed: each folder once, then each
// file's name as what it adds to the name before it, so that a long book's
// paths take a few bytes each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "../../plugins/common/front_coded.hpp"

namespace pubpipe {

class PathList {
 public:
  PathList() = default;
  // Paths written nowhere (line and column 0).
  PathList(std::initializer_list<std::string> paths);

  // Adds path, written at line and column of the pipeline file (0, 0 when
  // it was not written there).
  void push_back(const std::string &path, uint32_t line = 0, uint32_t column = 0);
  // Frees the room the list had to grow, once every path is added.
  void shrink_to_fit() {
    names_.shrink_to_fit();
    runs_.shrink_to_fit();
  }
  size_t size() const { return names_.size(); }
  bool empty() const { return names_.size() == 0; }
  // Path i, put together again (a new string: the list holds none).
  std::string operator[](size_t i) const;
  // Where path i is written: (line, column), (0, 0) when nowhere.
  std::pair<uint32_t, uint32_t> where(size_t i) const;
  bool operator==(const PathList &o) const;
  bool operator!=(const PathList &o) const { return !(*this == o); }

  class const_iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = std::string;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::string;
    const_iterator(const PathList *list, size_t i) : list_(list), i_(i) {}
    std::string operator*() const { return (*list_)[i_]; }
    const_iterator &operator++() { return ++i_, *this; }
    bool operator==(const const_iterator &o) const { return i_ == o.i_; }
    bool operator!=(const const_iterator &o) const { return i_ != o.i_; }

   private:
    const PathList *list_;
    size_t i_;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }

 private:
  // A run of paths from one folder, written at one place (a glob's matches):
  // from path `first` on, until the next run.
  struct Run {
    size_t first;
    uint32_t folder;  // into folders_
    uint32_t line, column;
  };
  const Run &run_of(size_t i) const;
  std::vector<std::string> folders_;  // each with its final '/', or "" for a bare name
  std::vector<Run> runs_;
  // The file names, front-coded: sorted inputs share most of their names
  // ("article-00041.txt" after "article-00040.txt" takes 4 bytes).
  FrontCoded names_;
};

}  // namespace pubpipe
