# Golden files of every stage's output on the sample articles (--trace), so
# that a change in what a stage makes of the samples is seen and reviewed.
# UPDATE_GOLDEN=1 rewrites tests/golden/stages/ from this build.
. "$(dirname "$0")/lib.sh"
golden="$SRC/tests/golden/stages"
pipeline "$WORK/p.yaml" "$SEEDS" "$ALL_STAGES" "[{plugin: docbook, path: $WORK/book.xml}]"
run "$PUBPIPE" run "$WORK/p.yaml" --trace "$WORK/trace" -j 1
expect_rc 0 "the samples through every stage with --trace"
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
  rm -rf "$golden" && mkdir -p "$golden" && cp -r "$WORK/trace/." "$golden/" && cp "$WORK/book.xml" "$golden/book.xml"
  find "$golden" -name '*.notes' -delete
  echo "rewrote $golden"
fi
n=0
for f in $(cd "$golden" && find . -type f | sort); do
  n=$((n + 1))
  if [ "$f" = ./book.xml ]; then got="$WORK/book.xml"; else got="$WORK/trace/$f"; fi
  if cmp -s "$golden/$f" "$got"; then pass "$f"
  else fail "$f differs from the golden file:"; diff "$golden/$f" "$got" | head -20; fi
done
[ "$(cd "$WORK/trace" && find . -type f ! -name '*.notes' | wc -l)" = "$((n - 1))" ] && pass "no stage output without a golden file" ||
  fail "the trace has files that have no golden file (UPDATE_GOLDEN=1 to add them)"
# The diagnostics beside each stage's output (not golden: they name the
# inputs by their absolute paths): what link-normalize cut, with the line.
notes="$WORK/trace/0002-united-states-korea-relations/03-link-normalize-links.notes"
grep -q "united-states-korea-relations.txt:9: note: link-normalize/links: link labels 'United States Forces Korea', 'ROK', 'North Korea' cut" "$notes" 2>/dev/null &&
  pass "--trace writes what a stage cut, with the line" || fail "no link-normalize notes in the trace: $(ls "$WORK/trace"/0002-*)"
finish
