# Declared option constraints (ABI 1.2): a range, a pattern, allowed values
# and a plugin's validate hook are checked by `pubpipe validate`, reported at
# the option's file:line:column; an older plugin (no constraints) still loads.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
printf 'Article 1\n\nThe body of article 1 is a single short paragraph of text.\n' >art1.txt
write() {  # write WITH: misbehave's options on line 7
  cat >p.yaml <<YAML
pubpipe: 1
book: {title: Constraints, language: en}
inputs: [$WORK/art1.txt]
plugin_path: [$TEST_PLUGINS]
stages:
  - plugin: section-detect
  - {plugin: misbehave, with: $1}
outputs: [{plugin: docbook, path: $WORK/out.xml}]
YAML
}
write "{count: -3}"
run "$PUBPIPE" validate p.yaml
expect_rc 2 "a number outside its declared range fails validate"
expect_out "p.yaml:7:39: error: option 'count' of plugin 'misbehave': -3 is outside 0 to 100" "reported at the option's line and column"
run "$PUBPIPE" run p.yaml
expect_rc 2 "and nothing runs"
write "{count: 100}"
run "$PUBPIPE" validate p.yaml; expect_rc 0 "the range's end is allowed"
write "{when: 'a b'}"
run "$PUBPIPE" validate p.yaml
expect_out "p.yaml:7:38: error: option 'when' of plugin 'misbehave': 'a b' does not match the pattern" "a string against its pattern"
write "{mode: fail, count: 13}"
run "$PUBPIPE" validate p.yaml
expect_rc 2 "the validate hook's verdict fails validate"
expect_out "p.yaml:7:51: error: option 'count' of plugin 'misbehave': 13 is unlucky" "the hook's message is at the option it names"
write "{mode: none, count: 13}"
run "$PUBPIPE" validate p.yaml; expect_rc 0 "the hook sees the whole option set"
# allowed values: the sample reading-time is C++; the test plugin abi-current is C
# (count: 1..9); the 1.0 plugin abi-old-minor declares no constraint and loads.
cat >q.yaml <<YAML
pubpipe: 1
book: {title: Constraints, language: en}
inputs: [$WORK/art1.txt]
plugin_path: [$TEST_PLUGINS]
stages:
  - plugin: section-detect
  - {plugin: abi-current, with: {count: 12}}
  - plugin: abi-old-minor
outputs: [{plugin: docbook, path: $WORK/out.xml}]
YAML
run "$PUBPIPE" validate q.yaml
expect_rc 2 "a plain-C plugin's range"
expect_out "q.yaml:7:41: error: option 'count' of plugin 'abi-current': 12 is outside 1 to 9" "is reported at its place"
sed -i 's/count: 12/count: 9/' q.yaml
run "$PUBPIPE" run q.yaml; expect_rc 0 "a 1.0 plugin without constraints still loads and runs beside it"
# The generated option reference shows the declared constraints.
run env PUBPIPE_PLUGIN_PATH="$TEST_PLUGINS" "$PUBPIPE" plugins misbehave --markdown
expect_rc 0 "plugins --markdown of the test plugin"
expect_out '| `count` | int | `3` | range `0..100` |' "the reference shows a range"
expect_out '| `when` | string | `""` | matches `[A-Za-z0-9._-]*` |' "and a pattern"
expect_out '| one of the values |' "and that an enum takes one of its values"
finish
