// cli.cpp: the pubpipe command: run, validate, plugins, --version (cache: cache_cmd.cpp; stage and
// new-plugin: stage_cmd.cpp, new_plugin.cpp).
#include <libxml/parser.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include <limits.h>
#include <stdlib.h>

#include "atomic_file.hpp"
#include "cache.hpp"
#include "diagnostics.hpp"
#include "loader.hpp"
#include "pipeline.hpp"
#include "runner.hpp"
#include "serve.hpp"
#include "stage_cmd.hpp"
#include "slurm.hpp"
#include "watch.hpp"
#include "version.hpp"

namespace pubpipe {
namespace {

constexpr int kExitOk = 0, kExitFailed = 1, kExitUsage = 2;

const char *kUsage =
    "usage: pubpipe run PIPELINE.yaml [-j N] [--strict] [--sandbox] [--trace DIR] [--define key=value]...\n"
    "                   [--isolation=process|thread|none] [--timeout SECONDS] [--max-input-mb N] [-v]\n"
    "                   [--cache DIR | --no-cache] [--shard K/N]\n"
    "       pubpipe watch PIPELINE.yaml [run's options]\n"
    "       pubpipe serve PIPELINE.yaml [--port N] [--host ADDR] [run's options]\n"
    "       pubpipe validate PIPELINE.yaml [--sandbox] [--define key=value]...\n"
    "       pubpipe plugins [NAME] [--markdown]\n"
    "       pubpipe cache stats PIPELINE.yaml | --cache DIR\n"
    "       pubpipe cache prune PIPELINE.yaml | --cache DIR [--max-size SIZE]\n"
    "       pubpipe stage PLUGIN [--option key=value]... [--from text|docbook] [--strict] [--expect FILE] FIXTURE\n"
    "       pubpipe new-plugin NAME --lang c|cpp|python [--dir DIR]\n"
    "       pubpipe slurm PIPELINE.yaml --shards N [--cache DIR] [--partition NAME] [--sbatch-arg ARG]... [-- run's options]\n"
    "       pubpipe --version\n"
    "\n"
    "Exit status: 0 success; 1 a document or stage failed; 2 the pipeline file or the command line is wrong.\n";

int usage_error(const std::string &message) {
  std::fprintf(stderr, "pubpipe: %s\n%s", message.c_str(), kUsage);
  return kExitUsage;
}

struct Args {
  std::string command, file, name;
  std::vector<Define> defines;
  RunOptions run;
  bool markdown = false;
  bool verbose = false;
  std::string host = "127.0.0.1";
  long port = 8000;
};

bool parse_number(const std::string &s, long min, long max, long *out) {
  if (s.empty()) return false;
  char *end = nullptr;
  errno = 0;
  const long v = std::strtol(s.c_str(), &end, 10);
  if (*end || errno || v < min || v > max) return false;
  *out = v;
  return true;
}

// Parses argv; returns -1 on success or the exit status to return.
int parse_args(int argc, char **argv, Args *a) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const long cores = sysconf(_SC_NPROCESSORS_ONLN);
  a->run.jobs = static_cast<int>(cores > 0 ? cores : 1);
  a->run.progress = isatty(2);
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i], value;
    const bool has_eq = arg.rfind("--", 0) == 0 && arg.find('=') != std::string::npos;
    if (has_eq) {
      value = arg.substr(arg.find('=') + 1);
      arg = arg.substr(0, arg.find('='));
    }
    auto take = [&](const char *) -> bool {
      if (has_eq) return true;
      if (i + 1 >= args.size()) return false;
      value = args[++i];
      return true;
    };
    if (arg == "--version") {
      a->command = "version";
    } else if (arg == "-h" || arg == "--help") {
      a->command = "help";
    } else if (arg == "-j" || arg == "--jobs" || (arg.rfind("-j", 0) == 0 && arg.size() > 2 && arg[1] == 'j')) {
      if (arg.size() > 2 && arg[1] == 'j') value = arg.substr(2);
      else if (!take("-j")) return usage_error("-j needs a number of jobs");
      long n;
      if (!parse_number(value, 1, 1024, &n)) return usage_error("-j needs a number of jobs from 1 to 1024, not '" + value + "'");
      a->run.jobs = static_cast<int>(n);
    } else if (arg == "--strict") {
      a->run.settings.strict = true;
    } else if (arg == "--sandbox") {
      a->run.settings.sandbox.on = true;
    } else if (arg == "-v" || arg == "--verbose") {
      a->verbose = true;
    } else if (arg == "--trace") {
      if (!take("--trace") || value.empty()) return usage_error("--trace needs a folder");
      a->run.settings.trace_dir = value;
    } else if (arg == "--define" || arg == "-D") {
      if (!take("--define")) return usage_error("--define needs key=value");
      const size_t eq = value.find('=');
      if (eq == std::string::npos || eq == 0) return usage_error("--define needs key=value, not '" + value + "'");
      a->defines.push_back({value.substr(0, eq), value.substr(eq + 1)});
    } else if (arg == "--isolation") {
      if (!take("--isolation")) return usage_error("--isolation needs process, thread or none");
      if (value == "process") a->run.isolation = Isolation::process;
      else if (value == "thread") a->run.isolation = Isolation::thread;
      else if (value == "none") a->run.isolation = Isolation::none;
      else return usage_error("--isolation takes process, thread or none, not '" + value + "'");
    } else if (arg == "--timeout") {
      long n;
      if (!take("--timeout") || !parse_number(value, 1, 86400, &n)) return usage_error("--timeout needs seconds from 1 to 86400");
      a->run.settings.timeout_seconds = static_cast<double>(n);
    } else if (arg == "--max-input-mb") {
      long n;
      if (!take("--max-input-mb") || !parse_number(value, 1, 1 << 20, &n)) return usage_error("--max-input-mb needs a number of MiB");
      a->run.settings.max_input_bytes = static_cast<size_t>(n) << 20;
    } else if (arg == "--port") {
      if (!take("--port") || !parse_number(value, 0, 65535, &a->port)) return usage_error("--port needs a port number from 0 (any free one) to 65535");
    } else if (arg == "--host") {
      if (!take("--host") || value.empty()) return usage_error("--host needs an address");
      a->host = value;
    } else if (arg == "--cache") {
      if (!take("--cache") || value.empty()) return usage_error("--cache needs a folder");
      a->run.cache_dir = value;
    } else if (arg == "--shard") {
      if (std::string why; !take("--shard") || !parse_shard(value, &a->run.shard, &why)) return usage_error(why.empty() ? "--shard needs K/N" : why);
    } else if (arg == "--no-cache") {
      a->run.no_cache = true;
    } else if (arg == "--markdown") {
      a->markdown = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      return usage_error("unknown option '" + args[i] + "'");
    } else {
      positional.push_back(arg);
    }
  }
  if (a->command.empty()) {
    if (positional.empty()) return usage_error("no command given");
    a->command = positional[0];
    positional.erase(positional.begin());
  }
  if (a->command == "run" || a->command == "validate" || a->command == "watch" || a->command == "serve") {
    if (positional.size() != 1) return usage_error(a->command + " needs exactly one pipeline file");
    a->file = positional[0];
  } else if (a->command == "plugins") {
    if (positional.size() > 1) return usage_error("plugins takes at most one plugin name");
    if (!positional.empty()) a->name = positional[0];
  } else if (a->command != "version" && a->command != "help") {
    return usage_error("unknown command '" + a->command + "'");
  }
  return -1;
}

