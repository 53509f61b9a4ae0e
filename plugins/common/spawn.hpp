// spawn.hpp: the one way the built-in plugins (and the core's `pubpipe
// slurm`) run another program: arguments and environment, its standard
// input, output and error through pipes, a session of its own with CPU time
// and core files limited, a keeper process that reaps whatever it leaves
// behind, and a deadline after which it and everything it started are
// killed.  Poco::Process cannot do the session, the limits or the group.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pubpipe::spawn {

struct Request {
  std::vector<std::string> argv;   // argv[0] is looked up in PATH unless it holds a '/'
  std::vector<std::string> env;    // NAME=value added to this process's environment
  std::string_view input;          // written to its standard input, which is then closed
  double seconds = 30;             // the deadline, wall clock, from the start
  double cpu_seconds = 0;          // RLIMIT_CPU (the program and each child); 0: none
  size_t max_out = 64u << 20;      // more standard output than this: killed, too_big
  size_t max_err = 64u << 10;      // standard error is read to its end; its start is kept
  bool out_to_err = false;         // standard output into standard error's pipe: one stream of messages
};

struct Result {
  int status = 0;  // as waitpid gives it (SIGKILL as a signal if it had to be stopped)
  bool timed_out = false, too_big = false, err_cut = false;
  std::string out, err;
};

// Runs the request and waits until the program has ended and everything it
// started is gone (or the deadline, or max_out, when all of it is killed).
// Throws std::runtime_error if no pipe or process can be made or the program
// cannot be started ("cannot run 'NAME': No such file or directory").
// Any thread may call it; it blocks every signal only across its fork.
Result run(const Request &request);

}  // namespace pubpipe::spawn
