# Plugins that throw, fail, crash, exit, hang or break the tree are reported
# by name and stage; the run exits 1 and the other documents come out.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
for n in 1 2 3; do printf 'Article %s\n\nThe body of article %s is a single short paragraph of text.\n' $n $n >"art$n.txt"; done
INPUTS="[$WORK/art*.txt]"
mode_run() {  # mode_run MODE [pubpipe options]: misbehave acts on art2 only
  local mode=$1; shift
  pipeline "$WORK/m.yaml" "$INPUTS" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: misbehave, with: {mode: $mode, when: art2}}]" \
    "[{plugin: docbook, path: $WORK/book.xml}]"
  rm -f book.xml
  run "$PUBPIPE" run "$WORK/m.yaml" "$@"
}
for mode in throw fail segfault abort exit doctype entity foreign dupids dangling notdocbook huge; do
  mode_run $mode
  expect_rc 1 "misbehave mode $mode"
  expect_out "misbehave/act" "mode $mode: the message names the plugin and stage"
  expect_out "art2.txt" "mode $mode: the message names the file"
  if [ -f book.xml ] && grep -q "article 1" book.xml && grep -q "article 3" book.xml && ! grep -q "article 2" book.xml; then
    pass "mode $mode: the other documents are in the book"
  else fail "mode $mode: the book lacks the other documents"; fi
done
mode_run hang --timeout 3
expect_rc 1 "a hanging plugin is stopped by --timeout"; expect_out "art2.txt" "the hang names the file"
mode_run throw --isolation thread
expect_rc 1 "a throwing plugin, thread isolation"; expect_out "misbehave threw on purpose" "the exception's message is kept"

# A writer that fails midway, and a run killed midway, leave the old output.
pipeline "$WORK/ok.yaml" "$INPUTS" "[{plugin: text-cleanup}, {plugin: section-detect}]" "[{plugin: misbehave, path: $WORK/out.txt, with: {output: true}}]"
run "$PUBPIPE" run "$WORK/ok.yaml"; expect_rc 0 "a good run writes out.txt"
echo "the old output" >out.txt
pipeline "$WORK/w.yaml" "$INPUTS" "[{plugin: text-cleanup}, {plugin: section-detect}]" \
  "[{plugin: misbehave, path: $WORK/out.txt, with: {mode: book-throw, output: true}}]"
run "$PUBPIPE" run "$WORK/w.yaml"; expect_rc 1 "a writer failing midway"
expect_out "the writer failed midway" "its message"
[ "$(cat out.txt)" = "the old output" ] && pass "the old output is untouched" || fail "the old output changed"
pipeline "$WORK/c.yaml" "$INPUTS" "[{plugin: text-cleanup}, {plugin: section-detect}]" \
  "[{plugin: misbehave, path: $WORK/out.txt, with: {mode: book-commit, output: true}}, {plugin: docbook, path: $WORK/c.xml}]"
run "$PUBPIPE" run "$WORK/c.yaml" -j 2; expect_rc 1 "a writer that changes the articles"
expect_out "a writer's book stage cannot change the articles" "is refused"
grep -q "article 2" c.xml && pass "the other writer, running beside it, wrote its output" || fail "the other writer's output is missing"
pipeline "$WORK/k.yaml" "$INPUTS" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: misbehave, with: {mode: hang, when: art3}}]" \
  "[{plugin: docbook, path: $WORK/out.txt}]"
setsid "$PUBPIPE" run "$WORK/k.yaml" >/dev/null 2>&1 &
pid=$!
sleep 2
kill -KILL -- -$pid 2>/dev/null || kill -KILL $pid
wait $pid 2>/dev/null
[ "$(cat out.txt)" = "the old output" ] && pass "a run killed with SIGKILL leaves the old output" || fail "SIGKILL damaged the output"

# ABI versions: an older minor loads and runs, a newer minor or another
# major is refused naming the file and both versions; symbols do not clash.
pipeline "$WORK/abi.yaml" "$INPUTS" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: abi-old-minor}, {plugin: abi-current}]" \
  "[{plugin: docbook, path: $WORK/abi.xml}]"
run "$PUBPIPE" run "$WORK/abi.yaml"; expect_rc 0 "an older-minor plugin and a current one run together"
grep -q "<remark>abi-old-minor</remark><remark>abi-current</remark>" abi.xml && pass "each plugin calls its own clash_probe" ||
  fail "plugins' symbols clashed: $(grep -o '<remark>[^<]*</remark>' abi.xml | head -2)"
for p in abi-newer-minor abi-other-major; do
  pipeline "$WORK/v.yaml" "$INPUTS" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: $p}]" "[{plugin: docbook, path: $WORK/v.xml}]"
  run "$PUBPIPE" validate "$WORK/v.yaml"
  expect_rc 2 "$p is refused"
  expect_out "$p.so" "$p: the message names the file"
  expect_out "1.0" "$p: the message names the host's version"
done
mkdir -p notplugins && echo "not a library" >notplugins/fake.so
sed -i "s|plugin_path: .*|plugin_path: [$WORK/notplugins]|; s|{plugin: abi-other-major}|{plugin: fake}|" v.yaml
run "$PUBPIPE" validate "$WORK/v.yaml"; expect_rc 2 "a file that is not a plugin"; expect_out "fake.so" "its message names the file"
finish
