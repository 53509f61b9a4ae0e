// Core pieces: the safe YAML reader, text checks, atomic outputs.
#include <catch2/catch.hpp>

#include <Poco/Glob.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

#include "atomic_file.hpp"
#include "pipeline.hpp"
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

TEST_CASE("find_invalid_utf8 accepts well-formed UTF-8 and names the first byte of anything else") {
  const auto npos = std::string_view::npos;
  CHECK(find_invalid_utf8("") == npos);
  CHECK(find_invalid_utf8("plain ASCII\n") == npos);
  // The shortest and longest forms of each length: U+0080, U+07FF, U+0800,
  // U+FFFF, U+10000, U+10FFFF; U+D7FF and U+E000 on either side of the surrogates.
  CHECK(find_invalid_utf8("\xC2\x80 \xDF\xBF \xE0\xA0\x80 \xEF\xBF\xBF \xF0\x90\x80\x80 \xF4\x8F\xBF\xBF") == npos);
  CHECK(find_invalid_utf8("\xED\x9F\xBF \xEE\x80\x80") == npos);
  CHECK(find_invalid_utf8("caf\xC3\xA9") == npos);
  // Overlong forms: '/' in two, three and four bytes; C0 and C1 never start one.
  CHECK(find_invalid_utf8("ab\xC0\xAF") == 2);
  CHECK(find_invalid_utf8("ab\xC1\xBF") == 2);
  CHECK(find_invalid_utf8("ab\xE0\x80\xAF") == 2);
  CHECK(find_invalid_utf8("ab\xE0\x9F\xBF") == 2);
  CHECK(find_invalid_utf8("ab\xF0\x80\x80\xAF") == 2);
  CHECK(find_invalid_utf8("ab\xF0\x8F\xBF\xBF") == 2);
  // UTF-16 surrogates, alone or as a CESU-8 pair.
  CHECK(find_invalid_utf8("x\xED\xA0\x80") == 1);
  CHECK(find_invalid_utf8("x\xED\xBF\xBF") == 1);
  CHECK(find_invalid_utf8("x\xED\xA0\xBD\xED\xB8\x80") == 1);
  // Above U+10FFFF, and the old five- and six-byte forms.
  CHECK(find_invalid_utf8("x\xF4\x90\x80\x80") == 1);
  CHECK(find_invalid_utf8("x\xF5\x80\x80\x80") == 1);
  CHECK(find_invalid_utf8("x\xF8\x88\x80\x80\x80") == 1);
  CHECK(find_invalid_utf8("x\xFC\x84\x80\x80\x80\x80") == 1);
  CHECK(find_invalid_utf8("x\xFE") == 1);
  CHECK(find_invalid_utf8("x\xFF") == 1);
  // Truncated sequences: at the end, and followed by something else.
  CHECK(find_invalid_utf8("end \xC3") == 4);
  CHECK(find_invalid_utf8("end \xE2\x82") == 4);
  CHECK(find_invalid_utf8("end \xF0\x9F\x98") == 4);
  CHECK(find_invalid_utf8("\xE2\x82z") == 0);
  CHECK(find_invalid_utf8("\xF0\x9F\x98 z") == 0);
  // A stray continuation byte, after a complete character.
  CHECK(find_invalid_utf8("\xC3\xA9\xA9") == 2);
  CHECK(find_invalid_utf8("\x80") == 0);
  // A NUL byte is valid UTF-8 (XML forbids it: below).
  CHECK(find_invalid_utf8(std::string_view("a\0b", 3)) == npos);
}

