// atomic_file.hpp: outputs are written to a temporary file in the same folder,
// synced, and renamed into place, so a failed or interrupted run never leaves
// a truncated file and never destroys the previous good one.
#pragma once

#include <string>
#include <string_view>

namespace pubpipe {

// Writes bytes to path atomically.  Returns an error message, empty on success.
std::string write_file_atomically(const std::string &path, std::string_view bytes);

// The same in two steps, for a writer that writes the file itself: begin
// creates an empty temporary beside path (its name in *temp); commit syncs it
// and renames it into place.  Both return an error message, empty on success;
// on failure the temporary is gone.
std::string begin_atomic_file(const std::string &path, std::string *temp);
std::string commit_atomic_file(const std::string &temp, const std::string &path);

// Removes temporaries that an interrupted run left beside path.
void sweep_stale_temporaries(const std::string &path);

}  // namespace pubpipe
