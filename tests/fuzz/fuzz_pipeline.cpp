// fuzz_pipeline: any bytes as a pipeline file.  Properties: the YAML reader
// stays within its budget (nodes and depth) whenever it accepts; a pipeline
// that is accepted is accepted again (validation is a function of the file)
// and names only inputs that exist.
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "fuzz_common.hpp"
#include "loader.hpp"
#include "pipeline.hpp"
#include <pubpipe/yaml.hpp>

namespace {

size_t count(const pubpipe::YNode &n, int depth, int *deepest) {
  *deepest = std::max(*deepest, depth);
  size_t total = 1;
  for (const auto &i : n.items) total += count(i, depth + 1, deepest);
  for (const auto &[k, v] : n.entries) total += count(k, depth + 1, deepest) + count(v, depth + 1, deepest);
  return total;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string text(reinterpret_cast<const char *>(data), size);
  pubpipe::YNode root;
  std::vector<pubpipe::YamlError> errors;
  const pubpipe::YamlLimits limits;
  if (pubpipe::parse_yaml(text, &root, &errors, limits)) {
    int deepest = 0;
    if (count(root, 1, &deepest) > limits.max_nodes * 2 + 2 || deepest > limits.max_depth * 2 + 2)
      fuzz::broken("an accepted YAML file beyond the budget");
  }
  static const std::string dir = [] {
    char tmpl[] = "/tmp/pubpipe-fuzz-XXXXXX";
    const char *d = mkdtemp(tmpl);
    const std::string s = d ? d : "/tmp";
    std::ofstream(s + "/a.txt") << "Title\n\nBody text.\n";
    return s;
  }();
  const std::string file = dir + "/p.yaml";
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
  static pubpipe::PluginLoader loader;
  pubpipe::Pipeline first, second;
  std::vector<pubpipe::Diagnostic> problems;
  const bool ok = pubpipe::load_pipeline(file, {}, loader, &first, &problems);
  if (ok) {
    problems.clear();
    if (!pubpipe::load_pipeline(file, {}, loader, &second, &problems)) fuzz::broken("an accepted pipeline is refused the second time");
    struct stat st;
    for (const auto &in : first.inputs)
      if (stat(in.c_str(), &st) != 0) fuzz::broken("an accepted pipeline names an input that does not exist");
  }
  return 0;
}
