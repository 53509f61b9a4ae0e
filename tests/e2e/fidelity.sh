# Clean prose keeps every word: the 1,021 BBC News articles of
# tests/data/bbc-dev through the standard text stages into DocBook, scored by
# the project's own checker (every body word survives, in order).  A rule
# that deletes or moves words of clean text fails this test and the checker
# names the article and the words.
. "$(dirname "$0")/lib.sh"
data="$SRC/tests/data/bbc-dev"
ls "$data"/*/*.txt > "$WORK/list.txt"
count=$(wc -l < "$WORK/list.txt")
[ "$count" = 1021 ] && pass "bbc-dev has 1021 articles" || fail "bbc-dev has $count articles, expected 1021"
{
  echo "pubpipe: 1"; echo "book: {title: bbc-dev, language: en}"; echo "inputs:"
  while read -r f; do echo "  - \"$f\""; done < "$WORK/list.txt"
  echo "stages: [{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize}]"
  echo "outputs: [{plugin: docbook, path: \"$WORK/book.xml\"}]"
} > "$WORK/p.yaml"
run "$PUBPIPE" run "$WORK/p.yaml" -v
expect_rc 0 "the standard stages run through bbc-dev"
# What the link-label rule found and left alone is said, with the line.
expect_out "business/047.txt:3: note: link-normalize/links: 1 paragraph end(s) look like link labels (first: 'Ryanair jobs'), but the article does not read as a wiki page" \
  "the Ryanair article's tail is reported as left alone"
expect_no_out "cut from the end of the paragraph" "no link labels are cut from clean prose"
run python3 "$SRC/tests/tools/text-fidelity.py" "$WORK/book.xml" "$WORK/list.txt" --show 20
expect_rc 0 "text-fidelity.py"
expect_out "fidelity: 1021 of 1021 articles word-exact" "every body word of every article survives, in order"
finish
