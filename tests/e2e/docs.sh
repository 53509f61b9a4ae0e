# The plugins' reference pages are what the plugins declare (make docs).
. "$(dirname "$0")/lib.sh"
for p in text-cleanup section-detect link-normalize docbook epub xsl-fo exec exec-text; do
  if "$PUBPIPE" plugins "$p" --markdown | diff -u "$SRC/docs/plugins/$p.md" - >/dev/null; then pass "docs/plugins/$p.md is current"
  else fail "docs/plugins/$p.md differs from 'pubpipe plugins $p --markdown': run make docs"; fi
done
for f in README.md docs/pipeline.md docs/plugin-guide.md docs/decisions.md docs/security.md; do
  [ -s "$SRC/$f" ] && pass "$f exists" || fail "$f is missing"
done
head -8 "$SRC/README.md" | grep -q "^ *make book" && head -8 "$SRC/README.md" | grep -q "^ *make test" &&
  pass "the README opens with make book and make test" || fail "the README does not open with the two commands"
finish
