# Hardening (issue 15, items 8 and 9): runs killed at random moments leave no
# temporary behind (SIGTERM, SIGINT: at once; SIGKILL: after the next run),
# and two runs of one pipeline at once do not break each other.
. "$(dirname "$0")/lib.sh"
set -m  # job control: a background run receives SIGINT as a foreground one would
mkdir -p "$WORK/k/in" "$WORK/k/out"
cd "$WORK/k"
for i in $(seq 1 30); do
  for f in "$SRC"/samples/articles/*.txt; do cp "$f" "in/$i-$(basename "$f")"; done
done
cat >p.yaml <<'YAML'
pubpipe: 1
book: {title: Killed, language: en}
inputs: [in/*.txt]
stages: [{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize}]
outputs: [{plugin: epub, path: out/b.epub}, {plugin: docbook, path: out/b.xml}, {plugin: xsl-fo, path: out/b.fo}]
YAML
strays() { find out -name '.*pubpipe-tmp*' | wc -l; }
start=$(date +%s%N)
run "$PUBPIPE" run p.yaml -j 2
expect_rc 0 "the pipeline runs"
took=$(( ($(date +%s%N) - start) / 1000000 ))  # ms
RANDOM=15
for round in 1 2 3 4; do
  for sig in TERM INT KILL; do
    delay=$(( took / 4 + RANDOM % (took * 3 / 4 + 1) ))
    "$PUBPIPE" run p.yaml -j 2 >/dev/null 2>&1 &
    pid=$!
    if [ $((round % 2)) = 1 ]; then
      sleep "$(printf '0.%03d' "$delay")" 2>/dev/null || sleep 1
    else
      # Aimed: the moment this run's temporary exists (the writers' window is
      # short); temporaries carry their owner's pid.
      delay=aimed
      while kill -0 "$pid" 2>/dev/null && ! compgen -G "out/.*pubpipe-tmp-$pid-*" >/dev/null; do sleep 0.002; done
    fi
    kill -s "$sig" "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if [ "$sig" = KILL ]; then
      n=$(strays)
      run "$PUBPIPE" run p.yaml -j 2
      [ "$rc" = 0 ] || fail "the run after SIGKILL: exit $rc: ${out:0:500}"
      [ "$(strays)" = 0 ] && pass "SIGKILL ($delay ms): $n temporaries, none after the next run" ||
        fail "SIGKILL ($delay ms): temporaries left after the next run: $(find out -name '.*pubpipe-tmp*')"
    else
      [ "$(strays)" = 0 ] && pass "SIG$sig ($delay ms): no temporary left" ||
        fail "SIG$sig ($delay ms) left: $(find out -name '.*pubpipe-tmp*')"
    fi
  done
done
[ "$took" -lt 1000 ] && [ "$took" -ge 0 ] && echo "note: a run took only $took ms"

# Two runs at once: neither sweeps the other's temporaries.
for round in 1 2 3; do
  "$PUBPIPE" run p.yaml -j 1 >a.log 2>&1 & a=$!
  sleep 0.$((round * 2))
  "$PUBPIPE" run p.yaml -j 1 >b.log 2>&1 & b=$!
  wait "$a"; ra=$?; wait "$b"; rb=$?
  [ "$ra" = 0 ] && [ "$rb" = 0 ] && pass "two runs at once, round $round: both succeed" ||
    fail "two runs at once, round $round: exits $ra and $rb: $(cat a.log b.log | head -5)"
done
[ "$(strays)" = 0 ] && pass "no temporary left by the concurrent runs" || fail "left: $(find out -name '.*pubpipe-tmp*')"
finish
