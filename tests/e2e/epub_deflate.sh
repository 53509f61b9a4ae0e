# The EPUB's pages are deflated by the document stage, in the workers, and
# kept so in the article cache; the book stage copies them into the archive
# (libzip, no second deflate).  Every deflated entry is ours, never
# libzip's: libdeflate's (pack_deflated), or, for the navigation, the NCX
# and the package document, made in pieces, zlib's streaming deflate; each
# is a raw deflate stream that inflates to its content, with its CRC; epubcheck
# accepts the archive; a rebuild from the cache deflates no page and writes
# the same bytes.
. "$(dirname "$0")/lib.sh"
pipeline "$WORK/book.yaml" "$SEEDS" "$ALL_STAGES" "[{plugin: epub, path: $WORK/book.epub, with: {split_sections: true}}]"
pages=$(find "$SRC/samples/articles" -name '*.txt' | wc -l)
run "$PUBPIPE" run "$WORK/book.yaml" -v -j 2; expect_rc 0 "the samples to an EPUB, sections split into files"
expect_out "0 of $pages articles came from the cache" "the first build fills the cache"
expect_out "article pages deflated in the document stage and copied, 0 with links to other articles" \
  "every article page deflated in the workers (the samples link only inside their articles)"
cp "$WORK/book.epub" "$WORK/first.epub"
run unzip -tq "$WORK/book.epub"; expect_rc 0 "unzip -t accepts the archive"
run python3 - "$WORK/book.epub" <<'PY'
import struct, sys, zipfile, zlib
path = sys.argv[1]
data = open(path, 'rb').read()
z = zipfile.ZipFile(path)
n = 0
for i in z.infolist():
    if i.filename == 'mimetype':
        if i.compress_type != zipfile.ZIP_STORED:
            sys.exit('mimetype is not stored')
        continue
    if i.compress_type != zipfile.ZIP_DEFLATED:
        sys.exit('%s: not deflated' % i.filename)
    o = i.header_offset
    name_len, extra_len = struct.unpack('<HH', data[o + 26:o + 30])
    raw = data[o + 30 + name_len + extra_len:][:i.compress_size]
    d = zlib.decompressobj(-15)
    plain = d.decompress(raw)
    if not d.eof or d.unused_data or zlib.crc32(plain) != i.CRC or len(plain) != i.file_size:
        sys.exit('%s: not one raw deflate stream of its content' % i.filename)
    n += 1
print('%d deflated entries, each one raw deflate stream of its content' % n)
PY
expect_rc 0 "every entry but mimetype (pages from the workers, nav and package from the book stage) is one raw deflate stream with its CRC: $out"
epubcheck_clean "$WORK/book.epub"

# The EPUB removed, so that the rebuild writes it again from the cached
# articles (with the book and its outputs as the last run left them, the
# book phase would be skipped altogether: docs/cache.md).
rm -f "$WORK/book.epub"
run "$PUBPIPE" run "$WORK/book.yaml" -v -j 2; expect_rc 0 "the rebuild"
expect_out "$pages of $pages articles came from the cache" "nothing changed: every article from the cache"
expect_out "article pages deflated in the document stage and copied, 0 with links to other articles" \
  "the rebuild copies the pages deflated in the cache: none deflated again"
cmp -s "$WORK/book.epub" "$WORK/first.epub" && pass "the rebuild's EPUB is byte-identical" || fail "the rebuild's EPUB differs"
run "$PUBPIPE" run "$WORK/book.yaml" --no-cache -j 1; expect_rc 0 "a clean build, one worker"
cmp -s "$WORK/book.epub" "$WORK/first.epub" && pass "the clean -j 1 EPUB is byte-identical" || fail "the clean -j 1 EPUB differs"

# A link to another article (a See also label naming it) is left to the book
# stage, which resolves it and lets libzip deflate that page.
mkdir "$WORK/in"
printf 'Alpha Treaty\n\nThe alpha treaty was signed after long talks between the parties.\n\nSee also\n\nBeta Accord\n' >"$WORK/in/alpha.txt"
printf 'Beta Accord\n\nThe beta accord followed the alpha treaty within a year of its signing.\n' >"$WORK/in/beta.txt"
pipeline "$WORK/x.yaml" "[$WORK/in/*.txt]" "$ALL_STAGES" "[{plugin: epub, path: $WORK/x.epub}]"
run "$PUBPIPE" run "$WORK/x.yaml" -v --no-cache; expect_rc 0 "a book whose articles link to each other"
expect_out "1 article pages deflated in the document stage and copied, 1 with links to other articles or page breaks resolved and deflated here" \
  "the page with a link to the other article is resolved and deflated in the book stage"
run unzip -p "$WORK/x.epub" EPUB/ch-alpha.xhtml
expect_out 'href="ch-beta.xhtml#beta"' "the link goes to the other article's file"
epubcheck_clean "$WORK/x.epub"
finish
