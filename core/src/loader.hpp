// loader.hpp: finds plugin libraries, loads them, and reads their descriptors.
#pragma once

#include <pubpipe/plugin.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pubpipe {

// A plugin as the host keeps it: copies of its descriptor structs, each
// zero-filled to the host's size and filled with what the plugin gave.
struct LoadedPlugin {
  std::string name;
  std::string file;
  pp_plugin_desc desc{};
  std::vector<pp_option_desc> options;
  std::vector<pp_stage_desc> stages;

  const pp_option_desc *option(const std::string &name) const;
};

class PluginLoader {
 public:
  // Folders searched in order: the pipeline's plugin_path, then
  // PUBPIPE_PLUGIN_PATH, then the folders next to the executable.
  void set_search_path(std::vector<std::string> dirs) { dirs_ = std::move(dirs); }
  // --sandbox: from now on a library is loaded only when the file it is,
  // with every symlink resolved, lies in one of `roots` (the pipeline's
  // folder and the installed plugin folders).  The check is made on the
  // opened file, before dlopen runs any of its code.
  void confine(std::vector<std::string> roots);
  bool confined() const { return confined_; }
  const std::vector<std::string> &search_path() const { return dirs_; }

  // The default search path for an executable: PUBPIPE_PLUGIN_PATH's folders,
  // then <exe dir>/plugins (build tree) and <exe dir>/../lib/pubpipe/plugins
  // (installed tree).
  static std::vector<std::string> default_dirs();

  // Loads a plugin by name (searched) or by path (containing '/').  Returns
  // NULL and sets *error with a message naming the file.  Loaded libraries
  // stay loaded until the process exits.
  const LoadedPlugin *load(const std::string &name_or_path, std::string *error);

  // Every plugin file found on the search path: name -> file.
  std::map<std::string, std::string> discover() const;

 private:
  std::string find(const std::string &name) const;
  std::vector<std::string> dirs_;
  bool confined_ = false;
  std::vector<std::string> roots_;  // resolved; only when confined_
  std::map<std::string, std::unique_ptr<LoadedPlugin>> by_file_;
};

// Reads and checks a descriptor; exposed for the loader's unit tests.
bool read_descriptor(const pp_plugin_desc *src, const std::string &file, LoadedPlugin *out, std::string *error);

// The plugin file name for a plugin name: NAME.so
std::string plugin_file_name(const std::string &name);

const char *option_type_name(pp_option_type t);

}  // namespace pubpipe
