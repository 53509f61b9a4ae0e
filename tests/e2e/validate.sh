# `pubpipe validate` on a pipeline file full of mistakes lists every one
# with file:line:column, and exits 2.  The messages are a golden file.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
mkdir -p out
cat >broken.yaml <<YAML
pubpipe: 1
book:
  title: Broken
  langauge: en
inputs:
  - nothing-matches-*.txt
plugin_path: [$TEST_PLUGINS]
stages:
  - plugin: section-detect
  - plugin: text-cleanup
    with:
      spelling: sometimes
      chrome_lines: 7
  - plugin: no-such-plugin
  - plugin: misbehave
    with:
      count: many
      colour: red
outputs:
  - plugin: epub
    path: out/book.epub
    with:
      toc_depth: [1]
  - plugin: docbook
    path: out/book.epub
  - plugin: abi-newer-minor
    path: out/x.xml
YAML
run "$PUBPIPE" validate broken.yaml
expect_rc 2 "validate on a broken pipeline"
got=$(sed "s|$TEST_PLUGINS|TEST_PLUGINS|g; s|$BUILD/|BUILD/|g; s|$(dirname "$BUILD")/lib/|BUILDPARENT/lib/|g" <<<"$out")
if diff -u "$SRC/tests/golden/validate-broken.txt" <(echo "$got"); then pass "the messages match the golden file"
else fail "the messages differ from tests/golden/validate-broken.txt"; fi
run "$PUBPIPE" run broken.yaml
expect_rc 2 "run on a broken pipeline runs nothing"
[ -z "$(ls out)" ] && pass "no output was written" || fail "outputs were written: $(ls out)"

# Wrong YAML, duplicate keys, aliases.
printf 'pubpipe: 1\nbook: {title: [unclosed\n' >syntax.yaml
run "$PUBPIPE" validate syntax.yaml; expect_rc 2 "a YAML syntax error"; expect_out "syntax.yaml:3:1: error: end of sequence flow not found" "with its line and column"
printf 'pubpipe: 1\npubpipe: 1\n' >dup.yaml
run "$PUBPIPE" validate dup.yaml; expect_rc 2 "a duplicate key"; expect_out "dup.yaml:2:1" "at the second key"
printf 'pubpipe: 1\nbook: &b {title: x}\nother: *b\n' >alias.yaml
run "$PUBPIPE" validate alias.yaml; expect_rc 2 "an alias"
printf 'book: {title: x}\ninputs: [a.txt]\n' >noversion.yaml
run "$PUBPIPE" validate noversion.yaml; expect_rc 2 "no pubpipe: version"; expect_out "pubpipe" "names the missing key"
finish
