# DAISY Ace, the accessibility checker publishers use, on the EPUBs the
# writer makes: the sample reader, its variants and a book of every test
# article must have 0 violations of any impact; the accessibility metadata
# must say what the book holds.  Ace (npm @daisy/ace-cli, its Puppeteer
# runner) is installed by `make npm-tools` (which `make test` runs) into
# build-tools/ace, and drives Debian's Chromium.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
ACE=${ACE:-$SRC/build-tools/ace/node_modules/.bin/ace-cli}
if [ ! -x "$ACE" ]; then fail "DAISY Ace is not installed at $ACE: run \`make npm-tools\`"; finish; fi

# ace_clean EPUB: Ace ran, and found no violation of any impact.
ace_clean() {
  local name; name=$(basename "$1" .epub)
  local t0=$SECONDS
  HOME="$WORK" PUPPETEER_EXECUTABLE_PATH=${PUPPETEER_EXECUTABLE_PATH:-/usr/bin/chromium} \
    timeout 300 "$ACE" -f -s -o "$WORK/ace-$name" "$1" >"$WORK/ace-$name.log" 2>&1
  if [ ! -s "$WORK/ace-$name/report.json" ]; then fail "Ace did not run on $1: $(tail -5 "$WORK/ace-$name.log")"; return; fi
  local found
  found=$(python3 - "$WORK/ace-$name/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
bad = [(b['earl:test']['earl:impact'], b['earl:test']['dct:title'], a['earl:testSubject']['url'])
       for a in r['assertions'] for b in a['assertions'] if b['earl:result']['earl:outcome'] == 'fail']
print(len(bad), len({a['earl:testSubject']['url'] for a in r['assertions']}))
for v in bad: print('  %s %s in %s' % v)
PY
)
  local count=${found%% *}; count=${count%%$'\n'*}
  if [ "$count" = 0 ]; then pass "Ace: 0 violations in $(basename "$1") ($(( SECONDS - t0 )) s)"
  else fail "Ace on $(basename "$1"): ${found#* }"; fi
}
opf() { unzip -p "$1" EPUB/package.opf; }

# The sample reader.
run "$PUBPIPE" run "$SRC/pipelines/book.yaml" -D "outputs.0.path=$WORK/r.xml" -D "outputs.1.path=$WORK/reader.epub" \
  -D "outputs.2.path=$WORK/r.fo"
expect_rc 0 "the sample reader"
ace_clean reader.epub
meta=$(opf reader.epub)
grep -qF '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>' <<<"$meta" &&
  pass "the reader states EPUB Accessibility 1.1, WCAG 2.1 AA" || fail "no dcterms:conformsTo: $meta"
grep -qF '<meta property="a11y:certifiedBy">pubpipe samples</meta>' <<<"$meta" && pass "certified by the publisher" || fail "no a11y:certifiedBy"
grep -q 'accessMode">visual' <<<"$meta" && fail "accessMode visual for a generated cover" || pass "accessMode is textual only"
grep -q 'accessibilitySummary">Text only' <<<"$meta" && pass "the summary says text only" || fail "the summary: $(grep -o 'accessibilitySummary">[^<]*' <<<"$meta")"

# Every test article, in one book, with the notes at its end.
pipeline every.yaml "[$SRC/samples/articles/*.txt, $SRC/tests/data/articles/*.txt]" "$ALL_STAGES" \
  "[{plugin: epub, path: $WORK/every.epub, with: {notes: book, toc_depth: 3}}]"
run "$PUBPIPE" run every.yaml; expect_rc 0 "a book of every test article"
epubcheck_clean every.epub
ace_clean every.epub

# A cover picture: accessMode visual, its alt text sufficient.  The user's
# stylesheet is not the writer's to vouch for: no conformance claim, unless
# asked for; and never with conformance: none.
echo "p { margin-bottom: 0.5em; }" >user.css
pipeline look.yaml "$SEEDS" "$ALL_STAGES" "[{plugin: epub, path: $WORK/look.epub, with: {cover: $SRC/docs/screenshots/pdf-1.png, stylesheet: $WORK/user.css}},
  {plugin: epub, path: $WORK/claim.epub, with: {stylesheet: $WORK/user.css, conformance: claim, certified_by: A Tester}},
  {plugin: epub, path: $WORK/none.epub, with: {conformance: none}}]"
run "$PUBPIPE" run look.yaml; expect_rc 0 "a cover, a stylesheet, the conformance options"
meta=$(opf look.epub)
grep -q 'accessMode">visual' <<<"$meta" && grep -q 'accessModeSufficient">textual' <<<"$meta" &&
  pass "a cover picture: accessMode visual, textual sufficient" || fail "accessMode with a cover: $meta"
grep -q conformsTo <<<"$meta" && fail "a user stylesheet still claims conformance" || pass "a user stylesheet: no claim"
opf claim.epub | grep -q 'a11y:certifiedBy">A Tester<' && pass "conformance: claim, with certified_by" || fail "conformance: claim"
opf none.epub | grep -q conformsTo && fail "conformance: none still claims" || pass "conformance: none"
ace_clean look.epub
epubcheck_clean look.epub
finish
