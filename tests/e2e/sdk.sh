# The SDK: install to a prefix, build the two sample plugins out of tree
# against it, and run them from the installed pubpipe in a pipeline.
. "$(dirname "$0")/lib.sh"
run cmake --install "$BUILD" --prefix "$WORK/prefix"; expect_rc 0 "cmake --install"
for f in bin/pubpipe include/pubpipe/plugin.h include/pubpipe/plugin.hpp lib/pubpipe/plugins/epub.so \
         lib/cmake/pubpipe/pubpipeConfig.cmake lib/cmake/pubpipe/pubpipeConfigVersion.cmake lib/pkgconfig/pubpipe.pc \
         share/pubpipe/samples/plugins/reading-time/reading_time.cpp share/pubpipe/samples/plugins/section-numbers/section_numbers.c \
         share/pubpipe/samples/filters/emphasize.py share/pubpipe/tests/plugins/misbehave.cpp share/pubpipe/tests/e2e/sdk.sh \
         share/pubpipe/samples/plugins/reading-time/tests/expected.xml lib/cmake/pubpipe/PubpipeTests.cmake; do
  [ -e "$WORK/prefix/$f" ] && pass "installed $f" || fail "not installed: $f"
done
# reading-time: from the installed samples, with no CMAKE_INSTALL_PREFIX (it
# must land in pubpipe's prefix, not /usr/local), and with no libxml2 of its
# own (pubpipe::sdk brings it).  section-numbers: with an explicit prefix.
run cmake -S "$WORK/prefix/share/pubpipe/samples/plugins/reading-time" -B "$WORK/reading-time" -DCMAKE_PREFIX_PATH="$WORK/prefix"
expect_rc 0 "configure reading-time out of tree, from the installed samples"
run cmake --build "$WORK/reading-time"; expect_rc 0 "build reading-time (libxml2 comes with pubpipe::sdk)"
run ctest --test-dir "$WORK/reading-time" --output-on-failure; expect_rc 0 "reading-time's golden test (pubpipe stage on its fixture)"
expect_out "reading_time_fixture" "the sample's test is the golden one"
run cmake --install "$WORK/reading-time"; expect_rc 0 "install reading-time"
[ -e "$WORK/prefix/lib/pubpipe/plugins/reading-time.so" ] && pass "without CMAKE_INSTALL_PREFIX it lands in pubpipe's plugin folder" ||
  fail "reading-time.so is not in $WORK/prefix/lib/pubpipe/plugins: $out"
run cmake -S "$SRC/samples/plugins/section-numbers" -B "$WORK/section-numbers" -DCMAKE_PREFIX_PATH="$WORK/prefix" -DCMAKE_INSTALL_PREFIX="$WORK/prefix"
expect_rc 0 "configure section-numbers out of tree"
run cmake --build "$WORK/section-numbers"; expect_rc 0 "build section-numbers"
run ctest --test-dir "$WORK/section-numbers" --output-on-failure; expect_rc 0 "section-numbers' golden tests (default separator and --option separator=/)"
expect_out "0 tests failed out of 2" "both ran"
run cmake --install "$WORK/section-numbers"; expect_rc 0 "install section-numbers into the prefix"
# pkg-config, as a make or meson build would use it.
export PKG_CONFIG_PATH="$WORK/prefix/lib/pkgconfig"
plugindir=$(pkg-config --variable=plugindir pubpipe)
[ "$(readlink -f "$plugindir")" = "$(readlink -f "$WORK/prefix/lib/pubpipe/plugins")" ] && pass "pkg-config names the plugin folder" ||
  fail "pkg-config plugindir: '$plugindir'"
mkdir -p "$WORK/pc"
# shellcheck disable=SC2046
run cc -std=c99 -Wall -Werror -shared -fPIC -fvisibility=hidden $(pkg-config --cflags pubpipe) \
  "$WORK/prefix/share/pubpipe/samples/plugins/section-numbers/section_numbers.c" -o "$WORK/pc/section-numbers.so" \
  $(pkg-config --libs pubpipe) $(pkg-config --variable=plugin_ldflags pubpipe)
expect_rc 0 "a plain-C plugin builds with cc and pkg-config alone"
[ "$(nm -D --defined-only "$WORK/pc/section-numbers.so" | awk 'NF == 3 {print $3}')" = pubpipe_plugin_v1 ] &&
  pass "and exports only its entry point" || fail "the pkg-config build's exports: $(nm -D --defined-only "$WORK/pc/section-numbers.so")"
PUBPIPE_PLUGIN_PATH="$WORK/pc" run "$WORK/prefix/bin/pubpipe" plugins section-numbers
expect_out "$WORK/pc/section-numbers.so" "the installed pubpipe loads the pkg-config build"
nm -D --defined-only "$WORK/prefix/lib/pubpipe/plugins/reading-time.so" | awk 'NF == 3 {print $3}' | grep -qx pubpipe_plugin_v1 &&
  pass "the sample exports its entry point" || fail "the sample's exports"
# The exec sample's golden test, from the installed samples, through the harness.
(cd "$WORK/prefix/share/pubpipe/samples/filters" &&
  "$WORK/prefix/bin/pubpipe" stage exec --option 'command=[python3, emphasize.py, alliance]' --strict \
    --expect tests/expected.xml tests/fixture.xml) >"$WORK/filter.log" 2>&1; rc=$?; out=$(cat "$WORK/filter.log")
expect_rc 0 "emphasize.py's golden test (pubpipe stage exec on its fixture)"
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
