// sandbox.cpp: see sandbox.hpp.
#include "sandbox.hpp"

#include <limits.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

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
    // An output that does not exist yet, maybe in folders that do not
    // either (create_folder): the nearest folder above it that exists,
    // resolved, and the names below it as they are.  Poco::Path takes "."
    // and ".." away by name, as sandbox_open_folder does when it makes the
    // folders.
    Poco::Path p(path);
    p.makeAbsolute();
    std::string below = "/" + p.getFileName();
    for (Poco::Path folder = p.parent();; folder.popDirectory()) {
      resolved = real(folder.toString());
      if (!resolved.empty() || folder.depth() == 0) break;
      below = "/" + folder[folder.depth() - 1] + below;
    }
    if (!resolved.empty()) resolved = (resolved == "/" ? "" : resolved) + below;
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

int sandbox_open_folder(const Sandbox &s, const std::string &dir, bool create, std::string *why) {
  // The folder's absolute path, with "." and ".." taken away by name: no
  // component is followed, so none can be a symlink that leads out.
  std::string absolute = dir;
  if (absolute.empty() || absolute[0] != '/') {
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return *why = "--sandbox: no working folder", -1;
    absolute = std::string(cwd) + "/" + dir;
  }
  std::vector<std::string> parts;
  std::stringstream ss(absolute);
  for (std::string part; std::getline(ss, part, '/');) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else {
      parts.push_back(part);
    }
  }
  std::string joined;
  for (const auto &p : parts) joined += "/" + p;
  if (joined.empty()) joined = "/";
  if (!under(s.root, joined)) return *why = "--sandbox: " + display_path(dir) + " is outside the pipeline's folder " + s.root, -1;
  int fd = open(s.root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return *why = "--sandbox: cannot open " + s.root + ": " + std::strerror(errno), -1;
  std::string so_far = s.root;
  std::stringstream rest(joined.substr(s.root.size()));
  for (std::string part; std::getline(rest, part, '/');) {
    if (part.empty()) continue;
    so_far += "/" + part;
    int next = openat(fd, part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0 && errno == ENOENT && create && mkdirat(fd, part.c_str(), 0755) == 0)
      next = openat(fd, part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) {
      const int e = errno;
      close(fd);
      *why = "--sandbox: " + display_path(so_far) +
             (e == ELOOP || e == ENOTDIR ? " is a symlink or not a folder; --sandbox never follows a symlink"
                                         : std::string(": ") + std::strerror(e));
      return -1;
    }
    close(fd);
    fd = next;
  }
  return fd;
}

int sandbox_create_file(const Sandbox &s, const std::string &path, std::string *why) {
  const std::string dir = Poco::Path(path).parent().toString();
  const std::string name = Poco::Path(path).getFileName();
  int dfd = -1;
  if (s.on) {
    dfd = sandbox_open_folder(s, dir.empty() ? "." : dir, true, why);
    if (dfd < 0) return -1;
  }
  const int fd = s.on ? openat(dfd, name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644)
                      : open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    *why = (s.on ? "--sandbox: " : "") + display_path(path) +
           (errno == ELOOP ? " is a symlink; --sandbox never writes through one" : std::string(": ") + std::strerror(errno));
  if (dfd >= 0) close(dfd);
  return fd;
}

int sandbox_open_input(const Sandbox &s, const std::string &path, std::string *why) {
  // O_NONBLOCK: a FIFO put in an input's place does not hang the open.
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return *why = "cannot read " + display_path(path) + ": " + std::strerror(errno), -1;
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  if (!s.on) return fd;
  // What was opened is checked, not the path: no symlink swapped in after a
  // check can lead the read out of the folder.
  const std::string opened = real("/proc/self/fd/" + std::to_string(fd));
  if (opened.empty() || !under(s.root, opened)) {
    close(fd);
    *why = "--sandbox: " + display_path(path) + (opened.empty() ? std::string() : " (" + opened + ")") +
           " is outside the pipeline's folder " + s.root;
    return -1;
  }
  return fd;
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
    if (!sandbox_allows_path(s, p.inputs[i], false, &why)) refuse(p.inputs.where(i).first, p.inputs.where(i).second, why);
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

bool sandbox_confine(const Pipeline &p, const std::string &trace_dir, Sandbox *s, std::vector<Diagnostic> *problems) {
  if (!s->on) return true;
  char root[PATH_MAX];
  s->root = realpath(p.dir.c_str(), root) ? root : p.dir;
  s->programs = p.allowed_programs;
  const size_t before = problems->size();
  check_sandbox(p, *s, trace_dir, problems);
  return problems->size() == before;
}

}  // namespace pubpipe
