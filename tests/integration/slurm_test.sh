#!/usr/bin/env bash
# Issue 9 on a real Slurm: installs slurmctld, slurmd, slurm-client and munge when missing, starts a
# private single-node cluster on 127.0.0.1 in a temporary folder (its own munged, key and socket;
# every daemon in the foreground, stopped by PID), runs scripts/slurm-run with a 4-task job array
# over a generated corpus and checks the merge equals the unsharded run and the manifests carry 4
# distinct array task ids. Then one shard is made to fail: slurm-run reports it, merge refuses it,
# and `slurm-run --only` reruns just that shard. Last, stopping slurm-run cancels its array.
# Exits 77 (ctest: skipped) when Slurm cannot be installed here.
#
# usage: slurm_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=cluster_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/cluster_common.sh"
start_test slurm_test "$@"
ensure_packages slurmctld slurmd slurm-client munge
[[ "$(id -u)" -eq 0 ]] || skip "a private slurmd has to run as root to start jobs; run this test as root"

chmod 755 "$tmp"  # slurmd's job steps and munged read parts of it

begin "start munged with its own key and socket"
c="$tmp/cluster"
mkdir -p "$c/munge" "$c/state" "$c/spool"
chmod 700 "$c/munge"
mungekey --create --keyfile="$c/munge/munge.key" 2>/dev/null ||
  dd if=/dev/urandom of="$c/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$c/munge/munge.key"
sock="$c/munge/munge.socket"
# --force: munged refuses root and a socket directory under a world-writable /tmp otherwise.
start_daemon munged "$c/munged.log" munged --foreground --force --socket="$sock" --key-file="$c/munge/munge.key" \
  --pid-file="$c/munge/munged.pid" --log-file="$c/munge/munged.file.log" --seed-file="$c/munge/munged.seed"
wait_for 10 "the munge socket" test -S "$sock"
munge --socket="$sock" -n | unmunge --socket="$sock" >/dev/null || fail "munge credential round trip failed"

begin "start slurmctld and slurmd on free ports"
read -r ctld_port slurmd_port < <(free_ports 2)
# The node's hardware as slurmd sees it, under the name the config uses; memory is left at the
# default so the node never drains for lack of it.
node_hw=$(slurmd -C | head -n1 | sed -e 's/^NodeName=[^ ]*//' -e 's/ RealMemory=[0-9]*//')
export SLURM_CONF="$c/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=docpipetest
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$c/state
SlurmdSpoolDir=$c/spool
SlurmctldPidFile=$c/slurmctld.pid
SlurmdPidFile=$c/slurmd.pid
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
MailProg=/bin/true
SchedulerParameters=sched_interval=1
MinJobAge=600
NodeName=localhost NodeAddr=127.0.0.1$node_hw State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
start_daemon slurmctld "$c/slurmctld.log" slurmctld -D -i -f "$SLURM_CONF"
wait_for 20 "slurmctld to answer" scontrol ping
start_daemon slurmd "$c/slurmd.log" slurmd -D -N localhost -f "$SLURM_CONF"
node_idle() { sinfo -h -N -o '%T' | grep -qx idle; }
wait_for 30 "the node to become idle" node_idle || { sinfo -N -l >&2; fail "node not idle"; }
sinfo -N

begin "generate a 40-document corpus and run it unsharded"
prepare_corpus

begin "slurm-run: a 4-task array, then merge"
start=$SECONDS
"$src/scripts/slurm-run" "$tmp/pipeline.toml" "$tmp/corpus" "$tmp/sharded" --shards 4 --time=5 2>&1 |
  tee "$tmp/run1.log"
rc=${PIPESTATUS[0]}
((rc == 0)) || fail "slurm-run exited $rc"
echo "slurm-run took $((SECONDS - start)) s"
same_outputs "$tmp/sharded" "$tmp/whole" || fail "merged outputs differ from the unsharded run"
engine_ids "$tmp/sharded" SLURM_ARRAY_TASK_ID 4 || fail "task ids"
engine_ids "$tmp/sharded" SLURM_JOB_ID 4 || fail "job ids"

begin "a shard that cannot write its output is reported, and merge refuses it"
break_shard "$tmp/sharded" 2 4
set +e
"$src/scripts/slurm-run" "$tmp/pipeline.toml" "$tmp/corpus" "$tmp/sharded" --shards 4 --time=5 >"$tmp/run2.log" 2>&1
rc=$?
set -e
cat "$tmp/run2.log"
((rc == 1)) || fail "slurm-run exited $rc with a failed shard, expected 1"
grep -q 'shard 2 of 4 (array task [0-9]*_2) failed: status "failed"' "$tmp/run2.log" || fail "failed shard not reported"
grep -q "manifest: $tmp/sharded/part-2-of-4/manifest.json" "$tmp/run2.log" || fail "manifest path not reported"
log=$(sed -n 's/^  log: //p' "$tmp/run2.log")
[[ -f "$log" ]] || fail "reported log '$log' does not exist"
grep -q "shard 2/4" "$log" || fail "the task log does not come from shard 2: $(cat "$log")"
grep -q -- '--only 2' "$tmp/run2.log" || fail "no rerun hint"
grep -q "shard [013] of 4" "$tmp/run2.log" && fail "healthy shards reported as failed"
merge_refuses "$docpipe" "$tmp/sharded" 2 4 || fail "merge accepted a failed shard"

begin "rerun only the failed shard with --only; the others stay untouched"
rerun_only "$tmp/sharded" 2 4 "$tmp/whole" "$src/scripts/slurm-run" "$tmp/pipeline.toml" "$tmp/corpus" \
  "$tmp/sharded" --shards 4 --only 2 --max-running 1 --time=5 || fail "rerunning shard 2"

begin "slurm-run stopped by SIGTERM cancels its job array"
# A docpipe that never finishes in time, so the array is still running when slurm-run is stopped.
printf '#!/bin/sh\nexec sleep 60\n' >"$tmp/slow-docpipe"
chmod +x "$tmp/slow-docpipe"
DOCPIPE="$tmp/slow-docpipe" "$src/scripts/slurm-run" "$tmp/pipeline.toml" "$tmp/corpus" "$tmp/stopped" --shards 2 \
  >"$tmp/run3.log" 2>&1 &
run_pid=$!
job_running() { [[ "$(squeue -h -t running -o %i | wc -l)" -ge 1 ]]; }
wait_for 20 "the array to start" job_running || fail "the array never ran"
kill -TERM "$run_pid"
set +e
wait "$run_pid"
rc=$?
set -e
cat "$tmp/run3.log"
((rc == 130)) || fail "slurm-run exited $rc when stopped, expected 130"
grep -q 'interrupted; cancelling job' "$tmp/run3.log" || fail "no cancellation reported"
queue_empty() { [[ -z "$(squeue -h -o %i)" ]]; }
wait_for 20 "the cancelled tasks to leave the queue" queue_empty || { squeue >&2; fail "tasks still queued"; }
squeue -h -t all -o '%i %T' | grep -q CANCELLED || fail "no task was cancelled"

passed
