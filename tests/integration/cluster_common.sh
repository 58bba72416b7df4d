# shellcheck shell=bash
# Shared by slurm_test.sh and dask_test.sh (issue 9): package installation with a clean skip,
# daemons started in the background and stopped by PID, free ports, a generated corpus and the
# comparison of a merged run with the unsharded one. Source it; it defines functions only.

# ctest treats this exit code as "skipped" (SKIP_RETURN_CODE in CMakeLists.txt).
readonly SKIP_CODE=77

skip() {
  echo "SKIP: $*" >&2
  exit "$SKIP_CODE"
}

# Installs the Debian packages not installed yet, as root, without starting their services; skips
# the test (does not fail it) when that is impossible here.
ensure_packages() {
  local missing=() pkg
  # The two cluster tests may run at once (ctest -j): one installs while the other waits, then
  # finds its packages there. The lock is released on return, or when the test exits (skip).
  # Only root installs, so only root needs the lock.
  if [[ "$(id -u)" -eq 0 ]] && command -v flock >/dev/null 2>&1 &&
    exec {lock_fd}>"${TMPDIR:-/tmp}/docpipe-cluster-tests.apt.lock"; then
    flock -w 600 "$lock_fd" || true
  fi
  for pkg in "$@"; do
    dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null | grep -qx installed || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    [[ -n "${lock_fd:-}" ]] && exec {lock_fd}>&-
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || skip "packages missing (${missing[*]}) and no apt-get here"
  [[ "$(id -u)" -eq 0 ]] || skip "packages missing (${missing[*]}); installing them needs root: apt-get install ${missing[*]}"
  echo "installing ${missing[*]}" >&2
  # Debian postinst scripts start their services through invoke-rc.d; policy-rc.d answering 101
  # forbids that. Only add one (and remove it) when the system has none of its own.
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\n# Temporary: written by docpipe cluster tests to keep services from starting.\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    added_policy=1
  fi
  local ok=1 log
  log=$(mktemp)
  # Serialised with other installers (e.g. the other cluster test under ctest -j) by the dpkg lock.
  if ! DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 install -y --no-install-recommends \
    "${missing[@]}" >"$log" 2>&1; then
    # The package lists may simply be absent or stale (fresh containers); refresh once.
    if ! { DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 update &&
      DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 install -y --no-install-recommends \
        "${missing[@]}"; } >>"$log" 2>&1; then
      ok=0
    fi
  fi
  ((added_policy)) && rm -f "$policy"
  if ((!ok)); then
    tail -n 20 "$log" >&2
    rm -f "$log"
    skip "could not install ${missing[*]} with apt-get (see above)"
  fi
  rm -f "$log"
  [[ -n "${lock_fd:-}" ]] && exec {lock_fd}>&-
  return 0
}

# start_test NAME BUILD_DIR SOURCE_DIR: sets build, src and docpipe (the binary under test), and tmp
# to a new temporary folder, removed at exit after stopping the daemons; when the test fails, the
# last lines of the logs in it and the step that failed are printed.
start_test() {
  test_name=$1
  build=$(cd "${2:?usage: $1.sh BUILD_DIR SOURCE_DIR}" && pwd)
  # shellcheck disable=SC2034 # used by the test that sources this
  src=$(cd "${3:?usage: $1.sh BUILD_DIR SOURCE_DIR}" && pwd)
  docpipe="$build/host/docpipe"
  [[ -x "$docpipe" ]] || { echo "$test_name: $docpipe not built" >&2; exit 1; }
  step=""
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/docpipe-$test_name.XXXXXX")
  trap finish_test EXIT
}
finish_test() {
  local rc=$? f
  stop_daemons
  if ((rc != 0 && rc != SKIP_CODE)); then
    while IFS= read -r f; do
      echo "---- $f (last lines)" >&2
      tail -n 15 "$f" >&2
    done < <(find "$tmp" -maxdepth 2 -name '*.log' -type f | sort)
    echo "$test_name: FAILED at step: $step" >&2
  fi
  rm -rf "$tmp"
}
begin() {
  step="$*"
  echo "== $step"
}
fail() {
  echo "$test_name: $*" >&2
  exit 1
}
passed() {
  step="done"
  echo "$test_name: passed"
}

# Daemons started by start_daemon; stop_daemons kills exactly these PIDs.
daemon_pids=()

# start_daemon NAME LOGFILE COMMAND...: runs COMMAND in the background, output to LOGFILE.
start_daemon() {
  local name=$1 log=$2
  shift 2
  "$@" >"$log" 2>&1 &
  daemon_pids+=("$!")
  echo "started $name (pid $!)" >&2
}

stop_daemons() {
  local pid i
  for pid in "${daemon_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for i in $(seq 50); do
    local alive=0
    for pid in "${daemon_pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${daemon_pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${daemon_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  daemon_pids=()
}

