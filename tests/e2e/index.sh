# The back-of-book index (glossary terms and book.index terms) in every
# output, and the EPUB's print pages: page-break markers and a page-list
# that match the PDF's page numbers, checked against the PDF's own text.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
book() {  # book FILE INDEX EPUB_WITH FO_WITH
  cat >"$1" <<YAML
pubpipe: 1
book:
  title: Korea and the Americas
  language: en
  index: $2
inputs: $SEEDS
stages: $ALL_STAGES
outputs:
  - {plugin: docbook, path: out/r.xml, create_folder: true}
  - {plugin: epub, path: out/r.epub, create_folder: true, with: $3}
  - {plugin: xsl-fo, path: out/r.fo, create_folder: true, with: $4}
YAML
}
# The sample reader (pipelines/book.yaml: its index terms, the PDF's page map).
mkdir out
run "$PUBPIPE" run "$SRC/pipelines/book.yaml" -D "outputs.0.path=$WORK/out/r.xml" -D "outputs.1.path=$WORK/out/r.epub" \
  -D "outputs.1.with.page_map=$WORK/out/r.pages" -D "outputs.2.path=$WORK/out/r.fo" -D "outputs.2.with.pdf=$WORK/out/r.pdf" \
  -D "outputs.2.with.page_map=$WORK/out/r.pages"
expect_rc 0 "the sample reader with an index and print pages is written"
expect_out "wrote out/r.pages" "the xsl-fo writer writes the PDF's page map"

# DocBook: an indexterm with a stable id at each occurrence, and an index.
glossary_ix=$(grep -o '<indexterm xml:id="[^"]*-ix-thaad"><primary>THAAD</primary></indexterm>' out/r.xml | wc -l)
listed_ix=$(grep -o '<indexterm xml:id="[^"]*-ix-seoul[-0-9]*"><primary>Seoul</primary></indexterm>' out/r.xml | wc -l)
if [ "$glossary_ix" -ge 1 ] && [ "$listed_ix" -ge 2 ]; then pass "DocBook: indexterms for a glossary term ($glossary_ix) and a book.index term ($listed_ix)"
else fail "DocBook indexterms: THAAD $glossary_ix, Seoul $listed_ix"; fi
if grep -q '<index><title>Index</title></index>' out/r.xml; then pass "DocBook: the book ends with an index"; else fail "no <index> in the DocBook"; fi
jing_valid out/r.xml

# EPUB: an index page per EPUB 3 Indexes, in the nav and the spine, each
# locator resolving to its occurrence's anchor; page markers and page-list.
mkdir x && (cd x && unzip -q ../out/r.epub)
epubcheck_clean out/r.epub
run python3 - x/EPUB <<'PY'
import sys, os, re, xml.etree.ElementTree as ET
d = sys.argv[1]
X = '{http://www.w3.org/1999/xhtml}'; E = '{http://www.idpf.org/2007/ops}type'
def load(f): return ET.parse(os.path.join(d, f)).getroot()
ids = {f: {e.get('id') for e in load(f).iter() if e.get('id')} for f in os.listdir(d) if f.endswith('.xhtml')}
ix = load('index.xhtml')
assert any(s.get(E) == 'index' for s in ix.iter(X + 'section')), 'no epub:type="index" section'
terms = [t.text for t in ix.iter(X + 'span') if t.get(E) == 'index-term']
locs = [a for a in ix.iter(X + 'a') if a.get(E) == 'index-locator']
for a in locs:
    f, frag = a.get('href').split('#')
    assert frag in ids.get(f, ()), 'locator %s resolves to nothing' % a.get('href')
for t in ('THAAD', 'Seoul', 'alliance', 'deterrence'):
    assert t in terms, '%s is not in the index: %s' % (t, terms)
opf = open(os.path.join(d, 'package.opf')).read()
assert '<itemref idref="index"/>' in opf, 'the index is not in the spine'
nav = open(os.path.join(d, 'nav.xhtml')).read()
assert 'href="index.xhtml">Index</a>' in nav, 'the index is not in the nav'
assert 'epub:type="page-list"' in nav, 'no page-list'
assert 'property="source-of">pagination</meta>' in opf and 'PDF edition (r.pdf)' in opf, 'no pagination source'
# The page-list's entries and the markers: one each per page, each resolving.
plist = re.findall(r'<li><a href="([^"#]+)#(page-[^"]+)">([^<]+)</a></li>', nav.split('epub:type="page-list"')[1].split('</nav>')[0])
for f, frag, n in plist:
    assert frag in ids[f], 'page %s: no marker %s in %s' % (n, frag, f)
print('PAGES', ' '.join(n for _, _, n in plist))
print('TERMS', len(terms), 'LOCATORS', len(locs))
PY
expect_rc 0 "EPUB: index page, nav, spine, locators and page-list resolve"
pages=$(sed -n 's/^PAGES //p' <<<"$out")
pass "EPUB page-list: $pages; $(grep TERMS <<<"$out")"

