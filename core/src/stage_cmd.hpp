// stage_cmd.hpp: `pubpipe stage` (stage_cmd.cpp) and `pubpipe new-plugin`
// (new_plugin.cpp), the two commands of the SDK for plugin authors.
#pragma once

#include <string>
#include <vector>

namespace pubpipe {

// pubpipe stage PLUGIN [--option k=v]... [--from text|docbook] [--strict] [--expect FILE] FIXTURE
// args are the arguments after "stage".  Returns the exit status.
int stage_command(const std::vector<std::string> &args);

// pubpipe new-plugin NAME --lang c|cpp|python [--dir DIR]
// args are the arguments after "new-plugin".  Returns the exit status.
int new_plugin_command(const std::vector<std::string> &args);

}  // namespace pubpipe
