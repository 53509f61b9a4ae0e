# pubpipe serve: the sample reader served on a free loopback port, loaded in
# headless Chromium; an article is changed and the open page must reload by
# itself and show the change.  Paths outside the book get 404.  The test
# stops the server and the browser it started, by their pids.
# UPDATE_SCREENSHOTS=1 copies the preview's screenshot to docs/screenshots/.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
cp -r "$SRC/pipelines" "$SRC/samples" .
server= browser=
trap '[ -n "$browser" ] && kill "$browser" 2>/dev/null; [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$WORK"' EXIT
"$PUBPIPE" serve pipelines/book.yaml --port 0 >serve.log 2>&1 &
server=$!
# wait_until CMD...: until CMD succeeds (at most 120 s, then a failure).
wait_until() {
  for _ in $(seq 1 1200); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
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
[ "$(curl -s "$U/book.pdf" | head -c 4)" = "%PDF" ] && pass "the PDF is served" || fail "no PDF at /book.pdf"
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
sed -i '1s/.*/Seoul Rewritten While Served/' samples/articles/south-korea-foreign-affairs.txt
wait_until grep -q "build 2: done" serve.log && pass "the change was rebuilt"
wait_until sh -c "curl -s '$devtools' | grep -q 'Seoul Rewritten While Served'" && pass "the open page reloaded by itself and shows the change"
kill "$browser"; wait "$browser" 2>/dev/null; browser=
HOME="$WORK" timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,800 \
  --user-data-dir="$WORK/profile2" --screenshot="$WORK/preview.png" "$U/book/EPUB/$page" >>chromium.log 2>&1
[ "$(stat -c %s preview.png 2>/dev/null || echo 0)" -gt 10000 ] && pass "the preview's screenshot" || fail "no screenshot: $(tail -3 chromium.log)"
if [ "${UPDATE_SCREENSHOTS:-0}" = 1 ]; then cp preview.png "$SRC/docs/screenshots/preview.png" && echo "copied to docs/screenshots"; fi
kill -TERM "$server"; wait "$server"; rc=$?
if kill -0 "$server" 2>/dev/null; then fail "serve still runs after SIGTERM"; else pass "SIGTERM ends serve (status $rc)"; fi
server=
finish
