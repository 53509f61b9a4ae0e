// replay_main.cpp: runs a fuzz target on files and folders of inputs (the
// seed corpora and crash reproducers), without libFuzzer.  CTest runs it on
// tests/fuzz/corpus/TARGET, so every crash once found stays fixed.
#include <dirent.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay(const std::string &path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return std::fprintf(stderr, "no such input: %s\n", path.c_str()), 1;
  if (S_ISDIR(st.st_mode)) {
    int failures = 0;
    if (DIR *d = opendir(path.c_str())) {
      std::vector<std::string> names;
      while (dirent *e = readdir(d))
        if (e->d_name[0] != '.') names.push_back(path + "/" + e->d_name);
      closedir(d);
      for (const auto &n : names) failures += replay(n);
    }
    return failures;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  const std::string bytes = s.str();
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
  return 0;
}

int main(int argc, char **argv) {
  int failures = 0, n = 0;
  for (int i = 1; i < argc; ++i, ++n) failures += replay(argv[i]);
  std::printf("replayed %d path(s)\n", n);
  return failures ? 1 : 0;
}
