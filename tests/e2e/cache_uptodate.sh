# A rebuild with nothing changed (docs/cache.md): when every article's key,
# the book stages with their options and resources, and the outputs on disk
# (inode, size, mtime, ctime) are as the last build left them, the book
# phase is skipped and the outputs stay as they are; an output deleted or
# edited by hand, a changed writer option, a changed article or a damaged
# cache entry make the book be built again, byte-identical to a clean build.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1735689600
mkdir -p "$WORK/in"
cp "$SRC"/samples/articles/*.txt "$WORK/in/"
STAGES="[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize, with: {glossary: $SRC/samples/glossary.yaml}}]"
outs() {
  local with=""
  if [ -n "${2:-}" ]; then with=", with: {indent: $2}"; fi
  echo "[{plugin: epub, path: $WORK/$1.epub}, {plugin: docbook, path: $WORK/$1.xml$with}, {plugin: xsl-fo, path: $WORK/$1.fo}]"
}
pipeline "$WORK/book.yaml" "[$WORK/in/*.txt]" "$STAGES" "$(outs book)"
pipeline "$WORK/clean.yaml" "[$WORK/in/*.txt]" "$STAGES" "$(outs clean)"
stamps() { stat -c '%i %s %Y %Z' "$WORK"/book.epub "$WORK"/book.xml "$WORK"/book.fo; }

run "$PUBPIPE" run "$WORK/book.yaml" -v; expect_rc 0 "first build"
expect_out "the book phase runs: no earlier build of this pipeline is recorded" "-v: the first build has no record to compare"
expect_out "wrote $WORK/book.epub" "the first build writes the EPUB"
before=$(stamps)

run "$PUBPIPE" run "$WORK/book.yaml" -v; expect_rc 0 "nothing changed"
expect_out "the book phase is skipped" "nothing changed: the book phase is skipped, with a note"
expect_out "book.epub is up to date" "stdout says the EPUB is up to date"
expect_no_out "wrote " "no output is written"
[ "$(stamps)" = "$before" ] && pass "the outputs were not touched" || fail "an output was touched"
same_as_clean "nothing changed"
run "$PUBPIPE" cache stats "$WORK/book.yaml"; expect_out "builds recorded: 1" "stats counts the build record"
expect_no_out "other files" "the build record is not an 'other file'"

rm "$WORK/book.xml"
run "$PUBPIPE" run "$WORK/book.yaml" -v; expect_rc 0 "an output deleted"
expect_out "the output $WORK/book.xml is not the one the last build wrote" "-v says which output is not the one written"
expect_out "wrote $WORK/book.xml" "the deleted output is written again"
same_as_clean "an output deleted"

printf 'edited by hand\n' >>"$WORK/book.fo"
run "$PUBPIPE" run "$WORK/book.yaml"; expect_rc 0 "an output edited"
expect_out "wrote $WORK/book.fo" "the edited output is written again"
same_as_clean "an output edited"

# An edit that keeps the size and puts the mtime back: the ctime shows it.
cp -p "$WORK/book.xml" "$WORK/saved.xml"
python3 - "$WORK/book.xml" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, 'rb').read()); b[-2] ^= 1; open(p, 'r+b').write(b)
PY
touch -r "$WORK/saved.xml" "$WORK/book.xml"
run "$PUBPIPE" run "$WORK/book.yaml"; expect_rc 0 "an output edited, its mtime put back"
expect_out "wrote $WORK/book.xml" "an edit with the old size and mtime is found (ctime)"
same_as_clean "an output edited, its mtime put back"

# A writer's option changed: the book is built again.
pipeline "$WORK/book.yaml" "[$WORK/in/*.txt]" "$STAGES" "$(outs book true)"
pipeline "$WORK/clean.yaml" "[$WORK/in/*.txt]" "$STAGES" "$(outs clean true)"
run "$PUBPIPE" run "$WORK/book.yaml" -v; expect_rc 0 "a writer option changed"
expect_out "an article, a stage, an option or a resource changed since the last build" "-v: the option changes the book's state"
expect_out "wrote $WORK/book.xml" "the book is written again"
same_as_clean "a writer option changed"
run "$PUBPIPE" run "$WORK/book.yaml"; expect_out "book.xml is up to date" "and then it is up to date again"

# SOURCE_DATE_EPOCH is in the state: another build time builds again.
SOURCE_DATE_EPOCH=1735776000 run "$PUBPIPE" run "$WORK/book.yaml"; expect_rc 0 "another SOURCE_DATE_EPOCH"
expect_out "wrote $WORK/book.epub" "another SOURCE_DATE_EPOCH writes the book again"
run "$PUBPIPE" run "$WORK/book.yaml"; expect_out "wrote $WORK/book.epub" "and back to the first one, again"

# A damaged entry is still found (every entry is read and checked).
# (Every entry: the other SOURCE_DATE_EPOCH's build day made entries of its own.)
for entry in $(find "$WORK/.pubpipe-cache" -type f -regextype posix-extended -regex '.*/[0-9a-f]{2}/[0-9a-f]{64}'); do
  printf 'X' | dd of="$entry" bs=1 seek=200 conv=notrunc status=none
done
run "$PUBPIPE" run "$WORK/book.yaml" -v; expect_rc 0 "a damaged entry"
expect_out "its checksum does not match" "the damaged entry is warned about"
expect_out "the book phase runs: an article is not in the cache" "the book is built after all"
expect_out "wrote $WORK/book.epub" "the book is written"
same_as_clean "a damaged entry"

# An article changed.
printf '\nA paragraph added to one article.\n' >>"$WORK/in/south-korea-foreign-affairs.txt"
run "$PUBPIPE" run "$WORK/book.yaml"; expect_rc 0 "an article changed"
expect_out "wrote $WORK/book.epub" "a changed article builds the book"
same_as_clean "an article changed"
finish