std::string words_or_dash(const char *s) { return s && *s ? s : "-"; }

// The descriptor's flags (ABI 1.3) by the names the plugin guide uses.
std::string flag_names(uint32_t flags) {
  std::string out;
  if (flags & PP_PLUGIN_BOOK_ALONE) out += "book stage runs alone";
  if (flags & PP_PLUGIN_NOT_CACHEABLE) out += std::string(out.empty() ? "" : ", ") + "not cacheable";
  return out.empty() ? "none" : out;
}

void print_plugin(const LoadedPlugin &p, bool markdown) {
  if (markdown) {
    std::printf("# %s\n\n%s\n\nVersion %s, license %s.\n\n## Stages\n\n| stage | kind | requires | provides |\n|---|---|---|---|\n",
                p.name.c_str(), words_or_dash(p.desc.description).c_str(), words_or_dash(p.desc.version).c_str(),
                words_or_dash(p.desc.license).c_str());
    for (const auto &s : p.stages)
      std::printf("| %s | %s | %s | %s |\n", s.name, s.kind == PP_STAGE_BOOK ? "book" : "document",
                  words_or_dash(s.requires_features).c_str(), words_or_dash(s.provides_features).c_str());
    if (p.desc.flags) std::printf("\nFlags: %s.\n", flag_names(p.desc.flags).c_str());
    std::printf("\n## Options\n\n");
    if (p.options.empty()) std::printf("None.\n");
    else std::printf("| option | type | default | constraint | meaning |\n|---|---|---|---|---|\n");
    for (const auto &o : p.options) {
      std::string type = option_type_name(o.type);
      if (o.type == PP_OPT_ENUM) type += " (" + std::string(o.choices) + ")";
      for (auto &c : type)
        if (c == '|') c = '/';
      // The declared constraints (ABI 1.2); a '|' in a pattern is escaped for the table.
      std::string constraint;
      if (o.type == PP_OPT_ENUM) constraint = "one of the values";
      if (o.range && *o.range) constraint = "range `" + std::string(o.range) + "`";
      if (o.pattern && *o.pattern) {
        std::string pat;
        for (const char *c = o.pattern; *c; ++c) pat += *c == '|' ? std::string("\\|") : std::string(1, *c);
        constraint += (constraint.empty() ? "" : "; ") + std::string("matches `") + pat + "`";
      }
      std::printf("| `%s` | %s | %s | %s | %s |\n", o.name, type.c_str(),
                  o.default_value ? ("`" + std::string(o.default_value) + "`").c_str() : "unset",
                  constraint.empty() ? "-" : constraint.c_str(), words_or_dash(o.help).c_str());
    }
    return;
  }
  std::printf("%s %s (%s)\n  %s\n  file: %s\n  ABI: %u.%u\n", p.name.c_str(), words_or_dash(p.desc.version).c_str(),
              words_or_dash(p.desc.license).c_str(), words_or_dash(p.desc.description).c_str(), p.file.c_str(),
              p.desc.abi_major, p.desc.abi_minor);
  if (p.desc.homepage) std::printf("  homepage: %s\n", p.desc.homepage);
  std::printf("  flags: %s\n", flag_names(p.desc.flags).c_str());
  std::printf("\nstages:\n");
  for (const auto &s : p.stages)
    std::printf("  %-16s %-8s requires: %-14s provides: %s\n", s.name, s.kind == PP_STAGE_BOOK ? "book" : "document",
                words_or_dash(s.requires_features).c_str(), words_or_dash(s.provides_features).c_str());
  std::printf("\noptions:\n");
  if (p.options.empty()) std::printf("  (none)\n");
  for (const auto &o : p.options) {
    std::string type = option_type_name(o.type);
    if (o.type == PP_OPT_ENUM) type += " " + std::string(o.choices);
    std::printf("  %-22s %-22s default: %s\n      %s\n", o.name, type.c_str(), o.default_value ? o.default_value : "(unset)",
                words_or_dash(o.help).c_str());
  }
}

