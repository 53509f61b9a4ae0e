// pipeline.cpp: reading and checking pipeline files.
#include "pipeline.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/Glob.h>
#include <Poco/Path.h>
#include <Poco/UTF8String.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "text_util.hpp"

namespace pubpipe {

namespace {

const std::vector<std::string> kTopKeys = {"pubpipe", "book", "inputs", "plugin_path", "sandbox", "stages", "outputs", "cache"};
const std::vector<std::string> kBookKeys = {"title", "subtitle", "language", "authors", "publisher", "identifier", "date", "index"};
const std::vector<std::string> kStageKeys = {"plugin", "with", "cacheable"};
const std::vector<std::string> kOutputKeys = {"plugin", "path", "create_folder", "with", "cacheable"};

class Checker {
 public:
  Checker(std::string file, std::vector<Diagnostic> *problems) : file_(std::move(file)), problems_(problems) {}

  void error(const YNode &at, const std::string &message) { add_at(Severity::error, at, message); }
  void warning(const YNode &at, const std::string &message) { add_at(Severity::warning, at, message); }
  // A node that came from --define is blamed on the --define, not on the file.
  void add_at(Severity s, const YNode &at, const std::string &message) {
    add(s, at.line, at.column, message);
    if (!at.origin.empty()) problems_->back().file = at.origin;
  }
  void add(Severity s, uint32_t line, uint32_t column, const std::string &message) {
    Diagnostic d;
    d.severity = s;
    d.file = file_;
    d.line = line;
    d.column = column;
    d.message = message;
    problems_->push_back(d);
  }
  bool failed() const {
    for (const auto &d : *problems_)
      if (d.severity == Severity::error) return true;
    return false;
  }

  // Reports keys of a mapping that are not in `known`, with a suggestion.
  void known_keys(const YNode &map, const std::vector<std::string> &known, const std::string &where) {
    for (const auto &[key, value] : map.entries) {
      bool ok = false;
      for (const auto &k : known) ok = ok || k == key.value;
      if (ok) continue;
      std::string best;
      size_t best_d = 3;
      for (const auto &k : known) {
        const size_t d = edit_distance(key.value, k);
        if (d < best_d) best_d = d, best = k;
      }
      std::string all;
      for (const auto &k : known) all += (all.empty() ? "" : ", ") + k;
      error(key, "unknown key '" + key.value + "' in " + where +
                     (best.empty() ? " (expected one of: " + all + ")" : "; did you mean '" + best + "'?"));
    }
  }

  bool expect(const YNode &n, YNode::Kind kind, const std::string &what) {
    if (n.kind == kind) return true;
    YNode wanted;
    wanted.kind = kind;
    error(n, what + " must be " + wanted.kind_name() + ", not " + n.kind_name());
    return false;
  }

