# pubpipe slurm (docs/scale-out.md): first against a stand-in sbatch that
# records what it is given (the two jobs' options, the script, the
# arguments; its failures), then on a real one-machine Slurm cluster
# (tests/slurm/): 4 shards as a job array and the assembly after them; the
# book is byte-identical to a --no-cache build, again after an entry is
# corrupted; a failing shard cancels the assembly.  The test stops the daemons
# it started, by their pids, and checks that none is left.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/slurm/cluster.sh"
trap 'cluster_stop; [ "$BASHPID" = "$$" ] && rm -rf "$WORK"' EXIT
mkdir -p "$WORK/in" "$WORK/fake"
for i in $(seq 1 12); do
  for f in "$SRC"/samples/articles/*.txt; do cp "$f" "$WORK/in/$i-$(basename "$f")"; done
done
outs() { echo "[{plugin: epub, path: $WORK/$1.epub}, {plugin: docbook, path: $WORK/$1.xml}, {plugin: xsl-fo, path: $WORK/$1.fo}]"; }
pipeline "$WORK/book.yaml" "[$WORK/in/*.txt]" "$ALL_STAGES" "$(outs book)"
pipeline "$WORK/clean.yaml" "[$WORK/in/*.txt]" "$ALL_STAGES" "$(outs clean)"

# The stand-in sbatch: writes its arguments (one a line) and its standard
# input, prints job ids 41, 42, ...; FAKE_SBATCH_FAIL=N makes its N-th call fail.
cat >"$WORK/fake/sbatch" <<SH
#!/bin/sh
n=\$(( \$(cat "$WORK/fake/calls" 2>/dev/null || echo 0) + 1 )); echo \$n >"$WORK/fake/calls"
printf '%s\n' "\$@" >"$WORK/fake/args.\$n"; cat >"$WORK/fake/script.\$n"
if [ "\${FAKE_SBATCH_FAIL:-0}" = \$n ]; then echo "sbatch: error: Batch job submission failed: Invalid partition name specified" >&2; exit 1; fi
echo "sbatch: warning: a warning that is not a job id" >&2
echo \$((40 + n))
SH
chmod +x "$WORK/fake/sbatch"
FAKE="$WORK/fake:$PATH"
run env PATH="$FAKE" SOURCE_DATE_EPOCH= "$PUBPIPE" slurm "$WORK/book.yaml" --shards 4 --partition short --time 10 \
  --cpus-per-task 2 --log-dir "$WORK/logs" --sbatch-arg=--account=books -D book.title=Other -- --strict
expect_rc 0 "slurm with the stand-in sbatch"
expect_out "shards: job 41, tasks 1-4" "prints the job array's id"
expect_out "book: job 42, after job 41 succeeds" "prints the assembly's id"
expect_out "shared file system" "says that the cache must be on a shared file system"
has_arg() { grep -qxF -- "$2" "$WORK/fake/args.$1" && pass "sbatch call $1 has $2" || fail "sbatch call $1 lacks '$2': $(cat "$WORK/fake/args.$1")"; }
for a in --parsable --array=1-4 --partition=short --time=10 --cpus-per-task=2 --account=books /dev/stdin "$PUBPIPE" \
  "$WORK/book.yaml" --cache "$WORK/.pubpipe-cache" book.title=Other --strict "--output=$WORK/logs/pubpipe-book-%A_%a.out"; do
  has_arg 1 "$a"
done
grep -qx -- '--export=ALL,SOURCE_DATE_EPOCH=[0-9]*' "$WORK/fake/args.1" && pass "without SOURCE_DATE_EPOCH every job gets the submission's time" ||
  fail "no --export of SOURCE_DATE_EPOCH: $(cat "$WORK/fake/args.1")"
[ "$(sed -n '/^\/dev\/stdin$/{n;n;p}' "$WORK/fake/args.1")" = 4 ] && pass "the array's script is told the number of shards" || fail "the shard count does not follow the program"
for a in --dependency=afterok:41 --kill-on-invalid-dep=yes "--output=$WORK/logs/pubpipe-book-%j.out"; do has_arg 2 "$a"; done
[ "$(sed -n '/^\/dev\/stdin$/{n;n;p}' "$WORK/fake/args.2")" = 0 ] && pass "the assembly's script is told it assembles" || fail "the assembly's script is not given 0"
grep -q -- '--array' "$WORK/fake/args.2" && fail "the assembly is an array job" || pass "the assembly is one job"
head -1 "$WORK/fake/script.1" | grep -qx '#!/bin/sh' && grep -q 'SLURM_ARRAY_TASK_ID' "$WORK/fake/script.1" &&
  pass "sbatch is given the job script on its standard input" || fail "the script: $(cat "$WORK/fake/script.1")"
[ -d "$WORK/logs" ] && pass "--log-dir is made" || fail "--log-dir was not made"
# The script itself, run as Slurm would run task 3 of 4, with a stand-in pubpipe.
printf '#!/bin/sh\nprintf "%%s\\n" "$@"\n' >"$WORK/fake/echo-args"; chmod +x "$WORK/fake/echo-args"
run env SLURM_ARRAY_TASK_ID=3 SLURM_CPUS_PER_TASK=2 sh "$WORK/fake/script.1" "$WORK/fake/echo-args" 4 "$WORK/my book.yaml" --cache "$WORK/c"
[ "$out" = "$(printf '%s\n' run -j 2 --shard 3/4 "$WORK/my book.yaml" --cache "$WORK/c")" ] &&
  pass "the job script runs pubpipe run -j CPUS --shard K/N with the arguments unsplit" || fail "the job script ran: $out"

rm -f "$WORK/fake/calls"
run env PATH="$FAKE" FAKE_SBATCH_FAIL=1 "$PUBPIPE" slurm "$WORK/book.yaml" --shards 2; expect_rc 1 "sbatch fails for the array"
expect_out "Invalid partition name specified" "sbatch's message is passed on"
expect_out "nothing was submitted" "says nothing was submitted"
rm -f "$WORK/fake/calls"
run env PATH="$FAKE" FAKE_SBATCH_FAIL=2 "$PUBPIPE" slurm "$WORK/book.yaml" --shards 2; expect_rc 1 "sbatch fails for the assembly"
expect_out "shards: job 41" "the array's id is still printed"
expect_out "scancel 41" "says how to cancel the shards"

# Command-line and pipeline errors submit nothing.
rm -f "$WORK/fake/calls"
for bad in 0 -1 65537 x 2x ""; do
  run env PATH="$FAKE" "$PUBPIPE" slurm "$WORK/book.yaml" --shards "$bad"; expect_rc 2 "--shards '$bad'"
  expect_out "--shards needs a number of shards from 1 to 65536" "--shards '$bad' says what it takes"
done
run env PATH="$FAKE" "$PUBPIPE" slurm "$WORK/book.yaml"; expect_rc 2 "no --shards"
run "$PUBPIPE" slurm --help; expect_rc 0 "slurm --help"
expect_out "--shards N" "slurm --help shows the options"
run env PATH="$FAKE" "$PUBPIPE" slurm "$WORK/book.yaml" --shards 2 -- --no-cache; expect_rc 2 "--no-cache among run's options"
run env PATH="$FAKE" "$PUBPIPE" slurm "$WORK/book.yaml" --shards 2 --bogus; expect_rc 2 "an unknown option"
expect_out "unknown option '--bogus'" "names the unknown option"
printf 'pubpipe: 1\ninputs: [nothing-here/*.txt]\nstages: [{plugin: no-such-plugin}]\n' >"$WORK/broken.yaml"
run env PATH="$FAKE" "$PUBPIPE" slurm "$WORK/broken.yaml" --shards 2; expect_rc 2 "a wrong pipeline file"
expect_out "broken.yaml" "names the pipeline file"
sed '1a cache: false' "$WORK/book.yaml" >"$WORK/nocache.yaml"
run env PATH="$FAKE" "$PUBPIPE" slurm "$WORK/nocache.yaml" --shards 2; expect_rc 2 "cache: false"
expect_out "turns the cache off" "says why"
[ ! -e "$WORK/fake/calls" ] && pass "no wrong command line reached sbatch" || fail "sbatch was called $(cat "$WORK/fake/calls") times"
run env PATH="$WORK/nowhere" "$PUBPIPE" slurm "$WORK/book.yaml" --shards 2; expect_rc 2 "no sbatch on PATH"
expect_out "sbatch is not on PATH" "says sbatch is missing"

# The real cluster.  It needs root (slurmd starts the jobs as their user)
# and the Debian packages; CI runs as root on Debian 12, so their lack is a
# failure, not a skip.
if [ "$(id -u)" != 0 ]; then fail "the Slurm cluster needs root (slurmd runs the jobs as their user); run as root"; finish; fi
for p in munged mungekey slurmctld slurmd sbatch sinfo scontrol; do
  command -v "$p" >/dev/null || { fail "$p is missing: apt-get install slurm-wlm munge (make test installs them)"; finish; }
done
if ! cluster_start "$WORK/cluster"; then fail "the Slurm cluster did not start"; finish; fi
pass "a private Slurm cluster is up (pids ${CLUSTER_PIDS[*]})"
# The states of a job's tasks, sorted and unique ("COMPLETED ").
state() { timeout 10 scontrol show job -o "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | sort -u | tr '\n' ' '; }
# wait_job ID: sets $final to the job's state once it has ended; 5 minutes
# at most (on this machine a book takes seconds).
wait_job() {
  final=""
  local until=$((SECONDS + 300)) s
  while [ "$SECONDS" -lt "$until" ]; do
    s=$(state "$1")
    case "$s" in COMPLETED*|FAILED*|CANCELLED*|TIMEOUT*|NODE_FAIL*|OUT_OF_MEMORY*) final=$s; return ;; esac
    sleep 0.5
  done
}
# job_ids: $array and $book from pubpipe slurm's output.
job_ids() {
  array=$(sed -n 's/^shards: job \([0-9]*\),.*/\1/p' <<<"$out")
  book=$(sed -n 's/^book: job \([0-9]*\),.*/\1/p' <<<"$out")
  [ -n "$array" ] && [ -n "$book" ] && pass "job ids: array $array, book $book" || fail "no job ids in: $out"
}
same_as_clean() {
  for ext in epub xml fo; do
    cmp -s "$WORK/book.$ext" "$WORK/clean.$ext" && pass "$1: the $ext is byte-identical to the one-machine build" ||
      fail "$1: the $ext differs from the one-machine build"
  done
}
run "$PUBPIPE" run "$WORK/clean.yaml" --no-cache; expect_rc 0 "the one-machine --no-cache build"
run "$PUBPIPE" slurm "$WORK/book.yaml" --shards 4 --log-dir "$WORK/logs" -v; expect_rc 0 "pubpipe slurm on the cluster"
job_ids
wait_job "$book"
[ "$final" = "COMPLETED " ] && pass "the assembly job completed" || fail "the assembly job is '${final:-$(state "$book")}' (the array: $(state "$array"))"
[ "$(state "$array")" = "COMPLETED " ] && pass "every task of the array completed" || fail "the array's tasks: $(state "$array")"
[ "$(ls "$WORK/logs" | grep -c -- '-[0-9]*_[1-4]\.out$')" = 4 ] && pass "four shard logs" || fail "shard logs: $(ls "$WORK/logs")"
grep -h "articles run were stored" "$WORK"/logs/*_*.out | sed 's/^/  /'
grep -q "24 of 24 articles came from the cache" "$WORK/logs/pubpipe-book-$book.out" && pass "the assembly took every article from the cache" ||
  fail "the assembly's log: $(cat "$WORK/logs/pubpipe-book-$book.out" 2>&1)"
same_as_clean "Slurm, 4 shards"

# A corrupted entry: the shards of a second submission warn about it and
# recompute it, the others come from the cache, and the book is the same.
mapfile -t entries < <(find "$WORK/.pubpipe-cache" -type f ! -name '.*' | sort)
printf 'X' | dd of="${entries[0]}" bs=1 seek=200 conv=notrunc status=none
rm -f "$WORK"/book.epub "$WORK"/book.xml "$WORK"/book.fo
run "$PUBPIPE" slurm "$WORK/book.yaml" --shards 4 --log-dir "$WORK/logs2" -v; expect_rc 0 "pubpipe slurm after an entry was corrupted"
job_ids
wait_job "$book"
[ "$final" = "COMPLETED " ] && pass "the second assembly completed" || fail "the second assembly is '$final'"
grep -q "its checksum does not match" "$WORK"/logs2/*_*.out && pass "a shard found the corrupted entry" || fail "no shard reported the corrupted entry"
[ "$(cat "$WORK"/logs2/*_*.out | sed -n 's/.*shard [0-9]\/4: \([0-9]*\) of .*/\1/p' | awk '{n += $1} END {print n}')" = 1 ] &&
  pass "the shards recomputed the one corrupted article only" || fail "the shards ran: $(grep -h 'articles run' "$WORK"/logs2/*_*.out)"
