// exec.cpp: a stage in any language.  Runs an external program per
// document: the article goes to its standard input (DocBook XML, or the
// text in the text phase, for exec-text), and what it writes to standard
// output replaces it.  A time limit, a non-zero exit, no output or output
// that is not well-formed fail that document, with the program's stderr.
//
// Built twice: `exec` (tree phase) and `exec-text` (text phase, with
// PUBPIPE_EXEC_TEXT), because a stage's phase is static in its descriptor.
#include <pubpipe/plugin.hpp>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "../common/spawn.hpp"

#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

namespace {

// Relative paths in the command are relative to the pipeline file's folder,
// as everywhere in a pipeline file: the program when it names a path (with a
// '/'; a bare name is looked up in PATH), and each argument that names an
// existing file or folder there.  Anything else is passed on as written.
std::vector<std::string> resolve_command(std::vector<std::string> argv, const std::string &pipeline_file) {
  const size_t slash = pipeline_file.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : pipeline_file.substr(0, slash + 1);
  for (size_t i = 0; i < argv.size(); ++i) {
    std::string &a = argv[i];
    if (a.empty() || a[0] == '/' || a[0] == '-' || (i == 0 && a.find('/') == std::string::npos)) continue;
    const std::string there = (dir == "." ? std::string() : dir) + a;
    if (access(there.c_str(), F_OK) == 0) a = there;
  }
  return argv;
}

std::string tail(const std::string &s) {
  std::string t = s.size() > 600 ? "…" + s.substr(s.size() - 600) : s;
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
  return t;
}

class Exec {
 public:
#ifdef PUBPIPE_EXEC_TEXT
  static constexpr pubpipe::PluginInfo info{"exec-text", "0.1.0", "MIT",
                                            "Runs a program per document on its text (text phase): stdin to stdout."};
  static constexpr pubpipe::StageInfo document_stage{"run", "text", ""};
#else
  static constexpr pubpipe::PluginInfo info{"exec", "0.1.0", "MIT",
                                            "Runs a program per document on its DocBook article: stdin to stdout."};
  static constexpr pubpipe::StageInfo document_stage{"run", "tree", ""};
#endif
  static constexpr pubpipe::Option options[] = {
      {"command", PP_OPT_STRING_LIST, nullptr, nullptr,
       "The program and its arguments, for example [python3, filters/emphasize.py]. A bare program name is looked up in PATH; a "
       "relative path (the program's, or an argument naming an existing file) is relative to the pipeline file's folder."},
      {"timeout", PP_OPT_NUMBER, "30", nullptr, "Seconds the program may take per document; then it is killed and the document fails."},
      {"max_output_mb", PP_OPT_INT, "64", nullptr, "The most output the program may write per document."},
  };

  explicit Exec(pubpipe::Context &setup)
      : command_(resolve_command(setup.option_list("command"), setup.source_name())), timeout_(setup.option_number("timeout")) {
    if (command_.empty() || command_[0].empty()) throw pubpipe::Error("'command' must name a program, for example [python3, filter.py]");
    if (!(timeout_ > 0 && timeout_ <= 86400)) throw pubpipe::Error("timeout must be between 0 and 86400 seconds");
    const int64_t mb = setup.option_int("max_output_mb");
    if (mb < 1 || mb > 4096) throw pubpipe::Error("max_output_mb must be between 1 and 4096");
    max_out_ = static_cast<size_t>(mb) << 20;
  }

  void document(pubpipe::Context &doc) {
    doc.check_may_run(command_[0]);
#ifdef PUBPIPE_EXEC_TEXT
    const std::string input(doc.text());
#else
    xmlChar *mem = nullptr;
    int len = 0;
    xmlDocDumpMemoryEnc(doc.tree(), &mem, &len, "UTF-8");
    const std::string input(reinterpret_cast<const char *>(mem), static_cast<size_t>(len));
    xmlFree(mem);
#endif
    // Its own session, under a keeper that kills all it started; CPU time
    // to the timeout and a second, no core files.
    pubpipe::spawn::Request run;
    run.argv = command_;
    run.env = {"PUBPIPE_SOURCE=" + doc.source_name()};
    run.input = input;
    run.seconds = timeout_;
    run.cpu_seconds = static_cast<double>(static_cast<long>(timeout_) + 1);
    run.max_out = max_out_;
    const pubpipe::spawn::Result r = pubpipe::spawn::run(run);
    const std::string who = "'" + command_[0] + "'";
    if (r.timed_out) throw pubpipe::Error(who + " took longer than its timeout (" + (std::ostringstream() << timeout_).str() + " s) and was killed");
    if (r.too_big) throw pubpipe::Error(who + " wrote more than the max_output_mb limit and was killed");
    if (WIFSIGNALED(r.status)) throw pubpipe::Error(who + " was killed by signal " + std::to_string(WTERMSIG(r.status)) + ": " + tail(r.err));
    if (WEXITSTATUS(r.status) != 0)
      throw pubpipe::Error(who + " exited with status " + std::to_string(WEXITSTATUS(r.status)) + (r.err.empty() ? "" : ": " + tail(r.err)));
    if (r.out.empty()) throw pubpipe::Error(who + " wrote nothing to its standard output");
    if (!r.err.empty()) doc.note(0, who + " said: " + tail(r.err) + (r.err_cut ? " (its standard error was cut at 64 KiB)" : ""));
#ifdef PUBPIPE_EXEC_TEXT
    doc.set_text(r.out);
#else
    // Parsed without network, DTD or entity expansion; the host checks
    // the tree's invariants when the stage returns.
    xmlDoc *fresh = xmlReadMemory(r.out.data(), static_cast<int>(r.out.size()), "stdout", "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!fresh) {
      const xmlError *e = xmlGetLastError();
      throw pubpipe::Error(who + " did not write well-formed XML" +
                           (e && e->message ? " (line " + std::to_string(e->line) + ": " + tail(e->message) + ")" : std::string()));
    }
    doc.set_tree(fresh);
#endif
  }

 private:
  std::vector<std::string> command_;
  double timeout_;
  size_t max_out_ = 64u << 20;
};

}  // namespace

PUBPIPE_PLUGIN(Exec)
