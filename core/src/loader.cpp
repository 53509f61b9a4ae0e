// loader.cpp: plugin discovery, dlopen, and descriptor checks.
#include "loader.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <sstream>

namespace pubpipe {

namespace {

// Copies a struct that starts with its size: zero-fill ours, copy the
// smaller of the two sizes.  A struct smaller than `minimum` lacks fields
// that every version of the ABI has.
template <class T>
bool copy_sized(const T *src, T *dst, size_t minimum, const char *what, std::string *error) {
  *dst = T{};
  if (!src) {
    *error = std::string("a NULL ") + what;
    return false;
  }
  if (src->size < minimum) {
    *error = std::string(what) + " is " + std::to_string(src->size) + " bytes, smaller than any version of the ABI (" +
             std::to_string(minimum) + ")";
    return false;
  }
  if (src->size > sizeof(T)) {
    *error = std::string(what) + " is " + std::to_string(src->size) + " bytes, larger than this host knows (" +
             std::to_string(sizeof(T)) + "): built against a newer SDK";
    return false;
  }
  std::memcpy(static_cast<void *>(dst), src, src->size);
  return true;
}

bool valid_name(const char *s) {
  if (!s || !*s) return false;
  for (const char *p = s; *p; ++p)
    if (!(std::isalnum(static_cast<unsigned char>(*p)) || *p == '-' || *p == '_')) return false;
  return true;
}

std::string exe_dir() {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return ".";
  buf[n] = 0;
  return Poco::Path(buf).parent().toString();
}

std::string resolved(const std::string &path) {
  char buf[PATH_MAX];
  return realpath(path.c_str(), buf) ? std::string(buf) : std::string();
}

bool inside(const std::string &root, const std::string &path) {
  return !root.empty() && (path == root || (path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
                                            (root.back() == '/' || path[root.size()] == '/')));
}

}  // namespace

void PluginLoader::confine(std::vector<std::string> roots) {
  confined_ = true;
  roots_.clear();
  for (const auto &r : roots)
    if (std::string real = resolved(r); !real.empty()) roots_.push_back(real);
}

const char *option_type_name(pp_option_type t) {
  switch (t) {
    case PP_OPT_BOOL: return "bool";
    case PP_OPT_INT: return "int";
    case PP_OPT_NUMBER: return "number";
    case PP_OPT_STRING: return "string";
    case PP_OPT_ENUM: return "enum";
    case PP_OPT_STRING_LIST: return "list";
    case PP_OPT_RESOURCE: return "file";
    case PP_OPT_OUTPUT: return "output";
  }
  return "?";
}

std::string plugin_file_name(const std::string &name) { return name + ".so"; }

const pp_option_desc *LoadedPlugin::option(const std::string &n) const {
  for (const auto &o : options)
    if (n == o.name) return &o;
  return nullptr;
}

bool read_descriptor(const pp_plugin_desc *src, const std::string &file, LoadedPlugin *out, std::string *error) {
  std::string why;
  const size_t min_desc = offsetof(pp_plugin_desc, destroy) + sizeof(src->destroy);
  if (!copy_sized(src, &out->desc, min_desc, "the plugin descriptor", &why)) {
    *error = file + ": " + why;
    return false;
  }
  const pp_plugin_desc &d = out->desc;
  if (d.abi_major != PP_ABI_MAJOR || d.abi_minor > PP_ABI_MINOR) {
    std::ostringstream m;
    m << file << ": built for plugin ABI " << d.abi_major << '.' << d.abi_minor << ", but this pubpipe has ABI "
      << PP_ABI_MAJOR << '.' << PP_ABI_MINOR << " (it loads "
      << PP_ABI_MAJOR << ".0 to " << PP_ABI_MAJOR << '.' << PP_ABI_MINOR << "); rebuild the plugin against this SDK";
    *error = m.str();
    return false;
  }
  if (d.flags & ~PP_PLUGIN_KNOWN_FLAGS) {
    char bits[16];
    std::snprintf(bits, sizeof bits, "0x%x", static_cast<unsigned>(d.flags & ~PP_PLUGIN_KNOWN_FLAGS));
    *error = file + ": the descriptor's flags have bits this pubpipe does not know (" + bits + ")";
    return false;
  }
  if (!valid_name(d.name)) {
    *error = file + ": the descriptor's name is missing or has characters other than letters, digits, '-' and '_'";
    return false;
  }
  out->name = d.name;
  out->file = file;
  std::set<std::string> names;
  for (const pp_option_desc *const *o = d.options; o && *o; ++o) {
    pp_option_desc opt;
    const size_t min_opt = offsetof(pp_option_desc, help) + sizeof(opt.help);
    if (!copy_sized(*o, &opt, min_opt, "an option descriptor", &why)) {
      *error = file + ": " + why;
      return false;
    }
    if (!valid_name(opt.name) || !names.insert(opt.name).second || opt.type < PP_OPT_BOOL || opt.type > PP_OPT_OUTPUT ||
        (opt.type == PP_OPT_ENUM && !opt.choices)) {
      *error = file + ": option '" + (opt.name ? opt.name : "(null)") + "' is badly declared (name, type or choices)";
      return false;
    }
    out->options.push_back(opt);
  }
  for (const pp_stage_desc *const *s = d.stages; s && *s; ++s) {
    pp_stage_desc st;
    const size_t min_stage = offsetof(pp_stage_desc, run) + sizeof(st.run);
    if (!copy_sized(*s, &st, min_stage, "a stage descriptor", &why)) {
      *error = file + ": " + why;
      return false;
    }
    if (!valid_name(st.name) || (st.kind != PP_STAGE_DOCUMENT && st.kind != PP_STAGE_BOOK)) {
      *error = file + ": stage '" + (st.name ? st.name : "(null)") + "' is badly declared (name or kind)";
      return false;
    }
    out->stages.push_back(st);
  }
  if (out->stages.empty()) {
    *error = file + ": the plugin declares no stage";
    return false;
  }
  return true;
}

std::vector<std::string> PluginLoader::default_dirs() {
  std::vector<std::string> dirs;
  if (const char *env = std::getenv("PUBPIPE_PLUGIN_PATH")) {
    std::stringstream ss(env);
    std::string d;
    while (std::getline(ss, d, ':'))
      if (!d.empty()) dirs.push_back(d);
  }
  const std::string exe = exe_dir();
  dirs.push_back(Poco::Path(exe).pushDirectory("plugins").toString());
  dirs.push_back(Poco::Path(exe).popDirectory().pushDirectory("lib").pushDirectory("pubpipe").pushDirectory("plugins").toString());
  return dirs;
}

std::string PluginLoader::find(const std::string &name) const {
  for (const auto &dir : dirs_) {
    const std::string path = Poco::Path(Poco::Path::forDirectory(dir), plugin_file_name(name)).toString();
    if (access(path.c_str(), F_OK) == 0) return path;
  }
  return {};
}

std::map<std::string, std::string> PluginLoader::discover() const {
  std::map<std::string, std::string> found;
  for (const auto &dir : dirs_) {
    Poco::File f(dir);
    std::vector<std::string> names;
    try {
      if (!f.exists() || !f.isDirectory()) continue;
      f.list(names);
    } catch (const Poco::Exception &) {
      continue;
    }
    for (const auto &n : names) {
      if (n.size() < 4 || n.compare(n.size() - 3, 3, ".so") != 0) continue;
      found.emplace(n.substr(0, n.size() - 3), Poco::Path(Poco::Path::forDirectory(dir), n).toString());
    }
  }
  return found;
}

const LoadedPlugin *PluginLoader::load(const std::string &name_or_path, std::string *error) {
  const bool by_path = name_or_path.find('/') != std::string::npos;
  const std::string file = by_path ? name_or_path : find(name_or_path);
  if (file.empty()) {
    std::string dirs;
    for (const auto &d : dirs_) dirs += "\n    " + d;
    *error = "no plugin '" + name_or_path + "' (looked for " + plugin_file_name(name_or_path) + " in:" + dirs + ")";
    return nullptr;
  }
  if (auto it = by_file_.find(file); it != by_file_.end()) return it->second.get();
  // Confined (--sandbox): the file is opened first, what was opened is
  // checked, and dlopen loads that very file through /proc/self/fd, so no
  // symlink swapped in between the check and the load can redirect it.
  std::string load_as = file;
  int fd = -1;
  if (confined_) {
    fd = open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      *error = file + ": cannot open: " + std::strerror(errno);
      return nullptr;
    }
    const std::string self = "/proc/self/fd/" + std::to_string(fd);
    const std::string real = resolved(self);
    struct stat st;
    bool ok = !real.empty() && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    bool in_root = false;
    for (const auto &r : roots_) in_root = in_root || inside(r, real);
    if (!ok || !in_root) {
      close(fd);
      std::string roots;
      for (const auto &r : roots_) roots += "\n    " + r;
      *error = "--sandbox: the plugin " + file + (real.empty() || real == file ? "" : " (" + real + ")") +
               " is outside the pipeline's folder and the plugin folders; it was not loaded. Allowed:" + roots;
      return nullptr;
    }
    load_as = self;
  }
  // RTLD_NOW reports unresolved symbols now, not when a stage first runs;
  // RTLD_LOCAL keeps one plugin's symbols from satisfying another's.
  // The descriptor stays open, as the library stays loaded: glibc knows a
  // library by the name it was opened with, and a reused /proc/self/fd/N
  // would name the library loaded before.
  void *handle = dlopen(load_as.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle && fd >= 0) close(fd);
  if (!handle) {
    *error = file + ": cannot load: " + dlerror();
    return nullptr;
  }
  auto entry = reinterpret_cast<pp_entry_fn>(dlsym(handle, PP_ENTRY_SYMBOL));
  if (!entry) {
    for (int major = 0; major < 10; ++major) {
      const std::string other = "pubpipe_plugin_v" + std::to_string(major);
      if (major != PP_ABI_MAJOR && dlsym(handle, other.c_str())) {
        *error = file + ": built for plugin ABI " + std::to_string(major) + ".x, but this pubpipe has ABI " +
                 std::to_string(PP_ABI_MAJOR) + "." + std::to_string(PP_ABI_MINOR) +
                 "; rebuild the plugin against this SDK";
        return nullptr;  // the library stays loaded, as every library does
      }
    }
    *error = file + ": not a pubpipe plugin (it exports no " PP_ENTRY_SYMBOL ")";
    return nullptr;
  }
  auto plugin = std::make_unique<LoadedPlugin>();
  if (!read_descriptor(entry(), file, plugin.get(), error)) return nullptr;
  if (!by_path && plugin->name != name_or_path) {
    *error = file + ": the file is named for plugin '" + name_or_path + "' but the plugin calls itself '" + plugin->name + "'";
    return nullptr;
  }
  const LoadedPlugin *p = plugin.get();
  by_file_.emplace(file, std::move(plugin));
  return p;
}

}  // namespace pubpipe
