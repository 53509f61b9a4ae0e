// path_list.cpp: the packed list of input paths.
#include "path_list.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string_view>

namespace pubpipe {

PathList::PathList(std::initializer_list<std::string> paths) {
  for (const auto &p : paths) push_back(p);
}

void PathList::push_back(const std::string &path, uint32_t line, uint32_t column) {
  const size_t slash = path.rfind('/');
  const size_t name_at = slash == std::string::npos ? 0 : slash + 1;
  const std::string folder = path.substr(0, name_at);
  const std::string_view name = std::string_view(path).substr(name_at);
  if (names_.bytes() + name.size() + 3 > std::numeric_limits<uint32_t>::max())
    throw std::runtime_error("the inputs' names take over 4 GiB");
  // A run goes on while the folder and the place stay the same; a folder
  // seen in an earlier run is found among the few that runs name.
  if (runs_.empty() || folders_[runs_.back().folder] != folder || runs_.back().line != line || runs_.back().column != column) {
    const size_t known = static_cast<size_t>(std::find(folders_.begin(), folders_.end(), folder) - folders_.begin());
    if (known == folders_.size()) folders_.push_back(folder);
    runs_.push_back({size(), static_cast<uint32_t>(known), line, column});
  }
  names_.push_back(name);
}

const PathList::Run &PathList::run_of(size_t i) const {
  // The last run that starts at or before i.
  auto it = std::upper_bound(runs_.begin(), runs_.end(), i, [](size_t v, const Run &r) { return v < r.first; });
  return *(it - 1);
}

std::string PathList::operator[](size_t i) const { return folders_[run_of(i).folder] + names_[i]; }

std::pair<uint32_t, uint32_t> PathList::where(size_t i) const {
  if (i >= size()) return {0, 0};
  const Run &r = run_of(i);
  return {r.line, r.column};
}

bool PathList::operator==(const PathList &o) const {
  if (size() != o.size()) return false;
  for (size_t i = 0; i < size(); ++i)
    if ((*this)[i] != o[i]) return false;
  return true;
}

}  // namespace pubpipe
