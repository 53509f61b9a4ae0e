// atomic_file.hpp: outputs are written to a temporary file in the same folder,
// synced, and renamed into place, so a failed or interrupted run never leaves
// a truncated file and never destroys the previous good one.
//
// A temporary is named `.NAME.pubpipe-tmp-PID-XXXXXX`, PID the process that
// made it, so that a run sweeps only what no live run owns; the temporaries
// of this process are removed on SIGINT, SIGTERM and SIGHUP.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

namespace pubpipe {

struct Sandbox;

// Writes bytes to path atomically.  Returns an error message, empty on
// success.  With a sandbox that is on, the folder is opened component by
// component without following a symlink, and so is the file.
std::string write_file_atomically(const std::string &path, std::string_view bytes, const Sandbox *sandbox = nullptr);

// The same in two steps, for a writer that writes the file itself: begin
// creates an empty temporary beside path (its name in *temp); commit syncs it
// and renames it into place.  Both return an error message, empty on success;
// on failure the temporary is gone.  An existing path that is not a regular
// file (a device, a FIFO, a socket, /dev/stdout) is never replaced.
std::string begin_atomic_file(const std::string &path, std::string *temp, const Sandbox *sandbox = nullptr);
std::string commit_atomic_file(const std::string &temp, const std::string &path, const Sandbox *sandbox = nullptr);
// Removes a temporary that will not be committed (and libzip's beside it).
void discard_atomic_file(const std::string &temp);

// Removes temporaries that interrupted runs left beside path: those whose
// owner process is gone (and those of versions before the owner was named),
// with the temporaries libzip makes beside them.  A live run's are kept.
void sweep_stale_temporaries(const std::string &path);

// Installs handlers for SIGINT, SIGTERM and SIGHUP: the child processes are
// ended (SIGTERM, SIGKILL after 2 s), the temporaries this process has begun
// and not committed are removed, and so is the folder remove_folder_on_signal
// names, then the process ends by the same signal.  Call once, in the main
// process, before any thread.
void remove_temporaries_on_signals();

// The child processes of every thread of this process (a run's workers,
// FOP's and an exec filter's keepers: spawn.cpp), from
// /proc/self/task/*/children.
std::vector<pid_t> own_children();

// A flat folder of this process's own (serve's preview folder) that a signal
// removes with its files; "" names none.
void remove_folder_on_signal(const std::string &dir);

}  // namespace pubpipe
