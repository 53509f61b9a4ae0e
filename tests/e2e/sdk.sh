# The SDK: install to a prefix, build the two sample plugins out of tree
# against it, and run them from the installed pubpipe in a pipeline.
. "$(dirname "$0")/lib.sh"
run cmake --install "$BUILD" --prefix "$WORK/prefix"; expect_rc 0 "cmake --install"
for f in bin/pubpipe include/pubpipe/plugin.h include/pubpipe/plugin.hpp lib/pubpipe/plugins/epub.so \
         lib/cmake/pubpipe/pubpipeConfig.cmake lib/cmake/pubpipe/pubpipeConfigVersion.cmake; do
  [ -e "$WORK/prefix/$f" ] && pass "installed $f" || fail "not installed: $f"
done
for sample in reading-time section-numbers; do
  run cmake -S "$SRC/samples/plugins/$sample" -B "$WORK/$sample" -DCMAKE_PREFIX_PATH="$WORK/prefix" -DCMAKE_INSTALL_PREFIX="$WORK/prefix"
  expect_rc 0 "configure $sample out of tree"
  run cmake --build "$WORK/$sample"; expect_rc 0 "build $sample"
  run cmake --install "$WORK/$sample"; expect_rc 0 "install $sample into the prefix"
done
nm -D --defined-only "$WORK/prefix/lib/pubpipe/plugins/reading-time.so" | awk 'NF == 3 {print $3}' | grep -qx pubpipe_plugin_v1 &&
  pass "the sample exports its entry point" || fail "the sample's exports"
cat >"$WORK/p.yaml" <<YAML
pubpipe: 1
book: {title: SDK, language: en}
inputs: [$SRC/samples/articles/*.txt]
stages:
  - plugin: text-cleanup
  - plugin: section-detect
  - plugin: reading-time
    with: {words_per_minute: 200}
  - plugin: section-numbers
  - plugin: exec
    with: {command: [python3, $SRC/samples/filters/emphasize.py, alliance]}
outputs:
  - plugin: docbook
    path: $WORK/sdk.xml
YAML
run "$WORK/prefix/bin/pubpipe" run "$WORK/p.yaml" --strict
expect_rc 0 "the installed pubpipe runs both samples"
grep -q '<bibliomisc role="reading-time">[0-9]* min read</bibliomisc>' "$WORK/sdk.xml" && pass "reading-time added its estimate" || fail "no reading time"
grep -q 'label="5"' "$WORK/sdk.xml" && pass "section-numbers numbered the sections" || fail "no section labels"
grep -q '<emphasis>alliance</emphasis>' "$WORK/sdk.xml" && pass "the exec sample ran in the same pipeline" || fail "no emphasis from the exec sample"
run "$WORK/prefix/bin/pubpipe" plugins reading-time
expect_out "words_per_minute" "plugins NAME shows a third-party plugin's options"
expect_out "homepage: https://example.org/reading-time" "and its homepage (ABI 1.1)"
finish
