# pubpipe watch: a change to an input rebuilds the book; a broken pipeline
# file keeps the last good book and names the place of the error; SIGTERM
# ends it.  The test stops the watcher it started, by its pid.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
mkdir -p articles && cp "$SRC/samples/articles/south-korea-foreign-affairs.txt" articles/a.txt
pipeline book.yaml "[articles/*.txt]" "[{plugin: text-cleanup}, {plugin: section-detect}]" "[{plugin: epub, path: out/book.epub, create_folder: true}]"
cp book.yaml good.yaml
watcher=
trap '[ -n "$watcher" ] && kill "$watcher" 2>/dev/null; rm -rf "$WORK"' EXIT
"$PUBPIPE" watch book.yaml >watch.log 2>&1 &
watcher=$!
# wait_for TEXT: until watch.log has TEXT (at most 120 s, then a failure).
wait_for() {
  for _ in $(seq 1 1200); do grep -qF -- "$1" watch.log && return 0; sleep 0.1; done
  fail "watch.log never showed '$1': $(tail -20 watch.log)"; return 1
}
wait_for "build 1: done" && pass "the first build ran"
sed -i '1s/.*/A Title Changed While Watching/' articles/a.txt
wait_for "build 2: done" && pass "a changed input was rebuilt"
if unzip -p out/book.epub | grep -q "A Title Changed While Watching"; then pass "the rebuilt EPUB has the change"; else fail "the EPUB lacks the change"; fi
before=$(md5sum <out/book.epub)
printf 'pubpipe: 1\nbook: {title: [unclosed\n' >book.yaml
wait_for "build 3: pipeline error" && pass "a broken pipeline file is reported"
out=$(cat watch.log); expect_out "book.yaml:3:1: error:" "the error names file:line:column"
expect_out "the last good book stays" "it says the last good book stays"
if [ "$(md5sum <out/book.epub)" = "$before" ]; then pass "the last good book is kept"; else fail "the EPUB changed after a broken pipeline"; fi
cp good.yaml book.yaml
wait_for "build 4: done" && pass "a mended pipeline file is built again"
kill -TERM "$watcher"; wait "$watcher"; rc=$?
if kill -0 "$watcher" 2>/dev/null; then fail "watch still runs after SIGTERM"; else pass "SIGTERM ends watch (status $rc)"; fi
watcher=
if ls -a out | grep -v '^book.epub$' | grep -qv '^\.\.\?$'; then fail "leftovers in out/: $(ls -a out)"; else pass "no temporary left in out/"; fi
# Each build takes its own time, as `pubpipe run` does: with
# SOURCE_DATE_EPOCH every build has it; without, a rebuild is stamped with
# its own time, not the session's start.
modified() { date -d "$(unzip -p out/book.epub '*.opf' | sed -n 's|.*dcterms:modified">\([^<]*\)<.*|\1|p')" +%s; }
[ "$(modified)" = "$SOURCE_DATE_EPOCH" ] && pass "with SOURCE_DATE_EPOCH, build 4 has its time" || fail "build 4 is stamped $(modified), not $SOURCE_DATE_EPOCH"
rm -f out/book.epub
env -u SOURCE_DATE_EPOCH "$PUBPIPE" watch book.yaml >watch.log 2>&1 &
watcher=$!
wait_for "build 1: done" && pass "a watch without SOURCE_DATE_EPOCH built"
first=$(modified)
# The clock passes the first build's second before the edit (a wait for the
# clock, not a timed assertion).
while [ "$(date +%s)" -le "$first" ]; do sleep 0.1; done
edited=$(date +%s)
sed -i '1s/.*/A Title Changed Later/' articles/a.txt
wait_for "build 2: done"
second=$(modified)
[ "$second" -ge "$edited" ] && pass "build 2 is stamped with its own time ($second, the edit at $edited; build 1: $first)" ||
  fail "build 2 is stamped $second, before its edit at $edited (build 1: $first)"
kill -TERM "$watcher"; wait "$watcher"
watcher=
finish
