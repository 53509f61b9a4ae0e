# pubpipe stage: one plugin's stages on one fixture, in process, through
# the core's loader, option checks, runner and tree checks.
. "$(dirname "$0")/lib.sh"
D="$SRC/tests/data/stage"
export PUBPIPE_PLUGIN_PATH="$TEST_PLUGINS"
# A text stage on a text fixture: the result is the text.
"$PUBPIPE" stage text-cleanup "$D/messy.txt" >"$WORK/clean.txt" 2>"$WORK/err"; rc=$?; out=$(cat "$WORK/err")
expect_rc 0 "text-cleanup on a text fixture"
[ "$(cat "$WORK/clean.txt")" = "$(printf 'Plain text line.\n\nSecond line')" ] && pass "the cleaned text is on stdout" ||
  fail "text-cleanup's result: $(od -c "$WORK/clean.txt" | head)"
# A structuring stage on a text fixture: the result is DocBook.
"$PUBPIPE" stage section-detect "$SRC/samples/articles/south-korea-foreign-affairs.txt" >"$WORK/a.xml" 2>"$WORK/err"; rc=$?
expect_rc 0 "section-detect on an article's text"
head -c 9 "$WORK/a.xml" | grep -q '^<article' && pass "the result is a DocBook article" || fail "section-detect's result: $(head -c 300 "$WORK/a.xml")"
xmllint --noout "$WORK/a.xml" 2>/dev/null && pass "and well-formed" || fail "the result is not well-formed"
# A tree stage on a DocBook fixture (chosen by the .xml name), with an option.
run "$PUBPIPE" stage link-normalize --strict "$D/article.xml"
expect_rc 0 "link-normalize on a DocBook fixture, --strict"
expect_out 'xlink:href="https://example.org/page"' "the URL became a link"
run "$PUBPIPE" stage "$TEST_PLUGINS/misbehave.so" --option mode=none --option count=5 "$D/article.xml"
expect_rc 0 "a plugin named by the path of its .so, with options"
# A glossary term in curly quotes or before a curly apostrophe is the term;
# run into a letter of any script it is not.
printf 'terms:\n  - term: THAAD\n    definition: A missile-defense system.\n' >"$WORK/glossary.yaml"
glossary_fixture() {
  printf '<article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:id="q"><info><title>Q</title></info><para>%s</para></article>\n' "$1" >"$WORK/quoted.xml"
  run "$PUBPIPE" stage link-normalize --option glossary="$WORK/glossary.yaml" "$WORK/quoted.xml"
}
glossary_fixture 'The “THAAD” radar.'
expect_rc 0 "link-normalize with a glossary"; expect_out '“<indexterm' "a term inside curly quotes is marked"
glossary_fixture 'THAAD’s range.'
expect_out '<glossterm linkend' "a term before a curly apostrophe is marked"
glossary_fixture 'The naïveTHAAD radar.'
expect_rc 0 "link-normalize with a glossary"; expect_no_out '<glossterm linkend' "a term run into a letter (naïveTHAAD) is not"
# --expect: the golden comparison.
"$PUBPIPE" stage link-normalize "$D/article.xml" >"$WORK/expected.xml" 2>/dev/null
run "$PUBPIPE" stage link-normalize --expect "$WORK/expected.xml" "$D/article.xml"
expect_rc 0 "--expect with the same result"
sed -i 's/A paragraph/Another paragraph/' "$WORK/expected.xml"
run "$PUBPIPE" stage link-normalize --expect "$WORK/expected.xml" "$D/article.xml"
expect_rc 1 "--expect with a different result"
expect_out "expected.xml:" "the difference names the expected file and line"
expect_out "expected:" "and shows both lines"
# Exit 1: the stage fails on the fixture, or breaks the tree.
run "$PUBPIPE" stage misbehave --option mode=fail "$D/article.xml"
expect_rc 1 "a stage that fails"; expect_out "misbehave/act: misbehave: misbehave failed on purpose" "the failure names the plugin and stage"
expect_out "article.xml" "and the fixture"
run "$PUBPIPE" stage misbehave --option mode=dupids "$D/article.xml"
expect_rc 1 "a stage that breaks the tree"; expect_out "left the document tree broken" "the host's tree check caught it"
run "$PUBPIPE" stage misbehave --option mode=twice "$D/article.xml"
expect_rc 1 "a node inserted twice"; expect_out "misbehave/act" "is blamed on the stage that did it"
run "$PUBPIPE" stage misbehave --option mode=book-throw "$D/article.xml"
expect_rc 1 "the plugin's book stage fails"; expect_out "misbehave/write" "the book stage is named"
[ -z "$("$PUBPIPE" stage misbehave --option mode=book-throw "$D/article.xml" 2>/dev/null)" ] && pass "and no result is printed" ||
  fail "a failed book stage printed a result"
