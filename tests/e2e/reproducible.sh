# Same inputs and SOURCE_DATE_EPOCH: byte-identical outputs, whatever -j.
. "$(dirname "$0")/lib.sh"
outs() { echo "[{plugin: epub, path: $WORK/$1.epub}, {plugin: docbook, path: $WORK/$1.xml}, {plugin: xsl-fo, path: $WORK/$1.fo, with: {pdf: $WORK/$1.pdf}}]"; }
pipeline "$WORK/a.yaml" "$SEEDS" "$ALL_STAGES" "$(outs a)"
pipeline "$WORK/b.yaml" "$SEEDS" "$ALL_STAGES" "$(outs b)"
run "$PUBPIPE" run "$WORK/a.yaml" -j 1; expect_rc 0 "-j 1"
run "$PUBPIPE" run "$WORK/b.yaml" -j 4; expect_rc 0 "-j 4"
for ext in epub xml fo pdf; do cmp -s "$WORK/a.$ext" "$WORK/b.$ext" && pass "$ext: -j 1 and -j 4 identical" || fail "$ext differs between -j 1 and -j 4"; done
cp "$WORK/b.epub" "$WORK/first.epub"
sleep 1
run "$PUBPIPE" run "$WORK/b.yaml" --isolation thread; expect_rc 0 "second run, threads"
for ext in epub; do cmp -s "$WORK/first.$ext" "$WORK/b.$ext" && pass "two runs give identical $ext" || fail "two runs differ ($ext)"; done
SOURCE_DATE_EPOCH=1600000000 run "$PUBPIPE" run "$WORK/b.yaml"
cmp -s "$WORK/first.epub" "$WORK/b.epub" && fail "another SOURCE_DATE_EPOCH gave the same EPUB" || pass "SOURCE_DATE_EPOCH reaches the EPUB"
finish
