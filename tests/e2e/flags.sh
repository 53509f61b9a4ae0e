# The descriptor flags of ABI 1.3 (docs/plugin-guide.md, "Flags"):
# PP_PLUGIN_BOOK_ALONE runs a writer's book stage with no other book stage
# beside it, while the writers without it still run at once (shown by the
# test writer book-probe's handshake log, not by timing); a plugin that is
# PP_PLUGIN_NOT_CACHEABLE, or an entry with `cacheable: false` (exec), runs
# for every article on every run while the stages before it come from the
# cache, the outputs byte-identical to --no-cache; a 1.2 plugin still loads;
# a flag bit this pubpipe does not know is refused; `pubpipe plugins` shows
# the flags.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK/in"
cp "$SRC"/tests/data/articles/*.txt "$WORK/in/"
N=$(ls "$WORK"/in/*.txt | wc -l)
INPUTS="[$WORK/in/*.txt]"
lines() { if [ -e "$1" ]; then wc -l <"$1"; else echo 0; fi; }

# --- PP_PLUGIN_BOOK_ALONE -------------------------------------------------
# Five writers, -j 5: p1 p2 A p3 p4.  Each waits (up to wait_ms) until it
# has seen `expect` probes running at once (itself included).
probe() { echo "{plugin: $1, path: $WORK/$2.txt, with: {probe: $3, label: $2, wait_ms: $4, expect: $5}}"; }
probes() {  # $1: the plugin of A, $2: the probe folder, $3: A's wait_ms, $4: how many each waits for
  echo "[$(probe book-probe p1 "$2" 60000 "$4"), $(probe book-probe p2 "$2" 60000 "$4"), $(probe "$1" A "$2" "$3" "$4"),"\
       "$(probe book-probe p3 "$2" 60000 "$4"), $(probe book-probe p4 "$2" 60000 "$4")]"
}
mkdir -p "$WORK/alone" "$WORK/shared"
pipeline "$WORK/alone.yaml" "$INPUTS" "[{plugin: text-cleanup}, {plugin: section-detect}]" "$(probes book-probe-alone "$WORK/alone" 1500 2)"
run "$PUBPIPE" run "$WORK/alone.yaml" -j 5; expect_rc 0 "five writers, A with PP_PLUGIN_BOOK_ALONE"
log=$(cat "$WORK/alone/log" 2>/dev/null)
[ "$(grep -c '^start' <<<"$log")" = 5 ] && [ "$(grep -c '^end' <<<"$log")" = 5 ] && pass "every probe logged its start and end" ||
  fail "the probes' log: $log"
grep -qx 'start A with:' <<<"$log" && pass "no book stage was running when A started" || fail "A started beside others: $log"
grep -E '^start .* with:.* A( |$)' <<<"$log" && fail "a book stage started while A ran: $log" || pass "no book stage started while A ran"
grep -qE '^start p(1 with: p2|2 with: p1)$' <<<"$log" && pass "p1 and p2 (no flag) ran at once" || fail "p1 and p2 did not overlap: $log"
grep -qE '^start p(3 with: p4|4 with: p3)$' <<<"$log" && pass "p3 and p4 (no flag) ran at once" || fail "p3 and p4 did not overlap: $log"
order=$(grep -oE '^(start|end) [A-Za-z0-9]+' <<<"$log" | tr '\n' ' ')
[[ "$order" =~ ^((start|end)\ p[12]\ ){4}start\ A\ end\ A\ ((start|end)\ p[34]\ ){4}$ ]] &&
  pass "the writers before A finished before it, those after it started after it ($order)" || fail "order: $order"
for k in p1 p2 A p3 p4; do grep -q "book-probe $k: $N articles" "$WORK/$k.txt" || fail "$k wrote no output"; done
# The same pipeline with A without the flag: all five run at once (each
# waits until it has seen the five active together).
pipeline "$WORK/shared.yaml" "$INPUTS" "[{plugin: text-cleanup}, {plugin: section-detect}]" "$(probes book-probe "$WORK/shared" 60000 5)"
run "$PUBPIPE" run "$WORK/shared.yaml" -j 5; expect_rc 0 "five writers, none with the flag"
log=$(cat "$WORK/shared/log" 2>/dev/null)
{ grep -qE '^start A with: .+' <<<"$log" || grep -qE '^start .* with:.* A( |$)' <<<"$log"; } &&
  pass "without the flag A ran beside other book stages" || fail "A did not overlap without the flag: $log"
grep -qE '^start [A-Za-z0-9]+ with:( [A-Za-z0-9]+){4}$' <<<"$log" && pass "the five writers were running at once" || fail "not all five at once: $log"

# --- PP_PLUGIN_NOT_CACHEABLE ----------------------------------------------
# count-calls[-uncacheable] appends each document to $PUBPIPE_TEST_COUNT and
# puts $PUBPIPE_TEST_STAMP into the article.
export PUBPIPE_TEST_COUNT PUBPIPE_TEST_STAMP
outs() { echo "[{plugin: epub, path: $WORK/$1.epub}, {plugin: docbook, path: $WORK/$1.xml}, {plugin: xsl-fo, path: $WORK/$1.fo}]"; }
stages() { echo "[{plugin: text-cleanup}, {plugin: section-detect}, $1, {plugin: link-normalize, with: {glossary: $SRC/samples/glossary.yaml}}]"; }
same_as_clean() {  # $1: the pipeline's name, $2: the middle stage, $3: what
  pipeline "$WORK/clean.yaml" "$INPUTS" "$(stages "$2")" "$(outs clean)"
  local before; before=$(lines "$PUBPIPE_TEST_COUNT")
  run "$PUBPIPE" run "$WORK/clean.yaml" --no-cache; expect_rc 0 "$3: the --no-cache build"
  PUBPIPE_TEST_COUNT_CLEAN=$(( $(lines "$PUBPIPE_TEST_COUNT") - before ))
  for ext in epub xml fo; do
    cmp -s "$WORK/$1.$ext" "$WORK/clean.$ext" && pass "$3: $ext byte-identical to --no-cache" || fail "$3: $ext differs from --no-cache"
  done
}
PUBPIPE_TEST_COUNT=$WORK/u-count PUBPIPE_TEST_STAMP="stamp one"
pipeline "$WORK/u.yaml" "$INPUTS" "$(stages "{plugin: count-calls-uncacheable}")" "$(outs u)"
run "$PUBPIPE" run "$WORK/u.yaml" -v --cache "$WORK/u-cache"; expect_rc 0 "not cacheable: the first build"
expect_out "0 of $N articles came from the cache" "the first build finds the cache empty"
[ "$(lines "$WORK/u-count")" = "$N" ] && pass "the stage ran for the $N articles" || fail "the stage ran $(lines "$WORK/u-count") times, not $N"
run "$PUBPIPE" run "$WORK/u.yaml" -v --cache "$WORK/u-cache"; expect_rc 0 "not cacheable: the second build"
expect_out "$N of $N articles came from the cache" "the second build takes the stages before it from the cache"
expect_out "count-calls-uncacheable/count: not cacheable: this stage and the 4 document stages after it run for every article" \
  "it says which stage and how many after it run (link-normalize and the three writers' document stages)"
[ "$(lines "$WORK/u-count")" = $((2 * N)) ] && pass "the second build ran the stage for every article again" ||
  fail "after two builds the stage ran $(lines "$WORK/u-count") times, not $((2 * N))"
grep -q "stamp one" "$WORK/u.xml" && pass "the stage's result is in the book" || fail "the stamp is not in the book"
same_as_clean u "{plugin: count-calls-uncacheable}" "not cacheable, second build"
PUBPIPE_TEST_STAMP="stamp two"
run "$PUBPIPE" run "$WORK/u.yaml" -v --cache "$WORK/u-cache"; expect_rc 0 "not cacheable: what it reads changed"
expect_out "$N of $N articles came from the cache" "the stages before it still come from the cache"
grep -q "stamp two" "$WORK/u.xml" && ! grep -q "stamp one" "$WORK/u.xml" && pass "the book has what the stage read this time" ||
  fail "the book kept a stale stamp"
same_as_clean u "{plugin: count-calls-uncacheable}" "not cacheable, changed stamp"
[ "$PUBPIPE_TEST_COUNT_CLEAN" = "$N" ] && pass "--no-cache ran it $N times" || fail "--no-cache ran it $PUBPIPE_TEST_COUNT_CLEAN times"
# The same stage without the flag is taken from the cache, stamp and all.
PUBPIPE_TEST_COUNT=$WORK/c-count PUBPIPE_TEST_STAMP="stamp one"
pipeline "$WORK/c.yaml" "$INPUTS" "$(stages "{plugin: count-calls}")" "$(outs c)"
run "$PUBPIPE" run "$WORK/c.yaml" -v --cache "$WORK/c-cache"; expect_rc 0 "cacheable: the first build"
run "$PUBPIPE" run "$WORK/c.yaml" -v --cache "$WORK/c-cache"; expect_rc 0 "cacheable: the second build"
expect_out "$N of $N articles came from the cache" "the second build takes every article from the cache"
expect_no_out "not cacheable" "and runs no stage"
[ "$(lines "$WORK/c-count")" = "$N" ] && pass "the cacheable stage ran $N times in two builds" || fail "it ran $(lines "$WORK/c-count") times"
same_as_clean c "{plugin: count-calls}" "cacheable, second build"
unset PUBPIPE_TEST_STAMP

# --- cacheable: false (an exec filter) ---------------------------------------
cat >"$WORK/count.sh" <<SH
echo x >>"$WORK/exec-count"
exec cat
SH
for c in false true; do
  rm -f "$WORK/exec-count"
  EXEC="{plugin: exec, cacheable: $c, with: {command: [sh, $WORK/count.sh]}}"
  pipeline "$WORK/e.yaml" "$INPUTS" "$(stages "$EXEC")" "$(outs e)"
  run "$PUBPIPE" run "$WORK/e.yaml" --cache "$WORK/e-cache-$c"; expect_rc 0 "exec, cacheable: $c, first build"
  run "$PUBPIPE" run "$WORK/e.yaml" -v --cache "$WORK/e-cache-$c"; expect_rc 0 "exec, cacheable: $c, second build"
  expect_out "$N of $N articles came from the cache" "cacheable: $c: the second build uses the cache"
  want=$([ $c = false ] && echo $((2 * N)) || echo "$N")
  [ "$(lines "$WORK/exec-count")" = "$want" ] && pass "exec with cacheable: $c ran $want times in two builds" ||
    fail "exec with cacheable: $c ran $(lines "$WORK/exec-count") times, not $want"
  same_as_clean e "$EXEC" "exec, cacheable: $c"
done

# --- a stage that is not cacheable in the text phase ------------------------
TEXT_STAGES="[{plugin: text-cleanup}, {plugin: exec-text, cacheable: false, with: {command: [cat]}}, {plugin: section-detect}]"
pipeline "$WORK/t.yaml" "$INPUTS" "$TEXT_STAGES" "[{plugin: docbook, path: $WORK/t.xml}]"
run "$PUBPIPE" run "$WORK/t.yaml" -v --cache "$WORK/t-cache"; expect_rc 0 "not cacheable in the text phase"
expect_out "stage 'run' of plugin 'exec-text' is not cacheable and runs before any stage builds the tree" "says why nothing is cached"
[ ! -e "$WORK/t-cache" ] && pass "and stores nothing" || fail "a cache was written"
run "$PUBPIPE" run "$WORK/t.yaml" --shard 1/2 --cache "$WORK/t-cache"; expect_rc 2 "--shard with nothing cacheable"
expect_out "--shard fills the article cache, but stage 'run' of plugin 'exec-text' is not cacheable" "says why"

# --- the pipeline file ------------------------------------------------------
cat >"$WORK/bad.yaml" <<YAML
pubpipe: 1
book: {title: T}
inputs: [$WORK/in/*.txt]
plugin_path: [$TEST_PLUGINS]
stages:
  - {plugin: text-cleanup, cacheable: maybe}
  - plugin: section-detect
  - {plugin: count-calls-uncacheable, cacheable: true}
outputs: [{plugin: docbook, path: $WORK/bad.xml}]
YAML
run "$PUBPIPE" validate "$WORK/bad.yaml"; expect_rc 2 "bad cacheable: values"
expect_out "bad.yaml:6:39: error: cacheable: expected true or false" "a value that is no boolean, at its place"
expect_out "bad.yaml:8:50: error: plugin 'count-calls-uncacheable' declares itself not cacheable (PP_PLUGIN_NOT_CACHEABLE); cacheable: true cannot change that" \
  "cacheable: true on a plugin that is not cacheable"

# --- pubpipe plugins shows them --------------------------------------------
run env PUBPIPE_PLUGIN_PATH="$TEST_PLUGINS" "$PUBPIPE" plugins book-probe-alone; expect_rc 0 "pubpipe plugins book-probe-alone"
expect_out "flags: book stage runs alone" "a plugin's BOOK_ALONE flag is shown"
run env PUBPIPE_PLUGIN_PATH="$TEST_PLUGINS" "$PUBPIPE" plugins count-calls-uncacheable --markdown; expect_rc 0 "pubpipe plugins --markdown"
expect_out "Flags: not cacheable." "NOT_CACHEABLE is shown in the Markdown reference"
run "$PUBPIPE" plugins epub; expect_out "flags: none" "a plugin with no flag says so"

# --- ABI ------------------------------------------------------------------
pipeline "$WORK/v12.yaml" "$INPUTS" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: abi-minor-2}]" "[{plugin: docbook, path: $WORK/v12.xml}]"
run "$PUBPIPE" run "$WORK/v12.yaml" -v; expect_rc 0 "a plugin built for 1.2 (its descriptor ends before flags) loads and runs"
grep -q "<remark>abi-minor-2</remark>" "$WORK/v12.xml" && pass "its stage ran" || fail "the 1.2 plugin's stage did not run"
run "$PUBPIPE" run "$WORK/v12.yaml" -v; expect_out "$N of $N articles came from the cache" "a 1.2 plugin has no flags: it is cacheable"
pipeline "$WORK/uf.yaml" "$INPUTS" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: abi-unknown-flag}]" "[{plugin: docbook, path: $WORK/uf.xml}]"
run "$PUBPIPE" validate "$WORK/uf.yaml"; expect_rc 2 "a flag bit this pubpipe does not know"
expect_out "abi-unknown-flag.so: the descriptor's flags have bits this pubpipe does not know (0x80)" "is refused naming the file and the bits"
finish