 private:
  std::string file_;
  std::vector<Diagnostic> *problems_;
};

std::string absolute(const std::string &dir, const std::string &p) {
  Poco::Path path(p);
  if (path.isAbsolute()) return path.toString();
  return Poco::Path(Poco::Path::forDirectory(dir)).resolve(path).toString();
}

std::string real(const std::string &p) {
  char buf[PATH_MAX];
  return realpath(p.c_str(), buf) ? std::string(buf) : std::string();
}

bool is_dir(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool has_glob(const std::string &s) { return s.find_first_of("*?[{") != std::string::npos; }

// Calls add(path) for each file (not folder) that the absolute glob pattern
// matches, in the byte order of the paths; returns whether there was one.
// The matches are Poco's glob's: its glob finds the folders the pattern's
// last name may be in, and each folder's names are matched with the
// Glob::match that its glob calls for them.  Poco's glob of the whole
// pattern would hold every match at once in a std::set, about 128 bytes a
// match (12.8 MB of heap at 100,000 inputs, the pipeline load's peak);
// here a folder's matching names are held one after another, with 4 bytes
// an offset, and sorted in place.  A folder's matches sort together, in
// the folders' order, as every folder's path ends with its '/'.
template <class Add>
bool each_glob_match(const std::string &pattern, const Add &add) {
  const Poco::Path path(Poco::Path::expand(pattern), Poco::Path::PATH_GUESS);  // as Poco's glob reads a pattern
  if (path.getFileName().empty()) return false;  // a pattern for folders matches no file
  const Poco::Path parent = path.parent();
  std::set<std::string> folders;
  if (parent.depth() == 0) folders.insert(parent.toString());  // the root, which Poco's glob of folders never returns
  else Poco::Glob::glob(parent, folders, Poco::Glob::GLOB_DOT_SPECIAL);
  Poco::Glob last(path.getFileName(), Poco::Glob::GLOB_DOT_SPECIAL);
  bool found = false;
  for (const std::string &folder : folders) {
    std::string names;  // each followed by a NUL
    std::vector<uint32_t> starts;
    try {
      for (Poco::DirectoryIterator it(folder), end; it != end; ++it)
        if (last.match(it.name())) {
          starts.push_back(static_cast<uint32_t>(names.size()));
          names.append(it.name()).push_back('\0');
        }
    } catch (const Poco::Exception &) {
      continue;  // a folder that cannot be read: Poco's glob has no matches from it either
    }
    std::sort(starts.begin(), starts.end(), [&](uint32_t a, uint32_t b) { return std::strcmp(names.data() + a, names.data() + b) < 0; });
    for (const uint32_t at : starts)
      if (const std::string f = folder + (names.data() + at); !is_dir(f)) add(f), found = true;
  }
  return found;
}

void mark_origin(YNode *n, const std::string &origin) {
  n->origin = origin;
  n->line = n->column = 0;
  for (auto &i : n->items) mark_origin(&i, origin);
  for (auto &[k, v] : n->entries) mark_origin(&k, origin), mark_origin(&v, origin);
}

}  // namespace

YNode yaml_from_argument(const std::string &text, const std::string &origin) {
  YNode value;
  std::vector<YamlError> errs;
  if (!parse_yaml(text, &value, &errs) || value.kind == YNode::null) {
    value = YNode{};
    value.kind = YNode::scalar;
    value.value = text;
  }
  mark_origin(&value, origin);
  return value;
}

namespace {

// Sets node at a dotted path ("stages.1.with.spelling"), creating maps.
bool apply_define(YNode *root, const Define &def, std::string *error) {
  YNode value = yaml_from_argument(def.value, "--define " + def.key + "=" + def.value);
  if (root->kind == YNode::null) root->kind = YNode::map;
  YNode *at = root;
  std::stringstream ss(def.key);
  std::string part;
  std::vector<std::string> parts;
  while (std::getline(ss, part, '.')) parts.push_back(part);
  if (parts.empty() || def.key.empty()) {
    *error = "--define needs key=value, with a dotted key such as book.title";
    return false;
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string &p = parts[i];
    YNode *next = nullptr;
    if (at->kind == YNode::sequence) {
      char *end = nullptr;
      const long k = std::strtol(p.c_str(), &end, 10);
      if (*end || k < 0 || static_cast<size_t>(k) >= at->items.size()) {
        *error = "--define " + def.key + ": '" + p + "' is not an index of that list";
        return false;
      }
      next = &at->items[static_cast<size_t>(k)];
    } else {
      if (at->kind == YNode::null) at->kind = YNode::map;
      if (at->kind != YNode::map) {
        *error = "--define " + def.key + ": '" + p + "' is inside a scalar";
        return false;
      }
      next = at->get(p);
      if (!next) {
        YNode key;
        key.kind = YNode::scalar;
        key.value = p;
        at->entries.emplace_back(key, YNode{});
        next = &at->entries.back().second;
      }
    }
    at = next;
  }
  *at = value;
  return true;
}

bool parse_bool(const std::string &s, bool *out) {
  if (s == "true" || s == "yes" || s == "on") return *out = true, true;
  if (s == "false" || s == "no" || s == "off") return *out = false, true;
  return false;
}

}  // namespace

std::string display_path(const std::string &path) {
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return path;
  std::string prefix = std::string(cwd) + '/';
  if (path.compare(0, prefix.size(), prefix) == 0) return path.substr(prefix.size());
  return path;
}

std::string option_from_yaml(const YNode &node, const pp_option_desc &desc, const std::string &dir, OptionValue *out) {
  out->type = desc.type;
  out->set = true;
  const std::string &v = node.value;
  const bool scalar = node.kind == YNode::scalar;
  switch (desc.type) {
    case PP_OPT_BOOL:
      if (scalar && !node.quoted && parse_bool(v, &out->b)) return {};
      return "expected true or false";
    case PP_OPT_INT: {
      if (!scalar || v.empty()) return "expected a whole number";
      errno = 0;
      char *end = nullptr;
      const long long n = std::strtoll(v.c_str(), &end, 10);
      if (*end || errno == ERANGE) return "expected a whole number";
      out->i = n;
      return {};
    }
    case PP_OPT_NUMBER: {
      if (!scalar || v.empty()) return "expected a number";
      char *end = nullptr;
      out->d = std::strtod(v.c_str(), &end);
      if (*end || !std::isfinite(out->d)) return "expected a number";
      return {};
    }
    case PP_OPT_STRING:
      if (!scalar) return "expected a string";
      out->s = v;
      return {};
    case PP_OPT_ENUM: {
      std::string choices = desc.choices ? desc.choices : "";
      std::stringstream ss(choices);
      std::string c;
      while (std::getline(ss, c, '|'))
        if (scalar && c == v) {
          out->s = v;
          return {};
        }
      std::string pretty = choices;
      for (auto &ch : pretty)
        if (ch == '|') ch = ',';
      return "expected one of: " + pretty;
    }
    case PP_OPT_STRING_LIST:
      if (node.kind == YNode::null) return {};
      if (node.kind != YNode::sequence) return "expected a list of strings";
      for (const auto &item : node.items) {
        if (item.kind != YNode::scalar) return "expected a list of strings";
        out->list.push_back(item.value);
      }
      return {};
    case PP_OPT_RESOURCE:
    case PP_OPT_OUTPUT:
      if (!scalar || v.empty()) return "expected a file path";
      out->s = absolute(dir, v);
      return {};
  }
  return "an option of unknown type";
}

void read_entry_options(const YNode *with, const std::string &file, const Pipeline &p, Entry *e, std::vector<Diagnostic> *problems,
                        std::vector<ResourceUse> *deferred) {
  Checker check(file, problems);
  if (with && with->kind == YNode::map) {
    std::vector<std::string> declared;
    for (const auto &o : e->plugin->options) declared.push_back(o.name);
    check.known_keys(*with, declared, "the options of plugin '" + e->plugin->name + "'");
  }
  for (const auto &o : e->plugin->options) {
    OptionValue v;
    v.type = o.type;
    const YNode *given = with && with->kind == YNode::map ? with->get(o.name) : nullptr;
    if (given) {
      const std::string why2 = option_from_yaml(*given, o, p.dir, &v);
      if (!why2.empty()) check.error(*given, std::string("option '") + o.name + "' of plugin '" + e->plugin->name + "': " + why2);
      else if (const std::string c = option_constraint_error(o, v); !c.empty())
        check.error(*given, std::string("option '") + o.name + "' of plugin '" + e->plugin->name + "': " + c);
      e->option_at[o.name] = {given->line, given->column};
    } else if (o.default_value) {
      YNode def;
      std::vector<YamlError> errs;
      parse_yaml(o.default_value, &def, &errs);
      if (def.kind == YNode::null && o.type != PP_OPT_STRING_LIST) def.kind = YNode::scalar;
      const std::string why2 = errs.empty() ? option_from_yaml(def, o, p.dir, &v) : "unreadable";
      if (!why2.empty())
        check.add(Severity::error, e->line, e->column, "plugin '" + e->plugin->name + "' declares a bad default for option '" + o.name + "': " + why2);
    }
    if (given && v.set && o.type == PP_OPT_RESOURCE) {
      if (deferred)
        deferred->push_back({given->line, given->column, o.name, v.s, e->output});
      else if (access(v.s.c_str(), R_OK) != 0 || is_dir(v.s))
        check.error(*given, std::string("option '") + o.name + "': cannot read the file " + display_path(v.s));
    }
    e->options[o.name] = v;
  }
  if (!check.failed()) run_validate_hook(p, *e, problems);
}

bool load_pipeline(const std::string &file, const std::vector<Define> &defines, PluginLoader &loader, Pipeline *out,
                   std::vector<Diagnostic> *problems) {
  Checker check(file, problems);
  out->file = file;
  std::ifstream in(file, std::ios::binary);
  if (!in || is_dir(file)) {
    check.add(Severity::error, 0, 0, "cannot read the pipeline file");
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  out->dir = Poco::Path(real(file)).parent().toString();
  if (!out->dir.empty() && out->dir.back() == '/' && out->dir.size() > 1) out->dir.pop_back();

  YNode root;
  std::vector<YamlError> yerrs;
  parse_yaml(text, &root, &yerrs);
  for (const auto &e : yerrs) check.add(Severity::error, e.line, e.column, e.message);
  if (!yerrs.empty()) return false;
  for (const auto &d : defines) {
    std::string why;
    if (!apply_define(&root, d, &why)) check.add(Severity::error, 0, 0, why);
  }
  if (root.kind != YNode::map) {
    check.add(Severity::error, root.line, root.column, "a pipeline file is a mapping with pubpipe:, book:, inputs:, stages: and outputs:");
    return false;
  }
  check.known_keys(root, kTopKeys, "the pipeline file");

  // pubpipe: 1
  if (const YNode *v = root.get("pubpipe")) {
    if (v->kind != YNode::scalar || v->value != "1")
      check.error(*v, "unsupported pipeline format version '" + v->value + "'; this pubpipe reads version 1");
  } else {
    check.add(Severity::error, 1, 1, "missing 'pubpipe: 1' (the format version) at the top of the file");
  }

  // book:
  if (const YNode *book = root.get("book"); book && check.expect(*book, YNode::map, "book")) {
    check.known_keys(*book, kBookKeys, "book");
    std::map<std::string, std::string *> fields = {{"title", &out->book.title},         {"subtitle", &out->book.subtitle},
                                                   {"language", &out->book.language},   {"publisher", &out->book.publisher},
                                                   {"identifier", &out->book.identifier}, {"date", &out->book.date}};
    // Metadata goes into every writer's XML, so it is checked like text.
    const auto text_ok = [&](const YNode &v, const std::string &what) {
      std::string why;
      if (const size_t bad = find_invalid_utf8(v.value); bad != std::string::npos)
        why = "has invalid UTF-8 at byte " + std::to_string(bad + 1);
      else if (const size_t bad2 = find_xml_forbidden(v.value); bad2 != std::string::npos)
        why = "has a character XML forbids (a control character) at byte " + std::to_string(bad2 + 1);
      if (why.empty()) return true;
      check.error(v, what + " " + why + "; metadata must be text that XML allows");
      return false;
    };
    for (auto &[key, field] : fields)
      if (const YNode *v = book->get(key); v && check.expect(*v, YNode::scalar, "book." + key) && text_ok(*v, "book." + key))
        *field = v->value;
    if (const YNode *a = book->get("authors")) {
      if (a->kind == YNode::scalar) {
        if (text_ok(*a, "book.authors")) out->book.authors.push_back(a->value);
      } else if (check.expect(*a, YNode::sequence, "book.authors")) {
        for (const auto &item : a->items)
          if (check.expect(item, YNode::scalar, "each of book.authors") && text_ok(item, "an author"))
            out->book.authors.push_back(item.value);
      }
    }
    // index: a list of terms, each once (case aside), for the back-of-book index.
    if (const YNode *ix = book->get("index"); ix && check.expect(*ix, YNode::sequence, "book.index (a list of terms)")) {
      std::map<std::string, const YNode *> seen;
      for (const auto &item : ix->items) {
        if (!check.expect(item, YNode::scalar, "each of book.index (a term)") || !text_ok(item, "an index term")) continue;
        const size_t b = item.value.find_first_not_of(" \t"), e = item.value.find_last_not_of(" \t");
        const std::string term = b == std::string::npos ? "" : item.value.substr(b, e - b + 1);
        if (term.empty()) {
          check.error(item, "an index term is empty; write the term, e.g. - Six-Party Talks");
          continue;
        }
        if (term.size() > 200 || term.find('\n') != std::string::npos || term.find('\t') != std::string::npos) {
          check.error(item, "an index term is one line of at most 200 bytes, without tabs");
          continue;
        }
        // "Each term once, case aside", in any script: Émile and émile are one
        // term (text_ok has checked that it is UTF-8).
        const std::string folded = Poco::UTF8::toLower(term);
        if (auto [it, fresh] = seen.emplace(folded, &item); !fresh) {
          check.error(item, "book.index lists '" + term + "' twice (also at line " + std::to_string(it->second->line) + ")");
          continue;
        }
        out->book.index.push_back(term);
      }
    }
    if (const YNode *l = book->get("language"); l && l->kind == YNode::scalar) {
      bool ok = !l->value.empty() && l->value.size() <= 35;
      for (char c : l->value) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-');
      if (!ok) check.error(*l, "book.language must be a language tag such as en or pt-BR");
    }
    if (const YNode *t = book->get("title"); !t || t->value.empty()) check.error(*book, "book.title is required");
  } else if (!root.get("book")) {
    check.add(Severity::error, root.line, root.column, "missing 'book:' with at least a title");
  }

  // sandbox: what --sandbox allows beyond the pipeline's own files.
  if (const YNode *sb = root.get("sandbox")) {
    if (check.expect(*sb, YNode::map, "sandbox")) {
      check.known_keys(*sb, {"allow_programs"}, "sandbox");
      if (const YNode *progs = sb->get("allow_programs"); progs && check.expect(*progs, YNode::sequence, "allow_programs"))
        for (const auto &item : progs->items)
          if (check.expect(item, YNode::scalar, "each of allow_programs")) out->allowed_programs.push_back(item.value);
    }
  }

  // cache: a folder (relative to the pipeline file), or false for none.
  if (const YNode *c = root.get("cache"); c && check.expect(*c, YNode::scalar, "cache")) {
    if (c->value == "false" || c->value == "off" || c->value == "no") out->cache_off = true;
    else if (c->value.empty() || c->value == "true") check.error(*c, "cache must be a folder, or false for no cache");
    else out->cache_dir = absolute(out->dir, c->value);
  }

  // plugin_path:
  std::vector<std::string> dirs;
  if (const YNode *pp = root.get("plugin_path")) {
    if (pp->kind == YNode::scalar) {
      dirs.push_back(absolute(out->dir, pp->value));
      out->plugin_path_at.emplace_back(pp->line, pp->column);
    } else if (check.expect(*pp, YNode::sequence, "plugin_path")) {
      for (const auto &item : pp->items)
        if (check.expect(item, YNode::scalar, "each of plugin_path")) {
          dirs.push_back(absolute(out->dir, item.value));
          out->plugin_path_at.emplace_back(item.line, item.column);
        }
    }
  }
  out->plugin_path = dirs;
  for (const auto &d : PluginLoader::default_dirs()) dirs.push_back(d);
  loader.set_search_path(dirs);
  if (loader.confined()) {
    // --sandbox: plugins load only from the pipeline's folder (so from its
    // plugin_path folders inside it) and the installed plugin folders.
    std::vector<std::string> roots = {out->dir};
    for (const auto &d : PluginLoader::default_dirs()) roots.push_back(d);
    loader.confine(roots);
  }

  // inputs:
  // Each input's resolved path as a hash (8 bytes an input, not the path):
  // an output whose path hashes like one is compared with the inputs'
  // resolved paths again (is_input, below).
  std::vector<size_t> input_real;
  const std::hash<std::string> path_hash;
  if (const YNode *inputs = root.get("inputs")) {
    std::vector<const YNode *> items;
    if (inputs->kind == YNode::scalar) items.push_back(inputs);
    else if (check.expect(*inputs, YNode::sequence, "inputs"))
      for (const auto &i : inputs->items) items.push_back(&i);
    for (const YNode *item : items) {
      if (!check.expect(*item, YNode::scalar, "each input")) continue;
      const std::string pattern = absolute(out->dir, item->value);
      const auto add = [&](const std::string &f) {
        input_real.push_back(path_hash(real(f)));
        out->inputs.push_back(display_path(f), item->line, item->column);
      };
      if (has_glob(item->value)) {
        if (!each_glob_match(pattern, add)) check.error(*item, "the input pattern '" + item->value + "' matches no file");
      } else if (access(pattern.c_str(), F_OK) != 0) {
        check.error(*item, "the input '" + item->value + "' does not exist");
      } else if (is_dir(pattern)) {
        check.error(*item, "the input '" + item->value + "' is a folder; name its files, for example " + item->value + "/*.txt");
      } else if (access(pattern.c_str(), R_OK) != 0) {
        check.error(*item, "the input '" + item->value + "' cannot be read (permissions)");
      } else {
        add(pattern);
      }
    }
    out->inputs.shrink_to_fit();
  } else {
    check.add(Severity::error, root.line, root.column, "missing 'inputs:' (files or globs, relative to the pipeline file)");
  }

  // stages: and outputs:
  std::vector<ResourceUse> resources;  // the resources given, checked once the outputs are known
  auto read_entries = [&](const char *key, bool output, std::vector<Entry> *entries) {
    const YNode *list = root.get(key);
    if (!list) return;
    if (!check.expect(*list, YNode::sequence, key)) return;
    for (const auto &item : list->items) {
      if (!check.expect(item, YNode::map, std::string("each of ") + key)) continue;
      check.known_keys(item, output ? kOutputKeys : kStageKeys, std::string("an entry of ") + key);
      Entry e;
      e.output = output;
      e.line = item.line;
      e.column = item.column;
      const YNode *plugin = item.get("plugin");
      if (!plugin || plugin->kind != YNode::scalar || plugin->value.empty()) {
        check.error(item, std::string("an entry of ") + key + " needs 'plugin: NAME'");
        continue;
      }
      e.plugin_ref = plugin->value;
      const std::string ref = plugin->value.find('/') != std::string::npos ? absolute(out->dir, plugin->value) : plugin->value;
      std::string why;
      e.plugin = loader.load(ref, &why);
      if (!e.plugin) {
        check.error(*plugin, why);
        continue;
      }
      if (output) {
        const YNode *path = item.get("path");
        if (!path || path->kind != YNode::scalar || path->value.empty())
          check.error(item, "an output needs 'path: FILE'");
        else
          e.path = absolute(out->dir, path->value);
        if (const YNode *create = item.get("create_folder"))
          if (create->kind != YNode::scalar || create->quoted || !parse_bool(create->value, &e.create_folder))
            check.error(*create, "create_folder: expected true or false");
        bool book_stage = false;
        for (const auto &s : e.plugin->stages) book_stage = book_stage || s.kind == PP_STAGE_BOOK;
        if (!book_stage) check.error(*plugin, "plugin '" + e.plugin->name + "' has no book stage, so it cannot write an output");
      }
      // cacheable: false, or a plugin that declares itself not cacheable
      // (ABI 1.3): the cache keeps only what the stages before it made.
      e.cacheable = (e.plugin->desc.flags & PP_PLUGIN_NOT_CACHEABLE) == 0;
      if (const YNode *c = item.get("cacheable")) {
        bool v = true;
        if (c->kind != YNode::scalar || c->quoted || !parse_bool(c->value, &v))
          check.error(*c, "cacheable: expected true or false");
        else if (v && !e.cacheable)
          check.error(*c, "plugin '" + e.plugin->name + "' declares itself not cacheable (PP_PLUGIN_NOT_CACHEABLE); cacheable: true cannot change that");
        else
          e.cacheable = v;
      }
      const YNode *with = item.get("with");
      if (with && with->kind != YNode::null && !check.expect(*with, YNode::map, "with")) with = nullptr;
      read_entry_options(with, file, *out, &e, problems, &resources);
      entries->push_back(std::move(e));
    }
  };
  read_entries("stages", false, &out->stages);
  read_entries("outputs", true, &out->outputs);
  for (const auto &e : out->outputs) {
    for (const auto &[name, v] : e.options)
      if (v.type == PP_OPT_OUTPUT && v.set) out->output_files.insert(v.s);
  }
  for (const auto &r : resources)
    if (!(r.writer && out->made_by_run(r.path)) && (access(r.path.c_str(), R_OK) != 0 || is_dir(r.path)))
      check.add(Severity::error, r.line, r.column, "option '" + r.option + "': cannot read the file " + display_path(r.path));
  if (!root.get("outputs")) check.add(Severity::error, root.line, root.column, "missing 'outputs:' (at least one writer, such as docbook or epub)");

  // Features: each stage needs what earlier stages provide.  Checked even
  // after other mistakes, so that one run lists them all.
  {
    const bool failed_before = check.failed();
    std::set<std::string> have = {"text"};
    auto words = [](const char *s) {
      std::vector<std::string> out_words;
      std::stringstream ss(s ? s : "");
      std::string w;
      while (ss >> w) out_words.push_back(w);
      return out_words;
    };
    auto visit = [&](const Entry &e, const YNode &at) {
      for (const auto &s : e.plugin->stages) {
        for (const auto &need : words(s.requires_features))
          if (!have.count(need))
            check.error(at, "stage '" + std::string(s.name) + "' of plugin '" + e.plugin->name + "' requires '" + need +
                                "', which no earlier stage provides" +
                                (need == "tree"   ? " (put a structuring stage such as section-detect before it)"
                                 : need == "text" ? " (text stages must run before the stage that builds the tree)"
                                                  : ""));
        for (const auto &w : words(s.provides_features)) {
          have.insert(w);
          if (w == "tree") have.erase("text");
        }
      }
    };
    YNode at;
    for (const auto &e : out->stages) {
      at.line = e.line, at.column = e.column;
      visit(e, at);
    }
    if (!failed_before && !have.count("tree") && !out->stages.empty())
      check.add(Severity::error, root.get("stages")->line, root.get("stages")->column, "no stage builds the document tree; add section-detect to stages:");
    for (const auto &e : out->outputs) {
      at.line = e.line, at.column = e.column;
      visit(e, at);
    }
  }

  // Output paths: distinct, not an input, the pipeline file or a resource,
  // not a device or FIFO, in a folder that exists.
  std::map<std::string, std::string> read_files;  // resolved path -> what reads it
  if (const std::string r = real(file); !r.empty()) read_files[r] = "the pipeline file";
  for (const auto *list : {&out->stages, &out->outputs})
    for (const auto &e : *list)
      for (const auto &[name, v] : e.options)
        if (v.set && v.type == PP_OPT_RESOURCE && !(e.output && out->made_by_run(v.s)))
          if (const std::string r = real(v.s); !r.empty())
            read_files.emplace(r, "a file the pipeline reads (option '" + name + "' of plugin '" + e.plugin->name + "')");
  std::sort(input_real.begin(), input_real.end());
  const auto is_input = [&](const std::string &r) {
    if (r.empty() || !std::binary_search(input_real.begin(), input_real.end(), path_hash(r))) return false;
    for (size_t i = 0; i < out->inputs.size(); ++i)
      if (real(out->inputs[i]) == r) return true;
    return false;
  };
  std::map<std::string, const Entry *> seen;
  for (const auto &e : out->outputs) {
    std::vector<std::string> paths;
    if (!e.path.empty()) paths.push_back(e.path);
    for (const auto &[name, v] : e.options)
      if (v.type == PP_OPT_OUTPUT && v.set) paths.push_back(v.s);
    for (const auto &p : paths) {
      const Poco::Path pp(p);
      const std::string parent = pp.parent().toString();
      const std::string real_parent = real(parent);
      const std::string canonical = real_parent.empty() ? p : real_parent + "/" + pp.getFileName();
      const std::string shown = display_path(p);
      // create_folder: true lets the run make the output's folder, one
      // level, inside a folder that exists (so a typo higher up still fails).
      const std::string above = real(Poco::Path(parent).parent().toString());
      const bool creatable = e.create_folder && real_parent.empty() && !above.empty() && is_dir(above);
      if (creatable) {
        if (access(above.c_str(), W_OK) != 0)
          check.add(Severity::error, e.line, e.column, "the output folder of " + shown + " cannot be created: " + display_path(above) + " cannot be written");
      } else if (real_parent.empty() || !is_dir(real_parent))
        check.add(Severity::error, e.line, e.column, "the output folder of " + shown + " does not exist; create it first" +
                                                         (e.create_folder ? " (create_folder: true makes only the last folder)" : " (or add create_folder: true to the output)"));
      else if (access(real_parent.c_str(), W_OK) != 0)
        check.add(Severity::error, e.line, e.column, "the output folder of " + shown + " cannot be written");
      if (is_dir(p)) check.add(Severity::error, e.line, e.column, "the output " + shown + " is a folder; name a file");
      if (is_input(canonical) || is_input(real(p)))
        check.add(Severity::error, e.line, e.column, "the output " + shown + " is one of the inputs; it would overwrite it");
      for (const std::string &r : {canonical, real(p)})
        if (auto it = read_files.find(r); it != read_files.end()) {
          check.add(Severity::error, e.line, e.column, "the output " + shown + " is " + it->second + "; it would overwrite it");
          break;
        }
      struct stat st;
      if (stat(p.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        check.add(Severity::error, e.line, e.column,
                  "the output " + shown + " is not a regular file (a device, FIFO or socket, such as /dev/stdout); "
                  "pubpipe writes outputs only as regular files");
      if (!seen.emplace(canonical, &e).second)
        check.add(Severity::error, e.line, e.column, "two outputs write " + shown);
    }
  }
  return !check.failed();
}

}  // namespace pubpipe
