// Hardening (issue 15): the sandbox's file primitives and the temporaries.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "atomic_file.hpp"
#include "sandbox.hpp"

namespace {

struct Folder {
  std::string path;
  Folder() {
    char tmpl[] = "/tmp/pubpipe-hardening-XXXXXX";
    char real[PATH_MAX];
    path = realpath(mkdtemp(tmpl), real);
  }
  ~Folder() { REQUIRE(std::system(("rm -rf '" + path + "'").c_str()) == 0); }
};

void put(const std::string &path, const std::string &text) { std::ofstream(path) << text; }

bool exists(const std::string &path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

}  // namespace

TEST_CASE("sandbox: what was opened is checked, not the path") {
  Folder f;
  REQUIRE(mkdir((f.path + "/root").c_str(), 0755) == 0);
  put(f.path + "/secret", "secret");
  put(f.path + "/root/mine", "mine");
  REQUIRE(symlink((f.path + "/secret").c_str(), (f.path + "/root/link").c_str()) == 0);
  pubpipe::Sandbox s;
  s.on = true;
  s.root = f.path + "/root";
  std::string why;
  const int ok = pubpipe::sandbox_open_input(s, f.path + "/root/mine", &why);
  CHECK(ok >= 0);
  if (ok >= 0) close(ok);
  CHECK(pubpipe::sandbox_open_input(s, f.path + "/root/link", &why) == -1);
  CHECK(why.find("outside the pipeline's folder") != std::string::npos);
}

TEST_CASE("sandbox: folders are opened one by one without following a symlink") {
  Folder f;
  REQUIRE(mkdir((f.path + "/root").c_str(), 0755) == 0);
  REQUIRE(mkdir((f.path + "/out").c_str(), 0755) == 0);
  REQUIRE(symlink((f.path + "/out").c_str(), (f.path + "/root/sub").c_str()) == 0);
  pubpipe::Sandbox s;
  s.on = true;
  s.root = f.path + "/root";
  std::string why;
  CHECK(pubpipe::sandbox_create_file(s, f.path + "/root/sub/x", &why) == -1);
  CHECK(!exists(f.path + "/out/x"));
  CHECK(pubpipe::write_file_atomically(f.path + "/root/sub/y", "y", &s) != "");
  CHECK(!exists(f.path + "/out/y"));
  const int fd = pubpipe::sandbox_create_file(s, f.path + "/root/a/b/c", &why);
  CHECK(fd >= 0);
  if (fd >= 0) close(fd);
  CHECK(pubpipe::write_file_atomically(f.path + "/root/a/b/d", "d", &s) == "");
}

TEST_CASE("atomic outputs: a FIFO or /dev/stdout-like link is not replaced") {
  Folder f;
  const std::string fifo = f.path + "/fifo";
  REQUIRE(mkfifo(fifo.c_str(), 0644) == 0);
  CHECK(pubpipe::write_file_atomically(fifo, "x").find("not a regular file") != std::string::npos);
  struct stat st;
  REQUIRE(lstat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  const std::string link = f.path + "/stdout";
  REQUIRE(symlink("/dev/null", link.c_str()) == 0);
  CHECK(pubpipe::write_file_atomically(link, "x").find("not a regular file") != std::string::npos);
  REQUIRE(lstat(link.c_str(), &st) == 0);
  CHECK(S_ISLNK(st.st_mode));
}

TEST_CASE("atomic outputs: the sweep removes only the temporaries of dead owners") {
  Folder f;
  const std::string out = f.path + "/out.epub";
  pid_t dead = fork();
  if (dead == 0) _exit(0);
  waitpid(dead, nullptr, 0);
  const std::string live = f.path + "/.out.epub.pubpipe-tmp-" + std::to_string(getppid()) + "-abcdef";
  const std::string gone = f.path + "/.out.epub.pubpipe-tmp-" + std::to_string(dead) + "-abcdef";
  const std::string zip = gone + ".ZyXwVu";
  const std::string old = f.path + "/.out.epub.pubpipe-tmp-qwerty";
  for (const auto &p : {live, gone, zip, old}) put(p, "x");
  pubpipe::sweep_stale_temporaries(out);
  CHECK(exists(live));
  CHECK(!exists(gone));
  CHECK(!exists(zip));
  CHECK(!exists(old));
}

TEST_CASE("atomic outputs: a temporary names its owner and is gone after commit or discard") {
  Folder f;
  std::string temp;
  REQUIRE(pubpipe::begin_atomic_file(f.path + "/a.xml", &temp) == "");
  CHECK(temp.find(".pubpipe-tmp-" + std::to_string(getpid()) + "-") != std::string::npos);
  put(temp + ".abcdef", "libzip's");
  pubpipe::discard_atomic_file(temp);
  CHECK(!exists(temp));
  CHECK(!exists(temp + ".abcdef"));
}
