// diagnostics.cpp: formatting and printing of diagnostics.
#include "diagnostics.hpp"

#include <cstdio>

namespace pubpipe {

const char *severity_name(Severity s) {
  switch (s) {
    case Severity::note: return "note";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "error";
}

std::string format_diagnostic(const Diagnostic &d) {
  std::string out;
  if (!d.file.empty()) {
    out += d.file;
    if (d.line) {
      out += ':' + std::to_string(d.line);
      if (d.column) out += ':' + std::to_string(d.column);
    }
    out += ": ";
  }
  out += severity_name(d.severity);
  out += ": ";
  if (!d.plugin.empty()) {
    out += d.plugin;
    if (!d.stage.empty() && d.stage != d.plugin) out += '/' + d.stage;
    out += ": ";
  }
  out += d.message;
  return out;
}

void DiagnosticLog::report(const Diagnostic &d) {
  if (d.severity == Severity::error) ++errors_;
  if (d.severity == Severity::warning) ++warnings_;
  if (quiet_ || (d.severity == Severity::note && !verbose_)) return;
  std::string line = format_diagnostic(d) + '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace pubpipe
