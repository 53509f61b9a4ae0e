#!/usr/bin/env bash
# accuracy.sh: pubpipe's text stages scored on real text that none of us wrote.
#   bench/accuracy.sh BUILD CORPORA [SCORERS]
# CORPORA holds real-pages/ (gold.json and one folder per scrape style) and
# bbc-dev/ (clean articles); SCORERS holds score-real.py and text-fidelity.py
# (default: CORPORA/../tools).  Prints one summary line per corpus and variant.
set -euo pipefail
build=$(cd "${1:?usage: accuracy.sh BUILD CORPORA [SCORERS]}" && pwd)
corpora=$(cd "${2:?usage: accuracy.sh BUILD CORPORA [SCORERS]}" && pwd)
scorers=$(cd "${3:-$corpora/../tools}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# book OUT FILE...: the standard stages, DocBook only.
book() {
  local out=$1; shift
  { echo "pubpipe: 1"; echo "book: {title: Corpus, language: en}"; echo "inputs:"
    for a in "$@"; do echo "  - \"$a\""; done
    echo "stages: [{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize}]"
    echo "outputs: [{plugin: docbook, path: \"$out/book.xml\"}]"; } > "$out/p.yaml"
  "$build/pubpipe" run "$out/p.yaml" > "$out/log" 2>&1 || true
}

if [ -d "$corpora/bbc-dev" ]; then
  mkdir -p "$work/bbc"
  ls "$corpora"/bbc-dev/*/*.txt > "$work/bbc/list.txt"
  book "$work/bbc" $(cat "$work/bbc/list.txt")
  echo "bbc-dev: $(python3 "$scorers/text-fidelity.py" "$work/bbc/book.xml" "$work/bbc/list.txt" 2>&1 | tail -1)"
fi
if [ -d "$corpora/real-pages" ]; then
  for v in articles articles-w3m articles-innertext; do
    d="$corpora/real-pages/$v"; [ -d "$d" ] || continue
    mkdir -p "$work/$v"; book "$work/$v" "$d"/*.txt
    echo "real-pages/$v: $(python3 "$scorers/score-real.py" "$corpora/real-pages/gold.json" "$work/$v/book.xml" ${ACCURACY_JSON:+--json "$ACCURACY_JSON-$v.json"} 2>&1 | tail -1)"
  done
fi
