#!/usr/bin/env bash
# Stops the cluster tests/slurm/start.sh started (slurmd, slurmctld, its private munged) and removes its folder.
# Safe to run twice and when nothing runs.
set -euo pipefail

dir=${PROVGUARD_TEST_SLURM_DIR:-${PROVGUARD_SLURM_DIR:-${TMPDIR:-/tmp}/provguard-slurm}}
if [[ ! -d "$dir" ]]; then
  echo "tests/slurm/stop.sh: no cluster in $dir; nothing to stop" >&2
  exit 0
fi

# Stops the daemon whose pid file is $1: TERM, then KILL after 10 s.
stop_daemon() {
  local pidfile=$1 name=$2
  [[ -s "$pidfile" ]] || return 0
  local pid
  pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "tests/slurm/stop.sh: $name (pid $pid) ignored TERM; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

# Jobs first, so no step outlives the daemons.
if [[ -f "$dir/slurm.conf" ]] && command -v scancel >/dev/null; then
  SLURM_CONF=$dir/slurm.conf timeout 10 scancel --quiet --cluster=provguard-test --user="$(id -un)" 2>/dev/null || true
fi
stop_daemon "$dir/slurmd.pid" slurmd
stop_daemon "$dir/slurmctld.pid" slurmctld
stop_daemon "$dir/munge/munged.pid" munged
rm -rf "$dir"
