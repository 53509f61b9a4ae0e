# pubpipe serve: the sample reader served on a free loopback port, loaded in
# headless Chromium; an article is changed and the open page must reload by
# itself and show the change in the quick preview, then reload again with
# the final book's page list and PDF (the times are logged, not asserted;
# tests/tools/preview/follow.js, puppeteer-core from `make npm-tools`); the book on disk is byte for byte what
# `pubpipe run` makes.  A failing PDF phase is shown.  Paths outside the book
# get 404.  The notes beside a page are its article's, with an article
# skipped before it.  SIGTERM leaves no temporary folder.  The test stops the server
# and the browser it started, by their pids.
# UPDATE_SCREENSHOTS=1 copies the preview's screenshot to docs/screenshots/.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
cp -r "$SRC/pipelines" "$SRC/samples" .
# An empty article first: it is skipped, so the book's first article is the
# inputs' second, and its page must still get its own notes.
: >samples/articles/000-empty.txt
mkdir tmp
MODULES=${NODE_TOOLS:-$SRC/build-tools/ace/node_modules}
if [ ! -d "$MODULES/puppeteer-core" ]; then fail "puppeteer-core is not installed in $MODULES: run \`make npm-tools\`"; finish; fi
server= browser=
trap '[ -n "$browser" ] && kill "$browser" 2>/dev/null; [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$WORK"' EXIT
TMPDIR="$WORK/tmp" "$PUBPIPE" serve pipelines/book.yaml --port 0 >serve.log 2>&1 &
server=$!
# wait_until CMD...: until CMD succeeds (at most 120 s, then a failure).
wait_until() {
  for _ in $(seq 1 2400); do "$@" >/dev/null 2>&1 && return 0; sleep 0.05; done
  fail "never true: $*; serve.log: $(tail -20 serve.log)"; return 1
}
wait_until grep -q "build 1: done" serve.log && pass "the first build ran"
port=$(sed -n 's|^pubpipe serve: http://127.0.0.1:\([0-9]*\)/.*|\1|p' serve.log)
U="http://127.0.0.1:$port"
code() { curl -s --path-as-is -o /dev/null -w '%{http_code}' "$U$1"; }
[ "$(code /)" = 302 ] && pass "/ leads to the navigation" || fail "/ gave $(code /)"
nav=$(curl -sL "$U/")
page=$(grep -o 'href="ch-[^"#]*\.xhtml"' <<<"$nav" | head -1 | sed 's/href="//; s/"//')
[ -n "$page" ] && pass "the navigation lists the articles ($page first)" || fail "no article in the navigation: ${nav:0:500}"
out=$(curl -s "$U/book/EPUB/$page")
expect_out "new EventSource('/events')" "the page has the reload script"
expect_out "removed a repeated byline" "the page shows the notes of the rules beside the text"
expect_out "south-korea-foreign-affairs.txt:3:" "a note names its source line"
out=$(curl -s "$U/book/EPUB/nav.xhtml")
expect_out "No notes on this page." "the navigation has no article's notes"
[ "$(curl -s "$U/book.pdf" | head -c 4)" = "%PDF" ] && pass "the PDF is served" || fail "no PDF at /book.pdf"
out=$(curl -s "$U/pdf")
expect_out "of build 1 ready" "the PDF view names the PDF's build"
for bad in /book/../pipelines/book.yaml /book/EPUB/../../pipelines/book.yaml /book/%2e%2e/pipelines/book.yaml \
  /book/%2E%2E%2Fpipelines%2Fbook.yaml /book/EPUB%2f..%2f..%2fmimetype /book/%252e%252e/pipelines/book.yaml \
  /book/%252e%252e%252fpipelines%252fbook.yaml /etc/passwd //etc/passwd /book//etc/passwd /book/%2fetc%2fpasswd \
  "/book/$WORK/pipelines/book.yaml" /pipelines/book.yaml /book/EPUB/..%5c..%5cmimetype; do
  c=$(code "$bad")
  [ "$c" = 404 ] && pass "$bad: 404" || fail "$bad: $c, expected 404"
done
[ "$(code /book/mimetype)" = 200 ] && pass "a file of the book is served" || fail "/book/mimetype: $(code /book/mimetype)"
# The browser, with its DevTools port chosen by the system.
HOME="$WORK" chromium --headless --no-sandbox --disable-gpu --user-data-dir="$WORK/profile" --remote-debugging-port=0 \
  "$U/book/EPUB/$page" >chromium.log 2>&1 &
browser=$!
wait_until test -s profile/DevToolsActivePort && pass "Chromium runs"
devtools="http://127.0.0.1:$(head -1 profile/DevToolsActivePort)/json"
wait_until sh -c "curl -s '$devtools' | grep -q 'A Strategic Partner'" && pass "Chromium shows the article"
# The edit, by follow.js, which attaches to this Chromium over DevTools and
# records each reload of the open page (it does not navigate it): the first
# reload is the quick preview with the change and no page list, a later one
# the final book with the PDF's page list.
HOME="$WORK" timeout 200 node "$SRC/tests/tools/preview/follow.js" "$MODULES" "$(head -1 profile/DevToolsActivePort)" \
  samples/articles/south-korea-foreign-affairs.txt "A Strategic Partner" "Seoul Rewritten While Served" >follow.json 2>follow.log