run "$PUBPIPE" stage misbehave --option mode=segfault "$D/article.xml"
expect_rc 1 "a crash is a failed stage (exit 1), not the command's death by the signal"
expect_out "pubpipe stage: misbehave ended by signal 11 (SIGSEGV) on $D/article.xml; no result" "the command says how the stage ended"
expect_out "misbehave/act crashed (signal 11, SIGSEGV) on $D/article.xml" "the crash names the plugin, stage and fixture"
: >"$WORK/empty.txt"
run "$PUBPIPE" stage section-detect "$WORK/empty.txt"
expect_rc 0 "a document the stage leaves out"; expect_out "the document is left out" "says so as a warning"
[ -z "$("$PUBPIPE" stage misbehave --option mode=fail "$D/article.xml" 2>/dev/null)" ] && pass "a failed stage prints no result" ||
  fail "a failed stage printed a result"
# Exit 2: the plugin, an option or the fixture is wrong.
run "$PUBPIPE" stage no-such-plugin "$D/article.xml"; expect_rc 2 "an unknown plugin"; expect_out "no-such-plugin" "is named"
run "$PUBPIPE" stage misbehave --option nope=1 "$D/article.xml"
expect_rc 2 "an undeclared option"; expect_out "--option nope=1" "the message names the --option"
run "$PUBPIPE" stage misbehave --option count=500 "$D/article.xml"
expect_rc 2 "an option outside its declared range"; expect_out "500 is outside 0 to 100" "the declared constraint is checked"
run "$PUBPIPE" stage misbehave --option count=x "$D/article.xml"
expect_rc 2 "an option of the wrong type"; expect_out "expected a whole number" "says what was expected"
run "$PUBPIPE" stage misbehave --option mode=fail --option count=13 "$D/article.xml"
expect_rc 2 "the plugin's validate hook refuses the options"; expect_out "13 is unlucky" "with the hook's message"
run "$PUBPIPE" stage misbehave --option count=1 --option count=2 "$D/article.xml"
expect_rc 2 "an option given twice"
run "$PUBPIPE" stage section-detect "$D/article.xml"
expect_rc 2 "a text stage on a DocBook fixture"; expect_out "requires 'text'" "says what the stage needs"
run "$PUBPIPE" stage link-normalize --from text "$D/messy.txt"
expect_rc 2 "a tree stage on a text fixture"; expect_out "--from docbook" "says what to give it"
printf '<!DOCTYPE article><article xmlns="http://docbook.org/ns/docbook"/>' >"$WORK/doctype.xml"
run "$PUBPIPE" stage link-normalize "$WORK/doctype.xml"; expect_rc 2 "a fixture with a DOCTYPE"; expect_out "doctype.xml" "names the fixture"
printf '<html/>\n' >"$WORK/html.xml"
run "$PUBPIPE" stage link-normalize "$WORK/html.xml"; expect_rc 2 "a fixture that is no DocBook article"
expect_out "the fixture is not an article the host accepts" "is refused before the stage runs"
run "$PUBPIPE" stage link-normalize "$WORK/none.xml"; expect_rc 2 "a missing fixture"
run "$PUBPIPE" stage link-normalize; expect_rc 2 "no fixture"
run "$PUBPIPE" stage link-normalize --from html "$D/article.xml"; expect_rc 2 "--from html"
run "$PUBPIPE" stage --help; expect_rc 0 "stage --help"; expect_out "Exit status" "documents the exit statuses"
finish