TEST_CASE("find_xml_forbidden names C0 controls, U+FFFE and U+FFFF, and invalid UTF-8") {
  const auto npos = std::string_view::npos;
  CHECK(find_xml_forbidden("tab\tnewline\ncr\r") == npos);
  CHECK(find_xml_forbidden(std::string_view("a\0b", 3)) == 1);
  CHECK(find_xml_forbidden("a\x01") == 1);
  CHECK(find_xml_forbidden("ab\x1F") == 2);
  CHECK(find_xml_forbidden("\x7F") == npos);                // DEL is allowed in XML 1.0
  CHECK(find_xml_forbidden("\xC2\x80\xC2\x9F") == npos);    // so are the C1 controls
  CHECK(find_xml_forbidden("\xEF\xBF\xBD") == npos);        // U+FFFD
  CHECK(find_xml_forbidden("x\xEF\xBF\xBE") == 1);          // U+FFFE
  CHECK(find_xml_forbidden("x\xEF\xBF\xBF") == 1);          // U+FFFF
  CHECK(find_xml_forbidden("\xF4\x8F\xBF\xBF") == npos);    // U+10FFFF
  CHECK(find_xml_forbidden("x\xED\xA0\x80") == 1);          // a surrogate
  CHECK(find_xml_forbidden("x\xE0\x80\xAF") == 1);          // an overlong form
  CHECK(find_xml_forbidden("x\xF4\x90\x80\x80") == 1);      // above U+10FFFF
  CHECK(find_xml_forbidden("x\xE2\x82") == 1);              // cut short
}

TEST_CASE("edit distance for did-you-mean suggestions") {
  CHECK(edit_distance("inputs", "input") == 1);
  CHECK(edit_distance("stages", "stages") == 0);
}

// read_entry_options is what both a pipeline file's `with:` and `pubpipe
// stage`'s --option values go through.
TEST_CASE("an entry's options: declared names, types, constraints and defaults, blamed on the argument") {
  static const pp_option_desc count = {sizeof(pp_option_desc), "count", PP_OPT_INT, "3", nullptr, "A number.", "0..100", nullptr, nullptr};
  static const pp_option_desc label = {sizeof(pp_option_desc), "label", PP_OPT_STRING, "words", nullptr, "A word.", nullptr, "[a-z]+", nullptr};
  LoadedPlugin plugin;
  plugin.name = "t";
  plugin.options = {count, label};
  Pipeline p;
  p.file = "p.yaml";
  p.dir = "/";
  const auto read = [&](const std::string &given, Entry *e) {
    e->plugin = &plugin;
    std::vector<Diagnostic> problems;
    const YNode with = yaml_from_argument(given, "--option " + given);
    read_entry_options(&with, p.file, p, e, &problems);
    return problems;
  };
  Entry e;
  CHECK(read("{count: 7}", &e).empty());
  CHECK(e.options.at("count").i == 7);
  CHECK(e.options.at("label").s == "words");  // the default
  Entry e2;
  const auto range = read("{count: 500}", &e2);
  REQUIRE(range.size() == 1);
  CHECK(range[0].file == "--option {count: 500}");
  CHECK(range[0].message.find("500 is outside 0 to 100") != std::string::npos);
  Entry e3;
  const auto unknown = read("{cuont: 1, label: Words}", &e3);
  REQUIRE(unknown.size() == 2);
  CHECK(unknown[0].message.find("did you mean 'count'") != std::string::npos);
  CHECK(unknown[1].message.find("does not match the pattern") != std::string::npos);
  Entry e4;
  CHECK(read("{count: many}", &e4).at(0).message.find("expected a whole number") != std::string::npos);
}

TEST_CASE("a command-line value is YAML when it parses, else a plain string") {
  CHECK(yaml_from_argument("[a, b]", "x").kind == YNode::sequence);
  const YNode s = yaml_from_argument("a: b: c", "--option k=a: b: c");
  CHECK(s.kind == YNode::scalar);
  CHECK(s.value == "a: b: c");
  CHECK(s.origin == "--option k=a: b: c");
}

