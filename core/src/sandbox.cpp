// sandbox.cpp: see sandbox.hpp.
#include "sandbox.hpp"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

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

namespace {

// The file a program name runs, as execvp would find it, with symlinks
// resolved; empty when there is none.  A name with a slash is a path
// (relative to `base`); a bare name is looked up in PATH.  `absolute_only`
// skips PATH's relative entries (".", empty), so that an allowed name never
// resolves to a program in the working folder.
std::string resolve_program(const std::string &program, const std::string &base, bool absolute_only) {
  if (program.empty()) return {};
  if (program.find('/') != std::string::npos) {
    const std::string path = program[0] == '/' ? program : base + "/" + program;
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) ? real(path) : std::string();
  }
  const char *env = std::getenv("PATH");
  const std::string path_list = env ? env : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= path_list.size()) {
    size_t end = path_list.find(':', start);
    if (end == std::string::npos) end = path_list.size();
    std::string dir = path_list.substr(start, end - start);
    start = end + 1;
    if (dir.empty()) dir = ".";
    if (absolute_only && dir[0] != '/') continue;
    const std::string candidate = dir + "/" + program;
    struct stat st;
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0)
      return real(candidate);
  }
  return {};
}

}  // namespace

bool sandbox_allows_program(const Sandbox &s, const std::string &program) {
  if (!s.on) return true;
  char cwd[PATH_MAX];
  const std::string runs = resolve_program(program, getcwd(cwd, sizeof cwd) ? cwd : ".", false);
  if (runs.empty()) return false;
  for (const auto &p : s.programs)
    if (resolve_program(p, s.root, true) == runs) return true;
  return false;
}

void check_sandbox(const Pipeline &p, const Sandbox &s, const std::string &trace_dir, std::vector<Diagnostic> *problems) {
  if (!s.on) return;
  const auto refuse = [&](uint32_t line, uint32_t column, const std::string &why) {
    problems->push_back({Severity::error, p.file, line, column, "", "", why});
  };
  std::string why;
  for (const auto &in : p.inputs)
    if (!sandbox_allows_path(s, in, false, &why)) refuse(0, 0, why);
  for (const auto &dir : p.plugin_path)
    if (!sandbox_allows_path(s, dir, false, &why)) refuse(0, 0, why + " (plugin_path)");
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
