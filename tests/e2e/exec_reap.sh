# exec: nothing a filter starts outlives its document, not even a child that
# left the filter's session and process group with `setsid` (issue 15 item
# 10): the filter runs under a keeper process that is a child subreaper and
# kills and reaps every descendant when the filter ends or is timed out.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
reap_run() {  # reap_run SCRIPT TIMEOUT ISOLATION
  pipeline "$WORK/r.yaml" "$SEEDS" \
    "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: exec, with: {command: [sh, $WORK/$1], timeout: $2}}]" \
    "[{plugin: docbook, path: $WORK/r.xml}]"
  : >pids
  run timeout 60 "$PUBPIPE" run "$WORK/r.yaml" --isolation "$3" -j 2 --no-cache
}
none_alive() {  # none_alive WHAT: every pid in ./pids is gone (and there was one per document)
  local n=0 alive=""
  for p in $(cat pids); do n=$((n + 1)); [ -e "/proc/$p" ] && alive="$alive $p"; done
  if [ "$n" -lt 2 ]; then fail "$1: the filter recorded $n pid(s), expected 2"
  elif [ -n "$alive" ]; then fail "$1: still running:$alive ($(ps -o pid=,ppid=,sid=,args= -p "${alive# }" 2>/dev/null))"; kill -9 $alive 2>/dev/null
  else pass "$1: none of the $n setsid children is left"; fi
}
# A filter that starts a setsid daemon (its own session, out of the
# filter's group; stdout closed so nothing waits for it) and echoes its input.
cat >f-daemon.sh <<'SH'
setsid sleep 300 </dev/null >/dev/null 2>&1 &
echo $! >>pids
cat
SH
# The same, but the daemon keeps the filter's stdout open.
cat >f-holder.sh <<'SH'
setsid sleep 300 &
echo $! >>pids
cat
SH
# A filter that starts one and then hangs past its timeout.
cat >f-hang.sh <<'SH'
setsid sleep 300 </dev/null >/dev/null 2>&1 &
echo $! >>pids
exec sleep 120
SH
# One that double-forks: the setsid child's parent is gone before the filter ends.
cat >f-double.sh <<'SH'
(setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $! >>pids)
cat
SH
for iso in process thread; do
  reap_run f-daemon.sh 20 $iso
  expect_rc 0 "a filter that leaves a setsid daemon ($iso isolation)"
  none_alive "after the run ($iso)"
  reap_run f-holder.sh 20 $iso
  expect_rc 0 "a filter whose setsid child holds its stdout ($iso isolation)"
  none_alive "after the run, holder ($iso)"
  reap_run f-double.sh 20 $iso
  expect_rc 0 "a filter that double-forks a setsid child ($iso isolation)"
  none_alive "after the run, double fork ($iso)"
  reap_run f-hang.sh 1 $iso
  expect_rc 1 "a filter that hangs past its timeout ($iso isolation)"; expect_out "took longer than" "is timed out"
  none_alive "after the timeout ($iso)"
done
finish
