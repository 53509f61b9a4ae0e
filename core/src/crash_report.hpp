// crash_report.hpp: under --isolation thread or none (and for book stages,
// which always run in the parent), a plugin that crashes takes pubpipe down
// with it.  The crash reporter at least says who: a handler for the fatal
// signals writes "PLUGIN/STAGE crashed ... on ARTICLE" to stderr, then lets
// the signal kill the process as it would have.
#pragma once

namespace pubpipe {

// Installs the handlers (once; later calls only update the isolation named
// in the message).  Only the process that installed them reports: a worker
// process of --isolation process is reported on by its parent instead.
void install_crash_reporter(const char *isolation);

// Names what the calling thread runs until the scope ends, and gives the
// thread (once) an alternate signal stack for the handler, so a plugin's
// stack overflow is reported as well.  The strings are
// borrowed and must outlive the scope.
class CrashScope {
 public:
  CrashScope(const char *plugin, const char *stage, const char *article);
  ~CrashScope();
  CrashScope(const CrashScope &) = delete;
  CrashScope &operator=(const CrashScope &) = delete;

 private:
  const char *saved_[3];
};

}  // namespace pubpipe
