# tests/slurm/cluster.sh: a private one-machine Slurm cluster for the tests
# (README.md here).  Sourced by tests/e2e/slurm.sh after lib.sh.
#   cluster_start DIR   munged, slurmctld and slurmd, every file of theirs in
#                       DIR; exports SLURM_CONF; returns 1 (with the logs
#                       printed) when the node is not idle within 90 s
#   cluster_stop        stops the three daemons by the pids it started
#   cluster_steps       the sockets of job steps still running (none: empty)
#   cluster_logs        prints the daemons' logs
# Needs root (slurmd runs the jobs as their user) and Debian's slurm-wlm and munge.
CLUSTER_PIDS=()

# Two free TCP ports on 127.0.0.1, so that the cluster clashes with no other.
free_ports() {
  python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])'
}

cluster_start() {
  CLUSTER=$1
  local host ports
  host=$(hostname -s)
  # munged wants the folder of its socket, and every folder above it,
  # searchable by all (mktemp -d makes them 700).
  mkdir -p "$CLUSTER"/{munge,run,state,spool,log} && chmod 755 "$CLUSTER/run" && chmod 700 "$CLUSTER/munge" || return 1
  local d=$CLUSTER
  while [ "$d" != / ]; do [ "$(( 0$(stat -c %a "$d") & 1 ))" = 1 ] || chmod go+x "$d"; d=$(dirname "$d"); done
  mungekey --create --keyfile="$CLUSTER/munge/munge.key" || return 1
  read -r -a ports < <(free_ports)
  sed -e "s|@DIR@|$CLUSTER|g" -e "s|@HOST@|$host|g" -e "s|@CTLD_PORT@|${ports[0]}|" -e "s|@SLURMD_PORT@|${ports[1]}|" \
      -e "s|@CPUS@|$(nproc)|" "$SRC/tests/slurm/slurm.conf.in" >"$CLUSTER/slurm.conf"
  export SLURM_CONF=$CLUSTER/slurm.conf
  munged -F --socket="$CLUSTER/run/munge.sock" --key-file="$CLUSTER/munge/munge.key" --pid-file="$CLUSTER/run/munged.pid" \
    --log-file="$CLUSTER/log/munged.log" --seed-file="$CLUSTER/munge/seed" >"$CLUSTER/log/munged.out" 2>&1 &
  CLUSTER_PIDS+=($!)
  local _
  for _ in $(seq 1 300); do [ -S "$CLUSTER/run/munge.sock" ] && break; sleep 0.1; done
  if [ ! -S "$CLUSTER/run/munge.sock" ]; then echo "munged did not start" >&2; cluster_logs; return 1; fi
  slurmctld -D -i >"$CLUSTER/log/slurmctld.out" 2>&1 &
  CLUSTER_PIDS+=($!)
  slurmd -D >"$CLUSTER/log/slurmd.out" 2>&1 &
  CLUSTER_PIDS+=($!)
  local until=$((SECONDS + 90))
  while [ "$SECONDS" -lt "$until" ]; do
    [ "$(timeout 10 sinfo -h -o %t 2>/dev/null)" = idle ] && return 0
    sleep 0.5
  done
  echo "the Slurm node is not idle after 90 s: $(sinfo 2>&1)" >&2
  cluster_logs
  return 1
}

cluster_logs() {
  local f
  for f in "$CLUSTER"/log/*; do echo "--- $f" >&2; tail -n 40 "$f" >&2; done
}

# The sockets of the jobs' slurmstepd processes (one per running step, in
# the spool folder): none once every step has ended.
cluster_steps() { find "$CLUSTER/spool" -type s 2>/dev/null; }

# Waits up to 30 s for the jobs' steps to end (slurmstepd outlives slurmd),
# then stops the daemons, last started first: SIGTERM (each saves its state
# and ends its helpers, such as slurmctld's slurmscriptd), SIGKILL after 30 s.
cluster_stop() {
  local pid _
  [ "${#CLUSTER_PIDS[@]}" = 0 ] && return 0
  for _ in $(seq 1 300); do [ -z "$(cluster_steps)" ] && break; sleep 0.1; done
  for pid in $(printf '%s\n' "${CLUSTER_PIDS[@]}" | tac); do
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
}
