# lib.sh: helpers of the end-to-end tests.  Each test runs the real pubpipe
# binary ($PUBPIPE) on real pipeline files in a fresh folder ($WORK).
set -u
: "${PUBPIPE:?}" "${SRC:?}" "${BUILD:?}"
WORK=$(mktemp -d)
# Only the test's own shell removes $WORK: a child that bash forked and that
# is killed before it runs its program would run this trap too.
trap '[ "$BASHPID" = "$$" ] && rm -rf "$WORK"' EXIT
failures=0
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600}

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
# run CMD...: $rc and $out (stdout and stderr) of the command.
run() { out=$("$@" 2>&1); rc=$?; }
# (A sanitizer's lines are shown wherever they are in the output: the
# sanitize target tells its tracer's crash from a failure by them.)
sanitizer_lines() { grep -E 'Tracer caught signal|LeakSanitizer has encountered|ERROR: (Address|Leak)Sanitizer|runtime error:' <<<"$out" | head -5; }
expect_rc() { if [ "$rc" = "$1" ]; then pass "$2 (exit $rc)"; else fail "$2: exit $rc, expected $1; output: ${out:0:3000}"$'\n'"$(sanitizer_lines)"; fi; }
expect_out() { if grep -qF -- "$1" <<<"$out"; then pass "$2"; else fail "$2: the output lacks '$1': ${out:0:3000}"; fi; }
expect_no_out() { if grep -qF -- "$1" <<<"$out"; then fail "$2: the output has '$1'"; else pass "$2"; fi; }
finish() {
  if [ "$failures" = 0 ]; then echo "all passed"; exit 0; fi
  echo "$failures check(s) failed"; exit 1
}

# pipeline FILE INPUTS STAGES OUTPUTS: writes a pipeline file.
pipeline() {
  cat >"$1" <<YAML
pubpipe: 1
book: {title: Test Book, language: en}
inputs: $2
plugin_path: [$TEST_PLUGINS]
stages: $3
outputs: $4
YAML
}
SEEDS="[$SRC/samples/articles/*.txt]"
ALL_STAGES="[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize, with: {glossary: $SRC/samples/glossary.yaml}}]"

# The external gates.  Each checks that its tool really ran.
epubcheck_clean() {
  local o
  o=$(java -jar /usr/share/java/epubcheck.jar "$1" 2>&1)
  if grep -q "^Messages: 0 fatals / 0 errors / 0 warnings" <<<"$o"; then pass "epubcheck: $1 has no error and no warning"
  elif grep -q "^Messages:" <<<"$o"; then fail "epubcheck on $1: $o"
  else fail "epubcheck did not run on $1: $o"; fi
}
jing_valid() {
  local o
  if o=$(jing /usr/share/xml/docbook/schema/rng/5.0/docbook.rng "$1" 2>&1); then pass "jing: $1 is valid DocBook 5"
  else fail "jing on $1: $o"; fi
}
fop_renders() {
  local o pages
  if o=$(fop -q -fo "$1" -pdf "$WORK/fop-check.pdf" 2>&1) && pages=$(pdfinfo "$WORK/fop-check.pdf" | awk '/^Pages:/ {print $2}') &&
     [ "${pages:-0}" -ge "${2:-2}" ]; then pass "FOP renders $1 ($pages pages)"
  else fail "FOP on $1: $o"; fi
}

# The cache tests: $WORK/clean.yaml builds book.yaml's book with --no-cache
# into clean.{epub,xml,fo}; each must equal book.{epub,xml,fo} byte for byte.
same_as_clean() {
  run "$PUBPIPE" run "$WORK/clean.yaml" --no-cache; expect_rc 0 "$1: the clean build"
  for ext in epub xml fo; do
    cmp -s "$WORK/book.$ext" "$WORK/clean.$ext" && pass "$1: $ext byte-identical to a clean build" || fail "$1: $ext differs from a clean build"
  done
}
