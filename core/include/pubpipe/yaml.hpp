// pubpipe/yaml.hpp: the SDK's YAML reader (C++; link pubpipe::yaml), the
// one pubpipe reads pipeline files with.  A plugin that reads a YAML resource
// (a glossary, a term list) uses it rather than the core's private headers.
// It reads with yaml-cpp's event parser into a plain tree that keeps every
// node's line and column, refusing duplicate keys, aliases, several
// documents and unreasonable sizes.  yaml-cpp's own Node keeps the first of
// two duplicate keys silently and expands aliases, which we cannot allow.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace pubpipe {

struct YNode {
  enum Kind { null, scalar, sequence, map } kind = null;
  std::string value;  // scalars
  bool quoted = false;  // a quoted scalar is always a string
  uint32_t line = 0, column = 0;  // 1-based
  std::string origin;  // set for a value given on the command line ("--define key=value"); line and column are then 0
  std::vector<YNode> items;  // sequences
  std::vector<std::pair<YNode, YNode>> entries;  // maps, in file order

  const YNode *get(const std::string &key) const;
  YNode *get(const std::string &key);
  const char *kind_name() const;
};

struct YamlError {
  uint32_t line = 0, column = 0;
  std::string message;
};

struct YamlLimits {
  size_t max_nodes = 100'000;
  int max_depth = 64;
};

// Parses text.  Returns false and fills errors on failure (every duplicate key
// and alias is reported, not only the first).
bool parse_yaml(const std::string &text, YNode *out, std::vector<YamlError> *errors, YamlLimits limits = {});

}  // namespace pubpipe
