# The headline command from a fresh clone (issue 21): a copy of the tree with
# no build/ and no out/, the built pubpipe, `pubpipe run pipelines/book.yaml`
# from the copy's root; the reader it prints passes epubcheck.
. "$(dirname "$0")/lib.sh"
clone="$WORK/clone"
mkdir -p "$clone"
# What a clone has: the sources, none of the build folders or outputs.
tar -C "$SRC" --exclude=./.git --exclude=./build --exclude='./build-*' --exclude=./out -cf - . | tar -C "$clone" -xf -
[ ! -e "$clone/build" ] && [ ! -e "$clone/out" ] && pass "the copy has no build/ and no out/" || fail "the copy has build/ or out/"
cd "$clone" || exit 1

# validate writes nothing, not even the folder it may create.
run "$PUBPIPE" validate pipelines/book.yaml
expect_rc 0 "pubpipe validate pipelines/book.yaml"
[ ! -e out ] && pass "validate creates no folder" || fail "validate created out/"
# Only the output that says create_folder may make its folder, one level only.
run "$PUBPIPE" run pipelines/book.yaml -D outputs.1.create_folder=false
expect_rc 2 "without create_folder, a missing output folder is still an error"
expect_out "pipelines/book.yaml:23:5: error: the output folder of" "the error names the output's line"
expect_out "does not exist; create it first (or add create_folder: true to the output)" "and says how to allow it"
run "$PUBPIPE" run pipelines/book.yaml -D outputs.1.path=../otu/sub/korea-reader.epub
expect_rc 2 "create_folder makes one level only: a typo higher up fails"
expect_out "does not exist; create it first (create_folder: true makes only the last folder)" "says so"
[ ! -e out ] && [ ! -e otu ] && pass "nothing was created by the refused runs" || fail "a refused run created a folder: $(ls)"

# The headline command.
run "$PUBPIPE" run pipelines/book.yaml
expect_rc 0 "pubpipe run pipelines/book.yaml in a fresh copy"
expect_out "pubpipe: wrote out/korea-reader.epub" "it prints where the reader is"
for f in korea-reader.epub korea-reader.xml korea-reader.fo korea-reader.pdf; do
  [ -s "out/$f" ] && pass "out/$f written" || fail "no out/$f"
done
epubcheck_clean "$clone/out/korea-reader.epub"
# Again, with out/ there: the same, and a note only with -v.
run "$PUBPIPE" run pipelines/book.yaml -v
expect_rc 0 "a second run"; expect_no_out "created the output folder" "out/ is made once"
rm -rf out
run "$PUBPIPE" run pipelines/book.yaml -v
expect_out "pipelines/book.yaml:20:5: note: created the output folder out/ (create_folder: true)" "the folder made is a note with -v"

# The README opens with the same promise.
head -20 "$SRC/README.md" | grep -qF "pubpipe run pipelines/book.yaml" && pass "README.md's first lines give the headline command" ||
  fail "README.md's first lines lack 'pubpipe run pipelines/book.yaml'"
finish
