// stage_cmd.cpp: `pubpipe stage`, the harness for plugin authors' tests
// (docs/plugin-guide.md, "Testing a plugin"): one plugin's stages on one
// fixture, in this process, through the core's own loader, option checks,
// runner and tree checks; the DocBook (or text) that results on stdout.
#include "stage_cmd.hpp"

#include <libxml/parser.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Poco/Path.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "cmd_args.hpp"
#include "diagnostics.hpp"
#include "loader.hpp"
#include "pipeline.hpp"
#include "record.hpp"
#include "runner.hpp"
#include "tree_check.hpp"
#include "xml_io.hpp"

namespace pubpipe {

namespace {

constexpr int kOk = 0, kUsage = 2;

const char *kStageUsage =
    "usage: pubpipe stage PLUGIN [--option key=value]... [--from text|docbook] [--strict] [--expect FILE] FIXTURE\n"
    "  PLUGIN   a plugin name (searched as run searches) or a path to its .so\n"
    "  FIXTURE  an article's text, or a DocBook 5 article (--from docbook; the default for .xml and .dbk)\n"
    "The result (DocBook, or text when no stage built a tree) goes to stdout, the stage's notes and\n"
    "diagnostics to stderr.  --expect FILE compares the result with FILE instead (a golden test).\n"
    "Exit status: 0 ok (and, with --expect, the same); 1 the stage failed on the fixture (or, with\n"
    "--expect, the result differs); 2 the command line, the plugin, an option or the fixture is wrong.\n";

int stage_usage(const std::string &message) {
  std::fprintf(stderr, "pubpipe stage: %s\n%s", message.c_str(), kStageUsage);
  return kUsage;
}

struct StageArgs {
  std::string plugin, fixture, expect;
  std::vector<std::pair<std::string, std::string>> options;  // in the order given
  bool docbook = false;
  bool strict = false;
};

bool ends_with(const std::string &s, const std::string &tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Returns -1 on success or the exit status to return.
int parse_stage_args(const std::vector<std::string> &args, StageArgs *a) {
  std::vector<std::string> positional;
  std::string from;
  for (ArgReader r(args); r.next();) {
    const std::string &arg = r.arg(), &value = r.value();
    if (arg == "--option" || arg == "-o") {
      if (!r.take()) return stage_usage("--option needs key=value");
      const size_t eq = value.find('=');
      if (eq == std::string::npos || eq == 0) return stage_usage("--option needs key=value, not '" + value + "'");
      a->options.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    } else if (arg == "--from") {
      if (!r.take() || (value != "text" && value != "docbook")) return stage_usage("--from takes text or docbook");
      from = value;
    } else if (arg == "--expect") {
      if (!r.take() || value.empty()) return stage_usage("--expect needs the file of the expected result");
      a->expect = value;
    } else if (arg == "--strict") {
      a->strict = true;
    } else if (arg == "-h" || arg == "--help") {
      std::fputs(kStageUsage, stdout);
      return kOk;
    } else if (r.is_option()) {
      return stage_usage("unknown option '" + r.given() + "'");
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() != 2) return stage_usage("needs a plugin and a fixture file");
  a->plugin = positional[0];
  a->fixture = positional[1];
  a->docbook = from.empty() ? ends_with(a->fixture, ".xml") || ends_with(a->fixture, ".dbk") : from == "docbook";
  return -1;
}

void report(DiagnosticLog &log, const std::string &file, uint32_t line, const std::string &message) {
  log.report({Severity::error, file, line, 0, "", "", message});
}

// The --option values as the `with:` map a pipeline file would give, each
// node marked with its argument so that a problem names it.
YNode options_map(const StageArgs &a) {
  YNode with;
  with.kind = YNode::map;
  for (const auto &[key, value] : a.options) {
    const std::string origin = "--option " + key + "=" + value;
    YNode k = yaml_from_argument(key, origin);
    k.kind = YNode::scalar, k.value = key;
    with.entries.emplace_back(k, yaml_from_argument(value, origin));
  }
  return with;
}

// What the fixture gives the plugin's stages: a text fixture only `text`, a
// DocBook one every feature of the tree phase (it stands for whatever ran
// before).  Returns false, with the problems reported, when a stage cannot
// run on it.
bool features_met(const Entry &e, bool docbook, const std::string &fixture, DiagnosticLog &log) {
  bool text = !docbook, ok = true;
  for (const auto &s : e.plugin->stages) {
    std::istringstream need(s.requires_features ? s.requires_features : "");
    for (std::string w; need >> w;) {
      const bool met = w == "text" ? text : !text;
      if (met) continue;
      ok = false;
      report(log, fixture, 0,
             "stage '" + std::string(s.name) + "' of plugin '" + e.plugin->name + "' requires '" + w + "', which a " +
                 (docbook ? "DocBook fixture does not give (the text phase is over): give it the article's text (--from text)"
                          : "text fixture does not give: give it a DocBook article (--from docbook), as the stages before it would make"));
    }
    std::istringstream gives(s.provides_features ? s.provides_features : "");
    for (std::string w; gives >> w;)
      if (w == "tree") text = false;
  }
  return ok;
}

// Reads a DocBook fixture as the runner's start: parsed as every tree the
// host takes in (no network, DTD or entities; no DOCTYPE), and checked as
// a stage's result would be, so that a broken fixture is not blamed on the
// stage.  Returns false with the problems reported.
bool docbook_start(const std::string &fixture, bool strict, DiagnosticLog &log, std::string *record) {
  std::ifstream in(fixture, std::ios::binary);
  std::ostringstream bytes;
  if (!(in && bytes << in.rdbuf())) {
    report(log, fixture, 0, "cannot read the fixture");
    return false;
  }
  std::string why;
  std::unique_ptr<xmlDoc, XmlDocDeleter> doc(parse_tree(bytes.str(), nullptr, &why));
  if (!doc) {
    report(log, fixture, 0, "the fixture is not well-formed XML: " + why);
    return false;
  }
  auto problems = check_article(doc.get(), true);
  if (problems.empty() && strict) problems = validate_docbook(doc.get(), kDocBookSchema);
  for (const auto &p : problems) report(log, fixture, p.line, "the fixture is not an article the host accepts: " + p.message);
  if (!problems.empty()) {
    if (problems.front().structural) (void)doc.release();  // its links are broken: freeing it could free a node twice
    return false;
  }
  ArticleRecord r;
  r.ok = true;
  r.source = fixture;
  r.xml = serialize_tree(doc.get(), &r.lines);
  *record = encode_record(r);
  return true;
}

// --expect: the result against the expected file, byte for byte (the
// result is the core's own serialization, stable across runs).  Returns 0
// when they are the same, 1 with the first differing line named.
int compare_with(const std::string &expected_file, const std::string &got, DiagnosticLog &log) {
  std::ifstream in(expected_file, std::ios::binary);
  std::ostringstream bytes;
  if (!(in && bytes << in.rdbuf())) {
    report(log, expected_file, 0, "cannot read the expected result (write it first: run without --expect and review it)");
    return kUsage;
  }
  const std::string want = bytes.str();
  if (want == got) return kOk;
  std::istringstream w(want), g(got);
  std::string wl, gl;
  uint32_t line = 0;
  for (;;) {
    ++line;
    const bool more_w = static_cast<bool>(std::getline(w, wl)), more_g = static_cast<bool>(std::getline(g, gl));
    if (!more_w && !more_g) break;  // only the final newline differs
    if (more_w != more_g || wl != gl) {
      report(log, expected_file, line,
             "the result differs from the expected one here:\n  expected: " + (more_w ? wl : std::string("(end of file)")) +
                 "\n  got:      " + (more_g ? gl : std::string("(end of the result)")) +
                 "\n(run without --expect to see the whole result; if it is right, write it to " + expected_file + ")");
      return 1;
    }
  }
  report(log, expected_file, line, "the result differs from the expected one in its final newline");
  return 1;
}

}  // namespace

int stage_command(const std::vector<std::string> &args) {
  StageArgs a;
  if (const int rc = parse_stage_args(args, &a); rc >= 0) return rc;
  xmlInitParser();
  signal(SIGPIPE, SIG_IGN);
  DiagnosticLog log(true);  // the stage's notes are what its author wants to see

  if (access(a.fixture.c_str(), R_OK) != 0) return stage_usage("cannot read the fixture " + a.fixture);
  Pipeline p;
  p.file = a.fixture;
  p.dir = Poco::Path::current();
  if (p.dir.size() > 1 && p.dir.back() == '/') p.dir.pop_back();
  p.book.title = Poco::Path(a.fixture).getBaseName();
  p.inputs = {a.fixture};

  PluginLoader loader;
  loader.set_search_path(PluginLoader::default_dirs());
  Entry e;
  e.plugin_ref = a.plugin;
  std::string why;
  e.plugin = loader.load(a.plugin.find('/') != std::string::npos ? Poco::Path(a.plugin).absolute().toString() : a.plugin, &why);
  if (!e.plugin) {
    std::fprintf(stderr, "pubpipe stage: %s\n", why.c_str());
    return kUsage;
  }
  // Options are checked exactly as a pipeline file's `with:` is; a problem
  // names the --option it came from.
  std::vector<Diagnostic> problems;
  std::set<std::string> given;
  for (const auto &[key, value] : a.options)
    if (!given.insert(key).second) problems.push_back({Severity::error, "--option " + key + "=" + value, 0, 0, "", "", "option '" + key + "' is given twice"});
  const YNode with = options_map(a);
  p.file = "--option";  // what the validate hook's problems are about
  read_entry_options(&with, "pubpipe stage " + a.plugin, p, &e, &problems);
  p.file = a.fixture;
  log.report_all(problems);
  if (log.errors()) return kUsage;
  p.stages.push_back(std::move(e));
  if (!features_met(p.stages.front(), a.docbook, a.fixture, log)) return kUsage;

  std::string start;
  if (a.docbook && !docbook_start(a.fixture, a.strict, log, &start)) return kUsage;
  RunOptions options;
  options.settings.strict = a.strict;
  // A golden result must not depend on the day: SOURCE_DATE_EPOCH, else 0
  // (1970), never the clock.
  if (const char *sde = std::getenv("SOURCE_DATE_EPOCH"); sde && *sde) {
    char *end = nullptr;
    errno = 0;
    const long long t = std::strtoll(sde, &end, 10);
    if (*end || errno || t < 0 || t > 253402300799LL) return stage_usage("SOURCE_DATE_EPOCH must be a number of seconds since 1970");
    options.settings.build_time = t;
  }
  const auto stage = [&]() {
    FixtureResult result;
    const int rc = run_fixture(p, options, log, start, &result);
    const std::string out = result.has_tree ? result.xml + "\n" : result.text;
    if (rc != kOk) return rc;  // what went wrong is on stderr; there is no result
    if (a.expect.empty()) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      return kOk;
    }
    return compare_with(a.expect, out, log);
  };
  // The plugin runs in a child process: a plugin that crashes ends the
  // child, and the command exits 1 (a stage failed), as `pubpipe run` does
  // for an article, instead of dying by the signal itself.
  std::fflush(nullptr);
  const pid_t child = fork();
  if (child < 0) return stage();  // no process to spare: run it here
  if (child == 0) {
    const int rc = stage();
    std::fflush(nullptr);
    _exit(rc);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  const int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  std::fprintf(stderr, "pubpipe stage: %s ended by signal %d (SIG%s) on %s; no result\n", a.plugin.c_str(), sig,
               sigabbrev_np(sig) ? sigabbrev_np(sig) : "?", a.fixture.c_str());
  return 1;
}

}  // namespace pubpipe
