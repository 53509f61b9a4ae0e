# The sample reader: pipelines/book.yaml through every stage into all
# outputs, checked against the seeds' EXPECTED.md and the external gates.
. "$(dirname "$0")/lib.sh"
# The outputs go to this build's folder, through --define.
run "$PUBPIPE" run "$SRC/pipelines/book.yaml" --strict -D "outputs.0.path=$BUILD/korea-reader.xml" \
  -D "outputs.1.path=$BUILD/korea-reader.epub" -D "outputs.2.path=$BUILD/korea-reader.fo" -D "outputs.2.with.pdf=$BUILD/korea-reader.pdf"
expect_rc 0 "pipelines/book.yaml runs with --strict"
xml="$BUILD/korea-reader.xml"
run python3 "$SRC/tests/golden/check-docbook.py" "$xml" "$SRC/tests/golden/expected.json"
expect_rc 0 "the DocBook meets every point of EXPECTED.md"; expect_out "0 failed" "check-docbook: 0 failed"
jing_valid "$xml"
epubcheck_clean "$BUILD/korea-reader.epub"
fop_renders "$BUILD/korea-reader.fo" 5
pages=$(pdfinfo "$BUILD/korea-reader.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
[ "${pages:-0}" -ge 5 ] && pass "the pipeline's own PDF has $pages pages" || fail "no PDF from the pipeline"

# EXPECTED.md, point by point, on the DocBook.
python3 - "$xml" <<'PY' || fail "EXPECTED.md points (see above)"
import sys, xml.etree.ElementTree as ET
D = '{http://docbook.org/ns/docbook}'; X = '{http://www.w3.org/1999/xlink}'
root = ET.parse(sys.argv[1]).getroot()
arts = {a.get('{http://www.w3.org/XML/1998/namespace}id'): a for a in root.findall(D + 'article')}
txt = lambda e: ''.join(e.itertext())
bad = []
sk = arts['south-korea-foreign-affairs']
if [txt(p) for p in sk.iter(D + 'personname')] != ['Vivian Li']: bad.append('Vivian Li once')
if not txt(sk.find(D + 'para')).startswith('South Korea’s foreign affairs reflect its unique position'): bad.append('lead paragraph')
last = sk.findall(D + 'section')[-1]
if not any(txt(p).startswith('For both the U.S. and Canada') for p in last.iter(D + 'para')): bad.append('For both the U.S. and Canada in the last section')
us = arts['united-states-korea-relations']
paras = [txt(p) for p in us.iter(D + 'para')]
for end in ['between the two militaries.', 'practical cooperation.', 'into global markets.', 'for both nations and the broader region.']:
    if not any(p.endswith(end) for p in paras): bad.append('a paragraph ends with ' + end)
see = [s for s in us.findall(D + 'section') if txt(s.find(D + 'title')) == 'See also'][0]
labels = [txt(l) for l in see.iter(D + 'link')]
if len(labels) != len(set(labels)): bad.append('See also lists each label once')
for l in ['United States Forces Korea', 'ROK', 'North Korea', 'KORUS FTA', 'THAAD']:
    if l not in labels: bad.append('See also lists ' + l)
hrefs = [l.get(X + 'href') or l.get('linkend') for l in see.iter(D + 'link')]
if 'https://en.wikipedia.org/wiki/United_States_Forces_Korea' not in hrefs: bad.append('labels link to the configured base')
if not any(h and h.startswith('united-states-korea-relations-gloss-') for h in hrefs): bad.append('glossary labels link to the glossary')
if us.find(D + 'glossary') is None: bad.append('the article carries its glossary')
print('\n'.join(bad) or 'EXPECTED.md: all points hold')
sys.exit(1 if bad else 0)
PY

# Spelling: reported by default (a note, shown with -v), fixed on request.
pipeline "$WORK/spell.yaml" "$SEEDS" "[{plugin: text-cleanup}, {plugin: section-detect}]" "[{plugin: docbook, path: $WORK/spell.xml}]"
run "$PUBPIPE" run "$WORK/spell.yaml" -v
expect_out "united-states-korea-relations.txt:15: note: text-cleanup/clean: possible misspelling 'mmissile' (did you mean 'missile'?)" \
  "the typo is reported with its line"
pipeline "$WORK/fix.yaml" "$SEEDS" "[{plugin: text-cleanup, with: {spelling: fix, typography: true}}, {plugin: section-detect}]" \
  "[{plugin: docbook, path: $WORK/fix.xml}]"
run "$PUBPIPE" run "$WORK/fix.yaml"; expect_rc 0 "spelling: fix"
grep -q "ballistic-missile defense" "$WORK/fix.xml" && ! grep -q mmissile "$WORK/fix.xml" && pass "the typo is fixed" || fail "the typo is not fixed"

# The EPUB's variants: notes at the end of the book, no NCX, deeper TOC.
pipeline "$WORK/variants.yaml" "$SEEDS" "$ALL_STAGES" \
  "[{plugin: epub, path: $WORK/notes.epub, with: {notes: book, ncx: false, toc_depth: 3, title_page: false, split_sections: true}}]"
run "$PUBPIPE" run "$WORK/variants.yaml"; expect_rc 0 "EPUB variants"
epubcheck_clean "$WORK/notes.epub"
unzip -l "$WORK/notes.epub" | grep -q "EPUB/notes.xhtml" && pass "notes.xhtml holds the notes" || fail "no notes.xhtml"
unzip -l "$WORK/notes.epub" | grep -q "toc.ncx" && fail "ncx: false still wrote toc.ncx" || pass "ncx: false writes no NCX"
unzip -l "$WORK/notes.epub" | grep -q "EPUB/ch-united-states-korea-relations-7.xhtml" && pass "split_sections: a file per section" ||
  fail "split_sections wrote: $(unzip -Z1 "$WORK/notes.epub" | grep ch- | tr '\n' ' ')"
# A cover image, the user's stylesheet and an embedded font.
echo "p { text-indent: 0; margin-bottom: 0.5em; } /* user style */" >"$WORK/user.css"
pipeline "$WORK/look.yaml" "$SEEDS" "$ALL_STAGES" "[{plugin: epub, path: $WORK/look.epub, with: {cover: $SRC/docs/screenshots/pdf-1.png,
  stylesheet: $WORK/user.css, font: /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf}}]"
