# pubpipe serve and watch ended by SIGTERM or SIGINT while FOP renders the
# sample reader's PDF (once in its area-tree pass): the process ends by the
# signal, none of its child processes (the workers, FOP's JVM) is left
# running, its TMPDIR (serve's preview folder) is empty, no temporary is
# left beside the outputs, and serve's port is free again.  Under --sandbox
# the preview folder is inside the pipeline's folder and is removed too.
# The test stops what it started, by its pids.
. "$(dirname "$0")/lib.sh"
set -m  # job control: a background process receives SIGINT as a foreground one would
cd "$WORK"
cp -r "$SRC/pipelines" "$SRC/samples" .
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; [ "$BASHPID" = "$$" ] && rm -rf "$WORK"' EXIT
# descendants PID: every process below PID, from /proc/*/task/*/children.
descendants() {
  local c
  for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do echo "$c"; descendants "$c"; done
}
# runs PID: the process runs (a zombie has ended).
runs() { [ -e /proc/"$1"/stat ] && [ "$(sed 's/.*) //' /proc/"$1"/stat | cut -c1)" != Z ]; }
# wait_until CMD...: until CMD succeeds (at most 120 s, then a failure).
wait_until() {
  for _ in $(seq 1 2400); do "$@" >/dev/null 2>&1 && return 0; sleep 0.05; done
  fail "never true: $*; log: $(tail -20 log 2>/dev/null)"; return 1
}
fop_runs() { for p in $(descendants "$server"); do [ "$(cat /proc/"$p"/comm 2>/dev/null)" = java ] && return 0; done; return 1; }
# FOP's first pass (the area tree, for the index and the page map) runs: its
# scratch file beside the PDF's temporary exists.
area_tree_pass() { fop_runs && compgen -G "out/.korea-reader.pdf.pubpipe-tmp-*-??????.??????" >/dev/null; }
for how in "serve TERM 143" "serve INT 130" "watch INT 130" "watch TERM 143"; do
  set -- $how
  cmd=$1 sig=$2 want=$3
  rm -rf out tmp && mkdir tmp
  if [ "$cmd" = serve ]; then
    TMPDIR="$WORK/tmp" "$PUBPIPE" serve pipelines/book.yaml --port 0 >log 2>&1 &
  else
    TMPDIR="$WORK/tmp" "$PUBPIPE" watch pipelines/book.yaml >log 2>&1 &
  fi
  server=$!
  # The first signal comes in FOP's area-tree pass, the others whenever FOP runs.
  if [ "$how" = "serve TERM 143" ]; then
    wait_until area_tree_pass && pass "$cmd: FOP lays out the area tree of build 1"
  else
    wait_until fop_runs && pass "$cmd: FOP renders the PDF of build 1"
  fi
  port=$(sed -n 's|^pubpipe serve: http://127.0.0.1:\([0-9]*\)/.*|\1|p' log)
  kids=$(descendants "$server")
  kill -"$sig" "$server"; wait "$server"; rc=$?
  server=
  [ "$rc" = "$want" ] && pass "$cmd: SIG$sig ends it (status $rc)" || fail "$cmd: SIG$sig: status $rc, expected $want; $(tail -5 log)"
  # At once: the process ends its children before it ends itself.
  left=
  for p in $kids; do runs "$p" && left="$left $p($(cat /proc/"$p"/comm))"; done
  [ -z "$left" ] && pass "$cmd: none of its $(wc -w <<<"$kids") child processes outlives it" || fail "$cmd: still running:$left"
  [ -z "$(ls -A tmp)" ] && pass "$cmd: its TMPDIR is empty" || fail "$cmd: left in TMPDIR: $(ls -A tmp)"
  stray=$(ls -A out 2>/dev/null | grep pubpipe-tmp)
  [ -z "$stray" ] && pass "$cmd: no temporary beside the outputs" || fail "$cmd: left in out/: $stray"
  if [ "$cmd" = serve ]; then
    curl -s -o /dev/null "http://127.0.0.1:$port/"; c=$?
    [ "$c" = 7 ] && pass "serve: its port $port is free (connection refused)" || fail "serve: port $port: curl exit $c"
  fi
done
# Under --sandbox the preview folder is inside the pipeline's folder (the
# sandbox writes nowhere else); the preview is served, and SIGTERM removes it.
mkdir -p boxed/articles boxed/out && cp samples/articles/south-korea-foreign-affairs.txt boxed/articles/a.txt
cat >boxed/book.yaml <<YAML
pubpipe: 1
book: {title: Boxed, language: en}
inputs: [articles/*.txt]
stages: [{plugin: text-cleanup}, {plugin: section-detect}]
outputs: [{plugin: epub, path: out/book.epub}, {plugin: docbook, path: out/book.xml}]
YAML
"$PUBPIPE" serve boxed/book.yaml --sandbox --port 0 >log 2>&1 &
server=$!
wait_until grep -q "build 1: done" log
sed -i '1s/.*/Edited In The Sandbox/' boxed/articles/a.txt
wait_until grep -q "build 2: done" log
grep -q "build 2: preview pages served" log && pass "--sandbox: the preview is served" || fail "--sandbox: no preview: $(tail -8 log)"
grep -q "build 2: preview done in .* (boxed/.pubpipe-preview-[^/]*/book.epub)" log && pass "--sandbox: the preview is written inside the pipeline's folder" || fail "--sandbox: the preview went elsewhere: $(grep preview log)"
grep -q "wrote boxed/.pubpipe-preview-" log && fail "--sandbox: the preview printed its own wrote line: $(grep wrote log)" || pass "--sandbox: the outputs are named once, by the full run (not the preview)"
kill -TERM "$server"; wait "$server"
server=
ls -a boxed | grep -q pubpipe-preview && fail "--sandbox: the preview folder is left: $(ls -a boxed)" || pass "--sandbox: SIGTERM removes the preview folder"
finish
