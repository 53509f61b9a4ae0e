# pubpipe serve: an edit made while the full run renders the PDF (FOP's JVM
# running) abandons that run: FOP and its JVM end, the outputs on disk stay
# those of the last full run that ended (byte for byte), no temporary is
# left beside them or in serve's TMPDIR, the served pages stay the last
# good ones, and the new edit's preview is served within seconds instead of
# after FOP.  The next full run then ends and writes the book of the last
# edit.  The test stops the server it started, by its pid.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
cp -r "$SRC/pipelines" "$SRC/samples" .
mkdir tmp
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$WORK"' EXIT
# wait_until CMD...: until CMD succeeds (at most 120 s, then a failure).
wait_until() {
  for _ in $(seq 1 6000); do "$@" >/dev/null 2>&1 && return 0; sleep 0.02; done
  fail "never true: $*; serve.log: $(tail -20 serve.log)"; return 1
}
# descendants PID: every process below PID, from /proc/*/task/*/children.
descendants() {
  local c
  for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do echo "$c"; descendants "$c"; done
}
# runs PID: the process runs (a zombie has ended).
runs() { [ -e /proc/"$1"/stat ] && [ "$(sed 's/.*) //' /proc/"$1"/stat | cut -c1)" != Z ]; }
java_pids() { for p in $(descendants "$server"); do [ "$(cat /proc/"$p"/comm 2>/dev/null)" = java ] && echo "$p"; done; }
fop_runs() { [ -n "$(java_pids)" ]; }
outputs="korea-reader.epub korea-reader.xml korea-reader.fo korea-reader.pdf korea-reader.pages"
same_outputs() { for f in $outputs; do cmp -s "out/$f" "out-1/$f" || return 1; done; }
article=samples/articles/south-korea-foreign-affairs.txt

TMPDIR="$WORK/tmp" "$PUBPIPE" serve pipelines/book.yaml --port 0 >serve.log 2>serve.err &
server=$!
wait_until grep -q "build 1: done" serve.err && pass "the first build ran"
port=$(sed -n 's|^pubpipe serve: http://127.0.0.1:\([0-9]*\)/.*|\1|p' serve.err)
U="http://127.0.0.1:$port"
page=$(curl -sL "$U/" | grep -o 'href="ch-south-korea-foreign-affairs[^"#]*\.xhtml"' | head -1 | sed 's/href="//; s/"//')
mkdir out-1 && for f in $outputs; do cp "out/$f" out-1/; done

# Edit 1, then edit 2 while build 2's full run has FOP rendering.
sed -i '1s/.*/Seoul Edited Once/' "$article"
wait_until grep -q "build 2: preview pages served" serve.err && pass "build 2's preview is served"
wait_until fop_runs && pass "build 2's full run has FOP running"
jvms=$(java_pids)
kids=$(descendants "$server")
sed -i '1s/.*/Seoul Edited Twice/' "$article"
start=$(date +%s.%N)
wait_until grep -q "build 2: full run abandoned" serve.err && pass "the edit abandons build 2's full run"
# At once, before build 3's full run writes: build 1's outputs, no temporary.
same_outputs && pass "the outputs are build 1's, byte for byte" || fail "the abandoned run changed an output: $(cd out && md5sum $outputs; cd ../out-1 && md5sum $outputs)"
tmp_at_abandon=$(ls -A out | grep pubpipe-tmp)
left=
for p in $kids; do runs "$p" && left="$left $p($(cat /proc/"$p"/comm))"; done
[ -z "$left" ] && pass "FOP's JVM ($jvms) and the run's other processes have ended" || fail "still running:$left"
# The page is served throughout: build 2's preview until build 3's (which
# may already be there: 50 ms and a preview run after the abandonment).
out=$(curl -s "$U/book/EPUB/$page")
grep -qE "<h1>Seoul Edited (Once|Twice)</h1>" <<<"$out" && pass "the page is served from a preview while the run is abandoned" ||
  fail "the served page is neither preview's: ${out:0:1500}"
wait_until sh -c "curl -s '$U/book/EPUB/$page' | grep -q 'Seoul Edited Twice'"
shown=$(date +%s.%N)
took=$(awk -v s="$start" -v e="$shown" 'BEGIN { printf "%.2f", e - s }')
echo "edit during FOP to visible: $took s (load $(cut -d' ' -f1 /proc/loadavg))"
awk -v t="$took" 'BEGIN { exit !(t < 10) }' && pass "the second edit is visible $took s after it, not after FOP" || fail "visible only $took s after the edit"
# stdout: build 1's five outputs; none of build 2's (abandoned) or of a preview.
[ "$(grep -c "pubpipe: wrote" serve.log)" = 5 ] && pass "no wrote line from the abandoned run or a preview" || fail "wrote lines: $(cat serve.log)"
wait_until grep -q "build 3: done" serve.err && pass "build 3's full run ends"
# Build 3 may have begun its own temporaries when build 2's abandonment was
# checked; with no build running, none is left of either.
stray=$(ls -A out | grep pubpipe-tmp)
[ -z "$stray" ] && pass "no temporary beside the outputs (at the abandonment: ${tmp_at_abandon:-none})" || fail "left in out/: $stray"
stray=$(find tmp -name '*pubpipe-tmp*')
[ -z "$stray" ] && pass "no temporary in serve's TMPDIR" || fail "left in TMPDIR: $stray"
[ "$(grep -c "pubpipe: wrote" serve.log)" = 10 ] && pass "build 3 names its five outputs once" || fail "wrote lines: $(cat serve.log)"
grep -q "wrote .*pubpipe-preview" serve.log && fail "the preview's EPUB is named: $(cat serve.log)" || pass "the preview's EPUB is not named"
out=$(curl -s "$U/book/EPUB/$page")
expect_out "Seoul Edited Twice" "the final book has the second edit"
expect_out 'id="pubpipe-phase">final' "and is the final book"
[ -z "$(java_pids)" ] && pass "no JVM runs once build 3 is done" || fail "a JVM still runs: $(java_pids)"
kill -TERM "$server"; wait "$server"
server=
[ -z "$(ls -A tmp)" ] && pass "serve left nothing in its TMPDIR" || fail "left in TMPDIR: $(ls -A tmp)"
finish
