// new_plugin.cpp: `pubpipe new-plugin NAME --lang c|cpp|python [--dir DIR]`
// writes a ready plugin project from the templates in core/templates/
// (compiled in: templates.inc): source, build, pipeline file, tests.
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "cmd_args.hpp"
#include "loader.hpp"
#include "stage_cmd.hpp"

namespace pubpipe {

namespace {

constexpr int kOk = 0, kFailed = 1, kUsage = 2;

// Template path -> its bytes.  The path is GROUP/PATH: common/ for every
// language, native/ for c and cpp, then c/, cpp/ and python/.
const std::map<std::string, std::string_view> kTemplates = {
#include "templates.inc"
};

const char *kNewPluginUsage =
    "usage: pubpipe new-plugin NAME --lang c|cpp|python [--dir DIR]\n"
    "  NAME  the plugin's name: lowercase letters and digits, words joined by '-' or '_' (word-count)\n"
    "  DIR   where the project goes (default: ./NAME); it must be new or empty\n"
    "Then: cd DIR && cmake -B build && cmake --build build && ctest --test-dir build   (python: sh test.sh)\n";

int new_plugin_usage(const std::string &message) {
  std::fprintf(stderr, "pubpipe new-plugin: %s\n%s", message.c_str(), kNewPluginUsage);
  return kUsage;
}

std::string replace_all(std::string s, const std::string &from, const std::string &to) {
  for (size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
  return s;
}

// word-count -> WordCount, for the C++ class.
std::string class_name(const std::string &name) {
  std::string out;
  bool up = true;
  for (char c : name) {
    if (c == '-' || c == '_') {
      up = true;
      continue;
    }
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    up = false;
  }
  return out;
}

std::string self_executable() {
  char buf[PATH_MAX];
  return realpath("/proc/self/exe", buf) ? buf : "pubpipe";
}

// The prefix of an installed pubpipe (<prefix>/bin/pubpipe with its CMake
// package beside), for the project's find_package; "" for a build tree.
std::string installed_prefix(const std::string &exe) {
  namespace fs = std::filesystem;
  const fs::path bin = fs::path(exe).parent_path();
  std::error_code ec;
  if (bin.filename() != "bin" || !fs::exists(bin.parent_path() / "lib" / "cmake" / "pubpipe" / "pubpipeConfig.cmake", ec)) return {};
  return bin.parent_path().string();
}

}  // namespace

int new_plugin_command(const std::vector<std::string> &args) {
  namespace fs = std::filesystem;
  std::string name, lang, dir;
  for (ArgReader r(args); r.next();) {
    const std::string &arg = r.arg(), &value = r.value();
    if (arg == "--lang") {
      if (!r.take() || (value != "c" && value != "cpp" && value != "python")) return new_plugin_usage("--lang takes c, cpp or python");
      lang = value;
    } else if (arg == "--dir") {
      if (!r.take() || value.empty()) return new_plugin_usage("--dir needs a folder");
      dir = value;
    } else if (arg == "-h" || arg == "--help") {
      std::fputs(kNewPluginUsage, stdout);
      return kOk;
    } else if (r.is_option()) {
      return new_plugin_usage("unknown option '" + r.given() + "'");
    } else if (name.empty()) {
      name = arg;
    } else {
      return new_plugin_usage("takes one plugin name, not also '" + arg + "'");
    }
  }
  if (name.empty()) return new_plugin_usage("needs the plugin's name");
  if (lang.empty()) return new_plugin_usage("needs --lang c, cpp or python");
  // The name becomes a file name (NAME.so), a C identifier and a YAML word.
  if (name.size() > 64 || !std::regex_match(name, std::regex("[a-z][a-z0-9]*([-_][a-z0-9]+)*")))
    return new_plugin_usage("'" + name + "' is not a plugin name: lowercase letters and digits, words joined by '-' or '_', beginning with a letter, at most 64 characters");
  PluginLoader loader;
  loader.set_search_path(PluginLoader::default_dirs());
  if (const auto found = loader.discover(); found.count(name) && lang != "python")
    return new_plugin_usage("a plugin named '" + name + "' exists already (" + found.at(name) + "); choose another name");
  if (dir.empty()) dir = name;
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dir, ec))) {
    if (!fs::is_directory(dir, ec)) return new_plugin_usage(dir + " exists and is not a folder");
    if (!fs::is_empty(dir, ec)) return new_plugin_usage(dir + " exists and is not empty; new-plugin writes only into a new or empty folder");
  }

  const std::string ident = replace_all(name, "-", "_");
  const std::string exe = self_executable();
  const bool c = lang == "c";
  const std::vector<std::pair<std::string, std::string>> words = {
      {"@NAME@", name}, {"@IDENT@", ident}, {"@CLASS@", class_name(name)}, {"@PUBPIPE@", exe}, {"@PUBPIPE_PREFIX@", installed_prefix(exe)},
      // native/: what a C and a C++ project differ in
      {"@LANG_NAME@", c ? "plain C" : "C++"}, {"@CMAKE_LANG@", c ? "C" : "CXX"}, {"@EXT@", c ? "c" : "cpp"},
      {"@STANDARD@", c ? "set(CMAKE_C_STANDARD 99)" : "set(CMAKE_CXX_STANDARD 17)"}};
  size_t written = 0;
  for (const auto &[path, bytes] : kTemplates) {
    const size_t slash = path.find('/');
    const std::string from = path.substr(0, slash);
    if (from != "common" && from != lang && !(from == "native" && lang != "python")) continue;
    std::string rel = replace_all(path.substr(slash + 1), "IDENT", ident);
    if (rel == "gitignore") rel = ".gitignore";
    std::string text(bytes);
    for (const auto &[word, value] : words) text = replace_all(text, word, value);
    const fs::path target = fs::path(dir) / rel;
    fs::create_directories(target.parent_path(), ec);
    std::ofstream out(target, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
      std::fprintf(stderr, "pubpipe new-plugin: cannot write %s\n", target.c_str());
      return kFailed;
    }
    if (rel.size() > 3 && (rel.compare(rel.size() - 3, 3, ".sh") == 0 || rel.compare(rel.size() - 3, 3, ".py") == 0))
      chmod(target.c_str(), 0755);
    ++written;
  }
  std::printf("pubpipe: wrote the %s plugin project %s (%zu files) into %s; then:\n  cd %s\n", lang.c_str(), name.c_str(), written,
              dir.c_str(), dir.c_str());
  if (lang == "python") std::printf("  sh test.sh\n");
  else std::printf("  cmake -B build\n  cmake --build build\n  ctest --test-dir build\n");
  return kOk;
}

}  // namespace pubpipe
