# What a third-party plugin author ran into (issue 19): exec's command is
# relative to the pipeline file; --define and --sandbox errors say where;
# option_string tells unset, undeclared and wrong type apart; a crash under
# --isolation thread or none names the plugin and the article; a node
# inserted twice is caught after the stage that did it.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
for n in 1 2 3; do printf 'Article %s\n\nThe body of article %s is a single short paragraph of text.\n' $n $n >"art$n.txt"; done
INPUTS="[$WORK/art*.txt]"

# exec: the guide's own example, run from the project root as the README does.
mkdir -p proj/pipelines proj/samples/filters proj/articles
cp "$SRC/samples/filters/emphasize.py" proj/samples/filters/
cp art1.txt proj/articles/
cat >proj/pipelines/e.yaml <<YAML
pubpipe: 1
book: {title: Exec, language: en}
inputs: [../articles/*.txt]
stages:
  - plugin: text-cleanup
  - plugin: section-detect
  - plugin: exec
    with: {command: [python3, ../samples/filters/emphasize.py, paragraph]}
outputs:
  - {plugin: docbook, path: ../e.xml}
YAML
(cd proj && run "$PUBPIPE" run pipelines/e.yaml; echo "$rc" >rc; printf '%s' "$out" >out)
rc=$(cat proj/rc); out=$(cat proj/out)
expect_rc 0 "exec's relative script path is relative to the pipeline file, run from elsewhere"
grep -q '<emphasis>paragraph</emphasis>' proj/e.xml && pass "the filter ran" || fail "no emphasis: $(cat proj/e.xml 2>/dev/null | head -c 600)"

# --define: a bad value is blamed on the --define, not on file:1:1.
pipeline "$WORK/d.yaml" "$INPUTS" "[{plugin: text-cleanup}, {plugin: section-detect}]" "[{plugin: docbook, path: $WORK/d.xml}]"
run "$PUBPIPE" validate "$WORK/d.yaml" --define "book.language=not a tag"
expect_rc 2 "a bad --define value is an error"
expect_out "--define book.language=not a tag: error: book.language must be a language tag" "the error names the --define"
expect_no_out "d.yaml:1:1" "and not the pipeline file's first line"
run "$PUBPIPE" validate "$WORK/d.yaml" --define "stages.1.with={mode: 3}"
expect_out "--define stages.1.with={mode: 3}: error:" "an unknown option from a --define names the --define"

# --sandbox: an input refused is reported at its line and column, as outputs are.
mkdir -p sb/in outside && cp art1.txt sb/in/a.txt && cp art2.txt outside/b.txt
cat >sb/p.yaml <<YAML
pubpipe: 1
book: {title: Sandboxed, language: en}
inputs:
  - in/a.txt
  - ../outside/b.txt
stages: [{plugin: text-cleanup}, {plugin: section-detect}]
outputs: [{plugin: docbook, path: out.xml}]
YAML
run "$PUBPIPE" validate sb/p.yaml --sandbox
expect_rc 2 "an input outside the sandbox"
expect_out "sb/p.yaml:5:5: error: --sandbox:" "the refused input is reported at its line and column"

# option_string and its siblings: unset, undeclared, wrong type are told
# apart for a 1.2 plugin; an older plugin still gets PP_FAIL (1) for each.
pipeline "$WORK/o.yaml" "$INPUTS" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: abi-old-minor}, {plugin: abi-current}]" \
  "[{plugin: docbook, path: $WORK/o.xml}]"
run "$PUBPIPE" run "$WORK/o.yaml"; expect_rc 0 "the option probes run"
codes=$(grep -o '<bibliomisc role="option-codes">[^<]*</bibliomisc>' o.xml | head -2 | sed 's/<[^>]*>//g' | tr '\n' ',')
# The fourth is option_list_size of an undeclared option: a failure for both.
[ "$codes" = "2 3 4 3,1 1 1 1," ] && pass "unset 2, undeclared 3, wrong type 4 for 1.2; PP_FAIL for 1.0; list size of an undeclared option fails ($codes)" ||
  fail "option codes: '$codes', expected '2 3 4 3,1 1 1 1,'"

# A crash under --isolation thread or none names the plugin, stage and article.
for iso in thread none; do
  for mode in segfault overflow abort; do
    pipeline "$WORK/c.yaml" "$INPUTS" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: misbehave, with: {mode: $mode, when: art2}}]" \
      "[{plugin: docbook, path: $WORK/c.xml}]"
    run "$PUBPIPE" run "$WORK/c.yaml" --isolation $iso -j 2
    [ "$rc" -ne 0 ] && pass "$mode under --isolation $iso stops the run (exit $rc)" || fail "$mode under $iso: exit 0"
    expect_out "error: misbehave/act crashed (signal" "$mode under $iso: the message names the plugin and stage"
    expect_out "on art2.txt under --isolation $iso" "$mode under $iso: and the article"
  done
done
run "$PUBPIPE" run "$WORK/c.yaml" --isolation process
expect_rc 1 "under --isolation process the crash fails only that article"
expect_no_out "the whole run stops" "and the worker does not report it as if the run stopped"

# A node inserted twice: caught by the tree check after the stage that did
# it, which is blamed; the next stage never sees the broken tree.
pipeline "$WORK/t.yaml" "$INPUTS" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: misbehave, with: {mode: twice, when: art2}}, {plugin: link-normalize}]" \
  "[{plugin: docbook, path: $WORK/t.xml}]"
for iso in process thread; do
  run "$PUBPIPE" run "$WORK/t.yaml" --isolation $iso
  expect_rc 1 "a node inserted twice fails the article ($iso)"
  expect_out "misbehave/act: the stage left the document tree broken: element 'para'" "the stage that inserted it is blamed ($iso)"
  expect_out "without xmlUnlinkNode" "and the message says what went wrong ($iso)"
  expect_no_out "link-normalize" "the next stage is not blamed ($iso)"
  grep -q "article 3" t.xml && pass "the other articles come out ($iso)" || fail "no book ($iso)"
done
finish
