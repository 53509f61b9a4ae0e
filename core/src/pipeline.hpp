// pipeline.hpp: the pipeline file, read and checked against the plugins it names.
#pragma once

#include <pubpipe/plugin.h>

#include <cstdint>
#include <map>
#include <utility>
#include <set>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "loader.hpp"
#include "path_list.hpp"
#include <pubpipe/yaml.hpp>

namespace pubpipe {

struct OptionValue {
  pp_option_type type = PP_OPT_STRING;
  bool set = false;
  bool b = false;
  int64_t i = 0;
  double d = 0;
  std::string s;  // strings, enums, and resolved paths
  std::vector<std::string> list;
};

// One `stages:` or `outputs:` entry: a plugin with its options.
struct Entry {
  std::string plugin_ref;  // as written
  uint32_t line = 0, column = 0;
  const LoadedPlugin *plugin = nullptr;
  std::map<std::string, OptionValue> options;  // every declared option
  std::map<std::string, std::pair<uint32_t, uint32_t>> option_at;  // where each given option is (line, column)
  bool output = false;
  std::string path;  // outputs: the resolved `path`
  bool create_folder = false;  // outputs: `create_folder: true`, the run makes its (last) folder
  // false: `cacheable: false`, or the plugin sets PP_PLUGIN_NOT_CACHEABLE
  // (ABI 1.3); its document stages and those after them always run.
  bool cacheable = true;
};

struct BookMeta {
  std::string title, subtitle, language = "en", publisher, identifier, date;
  std::vector<std::string> authors;
  std::vector<std::string> index;  // book.index: terms for the back-of-book index
};

struct Pipeline {
  std::string file;  // as the user named it
  std::string dir;   // its folder, absolute
  BookMeta book;
  std::set<std::string> output_files;  // the outputs' output options (not their `path`), as resolved
  // A writer's resource that another writer's output option names (the
  // xsl-fo writer's page_map, read by the EPUB writer's page_map): it need
  // not exist before the run, and its reader runs after its writer.  Only
  // for writers' resources: a stage's resource (a glossary) that an output
  // names is still an error, as is a resource an output's `path` names.
  bool made_by_run(const std::string &path) const { return output_files.count(path) != 0; }
  PathList inputs;  // paths, in order, each with where it is written (inputs.where)
  std::vector<std::string> plugin_path;
  // Where each of plugin_path is written (line, column; 0, 0 when it came
  // from --define), in the same order.
  std::vector<std::pair<uint32_t, uint32_t>> plugin_path_at;
  std::vector<std::string> allowed_programs;  // sandbox: allow_programs:
  std::vector<Entry> stages;
  std::vector<Entry> outputs;
  std::string cache_dir;   // `cache: DIR`, absolute; empty: the default
  bool cache_off = false;  // `cache: false`
};

struct Define {
  std::string key, value;
};

// Reads, resolves and checks a pipeline file: syntax, keys, types, inputs,
// plugins, their options and the features their stages need.  Every problem
// goes to *problems with file:line:column; returns true when there is none
// of severity error.
// option_check.cpp: a declared constraint (range, pattern, allowed values;
// ABI 1.2) that v breaks, or "".
std::string option_constraint_error(const pp_option_desc &o, const OptionValue &v);
// Runs the plugin's validate hook (ABI 1.2) over the entry's options; its
// problems go to *problems at the options' places.
void run_validate_hook(const Pipeline &p, const Entry &e, std::vector<Diagnostic> *problems);

bool load_pipeline(const std::string &file, const std::vector<Define> &defines, PluginLoader &loader,
                   Pipeline *out, std::vector<Diagnostic> *problems);

// The options of one stages:/outputs: entry whose plugin is loaded: `with`
// (NULL when none is given) checked against what e->plugin declares (names,
// types, declared constraints, readable resources), defaults filled in,
// then the plugin's validate hook.  Problems go to *problems naming `file`
// (or the argument a node came from).  load_pipeline reads every entry so,
// and `pubpipe stage` (stage_cmd.cpp) its --option values.  With
// `deferred`, resource options are not checked for readability but listed
// there, to be checked once every output is known (a writer may read what
// another writes).
struct ResourceUse {
  uint32_t line, column;
  std::string option, path;
  bool writer;  // the option of an output
};
void read_entry_options(const YNode *with, const std::string &file, const Pipeline &p, Entry *e, std::vector<Diagnostic> *problems,
                        std::vector<ResourceUse> *deferred = nullptr);

// A command-line value (the right side of --define or --option) read as
// YAML, else as a plain string; every node is marked as coming from
// `origin`, so that a diagnostic about it names the argument.
YNode yaml_from_argument(const std::string &text, const std::string &origin);

// Parses a YAML value (a default, or --define's right side) as an option of
// the given type.  Returns an error message, empty on success.
std::string option_from_yaml(const YNode &node, const pp_option_desc &desc, const std::string &dir, OptionValue *out);

// A path for messages: relative to the working directory when under it.
std::string display_path(const std::string &path);

}  // namespace pubpipe
