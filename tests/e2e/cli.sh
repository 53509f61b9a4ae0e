# The command line: commands, options and exit statuses.
. "$(dirname "$0")/lib.sh"
run "$PUBPIPE" --version; expect_rc 0 "--version"; expect_out "pubpipe" "--version names the program"
run "$PUBPIPE" --help; expect_rc 0 "--help"; expect_out "validate" "--help lists the commands"
run "$PUBPIPE"; expect_rc 2 "no command"
run "$PUBPIPE" frobnicate; expect_rc 2 "an unknown command"
run "$PUBPIPE" run "$WORK/none.yaml"; expect_rc 2 "a missing pipeline file"; expect_out "none.yaml" "the message names the file"
run "$PUBPIPE" run "$SRC/pipelines/book.yaml" -j 0; expect_rc 2 "-j 0"
run "$PUBPIPE" run "$SRC/pipelines/book.yaml" --bogus; expect_rc 2 "an unknown option"
SOURCE_DATE_EPOCH=yesterday run "$PUBPIPE" validate "$SRC/pipelines/book.yaml"; expect_rc 2 "a malformed SOURCE_DATE_EPOCH"
run "$PUBPIPE" validate "$SRC/pipelines/book.yaml"; expect_rc 0 "validate on the sample pipeline"
run "$PUBPIPE" plugins
expect_rc 0 "plugins"
for p in text-cleanup section-detect link-normalize docbook epub xsl-fo; do expect_out "$p" "plugins lists $p"; done
run "$PUBPIPE" plugins link-normalize
expect_rc 0 "plugins link-normalize"
expect_out "label_threshold" "plugins NAME prints the options"
expect_out "document" "plugins NAME prints the stage kinds"
run "$PUBPIPE" plugins no-such-plugin; expect_rc 2 "plugins with an unknown name"
finish
