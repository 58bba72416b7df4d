#!/usr/bin/env bash
# Issue 9 on a real Dask: installs python3-distributed when missing, starts a scheduler and two
# worker processes on 127.0.0.1 (scheduler file in a temporary folder; each process stopped by
# PID), runs scripts/dask-run with --scheduler-file over a generated corpus in 4 shards and checks
# the merge equals the unsharded run and the manifests carry 4 distinct Dask task keys. Then one
# shard is made to fail: dask-run reports it with the shard's stderr, merge refuses it, and
# `dask-run --only` reruns just that shard. Also runs once on dask-run's own LocalCluster. Exits 77
# (ctest: skipped) when python3-distributed cannot be installed here.
#
# usage: dask_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=cluster_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/cluster_common.sh"
start_test dask_test "$@"
ensure_packages python3-distributed

# Debian's python3-distributed, whatever python3 is first on PATH; no wrapper function, so that
# the recorded PID is the daemon's own.
py=/usr/bin/python3

begin "start a scheduler and two worker processes on 127.0.0.1"
read -r port < <(free_ports 1)
sched_file="$tmp/scheduler.json"
cd "$tmp"  # the daemons' working directory, so nothing lands in the caller's
start_daemon dask-scheduler "$tmp/scheduler.log" "$py" -m distributed.cli.dask_scheduler --host 127.0.0.1 --port "$port" \
  --no-dashboard --scheduler-file "$sched_file"
wait_for 30 "the scheduler file" test -s "$sched_file"
for w in 1 2; do
  # --no-nanny: the worker is this very process, so stopping it by PID stops it.
  start_daemon "dask-worker $w" "$tmp/worker$w.log" "$py" -m distributed.cli.dask_worker --scheduler-file "$sched_file" \
    --host 127.0.0.1 --nthreads 1 --no-nanny --no-dashboard --name "worker-$w" --local-directory "$tmp/worker$w"
done
workers_up() {
  /usr/bin/python3 - "$sched_file" <<'EOF'
import sys
from distributed import Client
with Client(scheduler_file=sys.argv[1], timeout=5) as c:
    sys.exit(0 if len(c.scheduler_info()["workers"]) == 2 else 1)
EOF
}
wait_for 30 "two workers to join" workers_up

begin "generate a 40-document corpus and run it unsharded"
prepare_corpus

begin "dask-run --scheduler-file: 4 shard tasks, then merge"
start=$SECONDS
"$src/scripts/dask-run" "$tmp/pipeline.toml" "$tmp/corpus" "$tmp/sharded" --shards 4 --jobs 1 \
  --scheduler-file "$sched_file" 2>&1 | tee "$tmp/run1.out"
rc=${PIPESTATUS[0]}
((rc == 0)) || fail "dask-run exited $rc"
echo "dask-run took $((SECONDS - start)) s"
same_outputs "$tmp/sharded" "$tmp/whole" || fail "merged outputs differ from the unsharded run"
engine_ids "$tmp/sharded" DOCPIPE_DASK_KEY 4 || fail "task keys"
grep -q "docpipe-shard-3-of-4-" "$tmp/sharded/part-3-of-4/manifest.json" || fail "shard 3's manifest lacks its key"

begin "a shard that cannot write its output is reported with its stderr, and merge refuses it"
break_shard "$tmp/sharded" 1 4
set +e
"$src/scripts/dask-run" "$tmp/pipeline.toml" "$tmp/corpus" "$tmp/sharded" --shards 4 \
  --scheduler-file "$sched_file" >"$tmp/run2.out" 2>&1
rc=$?
set -e
cat "$tmp/run2.out"
((rc == 1)) || fail "dask-run exited $rc with a failed shard, expected 1"
grep -q 'shard 1/4 FAILED (task docpipe-shard-1-of-4-[0-9a-f]*): shard 1/4 on tcp://127.0.0.1:[0-9]* exited 3' \
  "$tmp/run2.out" || fail "failed shard not reported with its exit code"
grep -q 'part-1-of-4/docpipe.json' "$tmp/run2.out" || fail "the shard's stderr did not reach the caller"
grep -q -- '--only 1$' "$tmp/run2.out" || fail "no rerun hint"
grep -q 'shard [023]/4 FAILED' "$tmp/run2.out" && fail "healthy shards reported as failed"
merge_refuses "$docpipe" "$tmp/sharded" 1 4 || fail "merge accepted a failed shard"

begin "rerun only the failed shard with --only and --scheduler ADDRESS; the others stay untouched"
# By address this time, the other way to name a scheduler.
rerun_only "$tmp/sharded" 1 4 "$tmp/whole" "$src/scripts/dask-run" "$tmp/pipeline.toml" "$tmp/corpus" \
  "$tmp/sharded" --shards 4 --only 1 --scheduler "tcp://127.0.0.1:$port" || fail "rerunning shard 1"

begin "no scheduler given: dask-run starts its own LocalCluster"
"$src/scripts/dask-run" "$tmp/pipeline.toml" "$tmp/corpus" "$tmp/local" --shards 3 --workers 2 --jobs 1
same_outputs "$tmp/local" "$tmp/whole" || fail "LocalCluster merge differs from the unsharded run"
engine_ids "$tmp/local" DOCPIPE_DASK_KEY 3 || fail "LocalCluster task keys"

passed