TEST_CASE("the input paths come back as they were given, with where each was written") {
  PathList paths;
  paths.push_back("/book/a/one.txt", 3, 5);
  paths.push_back("/book/a/two.txt", 3, 5);
  paths.push_back("/book/b/three.txt", 4, 5);
  paths.push_back("/book/a/four.txt", 4, 5);  // a folder seen before, in a later run
  paths.push_back("bare.txt");
  paths.push_back("/root.txt", 7, 1);
  REQUIRE(paths.size() == 6);
  CHECK(paths[0] == "/book/a/one.txt");
  CHECK(paths[1] == "/book/a/two.txt");
  CHECK(paths[2] == "/book/b/three.txt");
  CHECK(paths[3] == "/book/a/four.txt");
  CHECK(paths[4] == "bare.txt");
  CHECK(paths[5] == "/root.txt");
  CHECK(paths.where(1) == std::make_pair(3u, 5u));
  CHECK(paths.where(2) == std::make_pair(4u, 5u));
  CHECK(paths.where(4) == std::make_pair(0u, 0u));
  CHECK(paths.where(5) == std::make_pair(7u, 1u));
  CHECK(paths.where(6) == std::make_pair(0u, 0u));  // past the end
  std::vector<std::string> all(paths.begin(), paths.end());
  CHECK(all == std::vector<std::string>{"/book/a/one.txt", "/book/a/two.txt", "/book/b/three.txt", "/book/a/four.txt", "bare.txt", "/root.txt"});
  CHECK(PathList{"/x/a", "/x/b"} == PathList{"/x/a", "/x/b"});
  CHECK(PathList{"/x/a", "/x/b"} != PathList{"/x/a", "/y/b"});
}

TEST_CASE("a glob's inputs are the files Poco's glob matches, in the byte order of their paths") {
  namespace fs = std::filesystem;
  char made[] = "/tmp/pubpipe-glob-XXXXXX";
  REQUIRE(mkdtemp(made));
  const std::string root = made;
  for (const char *f : {"d/B.txt", "d/a.txt", "d/b.txt", "d/\xc3\xa9.txt", "d/.h.txt", "d/sub/c.txt", "d/a-b/c.txt", "d/a/c.txt",
                        "d/.hid/c.txt", "d/sub/deep/c.txt"}) {
    fs::create_directories(fs::path(root + "/" + f).parent_path());
    std::ofstream(root + "/" + f) << "x\n";
  }
  fs::create_directories(root + "/d/folder.txt");  // a folder is never an input
  fs::create_directory_symlink("sub", root + "/d/link");
  for (const std::string pattern : {"d/*.txt", "d/*/c.txt", "d/**/*.txt", "d/?.txt", "d/.*.txt", "d/.*/*.txt", "d/[!a]*", "d/*/*/*",
                                    "d/*", "d/a*/c.txt"}) {
    std::set<std::string> poco;
    Poco::Glob::glob(root + "/" + pattern, poco, Poco::Glob::GLOB_DOT_SPECIAL);
    std::vector<std::string> want;
    for (const auto &m : poco)
      if (!fs::is_directory(m)) want.push_back(m);
    std::ofstream(root + "/p.yaml") << "pubpipe: 1\ninputs: [\"" << pattern << "\"]\n";
    PluginLoader loader;
    Pipeline p;
    std::vector<Diagnostic> problems;
    load_pipeline(root + "/p.yaml", {}, loader, &p, &problems);
    INFO(pattern);
    CHECK(std::vector<std::string>(p.inputs.begin(), p.inputs.end()) == want);
    CHECK(!want.empty());
  }
  fs::remove_all(root);
}

TEST_CASE("input names that share their start, across blocks of names, come back whole") {
  std::vector<std::string> given;
  for (int k = 0; k < 40; ++k) given.push_back("/book/article-" + std::to_string(1000 - k * 7) + ".txt");  // not sorted
  given.push_back("/book/" + std::string(300, 'x') + "1");  // more than 255 bytes shared
  given.push_back("/book/" + std::string(300, 'x') + "2");
  given.push_back("/book/" + std::string(300, 'x'));  // a name the one before starts with
  given.push_back("/book/");  // no name at all
  given.push_back("/book/a");
  given.push_back("/book/\xc3\xa9t\xc3\xa9.txt");  // shares a lead byte only with no name
  PathList paths;
  for (const auto &p : given) paths.push_back(p, 2, 3);
  REQUIRE(paths.size() == given.size());
  for (size_t i = 0; i < given.size(); ++i) CHECK(paths[i] == given[i]);
  CHECK(std::vector<std::string>(paths.begin(), paths.end()) == given);
}