# The page markers against the PDF: the printed number of each page (its
# footer), and the words after each marker on that page.
run python3 - x/EPUB out/r.pdf <<'PY'
import sys, os, re, subprocess, html
d, pdf = sys.argv[1:]
n = int(re.search(r'Pages:\s+(\d+)', subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout).group(1))
printed = {}
for k in range(1, n + 1):
    t = subprocess.run(['pdftotext', '-f', str(k), '-l', str(k), pdf, '-'], capture_output=True, text=True).stdout
    lines = [l.strip() for l in t.splitlines() if l.strip()]
    if lines and lines[-1].isdigit(): printed[lines[-1]] = ' '.join(' '.join(lines).split())
checked, bad = 0, []
for f in sorted(os.listdir(d)):
    if not f.endswith('.xhtml'): continue
    s = open(os.path.join(d, f)).read()
    for m in re.finditer(r'<span epub:type="pagebreak" role="doc-pagebreak" id="[^"]+" aria-label="([^"]+)"></span>', s):
        after = html.unescape(re.sub(r'<[^>]+>', ' ', s[m.end():m.end() + 1500]))
        words = ' '.join(w for w in after.split() if any(c.isalnum() for c in w))
        words = ' '.join(words.split()[:4])
        page = ' '.join(w for w in printed.get(m.group(1), '').split() if any(c.isalnum() for c in w))
        checked += 1
        if not page or words not in page: bad.append('p. %s: "%s"' % (m.group(1), words))
