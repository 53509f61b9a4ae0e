# The book-wide ids: an id that an earlier article has is renamed by
# link-normalize's book stage (past an id another article has already), a
# link naming another article points to it, and without link-normalize the
# core drops the article that reuses an id.  Both hold their ids as hashes
# and compare as strings only the ids whose hashes meet.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
mkdir in
for a in Alpha Beta Gamma Delta; do printf '%s Article\n\nThis article has one paragraph of ordinary text.\n' "$a" >"in/$(tr A-Z a-z <<<"${a:0:1}").txt"; done
cat >ids.py <<'PY'
import sys
x = sys.stdin.read()
add = {'Alpha': '<para><anchor xml:id="shared"/>Alpha anchor.</para>',
       'Beta': '<para><anchor xml:id="shared"/>Beta anchor.</para>',
       'Gamma': '<para>See <link xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="https://example.org/alpha">Alpha Article</link>.</para>',
       'Delta': '<para><anchor xml:id="shared-2"/>Delta anchor.</para>'}
for title, extra in add.items():
    if '>%s Article<' % title in x:
        x = x.replace('</article>', extra + '</article>')
sys.stdout.write(x)
PY
IDS="{plugin: exec, with: {command: [python3, $WORK/ids.py]}}"
pipeline p.yaml "[$WORK/in/*.txt]" "[{plugin: text-cleanup}, {plugin: section-detect}, $IDS, {plugin: link-normalize}]" "[{plugin: docbook, path: $WORK/p.xml}]"
run "$PUBPIPE" run p.yaml --no-cache -v
expect_rc 0 "ids used twice are renamed, not refused"
expect_out "the id 'shared' is also used by an earlier article; renamed 'shared-3'" "the second 'shared' is renamed past Delta's 'shared-2'"
expect_out "'Alpha Article' names another article of the book; linked to it" "a link naming an article points to it"
ids=$(grep -o 'xml:id="shared[^"]*"' p.xml | tr '\n' ' ')
[ "$ids" = 'xml:id="shared" xml:id="shared-3" xml:id="shared-2" ' ] && pass "each id once: $ids" || fail "the ids: $ids"
grep -q 'linkend="a"' p.xml && pass "the link to another article is kept" || fail "no linkend to article a"
[ "$(grep -o '<article ' p.xml | wc -l)" = 4 ] && pass "every article is in the book" || fail "an article was dropped"

pipeline q.yaml "[$WORK/in/*.txt]" "[{plugin: text-cleanup}, {plugin: section-detect}, $IDS]" "[{plugin: docbook, path: $WORK/q.xml}]"
run "$PUBPIPE" run q.yaml --no-cache
expect_rc 1 "an id used twice without link-normalize"
expect_out "b.txt: error: xml:id 'shared' is also used by in/a.txt; ids must be unique across the book; the document is skipped" \
  "the later article is dropped, naming the earlier one"
[ "$(grep -o '<article ' q.xml | wc -l)" = 3 ] && pass "the other three articles are in the book" || fail "not three articles"
grep -q 'xml:id="shared-2"' q.xml && pass "an id that only looks alike is no clash" || fail "shared-2 was dropped"
finish
