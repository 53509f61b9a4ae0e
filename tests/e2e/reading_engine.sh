# The EPUB in a real reading engine: epub.js (npm, in build-tools/ace) in
# headless Chromium follows the table of contents, a footnote (a glossary
# term's pop-up note) and a link to another article, each by what a reader
# does, and saves a screenshot after each (tests/tools/epubjs/read.js).
# UPDATE_SCREENSHOTS=1 copies them to docs/screenshots/ (shown in the README).
. "$(dirname "$0")/lib.sh"
cd "$WORK"
MODULES=${NODE_TOOLS:-$SRC/build-tools/ace/node_modules}
if [ ! -f "$MODULES/epubjs/dist/epub.min.js" ] || [ ! -d "$MODULES/puppeteer-core" ]; then
  fail "epub.js or puppeteer-core is not installed in $MODULES: run \`make npm-tools\`"; finish
fi
# The sample articles, and two short ones of which one lists the other
# under See also (link-normalize links it to that article).
mkdir in && cp "$SRC"/samples/articles/*.txt in/
printf 'Harbour Reopens After Storm\n\nThe harbour reopened on Monday after a week of repairs, officials said. Ships had waited offshore for days.\n\nThe harbour master said the port was open again.\n' >in/a-harbour.txt
printf 'The River Trade\n\nThe river was the main road of the region for centuries.\n\nIts trade shaped the towns along its banks.\n\nSee also\n\n- Harbour Reopens After Storm\n' >in/b-river.txt
pipeline book.yaml "[in/*.txt]" "$ALL_STAGES" "[{plugin: epub, path: r.epub}]"
run "$PUBPIPE" run book.yaml
expect_rc 0 "a reader with a link between articles"
mkdir -p epub shots && (cd epub && unzip -q ../r.epub)
HOME="$WORK" timeout 180 node "$SRC/tests/tools/epubjs/read.js" "$MODULES" epub shots >epubjs.json 2>epubjs.log
run python3 - epubjs.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
if r.get('error'): print('epub.js failed:', r['error'][:1500]); sys.exit(1)
bad = 0
for s in r['steps']:
    at = s['at']
    print('%s: %s -> %s#%s, displayed %s .. %s: %s' % (s['step'], s.get('text') or s.get('label'), s.get('href'), s.get('id') or '',
                                                       at.get('start'), at.get('end'), 'on the page' if at['ok'] else 'NOT shown: %s' % at.get('why', '')))
    bad += not at['ok']
names = [s['step'] for s in r['steps']]
if names != ['toc', 'footnote', 'cross-article link']: print('steps:', names); bad += 1
sys.exit(1 if bad else 0)
PY
expect_rc 0 "epub.js follows the contents, a footnote and a link to another article to their targets"
echo "$out"
for png in shots/epubjs-toc.png shots/epubjs-footnote.png shots/epubjs-cross-link.png; do
  if [ "$(head -c 8 "$png" 2>/dev/null | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] && [ "$(stat -c %s "$png")" -gt 5000 ]; then
    pass "$png rendered by epub.js ($(stat -c %s "$png") bytes)"
  else fail "$png was not saved: $(tail -3 epubjs.log)"; fi
done
if [ "${UPDATE_SCREENSHOTS:-0}" = 1 ]; then cp shots/epubjs-*.png "$SRC/docs/screenshots/" && echo "copied to docs/screenshots"; fi
finish
