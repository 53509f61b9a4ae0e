// diagnostics.hpp: what pubpipe tells the user, and how it is printed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pubpipe {

enum class Severity { note = 0, warning = 1, error = 2 };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string file;       // input or pipeline file, as the user named it
  uint32_t line = 0;      // 1-based; 0 when there is none
  uint32_t column = 0;    // 1-based; 0 when there is none
  std::string plugin;     // empty for the core
  std::string stage;
  std::string message;
};

// "file:line:column: error: plugin/stage: message", leaving out what is unset.
std::string format_diagnostic(const Diagnostic &d);

const char *severity_name(Severity s);

// Collects diagnostics and prints them to stderr as they come, keeping count;
// a quiet log only counts (serve's preview build, whose diagnostics the full
// build of the same files prints).
class DiagnosticLog {
 public:
  explicit DiagnosticLog(bool verbose = false, bool quiet = false) : verbose_(verbose), quiet_(quiet) {}
  void report(const Diagnostic &d);
  void report_all(const std::vector<Diagnostic> &ds) {
    for (const auto &d : ds) report(d);
  }
  size_t errors() const { return errors_; }
  size_t warnings() const { return warnings_; }

 private:
  bool verbose_, quiet_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
};

}  // namespace pubpipe