# free_ports N: prints N distinct TCP ports on 127.0.0.1 that nothing listens on right now.
free_ports() {
  /usr/bin/python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds.
wait_for() {
  local limit=$1 what=$2 i
  shift 2
  for ((i = 0; i < limit * 10; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "timed out after ${limit}s waiting for $what" >&2
  return 1
}

# prepare_corpus: writes $tmp/corpus (40 small text files in nested folders) and $tmp/pipeline.toml
# (the stats analyzer, the json and jsonl exporters, text included so content is compared too),
# runs it unsharded into $tmp/whole, and exports DOCPIPE for the launchers.
prepare_corpus() {
  local dir="$tmp/corpus" pipeline="$tmp/pipeline.toml" i
  for ((i = 0; i < 40; i++)); do
    mkdir -p "$dir/group$((i % 3))"
    printf 'Document %d of the cluster corpus.\n\nIt has %d words in its second paragraph, more or less.\n' \
      "$i" "$((i * 7 % 13))" >"$dir/group$((i % 3))/doc$i.txt"
  done
  cat >"$pipeline" <<'EOF'
reader = "text"
[[analyzers]]
plugin = "stats"
[[exporters]]
plugin = "json"
options = { include_text = true }
[[exporters]]
plugin = "jsonl"
EOF
  "$docpipe" -q run "$pipeline" "$dir" -o "$tmp/whole"
  export DOCPIPE="$docpipe"
}

# same_outputs DIR_A DIR_B: docpipe.json and docpipe.jsonl equal apart from started_at and seconds.
same_outputs() {
  /usr/bin/python3 - "$1" "$2" <<'EOF'
import json, sys

def blank(v):
    if isinstance(v, dict):
        return {k: (None if k in ("started_at", "seconds") else blank(x)) for k, x in v.items()}
    if isinstance(v, list):
        return [blank(x) for x in v]
    return v

a, b = sys.argv[1:3]
with open(f"{a}/docpipe.json") as fa, open(f"{b}/docpipe.json") as fb:
    ja, jb = json.load(fa), json.load(fb)
if blank(ja) != blank(jb):
    sys.exit(f"docpipe.json differs between {a} and {b}")
if len(ja["documents"]) != 40:
    sys.exit(f"{a}/docpipe.json has {len(ja['documents'])} documents, expected 40")
with open(f"{a}/docpipe.jsonl") as fa, open(f"{b}/docpipe.jsonl") as fb:
    la = [blank(json.loads(l)) for l in fa if l.strip()]
    lb = [blank(json.loads(l)) for l in fb if l.strip()]
if la != lb:
    sys.exit(f"docpipe.jsonl differs between {a} and {b}")
print(f"merged outputs equal the unsharded run ({len(ja['documents'])} documents, {len(la)} jsonl records)")
EOF
}

# engine_ids OUT FIELD N: checks the N manifests under OUT carry N distinct non-empty values of
# engine.FIELD and prints them.
engine_ids() {
  /usr/bin/python3 - "$1" "$2" "$3" <<'EOF'
import json, sys
out, field, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
values = []
for k in range(n):
    with open(f"{out}/part-{k}-of-{n}/manifest.json") as f:
        m = json.load(f)
    if m["status"] != "completed" or m["shard"] != k or m["shards"] != n:
        sys.exit(f"part-{k}-of-{n}: unexpected manifest {m['shard']}/{m['shards']} status {m['status']}")
    values.append(m["engine"].get(field, ""))
if "" in values or len(set(values)) != n:
    sys.exit(f"expected {n} distinct {field} values in the manifests, got {values}")
print(f"{field} in the manifests: {values}")
EOF
}

# break_shard OUT K N: makes shard K fail whatever its documents: a directory stands where the json
# exporter publishes its file.
break_shard() {
  rm -rf "$1/part-$2-of-$3"
  mkdir -p "$1/part-$2-of-$3/docpipe.json"
}

# merge_refuses DOCPIPE OUT K N: docpipe merge OUT must exit 2 naming the failed shard K.
merge_refuses() {
  local rc=0 err
  err=$("$1" merge "$2" 2>&1) || rc=$?
  echo "$err"
  ((rc == 2)) || { echo "merge exited $rc over a failed shard, expected 2" >&2; return 1; }
  grep -q "part-$3-of-$4: the shard failed" <<<"$err" || { echo "merge did not name shard $3" >&2; return 1; }
}

# rerun_only OUT K N WHOLE COMMAND...: removes shard K, runs COMMAND (a launcher with --only K),
# then checks the other shards were left alone and the merge equals the unsharded run in WHOLE.
rerun_only() {
  local out=$1 k=$2 n=$3 whole=$4 other before
  other=$(((k + 1) % n))
  shift 4
  rm -rf "$out/part-$k-of-$n"
  before=$(md5sum "$out/part-$other-of-$n/manifest.json")
  "$@" || { echo "the rerun exited $?" >&2; return 1; }
  [[ "$(md5sum "$out/part-$other-of-$n/manifest.json")" == "$before" ]] ||
    { echo "rerunning shard $k rewrote shard $other" >&2; return 1; }
  same_outputs "$out" "$whole"
}
