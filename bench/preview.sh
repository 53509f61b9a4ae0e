#!/usr/bin/env bash
# bench/preview.sh BUILD [EDITS]: edit → visible for `pubpipe serve` on the
# sample reader (pipelines/book.yaml, in a copy under a temporary folder).
# For each of EDITS edits (default 5) of one article's title, the time from
# the article file written to the `build` event of the preview on /events
# (read with curl), to the served page having the new title (curl), and to
# the event of the final book (page list, PDF).  Prints one line per edit and
# the load average.  With DURING_FOP=1 each edit is made while the previous
# edit's full run has FOP's JVM running (that run is abandoned), instead of
# after its final book.  Stops the server it started, by its pid.
set -u
BUILD=$(cd "${1:?usage: bench/preview.sh BUILD [EDITS]}" && pwd)
EDITS=${2:-5}
SRC=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
server= reader=
trap '[ -n "$reader" ] && kill "$reader" 2>/dev/null; [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$WORK"' EXIT
cd "$WORK"
cp -r "$SRC/pipelines" "$SRC/samples" .
"$BUILD/pubpipe" serve pipelines/book.yaml --port 0 >serve.log 2>&1 &
server=$!
until grep -q "build 1: done" serve.log; do sleep 0.05; kill -0 "$server" 2>/dev/null || { cat serve.log; exit 1; }; done
port=$(sed -n 's|^pubpipe serve: http://127.0.0.1:\([0-9]*\)/.*|\1|p' serve.log)
U="http://127.0.0.1:$port"
# Each event line with the time it came.
curl -sN "$U/events" | while IFS= read -r line; do echo "$(date +%s.%N) $line"; done >events.log &
reader=$!
article=samples/articles/south-korea-foreign-affairs.txt
page=$(curl -sL "$U/" | grep -o 'href="ch-south-korea-foreign-affairs[^"#]*\.xhtml"' | head -1 | sed 's/href="//; s/"//')
at() { grep -m1 -F "data: $1" events.log | cut -d' ' -f1; }
# fop_runs: a JVM (FOP) runs below the server.
fop_runs() {
  local p
  for p in $(cat /proc/"$server"/task/*/children 2>/dev/null); do
    grep -qx java /proc/"$p"/comm 2>/dev/null && return 0
    for q in $(cat /proc/"$p"/task/*/children 2>/dev/null); do
      grep -qx java /proc/"$q"/comm 2>/dev/null && return 0
      for r in $(cat /proc/"$q"/task/*/children 2>/dev/null); do grep -qx java /proc/"$r"/comm 2>/dev/null && return 0; done
    done
  done
  return 1
}
DURING_FOP=${DURING_FOP:-0}
[ "$DURING_FOP" = 1 ] && echo "each edit made while the previous edit's full run has FOP running"
echo "edit  to preview event  to page with the change  to final event  (load: $(cut -d' ' -f1-3 /proc/loadavg))"
if [ "$DURING_FOP" = 1 ]; then
  sed -i "1s/.*/Seoul Edited Before The Benchmark/" "$article"
  until [ -n "$(at "2 preview")" ]; do sleep 0.01; done
fi
first=2 && [ "$DURING_FOP" = 1 ] && first=3
for n in $(seq $first $((EDITS + first - 1))); do
  title="Seoul Edited For The Benchmark $n"
  if [ "$DURING_FOP" = 1 ]; then until fop_runs; do sleep 0.01; done; fi
  start=$(date +%s.%N)
  sed -i "1s/.*/$title/" "$article"
  until [ -n "$(at "$n preview")" ]; do sleep 0.01; done
  until curl -s "$U/book/EPUB/$page" | grep -qF "$title"; do sleep 0.01; done
  shown=$(date +%s.%N)
  if [ "$DURING_FOP" = 1 ] && [ "$n" -lt $((EDITS + first - 1)) ]; then
    awk -v s="$start" -v p="$(at "$n preview")" -v v="$shown" -v n="$((n - first + 1))" \
      'BEGIN { printf "%4d  %17.2f s  %24.2f s  %14s\n", n, p - s, v - s, "(next edit)" }'
    continue
  fi
  until [ -n "$(at "$n final")" ]; do sleep 0.05; done
  awk -v s="$start" -v p="$(at "$n preview")" -v v="$shown" -v f="$(at "$n final")" -v n="$((n - first + 1))" \
    'BEGIN { printf "%4d  %17.2f s  %24.2f s  %14.2f s\n", n, p - s, v - s, f - s }'
done
echo "(load after: $(cut -d' ' -f1-3 /proc/loadavg))"