print('CHECKED', checked, 'PRINTED', ' '.join(sorted(printed, key=int)))
if bad or not checked: print('BAD', bad); sys.exit(1)
PY
expect_rc 0 "each page marker's following words are on that page of the PDF"
pass "$(grep CHECKED <<<"$out")"
# Every numbered page of the articles (before the index) is in the page-list.
want=$(python3 -c "
import subprocess,re,sys
n=int(re.search(r'Pages:\s+(\d+)',subprocess.run(['pdfinfo','out/r.pdf'],capture_output=True,text=True).stdout).group(1))
out=[]
for k in range(1,n+1):
  t=[l.strip() for l in subprocess.run(['pdftotext','-f',str(k),'-l',str(k),'out/r.pdf','-'],capture_output=True,text=True).stdout.splitlines() if l.strip()]
  if t and t[-1].isdigit() and not (len(t)>1 and t[0].endswith('Index')) and 'Index' not in t[:3]: out.append(t[-1])
print(' '.join(out))")
if [ "$pages" = "$want" ]; then pass "the page-list's numbers equal the PDF's article pages ($want)"
else fail "page-list '$pages', the PDF's article pages '$want'"; fi

# The PDF's index: each term with its page numbers, each page once.
idx=$(pdftotext -layout -f "$(pdfinfo out/r.pdf | awk '/^Pages:/ {print $2}')" out/r.pdf - | tr -s ' ')
if grep -qE '^ ?Seoul(, [0-9]+)+$' <<<"$idx" && grep -qE '^ ?THAAD(, [0-9]+)+$' <<<"$idx"; then pass "PDF: the index lists terms with page numbers"
else fail "PDF index page: $idx"; fi
dups=$(grep -E '^ ?[A-Za-z].*, [0-9]' <<<"$idx" | awk -F', ' '{ for (i = 2; i <= NF; i++) if (seen[NR, $i]++) print }')
if [ -z "$dups" ]; then pass "PDF: no page is cited twice for a term"; else fail "pages cited twice: $dups"; fi
alliance_fo=$(grep -o 'internal-destination="[^"]*-ix-alliance[-0-9]*"><fo:page-number-citation' out/r.fo | wc -l)
alliance_all=$(grep -o '<indexterm xml:id="[^"]*-ix-alliance[-0-9]*">' out/r.xml | wc -l)
if [ "$alliance_fo" -ge 2 ] && [ "$alliance_fo" -le "$alliance_all" ]; then pass "FO: $alliance_all occurrences of 'alliance' cited as $alliance_fo pages"
else fail "FO citations of alliance: $alliance_fo of $alliance_all"; fi
fop_renders out/r.fo 5

# Sorted by the book language's collation, not by bytes: Äpfel (a-p-f)
# before apple (a-p-p), Österreich after Oslo, Zebra last (bytes put Oslo and
# Zebra before apple, and Ä and Ö after z).
mkdir -p de
printf 'Fruit Notes\n\nAn apple a day. Zebra crossings. Äpfel und Birnen. Oslo and Österreich.\n' >de/a.txt
cat >sort.yaml <<YAML
pubpipe: 1
book: {title: Sorting, language: de, index: [Zebra, Äpfel, apple, Österreich, Oslo]}
inputs: [de/a.txt]
stages: [{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize}]
outputs:
  - {plugin: epub, path: s.epub}
  - {plugin: xsl-fo, path: s.fo}
YAML
run "$PUBPIPE" run sort.yaml
expect_rc 0 "a German book with index terms"
order=$(unzip -p s.epub EPUB/index.xhtml | grep -o '<span epub:type="index-term">[^<]*' | sed 's/.*>//' | tr '\n' ' ')
if [ "$order" = "Äpfel apple Oslo Österreich Zebra " ]; then pass "EPUB index in collation order: $order"; else fail "EPUB index order: $order"; fi
fo_order=$(grep -o 'text-indent="-12pt">[^<,]*' s.fo | sed 's/.*>//' | tr '\n' ' ')
if [ "$fo_order" = "Äpfel apple Oslo Österreich Zebra " ]; then pass "FO index in the same order"; else fail "FO index order: $fo_order"; fi

# Without a page map: an index, but no page-list and no page markers.
book plain.yaml "[Seoul]" "{}" "{}"
run "$PUBPIPE" run plain.yaml
expect_rc 0 "a reader without a PDF"
if unzip -p out/r.epub EPUB/nav.xhtml | grep -q page-list || unzip -p out/r.epub 'EPUB/ch-*.xhtml' | grep -q pagebreak; then fail "page markers without a page map"
else pass "without a page map there is no page-list and no page marker"; fi
if unzip -p out/r.epub EPUB/index.xhtml | grep -q '>Seoul</span>'; then pass "the EPUB index without a PDF"; else fail "no EPUB index without a PDF"; fi

# A term nothing marks is reported.
book typo.yaml "[Seoul, Pyongyangg]" "{}" "{}"
run "$PUBPIPE" run typo.yaml
expect_rc 0 "a book with an index term that occurs nowhere"
expect_out "the index term 'Pyongyangg' (book.index) occurs in no paragraph" "a term that occurs nowhere is reported"

# Bad values: file:line:column and exit 2.
book bad1.yaml "Seoul" "{}" "{}"
run "$PUBPIPE" validate bad1.yaml
expect_rc 2 "book.index as a string"
expect_out "bad1.yaml:5:10: error: " "the error names file:line:column"
expect_out "book.index (a list of terms)" "the error says what is expected"
book bad2.yaml "[Seoul, seoul]" "{}" "{}"
run "$PUBPIPE" validate bad2.yaml
expect_rc 2 "a term listed twice"
expect_out "bad2.yaml:5:18: error: book.index lists 'seoul' twice" "the duplicate is named at its place"
book bad2u.yaml "[Émile Zola, ÉMILE ZOLA]" "{}" "{}"
run "$PUBPIPE" validate bad2u.yaml
expect_rc 2 "a term listed twice in non-ASCII capitals"
expect_out "error: book.index lists 'ÉMILE ZOLA' twice" "case is set aside in every script"
book ok2u.yaml "[Émile Zola, Emile Zola]" "{}" "{}"
run "$PUBPIPE" validate ok2u.yaml
expect_rc 0 "an accent is not case: É and E are two terms"
book bad3.yaml "[Seoul, {a: b}, '']" "{}" "{}"
run "$PUBPIPE" validate bad3.yaml
expect_rc 2 "a term that is a map, and an empty one"
expect_out "each of book.index (a term)" "a map is not a term"
expect_out "an index term is empty" "an empty term is refused"
book bad4.yaml "[Seoul]" "{page_map: out/none.pages}" "{}"
run "$PUBPIPE" validate bad4.yaml
expect_rc 2 "a page map that no output writes and that does not exist"
expect_out "option 'page_map': cannot read the file" "the missing page map is named"
book bad5.yaml "[Seoul]" "{}" "{page_map: out/r.pages}"
run "$PUBPIPE" validate bad5.yaml
expect_rc 2 "page_map without pdf"
expect_out "bad5.yaml:11:76: error: option 'page_map' of plugin 'xsl-fo'" "the error names the option's line"
expect_out "\`page_map:\` needs \`pdf:\`" "the error says a page map is the PDF's"
# Only a writer's resource may be another writer's output option: not a
# stage's (the glossary), and not an output's own path.
book bad6.yaml "[Seoul]" "{page_map: out/r.xml}" "{}"
run "$PUBPIPE" validate bad6.yaml
expect_rc 2 "a page map that is the DocBook output's path"
expect_out "is a file the pipeline reads (option 'page_map' of plugin 'epub'); it would overwrite it" "the clash is named"
cp "$SRC/samples/glossary.yaml" g.yaml
cat >bad7.yaml <<YAML
pubpipe: 1
book: {title: T, index: [Seoul]}
inputs: $SEEDS
stages: [{plugin: link-normalize, with: {glossary: g.yaml}}]
outputs: [{plugin: xsl-fo, path: x.fo, with: {pdf: x.pdf, page_map: g.yaml}}]
YAML
run "$PUBPIPE" validate bad7.yaml
expect_rc 2 "an output option that is a stage's resource"
if cmp -s g.yaml "$SRC/samples/glossary.yaml"; then pass "the glossary is left alone"; else fail "the glossary was overwritten"; fi
finish
