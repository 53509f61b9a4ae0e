# Several runs fill one cache folder at once (docs/cache.md: entries appear
# by atomic rename): two `--shard 1/1` runs (the same entries written twice
# at the same time), the shards 1/2 and 2/2, and a plain run, all started
# together in the background on the same pipeline and cache.  Afterwards
# every entry is sound (`pubpipe cache prune` removes none, no temporary is
# left), a plain run takes every article from the cache, and its outputs
# are byte-identical to a --no-cache build.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK/in"
for i in $(seq 1 12); do
  for f in "$SRC"/samples/articles/*.txt; do cp "$f" "$WORK/in/$i-$(basename "$f")"; done
done
# A text filter that passes every article through; while $WORK/hold exists
# it holds each article, so that the five runs below are all inside their
# document phase before any of them stores an entry (a handshake: the test
# lets them go when all five have arrived).
cat >"$WORK/gate.sh" <<SH
echo "\$PUBPIPE_SOURCE" >>"$WORK/arrived"
while [ -e "$WORK/hold" ]; do sleep 0.05; done
exec cat
SH
STAGES="[{plugin: text-cleanup}, {plugin: exec-text, with: {command: [sh, $WORK/gate.sh]}}, {plugin: section-detect}, {plugin: link-normalize, with: {glossary: $SRC/samples/glossary.yaml}}]"
outs() { echo "[{plugin: epub, path: $WORK/$1.epub}, {plugin: docbook, path: $WORK/$1.xml}, {plugin: xsl-fo, path: $WORK/$1.fo}]"; }
pipeline "$WORK/book.yaml" "[$WORK/in/*.txt]" "$STAGES" "$(outs book)"
pipeline "$WORK/clean.yaml" "[$WORK/in/*.txt]" "$STAGES" "$(outs clean)"
CACHE=$WORK/shared-cache
run "$PUBPIPE" run "$WORK/clean.yaml" --no-cache; expect_rc 0 "the --no-cache build"


pids=() names=()
start() { "$PUBPIPE" run "$WORK/book.yaml" --cache "$CACHE" -j 1 "$@" >"$WORK/log.${#pids[@]}" 2>&1 & pids+=($!) names+=("run ${*:-(plain)}"); }
: >"$WORK/arrived"; touch "$WORK/hold"
start --shard 1/1
start --shard 1/1
start --shard 1/2
start --shard 2/2
start
# Each run (-j 1) holds one article at the gate: five lines, five runs at once.
for _ in $(seq 1 1200); do [ "$(wc -l <"$WORK/arrived")" -ge 5 ] && break; sleep 0.05; done
[ "$(wc -l <"$WORK/arrived")" -ge 5 ] && pass "the five runs were all running at once before any stored an entry" ||
  fail "only $(wc -l <"$WORK/arrived") runs reached the gate"
stored=$(find "$CACHE" -type f ! -path '*/file-digests/*' 2>/dev/null | wc -l)  # the digests of files are recorded before
[ "$stored" = 0 ] && pass "and the cache held no entry then" || fail "$stored files in the cache before the gate opened"
rm -f "$WORK/hold"
for k in "${!pids[@]}"; do
  wait "${pids[$k]}"; rc=$?
  [ "$rc" = 0 ] && pass "${names[$k]} at the same time as the others (exit 0)" || fail "${names[$k]}: exit $rc: $(cat "$WORK/log.$k")"
done

entries=$(find "$CACHE" -type f -regextype posix-extended -regex '.*/[0-9a-f]{2}/[0-9a-f]{64}' | wc -l)
[ "$entries" = 24 ] && pass "the cache holds one entry per article (24)" || fail "the cache holds $entries entries, not 24"
left=$(find "$CACHE" -type f ! -path '*/last-build/*' ! -path '*/file-digests/[!.]*' ! -regextype posix-extended ! -regex '.*/[0-9a-f]{2}/[0-9a-f]{64}' | wc -l)
[ "$left" = 0 ] && pass "no writer left a temporary behind" || fail "$left files besides the entries: $(find "$CACHE" -type f | head)"
run "$PUBPIPE" cache stats --cache "$CACHE"; expect_rc 0 "cache stats"
expect_out "entries: 24" "stats counts 24 entries"
expect_no_out "other files" "and nothing else"
run "$PUBPIPE" cache prune --cache "$CACHE"; expect_rc 0 "cache prune"
expect_out "removed 0 unusable entries" "no entry is damaged, truncated or foreign"
run "$PUBPIPE" run "$WORK/book.yaml" --cache "$CACHE" -v; expect_rc 0 "a plain run after the concurrent ones"
expect_out "24 of 24 articles came from the cache" "it takes every article from the cache"
expect_no_out "warning" "with no warning about an entry"
for ext in epub xml fo; do
  cmp -s "$WORK/book.$ext" "$WORK/clean.$ext" && pass "$ext byte-identical to --no-cache" || fail "$ext differs from --no-cache"
done
finish
