# The exec stages: a filter in any language per document, and what happens
# when it writes garbage, writes nothing, fails or never ends.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
exec_run() {  # exec_run PLUGIN COMMAND [OPTIONS]
  pipeline "$WORK/e.yaml" "$SEEDS" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: $1, with: {command: $2 ${3:-}}}]" \
    "[{plugin: docbook, path: $WORK/e.xml}]"
  [ "$1" = exec-text ] && pipeline "$WORK/e.yaml" "$SEEDS" "[{plugin: text-cleanup}, {plugin: $1, with: {command: $2 ${3:-}}}, {plugin: section-detect}]" \
    "[{plugin: docbook, path: $WORK/e.xml}]"
  rm -f e.xml
  run "$PUBPIPE" run "$WORK/e.yaml" --strict
}
exec_run exec "[python3, $SRC/samples/filters/emphasize.py, alliance]"
expect_rc 0 "the Python sample filter"
[ "$(grep -o '<emphasis>alliance</emphasis>' e.xml | wc -l)" -ge 10 ] && pass "it emphasized the word" || fail "no emphasis in the output"
exec_run exec-text "[sed, s/Korea/KOREA/g]"
expect_rc 0 "a text-phase filter"
grep -q "South KOREA" e.xml && pass "the text filter changed the text" || fail "the text filter did nothing"
exec_run exec "[sh, -c, 'echo not xml at all']"
expect_rc 1 "a filter that writes garbage"; expect_out "did not write well-formed XML" "says so"; expect_out "exec/run" "names the stage"
exec_run exec "[true]"
expect_rc 1 "a filter that writes nothing"; expect_out "wrote nothing" "says so"
exec_run exec "[sh, -c, 'echo oops >&2; exit 3']"
expect_rc 1 "a filter that fails"; expect_out "exited with status 3: oops" "with its status and stderr"
exec_run exec "[sh, -c, 'sleep 60']" ", timeout: 1"
expect_rc 1 "a filter that never ends"; expect_out "took longer than its timeout (1 s)" "is killed at the time limit, which the message gives as written"
exec_run exec "[sh, -c, 'cat >/dev/null; echo \"<html><body/></html>\"']"
expect_rc 1 "a filter that returns HTML"; expect_out "the root is 'html', not 'article'" "the tree check refuses it"
exec_run exec "[no-such-program-anywhere]"
expect_rc 1 "a missing program"; expect_out "no-such-program-anywhere" "names it"
finish