same_as_clean "Slurm, after a corrupted entry"

# A failing shard (an input over --max-input-mb): its task fails, Slurm
# cancels the assembly, and no book is written.
mkdir -p "$WORK/big" && head -c 2200000 /dev/zero | tr '\0' a >"$WORK/big/big.txt"
pipeline "$WORK/fail.yaml" "[$WORK/in/*.txt, $WORK/big/*.txt]" "$ALL_STAGES" "$(outs fail)"
run "$PUBPIPE" slurm "$WORK/fail.yaml" --shards 2 --cache "$WORK/fail-cache" --log-dir "$WORK/logs3" -- --max-input-mb 1
expect_rc 0 "pubpipe slurm with an input that will fail"
job_ids
wait_job "$book"
[ "$final" = "CANCELLED " ] && pass "a failed shard cancels the assembly" || fail "the assembly after a failed shard is '$final'"
grep -q "FAILED" <<<"$(state "$array")" && pass "the shard with the big input failed" || fail "the array's tasks: $(state "$array")"
grep -q "over the limit of 1 MiB" "$WORK"/logs3/*_*.out && pass "its log says why" || fail "no task log says why"
[ ! -e "$WORK/fail.epub" ] && pass "no book was written" || fail "a book was written after a failed shard"
[ "$failures" = 0 ] || { cluster_logs; for f in "$WORK"/logs*/*; do echo "--- $f" >&2; cat "$f" >&2; done; }

pids=("${CLUSTER_PIDS[@]}")
cluster_stop
CLUSTER_PIDS=()
left=""
for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left="$left $pid"; done
[ -z "$left" ] && pass "the daemons it started (${pids[*]}) are stopped" || fail "still running:$left"
[ -z "$(cluster_steps)" ] && pass "no job step (slurmstepd) is left" || fail "job steps left: $(cluster_steps)"
finish
