// read_yaml FILE: prints each scalar of a YAML file with its line and column,
// or the reader's errors; exit 1 on errors.
#include <pubpipe/yaml.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

static void print(const pubpipe::YNode &n, const std::string &path) {
  if (n.kind == pubpipe::YNode::scalar) std::cout << path << " = " << n.value << " @" << n.line << ":" << n.column << "\n";
  for (size_t i = 0; i < n.items.size(); ++i) print(n.items[i], path + "[" + std::to_string(i) + "]");
  for (const auto &[key, value] : n.entries) print(value, path + "." + key.value);
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  pubpipe::YNode root;
  std::vector<pubpipe::YamlError> errors;
  if (!pubpipe::parse_yaml(text.str(), &root, &errors)) {
    for (const auto &e : errors) std::cout << argv[1] << ":" << e.line << ":" << e.column << ": " << e.message << "\n";
    return 1;
  }
  print(root, "");
  return 0;
}
