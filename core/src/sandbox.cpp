// sandbox.cpp: see sandbox.hpp.
#include "sandbox.hpp"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <Poco/Path.h>

#include "pipeline.hpp"

namespace pubpipe {
namespace {

std::string real(const std::string &path) {
  char buf[PATH_MAX];
  return realpath(path.c_str(), buf) ? std::string(buf) : std::string();
}

bool under(const std::string &root, const std::string &path) {
  return path == root || (path.size() > root.size() && path.compare(0, root.size(), root) == 0 && path[root.size()] == '/');
}

}  // namespace

bool sandbox_allows_path(const Sandbox &s, const std::string &path, bool output, std::string *why) {
  if (!s.on) return true;
  struct stat st;
  const bool exists = lstat(path.c_str(), &st) == 0;
  if (output && exists && S_ISLNK(st.st_mode)) {
    *why = "--sandbox: " + display_path(path) + " is a symlink; an output is never written through one";
    return false;
  }
  std::string resolved;
  if (exists) {
    resolved = real(path);
  } else if (output) {
    const std::string parent = real(Poco::Path(path).parent().toString());
    if (!parent.empty()) resolved = parent + "/" + Poco::Path(path).getFileName();
  }
  if (resolved.empty()) {
    *why = "--sandbox: " + display_path(path) + " cannot be resolved";
    return false;
  }
  if (!under(s.root, resolved)) {
    *why = "--sandbox: " + display_path(path) + (resolved != path ? " (" + resolved + ")" : std::string()) +
           " is outside the pipeline's folder " + s.root;
    return false;
  }
  return true;
}

bool sandbox_allows_program(const Sandbox &s, const std::string &program) {
  if (!s.on) return true;
  const std::string base = Poco::Path(program).getFileName();
  for (const auto &p : s.programs)
    if (p == base || p == program) return true;
  return false;
}

void check_sandbox(const Pipeline &p, const Sandbox &s, const std::string &trace_dir, std::vector<Diagnostic> *problems) {
  if (!s.on) return;
  const auto refuse = [&](uint32_t line, uint32_t column, const std::string &why) {
    problems->push_back({Severity::error, p.file, line, column, "", "", why});
  };
  std::string why;
  const auto at = [](const std::vector<std::pair<uint32_t, uint32_t>> &v, size_t i) {
    return i < v.size() ? v[i] : std::pair<uint32_t, uint32_t>{0, 0};
  };
  for (size_t i = 0; i < p.inputs.size(); ++i)
    if (!sandbox_allows_path(s, p.inputs[i], false, &why)) refuse(at(p.input_at, i).first, at(p.input_at, i).second, why);
  for (size_t i = 0; i < p.plugin_path.size(); ++i)
    if (!sandbox_allows_path(s, p.plugin_path[i], false, &why))
      refuse(at(p.plugin_path_at, i).first, at(p.plugin_path_at, i).second, why + " (plugin_path)");
  for (const auto *list : {&p.stages, &p.outputs})
    for (const auto &e : *list) {
      if (e.output && !sandbox_allows_path(s, e.path, true, &why)) refuse(e.line, e.column, why);
      for (const auto &[name, v] : e.options) {
        if (!v.set || (v.type != PP_OPT_RESOURCE && v.type != PP_OPT_OUTPUT)) continue;
        if (!sandbox_allows_path(s, v.s, v.type == PP_OPT_OUTPUT, &why)) refuse(e.line, e.column, why + " (option '" + name + "')");
      }
    }
  if (!trace_dir.empty() && !sandbox_allows_path(s, trace_dir, true, &why)) refuse(0, 0, why + " (--trace)");
}

}  // namespace pubpipe
