#!/bin/sh
# bench/instructions.sh [BUILD] [N]: instructions the full pipeline costs.
#
# Wall time on the shared 2-core machine varies more than most changes do,
# so issue 13's throughput limit (20 %) and per-stage costs are compared in
# instructions counted by valgrind's callgrind: bench's generated corpus of N
# articles (default 300), the full pipeline of run.py (text-cleanup with
# spelling, section-detect, link-normalize with the sample glossary; EPUB,
# DocBook and XSL-FO), -j 1 --isolation=none --no-cache, so that every stage
# runs in the one process.  Prints the total and, for each stage, the
# instructions of its document() and book() (inclusive).
set -e
BUILD=$(cd "${1:-build}" && pwd)
N=${2:-300}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/pubpipe-instr-XXXXXX)
trap '[ -n "$KEEP" ] || rm -rf "$WORK"' EXIT INT TERM
command -v valgrind >/dev/null || { echo "instructions.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
python3 "$HERE/make-corpus.py" "$WORK/corpus" "$N" >/dev/null
cat > "$WORK/full.yaml" <<EOF
pubpipe: 1
book: {title: Bench, language: en}
inputs: [$WORK/corpus/*.txt]
stages: [{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize, with: {glossary: $HERE/../samples/glossary.yaml}}]
outputs: [{plugin: epub, path: $WORK/b.epub}, {plugin: docbook, path: $WORK/b.xml}, {plugin: xsl-fo, path: $WORK/b.fo}]
EOF
SOURCE_DATE_EPOCH=1735689600 valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" \
  "$BUILD/pubpipe" run "$WORK/full.yaml" -j 1 --isolation=none --no-cache >/dev/null 2>"$WORK/vg.log" ||
  { tail -20 "$WORK/vg.log" >&2; exit 1; }
callgrind_annotate --inclusive=yes --threshold=100 "$WORK/cg.out" 2>/dev/null > "$WORK/ann.txt"
awk '
  /PROGRAM TOTALS/ { gsub(",", "", $1); printf "total %.3f G instructions\n", $1 / 1e9 }
  /^ *[0-9,]+ \([ 0-9.]+%\)  [^=]*::(document|book)\(pubpipe::Context&\)( |$)/ {
    n = $1; gsub(",", "", n); name = $0; sub(/ \[.*$/, "", name); sub(/^.*\)  [^:]*:/, "", name)
    sub(/^\(anonymous namespace\)::/, "", name); sub(/\(pubpipe::Context&\)$/, "", name)
    if (n + 0 > best[name] + 0) best[name] = n
  }
  END { for (name in best) printf "  %-30s %.3f G\n", name, best[name] / 1e9 }' "$WORK/ann.txt" | sort
