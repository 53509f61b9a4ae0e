# --shard K/N (docs/cache.md, "Shards"): three shards fill the cache and
# write no book; a plain run then takes every article from the cache and its
# outputs are byte-identical to a --no-cache build.  A shard killed with
# SIGKILL midway and run again still leads to the right book.  Bad --shard
# values and --shard without a cache are command-line errors.
. "$(dirname "$0")/lib.sh"
set -m  # the killed shard runs in its own process group, which the test kills
mkdir -p "$WORK/in"
for i in $(seq 1 12); do
  for f in "$SRC"/samples/articles/*.txt; do cp "$f" "$WORK/in/$i-$(basename "$f")"; done
done
# A text filter that passes every article through; while $WORK/hold exists
# it holds the third article and those after it, so that a shard can be
# killed with some articles stored and others not.
cat >"$WORK/gate.sh" <<SH
n=\$(cat "$WORK/count" 2>/dev/null || echo 0); echo \$((n + 1)) >"$WORK/count"
if [ "\$n" -ge 2 ]; then while [ -e "$WORK/hold" ]; do sleep 0.1; done; fi
exec cat
SH
STAGES="[{plugin: text-cleanup}, {plugin: exec-text, with: {command: [sh, $WORK/gate.sh]}}, {plugin: section-detect}, {plugin: link-normalize, with: {glossary: $SRC/samples/glossary.yaml}}]"
outs() { echo "[{plugin: epub, path: $WORK/$1.epub}, {plugin: docbook, path: $WORK/$1.xml}, {plugin: xsl-fo, path: $WORK/$1.fo}]"; }
pipeline "$WORK/book.yaml" "[$WORK/in/*.txt]" "$STAGES" "$(outs book)"
pipeline "$WORK/clean.yaml" "[$WORK/in/*.txt]" "$STAGES" "$(outs clean)"
run "$PUBPIPE" run "$WORK/clean.yaml" --no-cache; expect_rc 0 "the clean build"
same_as_clean() {
  for ext in epub xml fo; do
    cmp -s "$WORK/book.$ext" "$WORK/clean.$ext" && pass "$1: $ext byte-identical to a clean build" || fail "$1: $ext differs from a clean build"
  done
}
entries() { find "$1" -type f ! -name '.*' ! -path '*/file-digests/*' 2>/dev/null | wc -l; }

# Three shards: together they run every article once, and write no book.
ran=0
for k in 1 2 3; do
  run "$PUBPIPE" run "$WORK/book.yaml" --shard "$k/3" -v -j 2; expect_rc 0 "shard $k/3"
  expect_out "no book is written" "shard $k/3 says it writes no book"
  n=$(sed -n "s|.*shard $k/3: \([0-9]*\) of \([0-9]*\) articles run were stored.*|\1 \2|p" <<<"$out")
  [ -n "$n" ] && [ "${n% *}" = "${n#* }" ] && pass "shard $k/3 stored every article it ran ($n)" || fail "shard $k/3: stored/run '$n': $out"
  ran=$((ran + ${n% *}))
done
[ "$ran" = 24 ] && pass "the three shards ran the 24 articles between them" || fail "the three shards ran $ran articles, not 24"
[ "$(entries "$WORK/.pubpipe-cache")" = 24 ] && pass "the cache holds 24 entries" || fail "the cache holds $(entries "$WORK/.pubpipe-cache") entries"
[ ! -e "$WORK/book.epub" ] && [ ! -e "$WORK/book.xml" ] && [ ! -e "$WORK/book.fo" ] && pass "no shard wrote an output" || fail "a shard wrote an output"
run "$PUBPIPE" run "$WORK/book.yaml" --shard 2/3 -v; expect_rc 0 "shard 2/3 again"
expect_out "0 of 0 articles run were stored" "a shard run again finds its articles in the cache"
run "$PUBPIPE" run "$WORK/book.yaml" -v; expect_rc 0 "the plain run after the shards"
expect_out "24 of 24 articles came from the cache" "the plain run took every article from the cache"
same_as_clean "after three shards"

# A shard killed with SIGKILL midway, with two articles stored.
rm -f "$WORK/count"; touch "$WORK/hold"
"$PUBPIPE" run "$WORK/book.yaml" --shard 1/1 --cache "$WORK/kcache" -j 1 >"$WORK/killed.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  [ "$(cat "$WORK/count" 2>/dev/null || echo 0)" -ge 3 ] && [ "$(entries "$WORK/kcache")" -ge 2 ] && break
  sleep 0.1
done
kill -KILL -- -"$pid"; wait "$pid"; rc=$?
rm -f "$WORK/hold"
[ "$rc" = 137 ] && pass "the shard was killed by SIGKILL" || fail "the shard ended with $rc, not by SIGKILL: $(cat "$WORK/killed.log")"
stored=$(entries "$WORK/kcache")
[ "$stored" -ge 2 ] && [ "$stored" -lt 24 ] && pass "killed midway: $stored of 24 entries stored" || fail "the killed shard left $stored entries"
run "$PUBPIPE" run "$WORK/book.yaml" --shard 1/1 --cache "$WORK/kcache" -v; expect_rc 0 "the killed shard run again"
expect_out "$stored of 24 articles came from the cache" "the rerun keeps what the killed shard stored"
rm -f "$WORK"/book.epub "$WORK"/book.xml "$WORK"/book.fo
run "$PUBPIPE" run "$WORK/book.yaml" --cache "$WORK/kcache" -v; expect_rc 0 "the plain run after the killed shard"
expect_out "24 of 24 articles came from the cache" "the plain run took every article from the cache"
same_as_clean "after a killed shard"

# Command-line errors.
for bad in 0/3 4/3 3 3/ /3 a/b 1/0 -1/3 1/3x 1/70000; do
  run "$PUBPIPE" run "$WORK/book.yaml" --shard "$bad"; expect_rc 2 "--shard $bad"
  expect_out "--shard needs K/N" "--shard $bad says what it takes"
done
run "$PUBPIPE" run "$WORK/book.yaml" --shard; expect_rc 2 "--shard without a value"
run "$PUBPIPE" run "$WORK/book.yaml" --shard 1/2 --no-cache; expect_rc 2 "--shard with --no-cache"
expect_out "--shard fills the article cache, but --no-cache is given" "says why"
run "$PUBPIPE" run "$WORK/book.yaml" --no-cache --shard=1/2; expect_rc 2 "--no-cache before --shard=K/N"
run "$PUBPIPE" run "$WORK/book.yaml" --shard 1/2 --trace "$WORK/trace"; expect_rc 2 "--shard with --trace"
expect_out "--trace turns the cache off" "says why"
sed -i '1a cache: false' "$WORK/book.yaml"
run "$PUBPIPE" run "$WORK/book.yaml" --shard 1/2; expect_rc 2 "--shard with cache: false"
expect_out "the pipeline file says cache: false" "says why"
run "$PUBPIPE" validate "$WORK/book.yaml" --shard 1/2; expect_rc 2 "validate --shard"
expect_out "validate does not take --shard" "says it is an option of run"
finish
