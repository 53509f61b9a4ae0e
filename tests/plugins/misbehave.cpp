// misbehave: a test plugin that does, for the documents whose file name
// contains `when`, what `mode` says: throw, fail, crash (segfault, stack
// overflow, abort), exit, hang, or hand
// back a broken tree.  The others pass through untouched.  Its book stage
// can throw too (a writer failing midway).
#include <pubpipe/plugin.hpp>

#include <libxml/tree.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <csignal>
#include <thread>

// Recursion that only a stack overflow ends (the bound is never reached);
// the volatile frame and the use of the result keep it from being a loop.
static size_t recurse(size_t depth) {
  volatile char frame[1024];
  frame[depth % sizeof frame] = static_cast<char>(depth);
  if (depth == static_cast<size_t>(-1)) return frame[0];
  return recurse(depth + 1) + frame[(depth + 1) % sizeof frame];
}

class Misbehave {
 public:
  static constexpr pubpipe::PluginInfo info{"misbehave", "1.0.0", "MIT", "Test plugin that misbehaves on purpose."};
  static constexpr pubpipe::StageInfo document_stage{"act", "tree", ""};
  static constexpr pubpipe::StageInfo book_stage{"write", "tree", ""};
  static constexpr pubpipe::Option options[] = {
      {"mode", PP_OPT_ENUM, "none",
       "none|throw|fail|segfault|overflow|abort|exit|hang|doctype|entity|foreign|dupids|dangling|huge|notdocbook|twice|book-throw|book-commit",
       "What to do to the chosen documents."},
      {"when", PP_OPT_STRING, "\"\"", nullptr, "Act on documents whose file name contains this (empty: all).", nullptr,
       "[A-Za-z0-9._-]*"},
      {"count", PP_OPT_INT, "3", nullptr, "A number option, for option checks.", "0..100"},
      {"output", PP_OPT_BOOL, "false", nullptr, "The book stage writes the output (the entry is under outputs:)."},
  };

  // The validate hook (ABI 1.2), over the whole option set.
  static void validate(pubpipe::Context &c) {
    if (c.option_int("count") == 13 && c.option_string("mode") != "none") c.option_error("count", "13 is unlucky with a mode (the validate hook)");
  }

  explicit Misbehave(pubpipe::Context &setup)
      : mode_(setup.option_string("mode")), when_(setup.option_string("when")), output_(setup.option_bool("output")) {}

  void document(pubpipe::Context &doc) {
    if (doc.source_name().find(when_) == std::string::npos) return;
    xmlDoc *d = doc.tree();
    xmlNode *root = xmlDocGetRootElement(d);
    if (mode_ == "throw") throw std::runtime_error("misbehave threw on purpose");
    if (mode_ == "fail") throw pubpipe::Error("misbehave failed on purpose");
    if (mode_ == "segfault") std::raise(SIGSEGV);
    if (mode_ == "overflow") std::printf("%zu\n", recurse(1));
    if (mode_ == "abort") std::abort();
    if (mode_ == "exit") std::exit(3);
    if (mode_ == "hang") std::this_thread::sleep_for(std::chrono::hours(1));
    if (mode_ == "doctype") xmlCreateIntSubset(d, BAD_CAST "article", nullptr, BAD_CAST "file:///etc/passwd");
    if (mode_ == "entity") {
      // An external entity declared in the DTD and referenced in the text.
      xmlCreateIntSubset(d, BAD_CAST "article", nullptr, nullptr);
      xmlAddDocEntity(d, BAD_CAST "xxe", XML_EXTERNAL_GENERAL_PARSED_ENTITY, nullptr, BAD_CAST "file:///etc/passwd", nullptr);
      xmlAddChild(xmlNewChild(root, root->ns, BAD_CAST "para", nullptr), xmlNewReference(d, BAD_CAST "&xxe;"));
    }
    if (mode_ == "foreign") xmlNewChild(root, nullptr, BAD_CAST "script", BAD_CAST "alert(1)");
    if (mode_ == "dupids" || mode_ == "dangling") {
      xmlNode *p = xmlNewChild(root, root->ns, BAD_CAST "para", BAD_CAST "x");
      xmlNs *xml = xmlSearchNs(d, p, BAD_CAST "xml");
      if (mode_ == "dupids") xmlSetNsProp(p, xml, BAD_CAST "id", xmlGetNsProp(root, BAD_CAST "id", xml->href));
      else xmlNewChild(p, root->ns, BAD_CAST "xref", nullptr), xmlSetProp(p->last, BAD_CAST "linkend", BAD_CAST "nowhere");
    }
    if (mode_ == "twice") {  // the same node added under a second parent without unlinking it
      xmlNode *p = xmlNewChild(root, root->ns, BAD_CAST "para", BAD_CAST "x");
      xmlNode *q = xmlNewChild(root, root->ns, BAD_CAST "para", BAD_CAST "y");
      xmlAddChild(q, p);
    }
    if (mode_ == "huge")
      for (int k = 0; k < 2'100'000; ++k) xmlNewChild(root, root->ns, BAD_CAST "para", nullptr);
    if (mode_ == "notdocbook") {
      xmlDoc *other = xmlNewDoc(BAD_CAST "1.0");
      xmlDocSetRootElement(other, xmlNewDocNode(other, nullptr, BAD_CAST "html", nullptr));
      doc.set_tree(other);
    }
  }

  void book(pubpipe::Context &book) {
    if (mode_ == "book-throw") throw pubpipe::Error("the writer failed midway");
    if (mode_ == "book-commit") {
      book.visit(0);
      book.commit();
    }
    if (output_) book.write_output(nullptr, "written by misbehave\n");
  }

 private:
  std::string mode_, when_;
  bool output_ = false;
};

PUBPIPE_PLUGIN(Misbehave)
