#!/usr/bin/env bash
# Starts a throwaway single-node Slurm cluster (slurmctld + slurmd on 127.0.0.1, a private munged) for the Slurm
# integration test and prints the lines that point the tests and Slurm's commands at it:
#   eval "$(bash tests/slurm/start.sh)"
# Needs Debian's slurm-wlm and munge packages (apt-get install -y slurm-wlm munge) and root (slurmd runs jobs as
# their submitter). Everything lives in one folder (default /tmp/provguard-slurm, or $PROVGUARD_SLURM_DIR); run
# twice, the second call finds the running cluster and prints the same lines. Stop it with tests/slurm/stop.sh.
set -euo pipefail

fail() { echo "tests/slurm/start.sh: $*" >&2; exit 1; }

for program in munged mungekey slurmctld slurmd sinfo sbatch scontrol; do
  command -v "$program" >/dev/null || fail "$program not found; apt-get install -y slurm-wlm munge"
done
[[ "$(id -u)" == 0 ]] || fail "must run as root (slurmd starts jobs as the submitting user)"

dir=${PROVGUARD_SLURM_DIR:-${TMPDIR:-/tmp}/provguard-slurm}
conf=$dir/slurm.conf

print_exports() {
  echo "export PROVGUARD_TEST_SLURM='$conf'"
  echo "export SLURM_CONF='$conf'"
  echo "export PROVGUARD_TEST_SLURM_DIR='$dir'"
}

alive() { [[ -s "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

node_idle() { SLURM_CONF=$conf sinfo -h -n localhost -o '%t' 2>/dev/null | grep -Eqx '(idle|mix|alloc)'; }  # not idle* (not responding)

# Already running (a second call): print the exports again.
if [[ -f "$conf" ]] && alive "$dir/slurmctld.pid" && alive "$dir/slurmd.pid" && alive "$dir/munge/munged.pid" && node_idle; then
  print_exports
  exit 0
fi
# A half-started or dead cluster from an earlier call: clear it away first.
if [[ -d "$dir" ]]; then
  PROVGUARD_TEST_SLURM_DIR=$dir bash "$(dirname "${BASH_SOURCE[0]}")/stop.sh" >&2 || fail "could not stop the earlier cluster in $dir"
fi

mkdir -p "$dir"/{state,spool,munge}
chmod 755 "$dir"

# munge: the machine's key (created if missing), but a private daemon and socket so nothing system-wide is touched.
if [[ ! -s /etc/munge/munge.key ]]; then
  mkdir -p /etc/munge
  mungekey --create --keyfile=/etc/munge/munge.key >&2 || fail "mungekey could not create /etc/munge/munge.key"
  chown munge: /etc/munge/munge.key 2>/dev/null || true
fi
munge_user=$(stat -c %U /etc/munge/munge.key)
chown "$munge_user": "$dir/munge"
chmod 755 "$dir/munge"  # munged wants its socket folder searchable by every client
socket=$dir/munge/munge.socket
runuser -u "$munge_user" -- munged --socket="$socket" --key-file=/etc/munge/munge.key --pid-file="$dir/munge/munged.pid" \
  --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed" \
  || { cat "$dir/munge/munged.log" >&2 2>/dev/null; fail "munged did not start (log above)"; }

# Two free ports on 127.0.0.1: random ones nothing answers on (the daemons fail loudly in the unlikely race).
free_port() {
  for _ in $(seq 50); do
    local candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return 0; fi
  done
  return 1
}
ctld_port=$(free_port) || fail "no free port found"
slurmd_port=$(free_port) || fail "no free port found"
[[ "$ctld_port" != "$slurmd_port" ]] || slurmd_port=$((ctld_port + 1))

# The node as slurmd sees it (CPUs, sockets, cores, threads), with a little memory held back so it never looks short.
hardware=$(slurmd -C | head -1 | tr ' ' '\n' | grep -E '^(CPUs|Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore)=' | tr '\n' ' ')
memory=$(slurmd -C | head -1 | tr ' ' '\n' | sed -n 's/^RealMemory=//p')
[[ -n "$hardware" && -n "$memory" ]] || fail "slurmd -C did not describe this machine"
memory=$((memory * 9 / 10))

cat >"$conf" <<CONF
# Written by tests/slurm/start.sh: a throwaway single-node cluster for ProvenanceGuard's integration test.
ClusterName=provguard-test
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=localhost NodeAddr=127.0.0.1 $hardware RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -f "$conf" -i || { cat "$dir/slurmctld.log" >&2 2>/dev/null; fail "slurmctld did not start (log above)"; }
slurmd -f "$conf" -N localhost || { cat "$dir/slurmd.log" >&2 2>/dev/null; fail "slurmd did not start (log above)"; }

for _ in $(seq 60); do
  if node_idle; then print_exports; exit 0; fi
  sleep 1
done
{
  echo "--- sinfo"; SLURM_CONF=$conf sinfo -N -l 2>&1 || true
  echo "--- slurmctld.log"; tail -20 "$dir/slurmctld.log" 2>/dev/null || true
  echo "--- slurmd.log"; tail -20 "$dir/slurmd.log" 2>/dev/null || true
} >&2
fail "the node did not become idle within 60 s (logs above); stop with tests/slurm/stop.sh"
