// atomic_file.cpp: temporary file, fsync, rename, fsync of the folder.
#include "atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/Path.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace pubpipe {

namespace {

std::string temp_prefix(const std::string &path) {
  const Poco::Path p(path);
  return "." + p.getFileName() + ".pubpipe-tmp-";
}

std::string folder_of(const std::string &path) {
  std::string dir = Poco::Path(path).parent().toString();
  return dir.empty() ? "." : dir;
}

}  // namespace

std::string begin_atomic_file(const std::string &path, std::string *temp) {
  const std::string dir = folder_of(path);
  std::string tmpl = dir + (dir.back() == '/' ? "" : "/") + temp_prefix(path) + "XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  const int fd = mkstemp(name.data());
  if (fd < 0) return "cannot create a temporary file in " + dir + ": " + std::strerror(errno);
  *temp = name.data();
  if (fchmod(fd, 0644) != 0 || close(fd) != 0) {
    const std::string m = "cannot prepare " + *temp + ": " + std::strerror(errno);
    unlink(temp->c_str());
    return m;
  }
  return {};
}

std::string commit_atomic_file(const std::string &temp, const std::string &path) {
  const int fd = open(temp.c_str(), O_RDONLY);
  if (fd < 0 || fsync(fd) != 0) {
    const std::string m = "cannot sync " + temp + ": " + std::strerror(errno);
    if (fd >= 0) close(fd);
    unlink(temp.c_str());
    return m;
  }
  close(fd);
  if (rename(temp.c_str(), path.c_str()) != 0) {
    const std::string m = "cannot rename the finished file to " + path + ": " + std::strerror(errno);
    unlink(temp.c_str());
    return m;
  }
  const std::string dir = folder_of(path);
  const int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return {};
}

std::string write_file_atomically(const std::string &path, std::string_view bytes) {
  std::string temp;
  if (std::string e = begin_atomic_file(path, &temp); !e.empty()) return e;
  const int fd = open(temp.c_str(), O_WRONLY | O_TRUNC);
  size_t done = 0;
  while (fd >= 0 && done < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  if (fd < 0 || done < bytes.size() || close(fd) != 0) {
    const std::string m = "cannot write " + temp + ": " + std::strerror(errno);
    unlink(temp.c_str());
    return m;
  }
  return commit_atomic_file(temp, path);
}

void sweep_stale_temporaries(const std::string &path) {
  const std::string dir = folder_of(path);
  const std::string prefix = temp_prefix(path);
  DIR *d = opendir(dir.c_str());
  if (!d) return;
  while (dirent *e = readdir(d)) {
    if (std::strncmp(e->d_name, prefix.c_str(), prefix.size()) == 0 && std::strlen(e->d_name) == prefix.size() + 6)
      unlink((dir + "/" + e->d_name).c_str());
  }
  closedir(d);
}

}  // namespace pubpipe
