# Articles the project has never seen, with the same kinds of artifacts,
# through every stage into every output, past the external gates.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
mkdir in
# A news story: cp1252, CRLF, byline, dateline, no headings, an address.
printf 'Harbour Reopens After Storm\r\n\r\nBy Maria Lopez\r\n\r\nPublished 3 February 2024\r\n\r\nThe port\x92s main harbour reopened on Monday after a week of repairs, officials said. Ships waited offshore \x96 some for days.\r\n\r\nAdvertisement\r\n\r\n\x93We are open again,\x94 the harbour master said.\r\n\r\nDetails are at https://www.port.example/notices (see the March update). Questions go to info@port.example.\r\n' >in/01-harbour.txt
# A report with Markdown headings, numbered citations and a reference list.
cat >in/02-report.txt <<'TXT'
Soil Carbon in Temperate Grasslands

# Background

Grassland soils store a large share of terrestrial carbon [1]. Grazing changes that store in ways that are still debated [2][3].

# Findings

Long-term plots show gains under light grazing [2, 3], and losses under heavy grazing [4]. See doi:10.1000/xyz123 for the data.

# Outlook

More plots are needed before the results can guide policy on grazing and carbon in temperate regions.

References

1. ^ a b Smith, J. (2019). Soil carbon stocks. Retrieved 2 May 2020 from https://soils.example/stocks.
2. ^ Doe, A. (2020). Grazing and carbon. https://doi.org/10.1000/abc
3. ^ Roe, B. (2021). Long-term plots.
4. ^ Poe, C. (2022). Heavy grazing.
TXT
# Hard-wrapped text with hyphenation, page chrome, wiki edit links, See also.
cat >in/03-river.txt <<'TXT'
The River Trade[edit]

Share this article

History[edit]

The river was the main road of the region for centuries, and its inter-
national trade shaped the towns along its banks long before the rail-
ways came. The international fairs drew merchants from far away, and
the towns grew rich on tolls, storage and the river trade itself.

The railways changed everything within a generation, as goods moved
faster and cheaper by land than they ever had by water on the river.

Decline[edit]

By the end of the century the river trade had almost disappeared, and
the quays were left to fishermen and to the occasional pleasure boat.
The towns turned to other work and the old warehouses stood empty.

See also

Inland navigation
Railway history
TXT
# UTF-16 with a BOM.
printf 'Quiet Valley\n\nThe valley is quiet in winter, when the roads close and the villages empty.\n\nIn summer the walkers return, and the inns open their doors again.\n' |
  iconv -f UTF-8 -t UTF-16 >in/04-valley.txt
pipeline "$WORK/p.yaml" "[$WORK/in/*.txt]" "$ALL_STAGES" \
  "[{plugin: epub, path: $WORK/b.epub}, {plugin: docbook, path: $WORK/b.xml}, {plugin: xsl-fo, path: $WORK/b.fo}]"
run "$PUBPIPE" run "$WORK/p.yaml" --strict
expect_rc 0 "unseen articles through every stage"
jing_valid b.xml
epubcheck_clean b.epub
fop_renders b.fo 4
run python3 - b.xml <<'PY'
import sys, xml.etree.ElementTree as ET
D = '{http://docbook.org/ns/docbook}'; X = '{http://www.w3.org/1999/xlink}'; I = '{http://www.w3.org/XML/1998/namespace}id'
root = ET.parse(sys.argv[1]).getroot()
a = {e.get(I): e for e in root.findall(D + 'article')}
t = lambda e: ''.join(e.itertext())
def check(ok, what): print(('ok   ' if ok else 'FAIL ') + what)
h = a['x01-harbour'] if 'x01-harbour' in a else list(a.values())[0]
check([t(p) for p in h.iter(D + 'personname')] == ['Maria Lopez'], 'byline: Maria Lopez')
check([t(p) for p in h.iter(D + 'pubdate')] == ['2024-02-03'], 'dateline: 2024-02-03')
check(h.find(D + 'section') is None, 'a news story has no sections')
body = t(h)
check('port’s main harbour' in body and 'offshore – some' in body, 'cp1252 quotes and dashes decoded')
check('Advertisement' not in body, 'page chrome removed')
hrefs = [l.get(X + 'href') for l in root.iter(D + 'link')]
check('https://www.port.example/notices' in hrefs, 'URL linked without the bracket')
check('mailto:info@port.example' in hrefs, 'e-mail linked')
check('https://doi.org/10.1000/xyz123' in hrefs, 'DOI linked')
check('https://soils.example/stocks' in hrefs, 'URL in a reference linked')
r = list(a.values())[1]
check([t(s.find(D + 'title')) for s in r.findall(D + 'section')] == ['Background', 'Findings', 'Outlook'], 'Markdown headings')
refs = [e for e in r.iter(D + 'biblioref')]
check(len(refs) == 6, 'six citations are bibliography references (%d)' % len(refs))
entries = list(r.iter(D + 'bibliomixed'))
check(len(entries) == 4 and not any(t(e).startswith(('^', 'a b')) for e in entries), 'four clean reference entries')
ids = {e.get(I) for e in entries}
check(all(x.get('linkend') in ids for x in refs), 'every citation points at an entry')
v = list(a.values())[2]
vt = t(v)
check('[edit]' not in vt and 'Share this article' not in vt, 'edit links and chrome removed')
check('international trade' in vt and 'railways came' in vt, 'hard wraps joined, hyphenation repaired')
see = [s for s in v.findall(D + 'section') if s.get('role') == 'see-also']
check(bool(see) and len(list(see[0].iter(D + 'link'))) == 2, 'See also items are links')
q = list(a.values())[3]
check(t(q.find(D + 'info/' + D + 'title')) == 'Quiet Valley', 'UTF-16 with BOM read')
PY
echo "$out"
grep -q "^FAIL" <<<"$out" && fail "checks on the unseen articles" || pass "checks on the unseen articles"

# Across the book: a See also label naming another article links to it, and
# two inputs with the same file name keep their ids unique.
mkdir -p x/one x/two
printf 'Alpha Treaty\n\nThe alpha treaty was signed after long talks between the parties.\n\nSee also\n\nBeta Accord\n' >x/one/alpha.txt
printf 'Beta Accord\n\nThe beta accord followed the alpha treaty within a year of its signing.\n' >x/one/beta.txt
printf 'Beta Accord\n\nA second text with the same file name as another input of the book.\n' >x/two/beta.txt
pipeline "$WORK/x.yaml" "[$WORK/x/one/*.txt, $WORK/x/two/*.txt]" "$ALL_STAGES" "[{plugin: docbook, path: $WORK/x.xml}, {plugin: epub, path: $WORK/x.epub}]"
run "$PUBPIPE" run "$WORK/x.yaml" --strict
expect_rc 0 "a book whose articles name each other"
grep -q '<link linkend="beta">Beta Accord</link>' x.xml && pass "the label links to the other article" || fail "no internal link: $(grep -o '<link[^>]*>Beta Accord' x.xml)"
grep -q 'xml:id="beta-2"' x.xml && pass "the second 'beta' article got a fresh id" || fail "duplicate ids were not renamed"
jing_valid x.xml
epubcheck_clean x.epub
finish
