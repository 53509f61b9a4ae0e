#!/bin/bash
# run.sh SECONDS [FUZZ_BUILD]: builds the libFuzzer targets with clang into
# FUZZ_BUILD (default build-fuzz) and runs each for SECONDS, starting from
# the seeds in tests/fuzz/corpus.  Fails on any crash, leak, timeout or
# broken property; the input that did it is kept as FUZZ_BUILD/crash-TARGET-*
# (copy it into tests/fuzz/corpus/TARGET, where every `make test` replays it).
# `make fuzz` runs it for ten minutes a target; CTest for a few seconds.
set -uo pipefail
seconds=${1:?seconds per target}
src=$(cd "$(dirname "$0")/../.." && pwd)
out=$(realpath -m "${2:-$src/build-fuzz}")
plugins=${PUBPIPE_PLUGIN_PATH:-$src/build/plugins}
CC=clang CXX=clang++ cmake -S "$src" -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPUBPIPE_FUZZ=ON >"$out.configure.log" 2>&1 ||
  { cat "$out.configure.log"; exit 1; }
cmake --build "$out" -j "$(nproc)" --target fuzz_ingest fuzz_links fuzz_epub fuzz_pipeline fuzz_cache >"$out.build.log" 2>&1 ||
  { tail -40 "$out.build.log"; exit 1; }
status=0
for t in ingest links epub pipeline cache; do
  mkdir -p "$out/corpus/$t"
  echo "== fuzz_$t for $seconds s"
  PUBPIPE_PLUGIN_PATH=$plugins LSAN_OPTIONS=suppressions=$src/tests/lsan.supp \
    "$out/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$out/crash-$t-" "$out/corpus/$t" "$src/tests/fuzz/corpus/$t" >"$out/fuzz_$t.log" 2>&1
  rc=$?
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)" "$out/fuzz_$t.log"
  if [ $rc -ne 0 ]; then
    status=1
    grep -E "^==[0-9]+==|SUMMARY|property broken|Test unit written" "$out/fuzz_$t.log" | head -20
  fi
done
exit $status
