# section-detect's function words are data, switchable in the pipeline file:
# a line that ends in one of the list's words is not a heading, whatever the
# book's language; without a list for the language the stage says so.
. "$(dirname "$0")/lib.sh"
p="The council approved the harbour plans on Monday after a long debate in the hall."
printf 'Harbour Plans\n\n%s\n\nLire maintenant\n\n%s\n\nHarbour history\n\n%s\n\nThe vote\n\n%s\n' "$p" "$p" "$p" "$p" >"$WORK/a.txt"
printf '# French, a few\nle\nmaintenant\n' >"$WORK/words.txt"
book() {  # LANGUAGE [WITH]
  cat >"$WORK/p.yaml" <<YAML
pubpipe: 1
book: {title: T, language: $1}
inputs: [a.txt]
stages: [{plugin: text-cleanup}, {plugin: section-detect${2:-}}]
outputs: [{plugin: docbook, path: out.xml}]
YAML
  run "$PUBPIPE" run "$WORK/p.yaml" -v
}
book fr
expect_rc 0 "a French book without a word list runs"
expect_out "section-detect: no function words for the book's language 'fr'" "the stage says it has no list"
grep -qF "<title>Lire maintenant</title>" "$WORK/out.xml" && pass "without a list, the line is a heading" || fail "without a list: $(grep -o '<title>[^<]*' "$WORK/out.xml")"
book fr ", with: {function_words: words.txt}"
expect_rc 0 "a French book with its word list runs"
if grep -qF "<title>Lire maintenant</title>" "$WORK/out.xml"; then fail "the list's word 'maintenant' still ends a heading"
else pass "with the list, 'Lire maintenant' is a paragraph"; fi
grep -qF "<title>Harbour history</title>" "$WORK/out.xml" && grep -qF "<para>Lire maintenant</para>" "$WORK/out.xml" &&
  pass "the other headings stay, the refused line's words stay" || fail "headings: $(grep -o '<title>[^<]*' "$WORK/out.xml")"
finish
