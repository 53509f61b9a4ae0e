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
  # Ace's Puppeteer runner gives Chromium 5 s to start (ACE_TIMEOUT_INITIAL,
  # ace-axe-runner-puppeteer/lib/index.js); a first start on a fresh, loaded
  # CI machine (profile and font cache made from nothing) can take longer,
  # and Ace then writes no report at all.  So the start gets 120 s, and Ace
  # that still wrote no report gets a second try: that is Ace not running,
  # not a finding (a report with violations gets no second try).
  local try
  for try in 1 2; do
    HOME="$WORK" PUPPETEER_EXECUTABLE_PATH=${PUPPETEER_EXECUTABLE_PATH:-/usr/bin/chromium} ACE_TIMEOUT_INITIAL=120000 \
      timeout 300 "$ACE" -f -V -o "$WORK/ace-$name" "$1" >"$WORK/ace-$name.log.$try" 2>&1
    [ -s "$WORK/ace-$name/report.json" ] && break
    echo "Ace wrote no report on $1 (try $try): $(grep -iE 'error|fail|timeout' "$WORK/ace-$name.log.$try" | tail -5)"
  done
  if [ ! -s "$WORK/ace-$name/report.json" ]; then fail "Ace did not run on $1 in two tries (its error lines are above)"; return; fi
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
  -D "outputs.2.path=$WORK/r.fo" -D "outputs.2.with.pdf=$WORK/r.pdf" -D "outputs.2.with.page_map=$WORK/r.pages" \
  -D "outputs.1.with.page_map=$WORK/r.pages"
expect_rc 0 "the sample reader"
unzip -p reader.epub EPUB/nav.xhtml | grep -q 'epub:type="page-list"' && unzip -p reader.epub EPUB/index.xhtml | grep -q 'epub:type="index"' &&
  pass "the reader Ace checks has an index and a page-list" || fail "the reader has no index or no page-list"
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

# Footnotes, as a plugin writes them: EPUB 3 pop-up footnotes (a noteref
# to an aside in the same file), and footnotes at the foot of the PDF's page.
cat >notes.py <<'PY'
import sys, xml.etree.ElementTree as ET
DB = '{http://docbook.org/ns/docbook}'
ET.register_namespace('', DB[1:-1]); ET.register_namespace('xlink', 'http://www.w3.org/1999/xlink')
root = ET.fromstring(sys.stdin.buffer.read())
paras = [p for s in root.iter(DB + 'section') for p in s.findall(DB + 'para')]
for k, p in enumerate(paras[:2]):
    f = ET.SubElement(p, DB + 'footnote', {'{http://www.w3.org/XML/1998/namespace}id': 'n%d-%s' % (k, root.get('{http://www.w3.org/XML/1998/namespace}id'))})
    ET.SubElement(f, DB + 'para').text = 'Footnote %d of this article, a remark on the sources.' % (k + 1)
    if k: ET.SubElement(f, DB + 'para').text = 'Its second paragraph.'
if len(paras) > 2:
    ET.SubElement(paras[2], DB + 'footnoteref', linkend=paras[0].find(DB + 'footnote').get('{http://www.w3.org/XML/1998/namespace}id'))
sys.stdout.buffer.write(ET.tostring(root, encoding='utf-8'))
PY
pipeline notes.yaml "$SEEDS" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize, with: {glossary: $SRC/samples/glossary.yaml}},
  {plugin: exec, with: {command: [python3, $WORK/notes.py]}}]" \
  "[{plugin: epub, path: $WORK/notes.epub, with: {split_sections: true}}, {plugin: xsl-fo, path: $WORK/notes.fo, with: {pdf: $WORK/notes.pdf}}]"
run "$PUBPIPE" run notes.yaml; expect_rc 0 "a book with footnotes"
epubcheck_clean notes.epub
mkdir notes && (cd notes && unzip -q ../notes.epub)
run python3 - notes/EPUB <<'PY'
import sys, glob, os, xml.etree.ElementTree as ET
H = '{http://www.w3.org/1999/xhtml}'; E = '{http://www.idpf.org/2007/ops}type'
refs = notes = 0; bad = []
for f in sorted(glob.glob(sys.argv[1] + '/ch-*.xhtml')):
    t = ET.parse(f).getroot()
    ids = {e.get('id'): e for e in t.iter() if e.get('id')}
    for a in t.iter(H + 'a'):
        cls = (a.get('class') or '').split()
        if a.get(E) == 'noteref' and 'noteref' in cls:
            refs += 1
            # A footnote's own noteref is in its file; a footnoteref points
            # at the one note, wherever it is.
            href = a.get('href', '')
            target = ids.get(href.lstrip('#')) if 'footnoteref' not in cls else ids.get(href.split('#')[-1]) if href.startswith('#') else 'elsewhere'
            if target is None or target != 'elsewhere' and (target.tag != H + 'aside' or target.get(E) != 'footnote'):
                bad.append('%s: %s' % (os.path.basename(f), href))
    notes += sum(1 for e in t.iter(H + 'aside') if e.get(E) == 'footnote' and 'footnote' in (e.get('class') or '').split())
print('%d noterefs, %d footnotes; not an aside in the same file: %s' % (refs, notes, bad))
sys.exit(0 if refs == 6 and notes == 4 and not bad else 1)
PY
expect_rc 0 "each noteref points at an aside epub:type=footnote in its own file ($out)"
grep -q 'Its second paragraph' <(unzip -p notes.epub 'EPUB/ch-*.xhtml') && pass "a note's second paragraph is kept" || fail "a note's second paragraph is lost"
grep -c '<fo:footnote>' notes.fo | grep -qx 4 && pass "4 fo:footnotes" || fail "fo:footnotes: $(grep -c '<fo:footnote>' notes.fo)"
pdftotext -layout notes.pdf notes.txt
grep -q "Footnote 1 of this article" notes.txt && pass "the PDF prints the footnotes" || fail "no footnote text in the PDF"
ace_clean notes.epub

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