int cmd_plugins(const Args &a) {
  PluginLoader loader;
  loader.set_search_path(PluginLoader::default_dirs());
  if (!a.name.empty()) {
    std::string why;
    const LoadedPlugin *p = loader.load(a.name, &why);
    if (!p) {
      std::fprintf(stderr, "pubpipe: %s\n", why.c_str());
      return kExitUsage;
    }
    print_plugin(*p, a.markdown);
    return kExitOk;
  }
  int status = kExitOk;
  for (const auto &[name, file] : loader.discover()) {
    std::string why;
    const LoadedPlugin *p = loader.load(file, &why);
    if (p) {
      std::printf("%-16s %-8s %s\n", p->name.c_str(), words_or_dash(p->desc.version).c_str(), words_or_dash(p->desc.description).c_str());
    } else {
      std::fprintf(stderr, "pubpipe: %s\n", why.c_str());
      status = kExitFailed;
    }
  }
  return status;
}

}  // namespace

int main_cli(int argc, char **argv) {
  if (argc >= 2 && std::string(argv[1]) == "cache") return cache_command({argv + 2, argv + argc});
  if (argc >= 2 && std::string(argv[1]) == "stage") return stage_command({argv + 2, argv + argc});
  if (argc >= 2 && std::string(argv[1]) == "new-plugin") return new_plugin_command({argv + 2, argv + argc});
  if (argc >= 2 && std::string(argv[1]) == "slurm") return slurm_command({argv + 2, argv + argc});
  Args a;
  if (const int rc = parse_args(argc, argv, &a); rc >= 0) return rc;
  if (a.command == "version") {
    std::printf("pubpipe %s (plugin ABI %d.%d)\n", kVersion, PP_ABI_MAJOR, PP_ABI_MINOR);
    return kExitOk;
  }
  if (a.command == "help") {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  // libxml2 is set up once, before any worker or plugin runs.
  xmlInitParser();
  signal(SIGPIPE, SIG_IGN);
  remove_temporaries_on_signals();
  if (a.command == "plugins") return cmd_plugins(a);

  DiagnosticLog log(a.verbose);
  bool time_ok;
  a.run.settings.build_time = build_time_now(&time_ok);
  if (!time_ok) return usage_error("SOURCE_DATE_EPOCH must be a number of seconds since 1970");
  if (a.command != "run" && a.run.shard.on()) return usage_error(a.command + " does not take --shard; it is an option of run");
  if (a.command == "watch") return watch_pipeline({a.file, a.defines, a.run, a.verbose}, {});
  if (a.command == "serve") return serve_pipeline({{a.file, a.defines, a.run, a.verbose}, a.host, static_cast<int>(a.port)});

  PluginLoader loader;
  if (a.run.settings.sandbox.on) loader.confine({});
  Pipeline pipeline;
  std::vector<Diagnostic> problems;
  bool ok = load_pipeline(a.file, a.defines, loader, &pipeline, &problems);
  if (ok) ok = sandbox_confine(pipeline, a.run.settings.trace_dir, &a.run.settings.sandbox, &problems);
  log.report_all(problems);
  if (!ok) {
    std::fprintf(stderr, "pubpipe: %s has %zu error%s; nothing was run\n", a.file.c_str(), log.errors(), log.errors() == 1 ? "" : "s");
    return kExitUsage;
  }
  if (a.command == "validate") {
    std::printf("%s: ok (%zu input%s, %zu stage%s, %zu output%s)\n", a.file.c_str(), pipeline.inputs.size(),
                pipeline.inputs.size() == 1 ? "" : "s", pipeline.stages.size(), pipeline.stages.size() == 1 ? "" : "s",
                pipeline.outputs.size(), pipeline.outputs.size() == 1 ? "" : "s");
    return kExitOk;
  }
  return run_pipeline(pipeline, a.run, log);
}

}  // namespace pubpipe

int main(int argc, char **argv) { return pubpipe::main_cli(argc, argv); }
