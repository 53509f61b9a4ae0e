// count_calls: a document stage that counts its calls and reads something no
// option names (ABI 1.3, PP_PLUGIN_NOT_CACHEABLE).  Built twice: count-calls
// (cacheable, no flag) and count-calls-uncacheable (NOT_CACHEABLE: the
// flag).  Each call appends the document's name to the file that
// $PUBPIPE_TEST_COUNT names (one write with O_APPEND, so workers in
// parallel do not mix lines) and puts $PUBPIPE_TEST_STAMP, when set, into
// the article's info as a remark: the stand-in for the clock or the network.
#include <pubpipe/plugin.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <libxml/tree.h>

#include <cstdlib>

#ifdef NOT_CACHEABLE
#define COUNT_NAME "count-calls-uncacheable"
#define COUNT_FLAGS PP_PLUGIN_NOT_CACHEABLE
#else
#define COUNT_NAME "count-calls"
#define COUNT_FLAGS 0u
#endif

class CountCalls {
 public:
  static constexpr pubpipe::PluginInfo info{COUNT_NAME, "1.0.0", "MIT", "Test stage: counts its calls, stamps from the environment.",
                                            nullptr, COUNT_FLAGS};
  static constexpr pubpipe::StageInfo document_stage{"count", "tree", ""};

  explicit CountCalls(pubpipe::Context &) {}

  void document(pubpipe::Context &doc) {
    if (const char *count = std::getenv("PUBPIPE_TEST_COUNT")) {
      const int fd = open(count, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
      if (fd < 0) throw pubpipe::Error(std::string("cannot open ") + count);
      const std::string line = doc.source_name() + "\n";
      const bool ok = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
      close(fd);
      if (!ok) throw pubpipe::Error(std::string("cannot write ") + count);
    }
    const char *stamp = std::getenv("PUBPIPE_TEST_STAMP");
    if (!stamp || !*stamp) return;
    xmlNode *root = xmlDocGetRootElement(doc.tree());
    for (xmlNode *n = root ? root->children : nullptr; n; n = n->next)
      if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "info")) {
        xmlNewTextChild(n, root->ns, BAD_CAST "remark", BAD_CAST stamp);
        return;
      }
    throw pubpipe::Error("the article has no info element");
  }
};

PUBPIPE_PLUGIN(CountCalls)
