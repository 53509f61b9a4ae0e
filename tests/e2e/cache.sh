# The article cache (docs/cache.md): a rebuild takes unchanged articles from
# the cache and its outputs are byte-identical to a clean build's; what is
# in the key (an input's bytes, a resource's contents) makes a miss; a
# damaged or symlinked entry is warned about and recomputed.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK/in"
cp "$SRC"/samples/articles/*.txt "$WORK/in/"
cp "$SRC/samples/glossary.yaml" "$WORK/glossary.yaml"
STAGES="[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize, with: {glossary: $WORK/glossary.yaml}}]"
outs() { echo "[{plugin: epub, path: $WORK/$1.epub}, {plugin: docbook, path: $WORK/$1.xml}, {plugin: xsl-fo, path: $WORK/$1.fo}]"; }
pipeline "$WORK/book.yaml" "[$WORK/in/*.txt]" "$STAGES" "$(outs book)"
pipeline "$WORK/clean.yaml" "[$WORK/in/*.txt]" "$STAGES" "$(outs clean)"
entries() { find "$WORK/.pubpipe-cache" -type f ! -name '.*' ! -path '*/last-build/*' ! -path '*/file-digests/*' | wc -l; }

run "$PUBPIPE" run "$WORK/book.yaml" -v; expect_rc 0 "first build"
expect_out "0 of 2 articles came from the cache" "the first build finds the cache empty"
[ "$(entries)" = 2 ] && pass "the cache beside the pipeline file holds 2 entries" || fail "the cache holds $(entries) entries, not 2"
same_as_clean "first build"

run "$PUBPIPE" run "$WORK/book.yaml" -v; expect_rc 0 "nothing changed"
expect_out "2 of 2 articles came from the cache" "nothing changed: every article from the cache"
same_as_clean "nothing changed"

printf '\nA paragraph added to one article, so that its key changes.\n' >>"$WORK/in/south-korea-foreign-affairs.txt"
run "$PUBPIPE" run "$WORK/book.yaml" -v; expect_rc 0 "one article touched"
expect_out "1 of 2 articles came from the cache" "one article touched: the other from the cache"
same_as_clean "one article touched"

printf '\n' >>"$WORK/glossary.yaml"
run "$PUBPIPE" run "$WORK/book.yaml" -v; expect_rc 0 "the glossary changed"
expect_out "0 of 2 articles came from the cache" "a resource a stage reads is in the key"

run "$PUBPIPE" run "$WORK/book.yaml" -v -D book.title=Other; expect_rc 0 "another title"
expect_out "0 of 2 articles came from the cache" "the book's metadata is in the key"

# The digests of files are recorded by their stamp (docs/cache.md, "The
# digests of files"): an input or a resource rewritten with the same size
# and its mtime put back still makes a miss (its ctime changed), and so
# does a plugin replaced by another file.
sleep 3  # the files are more than 2 s old: their digests are recorded
run "$PUBPIPE" run "$WORK/book.yaml" -v; expect_rc 0 "digests recorded"
[ -s "$(find "$WORK/.pubpipe-cache/file-digests" -type f ! -name '.*' | head -1)" ] && pass "the digests of the files are recorded" ||
  fail "no record in $WORK/.pubpipe-cache/file-digests"
article="$WORK/in/south-korea-foreign-affairs.txt"
cp -p "$article" "$WORK/saved.txt"
sed -i '0,/a/s//A/' "$article"; touch -r "$WORK/saved.txt" "$article"
[ "$(stat -c '%s %Y' "$article")" = "$(stat -c '%s %Y' "$WORK/saved.txt")" ] && ! cmp -s "$article" "$WORK/saved.txt" &&
  pass "an input rewritten with its size and mtime" || fail "the input was not rewritten as the test wants"
run "$PUBPIPE" run "$WORK/book.yaml" -v -D book.title=Other; expect_rc 0 "an input rewritten, mtime put back"
expect_out "1 of 2 articles came from the cache" "the rewritten input is a miss, the other a hit"
sed -i '0,/a/s//A/' "$WORK/glossary.yaml"; touch -r "$WORK/saved.txt" "$WORK/glossary.yaml"
run "$PUBPIPE" run "$WORK/book.yaml" -v -D book.title=Other; expect_rc 0 "the glossary rewritten, mtime put back"
expect_out "0 of 2 articles came from the cache" "a rewritten resource is a miss"
mkdir -p "$WORK/plugins"
cp -p "$BUILD"/plugins/*.so "$WORK/plugins/"
sleep 3
PUBPIPE_PLUGIN_PATH=$WORK/plugins run "$PUBPIPE" run "$WORK/book.yaml" -v -D book.title=Other; expect_rc 0 "plugins copied"
expect_out "2 of 2 articles came from the cache" "the same plugins elsewhere: hits"
printf 'x' >>"$WORK/plugins/section-detect.so"
PUBPIPE_PLUGIN_PATH=$WORK/plugins run "$PUBPIPE" run "$WORK/book.yaml" -v -D book.title=Other; expect_rc 0 "a plugin changed"
expect_out "0 of 2 articles came from the cache" "a changed plugin library is a miss"

# A damaged entry: truncated, corrupted, a symlink.  Each is warned about,
# recomputed, and the book is still right.
rm -rf "$WORK/.pubpipe-cache"
run "$PUBPIPE" run "$WORK/book.yaml"; expect_rc 0 "cache filled again"
mapfile -t files < <(find "$WORK/.pubpipe-cache" -type f ! -name '.*' ! -path '*/last-build/*' | sort)
truncate -s 100 "${files[0]}"
printf 'X' | dd of="${files[1]}" bs=1 seek=200 conv=notrunc status=none
run "$PUBPIPE" run "$WORK/book.yaml" -v; expect_rc 0 "two damaged entries"
expect_out "is not usable: it is truncated" "a truncated entry is detected"
expect_out "its checksum does not match" "a corrupted entry is detected"
expect_out "0 of 2 articles came from the cache" "the damaged entries are recomputed"
same_as_clean "damaged entries"
target=${files[0]}
cp "$target" "$WORK/elsewhere"; rm "$target"; ln -s "$WORK/elsewhere" "$target"
run "$PUBPIPE" run "$WORK/book.yaml" -v; expect_rc 0 "a symlinked entry"
expect_out "is a symlink; it is ignored" "a symlinked entry is refused"
same_as_clean "symlinked entry"

# --cache DIR, --no-cache, cache: false, --trace.
run "$PUBPIPE" run "$WORK/book.yaml" --cache "$WORK/other-cache"; expect_rc 0 "--cache DIR"
[ "$(find "$WORK/other-cache" -type f ! -path '*/last-build/*' ! -path '*/file-digests/*' | wc -l)" = 2 ] && pass "--cache DIR holds the entries" || fail "--cache DIR has no 2 entries"
run "$PUBPIPE" run "$WORK/book.yaml" --cache "$WORK/other-cache" -v; expect_out "2 of 2 articles came from the cache" "--cache DIR is read back"
run "$PUBPIPE" run "$WORK/book.yaml" --no-cache -v; expect_rc 0 "--no-cache"
expect_no_out "came from the cache" "--no-cache: the cache is not used"
mkdir "$WORK/off"
cat >"$WORK/off/book.yaml" <<YAML
pubpipe: 1
book: {title: Test Book, language: en}
cache: false
inputs: [$WORK/in/*.txt]
plugin_path: [$TEST_PLUGINS]
stages: $STAGES
outputs: $(outs off)
YAML
run "$PUBPIPE" run "$WORK/off/book.yaml"; expect_rc 0 "cache: false"
[ ! -e "$WORK/off/.pubpipe-cache" ] && pass "cache: false makes no cache" || fail "cache: false made a cache"
sed -i "s|^cache: false|cache: $WORK/named-cache|" "$WORK/off/book.yaml"
run "$PUBPIPE" run "$WORK/off/book.yaml"; expect_rc 0 "cache: DIR"
[ -d "$WORK/named-cache" ] && pass "cache: DIR is used" || fail "cache: DIR was not made"
sed -i "s|^cache: .*|cache: true|" "$WORK/off/book.yaml"
run "$PUBPIPE" run "$WORK/off/book.yaml"; expect_rc 2 "cache: true is refused"
expect_out "cache must be a folder, or false" "cache: true says what it takes"
run "$PUBPIPE" run "$WORK/book.yaml" -v --trace "$WORK/trace"; expect_rc 0 "--trace"
expect_no_out "came from the cache" "--trace runs every stage"
finish
