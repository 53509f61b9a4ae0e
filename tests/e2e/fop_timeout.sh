# xsl-fo runs FOP through the plugins' one spawner (plugins/common/spawn):
# a FOP that hangs is killed at fop_timeout with everything it started, and
# the book fails with a message naming the stage; a FOP that fails leaves
# nothing running either.  The FOP here is a fake one (the `fop:` option).
. "$(dirname "$0")/lib.sh"
cd "$WORK"
none_alive() {  # none_alive WHAT: every pid the fake FOP wrote to ./pids is gone
  local n=0 alive=""
  for p in $(cat pids); do n=$((n + 1)); [ -e "/proc/$p" ] && alive="$alive $p"; done
  if [ "$n" -lt 3 ]; then fail "$1: the fake FOP recorded $n pid(s), expected 3"
  elif [ -n "$alive" ]; then fail "$1: still running:$alive"; kill -9 $alive 2>/dev/null
  else pass "$1: FOP and the $((n - 1)) children it started are gone"; fi
}
# A FOP that starts a child in its group and one in a session of its own,
# says something, and then hangs.
cat >fop-hang <<SH
#!/bin/sh
sleep 300 </dev/null >/dev/null 2>&1 &
echo \$! >>$WORK/pids
setsid sleep 300 </dev/null >/dev/null 2>&1 &
echo \$! >>$WORK/pids
echo \$\$ >>$WORK/pids
echo "fake FOP: laying out" >&2
exec sleep 120
SH
# One that does the same and then fails.
sed 's/^exec sleep 120$/echo "fake FOP: no fonts" >\&2; exit 3/' fop-hang >fop-fail
chmod +x fop-hang fop-fail
book() {  # book FOP TIMEOUT
  pipeline "$WORK/p.yaml" "[$SRC/samples/articles/*.txt]" "[{plugin: text-cleanup}, {plugin: section-detect}]" \
    "[{plugin: xsl-fo, path: $WORK/b.fo, with: {pdf: $WORK/b.pdf, fop: $WORK/$1, fop_timeout: $2}}]"
  : >pids
  run timeout 60 "$PUBPIPE" run "$WORK/p.yaml" --no-cache
}

book fop-hang 2
expect_rc 1 "a FOP that hangs fails the book"
expect_out "xsl-fo" "the message names the stage"
expect_out "FOP took longer than fop_timeout (2 s) and was killed" "the message says FOP was timed out"
expect_out "fake FOP: laying out" "the message has what FOP said"
none_alive "after the timeout"
[ -e b.pdf ] && fail "a PDF was left behind by the timed-out FOP" || pass "no PDF is left behind"

book fop-fail 30
expect_rc 1 "a FOP that fails fails the book"
expect_out "FOP failed (exit 3): fake FOP: laying out" "its exit status and messages are reported as before"
expect_out "fake FOP: no fonts" "all it said"
none_alive "after the failure"

book fop-hang 0
expect_rc 2 "fop_timeout: 0 is refused"
expect_out "0 is outside 1 to 86400" "and says why"
finish