run python3 - follow.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
loads = r.get('loads', [])
for l in loads: print('reload %.2f s after the edit: %s, %s, %s page breaks' % (l['at'], l.get('title'), l.get('phase'), l.get('pagebreaks')))
if r.get('error'): print('follow.js:', r['error'][:1500]); sys.exit(1)
first, last = loads[0], loads[-1]
bad = 0
if 'Seoul Rewritten While Served' not in first.get('title', '') or not first.get('phase', '').startswith('quick preview') or first.get('pagebreaks') != 0:
    print('the first reload is not the preview with the change:', first); bad = 1
if last.get('phase') != 'final' or not last.get('pagebreaks'):
    print('the last reload is not the final book with its page list:', last); bad = 1
if r['before'].get('pagebreaks', 0) == 0: print('the final book before the edit had no page list'); bad = 1
print('edit to visible in Chromium: %.2f s (preview); edit to the final book: %.2f s' % (first['at'], last['at']))
sys.exit(bad)
PY
echo "$out"
expect_rc 0 "the first reload shows the change (the preview, no page list), a second one the final book with the page list"
out=$(curl -s "$U/book/EPUB/nav.xhtml")
expect_out 'epub:type="page-list"' "the final book's navigation has the page list"
out=$(curl -s "$U/pdf")
expect_out "of build 2 ready" "the PDF view follows with build 2's PDF"
grep -q "build 2: done" serve.log && pass "the change was rebuilt" || fail "build 2 did not end: $(tail -5 serve.log)"
cp -r out out-serve
kill "$browser"; wait "$browser" 2>/dev/null; browser=
HOME="$WORK" timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,800 \
  --user-data-dir="$WORK/profile2" --screenshot="$WORK/preview.png" "$U/book/EPUB/$page" >>chromium.log 2>&1
[ "$(stat -c %s preview.png 2>/dev/null || echo 0)" -gt 10000 ] && pass "the preview's screenshot" || fail "no screenshot: $(tail -3 chromium.log)"
if [ "${UPDATE_SCREENSHOTS:-0}" = 1 ]; then cp preview.png "$SRC/docs/screenshots/preview.png" && echo "copied to docs/screenshots"; fi
# A PDF phase that fails: the pages of the build are served, the failure is shown.
printf '#!/bin/sh\necho "FOP broke on purpose" >&2\nexit 3\n' >badfop && chmod +x badfop
sed -i "s|      pdf: ../out/korea-reader.pdf|&\n      fop: $WORK/badfop|" pipelines/book.yaml
wait_until grep -q "build 3: failed" serve.log && pass "a build whose PDF fails ends as failed"
out=$(curl -s "$U/book/EPUB/$page")
expect_out "build 3 ·" "its pages are served"
expect_out "of build 3 failed" "the panel says the PDF phase failed"
expect_out "FOP broke on purpose" "and shows why"
out=$(curl -s "$U/pdf")
expect_out "FOP broke on purpose" "the PDF view shows it too"
[ "$(curl -s "$U/book.pdf" | head -c 4)" = "%PDF" ] && pass "the last good PDF is still served" || fail "no PDF after a failed phase"
# A broken pipeline file: the error is shown, the last pages stay served.
printf 'pubpipe: 1\nbook: {title: [unclosed\n' >pipelines/book.yaml
wait_until grep -q "build 4: pipeline error" serve.log && pass "a broken pipeline file is reported"
out=$(curl -s "$U/book/EPUB/$page")
expect_out "Seoul Rewritten While Served" "the last pages stay served"
expect_out "book.yaml:3:1: error:" "the panel shows the error with its place"
expect_out "build 4 · <span id=\"pubpipe-phase\">failed" "the panel says build 4 failed"
kill -TERM "$server"; wait "$server"; rc=$?
if kill -0 "$server" 2>/dev/null; then fail "serve still runs after SIGTERM"; else pass "SIGTERM ends serve (status $rc)"; fi
server=
[ -z "$(ls -A tmp)" ] && pass "serve left nothing in its TMPDIR" || fail "left in TMPDIR: $(ls -A tmp)"
# The book serve wrote for build 2 is the one `pubpipe run` writes.
cp "$SRC/pipelines/book.yaml" pipelines/book.yaml && rm -rf out
run "$PUBPIPE" run pipelines/book.yaml
expect_rc 0 "pubpipe run of the edited sample"
for f in korea-reader.epub korea-reader.xml korea-reader.fo korea-reader.pdf; do
  cmp -s "out/$f" "out-serve/$f" && pass "$f: serve's build and run's are byte-identical" || fail "$f differs between serve and run"
done
finish
