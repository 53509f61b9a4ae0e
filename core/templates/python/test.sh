#!/bin/sh
# @NAME@'s tests, made by `pubpipe new-plugin`: sh test.sh
#  1. the golden test: the filter on tests/fixture.xml, through pubpipe's
#     exec stage, must give tests/expected.xml;
#  2. the book: book.yaml runs the filter after section-detect on article.txt.
# PUBPIPE names the pubpipe to use (default: the one that made the project).
set -eu
cd "$(dirname "$0")"
PUBPIPE=${PUBPIPE:-"@PUBPIPE@"}
"$PUBPIPE" stage exec --option 'command=[python3, @IDENT@.py, --label, words]' --strict \
  --expect tests/expected.xml tests/fixture.xml
echo "ok: the filter gives tests/expected.xml"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$PUBPIPE" run book.yaml --strict --no-cache --define "outputs.0.path=$out/book.xml"
grep -q 'role="@NAME@"' "$out/book.xml"
echo "ok: the book has the filter's count"
