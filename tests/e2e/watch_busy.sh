# pubpipe watch --sandbox: an article edited while a build runs is in the
# next build.  The build is held by an exec-text filter that, while the file
# `hold` exists, creates `running` and waits for `go` (a handshake with the
# test, no timing).  Then --sandbox refusing a path of an edited pipeline.
# The test stops the watcher it started, by its pid.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
mkdir -p articles out && cp "$SRC/samples/articles/south-korea-foreign-affairs.txt" articles/a.txt
cat >hold.sh <<SH
if [ -e "$WORK/hold" ]; then
  : >"$WORK/running"
  while [ ! -e "$WORK/go" ]; do sleep 0.05; done
  rm -f "$WORK/hold" "$WORK/go"
fi
exec cat
SH
book() {  # book OUTPUT-PATH
  cat >book.yaml <<YAML
pubpipe: 1
book: {title: Busy Book, language: en}
inputs: [articles/*.txt]
sandbox: {allow_programs: [sh]}
stages: [{plugin: text-cleanup}, {plugin: exec-text, with: {command: [sh, hold.sh]}}, {plugin: section-detect}]
outputs: [{plugin: epub, path: $1}]
YAML
}
book out/book.epub
outside=/tmp/pubpipe-watch-busy-$$.epub
watcher=
trap '[ -n "$watcher" ] && kill "$watcher" 2>/dev/null; rm -rf "$WORK"' EXIT
"$PUBPIPE" watch book.yaml --sandbox >watch.log 2>&1 &
watcher=$!
# wait_for TEXT: until watch.log has TEXT (at most 120 s, then a failure).
wait_for() {
  for _ in $(seq 1 1200); do grep -qF -- "$1" watch.log && return 0; sleep 0.1; done
  fail "watch.log never showed '$1': $(tail -20 watch.log)"; return 1
}
# in_epub TEXT: the EPUB has TEXT.
in_epub() { unzip -p out/book.epub | grep -qF -- "$1"; }
wait_for "build 1: done" && pass "the first build ran under --sandbox"
: >hold
sed -i '1s/.*/First Edit Of The Title/' articles/a.txt
for _ in $(seq 1 1200); do [ -e running ] && break; sleep 0.1; done
[ -e running ] && pass "build 2 runs, held by the filter" || fail "the filter never ran: $(tail -20 watch.log)"
sed -i '1s/.*/Second Edit While Building/' articles/a.txt
: >go
wait_for "build 2: done" && pass "build 2 ended"
wait_for "build 3: done" && pass "the edit made during build 2 started build 3"
in_epub "Second Edit While Building" && pass "build 3 has the edit made while build 2 ran" || fail "the edit made during build 2 was lost"
book "$outside"
wait_for "build 4: pipeline error" && pass "an output outside the folder is refused under --sandbox"
out=$(cat watch.log); expect_out "is outside the pipeline's folder" "says why"
in_epub "Second Edit While Building" && pass "the last good book stays" || fail "the last good book changed"
kill -TERM "$watcher"; wait "$watcher"
watcher=
[ -e "$outside" ] && fail "the refused output was written" || pass "nothing was written outside"
finish
