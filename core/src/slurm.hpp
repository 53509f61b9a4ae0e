// slurm.hpp: `pubpipe slurm BOOK.yaml --shards N` (docs/scale-out.md): the
// book's shards as one Slurm job array, and its assembly as a job that runs
// when every shard has succeeded.
#pragma once

#include <string>
#include <vector>

namespace pubpipe {

// `pubpipe slurm ...`; args are those after `slurm`.  Submits the two jobs
// with sbatch and prints their ids.  Returns the exit status: 0 both jobs
// submitted, 1 sbatch failed (its message is printed), 2 a wrong command
// line or pipeline file, or no sbatch on PATH.
int slurm_command(const std::vector<std::string> &args);

}  // namespace pubpipe