run "$PUBPIPE" run "$WORK/look.yaml"; expect_rc 0 "EPUB with cover, stylesheet and font"
epubcheck_clean "$WORK/look.epub"
unzip -l "$WORK/look.epub" | grep -q "EPUB/images/cover.png" && pass "the cover image is in the EPUB" || fail "no cover.png"
unzip -p "$WORK/look.epub" EPUB/css/style.css | grep -q "user style" && pass "the user's CSS is in the stylesheet" || fail "no user CSS"
unzip -l "$WORK/look.epub" | grep -q "EPUB/fonts/body.ttf" && pass "the font is embedded" || fail "no font"
pipeline "$WORK/badcover.yaml" "$SEEDS" "$ALL_STAGES" "[{plugin: epub, path: $WORK/bad.epub, with: {cover: $WORK/user.css}}]"
run "$PUBPIPE" run "$WORK/badcover.yaml"; expect_rc 1 "a cover that is not an image"; expect_out "not a PNG, JPEG, GIF or SVG image" "says so"
pipeline "$WORK/nofop.yaml" "$SEEDS" "$ALL_STAGES" "[{plugin: xsl-fo, path: $WORK/n.fo, with: {pdf: $WORK/n.pdf, fop: no-such-fop}}]"
run "$PUBPIPE" run "$WORK/nofop.yaml"; expect_rc 1 "pdf: without FOP"; expect_out "apt-get install fop" "says how to install it"

first=$(unzip -Z1 "$BUILD/korea-reader.epub" | head -1)
[ "$first" = mimetype ] && pass "mimetype is the first entry" || fail "the first entry is $first"
unzip -Zv "$BUILD/korea-reader.epub" mimetype | grep -q "compression method: *none (stored)" && pass "mimetype is stored" || fail "mimetype is compressed"
finish
