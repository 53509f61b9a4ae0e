# The SDK's YAML reader (pubpipe/yaml.hpp, pubpipe::yaml): installed, and a
# project outside the tree builds against it and gets pubpipe's own checks
# (positions, duplicate keys refused).
. "$(dirname "$0")/lib.sh"
run cmake --install "$BUILD" --prefix "$WORK/prefix"; expect_rc 0 "cmake --install"
[ -e "$WORK/prefix/include/pubpipe/yaml.hpp" ] && pass "yaml.hpp installed" || fail "yaml.hpp not installed"
lib=$(find "$WORK/prefix" -name libpubpipe_yaml.a)
[ -n "$lib" ] && pass "libpubpipe_yaml.a installed" || fail "libpubpipe_yaml.a not installed"
# A sanitizer build installs a library compiled with the sanitizers: the
# program that links it needs their run-time too.
san=()
grep -q '^PUBPIPE_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" && san=(-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined)
run cmake -S "$SRC/tests/sdk-yaml" -B "$WORK/b" -DCMAKE_PREFIX_PATH="$WORK/prefix" "${san[@]}"; expect_rc 0 "configure against the installed SDK"
run cmake --build "$WORK/b"; expect_rc 0 "build with pubpipe::yaml"
printf 'terms:\n  - term: EPUB\n    url: "https://w3.org"\n' >"$WORK/ok.yaml"
run "$WORK/b/read_yaml" "$WORK/ok.yaml"; expect_rc 0 "reads a glossary"
expect_out ".terms[0].term = EPUB @2:11" "with each value's line and column"
printf 'a: 1\nb: 2\na: 3\n' >"$WORK/dup.yaml"
run "$WORK/b/read_yaml" "$WORK/dup.yaml"; expect_rc 1 "a duplicate key is an error"
expect_out "dup.yaml:3:1:" "named at its line and column"
finish
