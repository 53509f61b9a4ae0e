// sandbox.hpp: --sandbox.  Under it, pubpipe reads only the pipeline's
// inputs and declared resources and writes only its declared outputs, all of
// them inside the pipeline file's folder (symlinks are resolved, so none
// leads out of it), and plugins run only the programs the pipeline file
// allows (`sandbox: {allow_programs: [...]}`).
#pragma once

#include <string>
#include <vector>

#include "diagnostics.hpp"

namespace pubpipe {

struct Pipeline;

struct Sandbox {
  bool on = false;
  std::string root;  // the pipeline file's folder, with symlinks resolved
  std::vector<std::string> programs;  // allow_programs: as written
};

// True when path, with every symlink resolved, is inside sandbox.root.  For
// a path that need not exist yet (an output), its folder is resolved, and an
// existing symlink at the path itself is refused.  *why says what is wrong.
bool sandbox_allows_path(const Sandbox &s, const std::string &path, bool output, std::string *why);

// True when the sandbox is off, or the file `program` runs (a path from the
// working folder, or a name looked up in PATH), with symlinks resolved, is
// the file an allowed program names: an allowed bare name is looked up in
// PATH's absolute folders, an allowed path is relative to the pipeline's
// folder.  So `allow_programs: [fop]` allows /usr/bin/fop, never ./fop.
bool sandbox_allows_program(const Sandbox &s, const std::string &program);

// Opens the folder dir (absolute, or relative to the working folder) inside
// the sandbox's root, one component at a time from the root with
// O_NOFOLLOW, creating missing ones when `create`: a symlink anywhere in it
// is refused.  Returns the descriptor, or -1 with *why.
int sandbox_open_folder(const Sandbox &s, const std::string &dir, bool create, std::string *why);

// Creates (or truncates) path for writing: with the sandbox on, through
// sandbox_open_folder (creating folders) and O_NOFOLLOW.  -1 with *why.
int sandbox_create_file(const Sandbox &s, const std::string &path, std::string *why);

// Opens an input or resource for reading, then, with the sandbox on, checks
// the file that was opened (not the path) lies inside the root.  -1 with *why.
int sandbox_open_input(const Sandbox &s, const std::string &path, std::string *why);

// Checks every path a pipeline names against the sandbox (inputs,
// resources, outputs, plugin_path, the trace folder), before anything runs.
void check_sandbox(const Pipeline &p, const Sandbox &s, const std::string &trace_dir, std::vector<Diagnostic> *problems);

// --sandbox (s->on) for a loaded pipeline: s->root becomes the pipeline
// file's folder with symlinks resolved, s->programs its allow_programs, and
// every path is checked (check_sandbox).  False when one was refused; the
// reasons are appended to *problems.  With the sandbox off: true, no change.
bool sandbox_confine(const Pipeline &p, const std::string &trace_dir, Sandbox *s, std::vector<Diagnostic> *problems);

}  // namespace pubpipe
