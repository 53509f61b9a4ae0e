// Core pieces: the safe YAML reader, text checks, atomic outputs.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <unistd.h>

#include "atomic_file.hpp"
#include "text_util.hpp"
#include <pubpipe/yaml.hpp>

using namespace pubpipe;

TEST_CASE("YAML: positions are kept for every node") {
  YNode root;
  std::vector<YamlError> errors;
  REQUIRE(parse_yaml("a: 1\nb:\n  - x\n  - y\n", &root, &errors));
  const YNode *b = root.get("b");
  REQUIRE(b);
  CHECK(b->kind == YNode::sequence);
  CHECK(b->items[1].line == 4);
  CHECK(b->items[1].column == 5);
}

TEST_CASE("YAML: duplicate keys, aliases and several documents are refused") {
  YNode root;
  std::vector<YamlError> errors;
  CHECK_FALSE(parse_yaml("a: 1\na: 2\n", &root, &errors));
  REQUIRE_FALSE(errors.empty());
  CHECK(errors[0].line == 2);
  errors.clear();
  CHECK_FALSE(parse_yaml("a: &x [1]\nb: *x\n", &root, &errors));
  errors.clear();
  CHECK_FALSE(parse_yaml("a: 1\n---\nb: 2\n", &root, &errors));
}

TEST_CASE("YAML: billion laughs and deep nesting stay within the budget") {
  std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c)
    laughs += std::string(1, c) + ": &" + c + " [*" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + "]\n";
  YNode root;
  std::vector<YamlError> errors;
  CHECK_FALSE(parse_yaml(laughs, &root, &errors));
  errors.clear();
  CHECK_FALSE(parse_yaml(std::string(100000, '[') + std::string(100000, ']'), &root, &errors));
  CHECK_FALSE(errors.empty());
}

TEST_CASE("YAML: invalid UTF-8 is refused") {
  YNode root;
  std::vector<YamlError> errors;
  CHECK_FALSE(parse_yaml("a: \xff\xfe\n", &root, &errors));
}

TEST_CASE("edit distance for did-you-mean suggestions") {
  CHECK(edit_distance("inputs", "input") == 1);
  CHECK(edit_distance("stages", "stages") == 0);
}
