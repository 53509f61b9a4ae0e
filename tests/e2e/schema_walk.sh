# Every element of the DocBook 5 schema's inlines (db.all.inlines) and
# blocks (db.all.blocks), as a plugin could write it, through each writer:
# none loses its text, and its role reaches the output (a class in the
# XHTML, the role property in the XSL-FO).  The elements are read from
# Debian's docbook5-xml schema, so a newer schema is walked too.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
RNG=/usr/share/xml/docbook/schema/rng/5.0/docbook.rng
cat >elements.py <<'PY'
import sys, xml.etree.ElementTree as ET
R = '{http://relaxng.org/ns/structure/1.0}'
defs = {}
for d in ET.parse(sys.argv[1]).getroot().iter(R + 'define'): defs.setdefault(d.get('name'), []).append(d)
def reach(start):
    out, seen = set(), set()
    def walk(n):
        for c in n:
            if c.tag == R + 'element':
                if c.get('name'): out.add(c.get('name'))
            elif c.tag == R + 'ref' and c.get('name') not in seen:
                seen.add(c.get('name'))
                for d in defs.get(c.get('name'), []): walk(d)
            elif c.tag not in (R + 'element', R + 'ref'): walk(c)
    for d in defs[start]: walk(d)
    return out
# Elements that are empty by the schema, or whose text is not running text
# by design (an index term is the index's).
SKIP = {'anchor', 'xref', 'footnoteref', 'coref', 'biblioref', 'indexterm'}
which = reach('db.all.inlines' if sys.argv[2] == 'inline' else 'db.all.blocks')
print('\n'.join(sorted(which - SKIP)))
PY
python3 elements.py "$RNG" inline >inlines.txt
python3 elements.py "$RNG" block >blocks.txt
[ "$(wc -l <inlines.txt)" -gt 80 ] && [ "$(wc -l <blocks.txt)" -gt 40 ] &&
  pass "the schema has $(wc -l <inlines.txt) inline and $(wc -l <blocks.txt) block elements to walk" || fail "the schema walk found too few elements"

# An exec filter that replaces each article's body with every element, each
# holding a word of its own (w-NAME) and a role of its own (r-NAME).
cat >every-element.py <<PY
import sys, xml.etree.ElementTree as ET
DB = 'http://docbook.org/ns/docbook'
ET.register_namespace('', DB)
root = ET.fromstring(sys.stdin.buffer.read())
for c in [c for c in root if c.tag != '{%s}info' % DB]: root.remove(c)
inlines = open('$WORK/inlines.txt').read().split()
blocks = open('$WORK/blocks.txt').read().split()
def el(parent, name):
    e = ET.SubElement(parent, '{%s}%s' % (DB, name), role='r-' + name)
    e.text = 'w-' + name
    e.tail = ' '
    return e
sec = ET.SubElement(root, '{%s}section' % DB)
ET.SubElement(sec, '{%s}title' % DB).text = 'Inline elements'
p = ET.SubElement(sec, '{%s}para' % DB)
p.text = 'Every inline element: '
for n in inlines: el(p, n)
sec = ET.SubElement(root, '{%s}section' % DB)
ET.SubElement(sec, '{%s}title' % DB).text = 'Block elements'
for n in blocks: el(sec, n)
# A plugin's pull quote, with its attribution (issue 18: written twice).
q = ET.SubElement(sec, '{%s}blockquote' % DB, role='pullquote')
ET.SubElement(q, '{%s}attribution' % DB).text = 'A. Speaker'
ET.SubElement(q, '{%s}para' % DB).text = 'Quoted words.'
sys.stdout.buffer.write(ET.tostring(root, encoding='utf-8'))
PY
printf 'Every Element\n\nA paragraph the filter replaces.\n' >every.txt
pipeline walk.yaml "[$WORK/every.txt]" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: exec, with: {command: [python3, $WORK/every-element.py]}}]" \
  "[{plugin: epub, path: $WORK/walk.epub}, {plugin: xsl-fo, path: $WORK/walk.fo}]"
run "$PUBPIPE" run walk.yaml
expect_rc 0 "every element through both writers"
mkdir epub && (cd epub && unzip -q ../walk.epub)

# check.py OUTPUT ATTR: for each element, its word is in the output's text,
# and an element with ATTR holding r-NAME holds the word.
cat >check.py <<'PY'
import sys, glob, xml.etree.ElementTree as ET
files, attr = sys.argv[1], sys.argv[2]
names = open('inlines.txt').read().split() + open('blocks.txt').read().split()
trees = [ET.parse(f).getroot() for f in glob.glob(files)]
lost_text, lost_role = [], []
for n in set(names):
    word, role = 'w-' + n, 'r-' + n
    if not any(word in ''.join(t.itertext()) for t in trees): lost_text.append(n)
    if not any(role in (e.get(attr) or '').split() and word in ''.join(e.itertext()) for t in trees for e in t.iter()): lost_role.append(n)
print('text lost: %s' % ' '.join(sorted(lost_text)))
print('role lost: %s' % ' '.join(sorted(lost_role)))
sys.exit(1 if lost_text or lost_role else 0)
PY
run python3 check.py "epub/EPUB/ch-*.xhtml" class
expect_rc 0 "XHTML: every element keeps its text and its role as a class"
run python3 check.py walk.fo role
expect_rc 0 "XSL-FO: every element keeps its text and its role"
n=$(grep -o 'class="attribution"' epub/EPUB/ch-every.xhtml | wc -l)
[ "$n" = 1 ] && pass "an attribution is written once" || fail "the attribution is written $n times"
grep -q '<blockquote class="pullquote">' epub/EPUB/ch-every.xhtml && pass "the pull quote's role is its class" || fail "no blockquote.pullquote"
grep -q '<fo:block role="pullquote"' walk.fo && pass "and its role in the XSL-FO" || fail "no role=pullquote in the FO"
epubcheck_clean walk.epub
fop_renders walk.fo 2
finish
