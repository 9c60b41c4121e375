#!/usr/bin/env bash
# Memory of the production jar with the image's JVM flags, idle and under artwork load, in a memory cgroup the size
# of the documented container; fails when the process exceeds it.
#
#   bench/memory/run.sh                        # writes and prints target/bench/memory.md
#
# 1. PostgreSQL, Redis and s3proxy on 127.0.0.1 (bench/api/services.sh); the class-data archive dumped from
#    deploy/image/classlist as the Dockerfile does.
# 2. The JVM flags are the Dockerfile's ENTRYPOINT (read from it, so the bench cannot drift from the image; the
#    archive path and the jar are this checkout's), plus -XX:NativeMemoryTracking=summary. BENCH_MEMORY_FLAGS (a
#    space-separated list; @ARCHIVE@ stands for the archive dumped here) replaces them, to measure other flags the
#    same way.
# 3. The JVM runs in a cgroup v1 memory group limited to BENCH_MEMORY_LIMIT_MB (default: the ECS task's memory in
#    deploy/ecs-task-definition.json), so the JVM sees the container limit as it does on Fargate.
# 4. Idle: 10 s after /health/ready answers. Load: wrk POST /api/fan/artwork (every request a new fan and name: four
#    JPEGs drawn and stored in S3) with BENCH_MEMORY_CONNECTIONS (16) connections for BENCH_MEMORY_SECONDS (60);
#    VmRSS sampled every 0.5 s. Reports VmRSS/VmHWM, the cgroup's peak and the NMT summary (what is outside the heap).
# Fails if the JVM's peak RSS or the group's peak reaches the limit, the group hit its limit, or the JVM died.
# Needs what bench/api/run.sh needs plus a cgroup v1 memory controller at /sys/fs/cgroup/memory. Run as root.
set -euo pipefail

BENCH_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../api/services.sh
source "$BENCH_ROOT/bench/api/services.sh"
bench_begin memory
OUT=$BENCH_ROOT/target/bench
mkdir -p "$OUT"
TASK_MB=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["memory"])' "$BENCH_ROOT/deploy/ecs-task-definition.json")
LIMIT_MB=${BENCH_MEMORY_LIMIT_MB:-$TASK_MB}
CONNECTIONS=${BENCH_MEMORY_CONNECTIONS:-16}
SECONDS_LOAD=${BENCH_MEMORY_SECONDS:-60}
CG_ROOT=/sys/fs/cgroup/memory
[ -w "$CG_ROOT" ] || bench_die "no writable cgroup v1 memory controller at $CG_ROOT"
command -v wrk >/dev/null || bench_die "wrk missing: apt-get install -y wrk"

build_jar
start_postgres
start_redis
start_s3proxy
ARCHIVE=$BENCH_WORK/chorus.jsa
(cd "$BENCH_ROOT" && java -Xshare:dump -XX:SharedClassListFile=deploy/image/classlist -XX:SharedArchiveFile="$ARCHIVE" \
  -Djava.awt.headless=true -cp target/chorus.jar -Xlog:cds=off -Xlog:cds+dynamic=off >"$BENCH_WORK/cds-dump.log" 2>&1) \
  || bench_die "class-data archive (see $BENCH_WORK/cds-dump.log)"

# The ENTRYPOINT's JVM options: between "java" and "-jar".
if [ -n "${BENCH_MEMORY_FLAGS:-}" ]; then
  read -r -a FLAGS <<<"${BENCH_MEMORY_FLAGS//@ARCHIVE@/$ARCHIVE}"
else
  mapfile -t FLAGS < <(python3 - "$BENCH_ROOT/Dockerfile" "$ARCHIVE" <<'EOF'
import json, re, sys
text = open(sys.argv[1]).read().replace("\\\n", " ")
entry = json.loads(re.search(r"^ENTRYPOINT\s+(\[.*?\])\s*$", text, re.M).group(1))
args = entry[1:entry.index("-jar")]
print("\n".join(a.replace("/app/chorus.jsa", sys.argv[2]) for a in args))
EOF
  )
fi
FLAGS+=(-XX:NativeMemoryTracking=summary)
bench_log "JVM flags: ${FLAGS[*]}; container limit $LIMIT_MB MiB"

CG=$CG_ROOT/chorus-bench-memory-$$
mkdir "$CG"
echo $((LIMIT_MB * 1024 * 1024)) >"$CG/memory.limit_in_bytes"
cleanup_cgroup() { bench_stop_all; rmdir "$CG" 2>/dev/null || true; }
trap cleanup_cgroup EXIT
JVM_SEES=$(sh -c "echo \$\$ >$CG/cgroup.procs && exec java ${FLAGS[*]} -XshowSettings:system -version" 2>&1 \
  | sed -n 's/^ *Memory Limit: *//p' | head -1)

PORT=$(free_port)
mapfile -t ENVS < <(production_env "$PORT")
LOG=$BENCH_WORK/app.log
(cd "$BENCH_ROOT" && exec env "${ENVS[@]}" sh -c "echo \$\$ >$CG/cgroup.procs && exec \"\$@\"" in-cgroup \
  java "${FLAGS[@]}" -jar target/chorus.jar >"$LOG" 2>&1) &
PID=$!
bench_track $PID
wait_http "http://127.0.0.1:$PORT/health/ready" 300 $PID || bench_die "not ready (see $LOG)"

kib() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$PID/status"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
nmt() { jcmd "$PID" VM.native_memory summary scale=MB >"$1" 2>&1 || bench_die "jcmd VM.native_memory (see $1)"; }

sleep 10
IDLE_RSS=$(kib VmRSS)
nmt "$BENCH_WORK/nmt-idle.txt"

# load, sampling RSS; the sampler stops with the JVM or after the load
: >"$BENCH_WORK/rss.txt"
(while kill -0 $PID 2>/dev/null; do kib VmRSS >>"$BENCH_WORK/rss.txt"; sleep 0.5; done) &
SAMPLER=$!
bench_log "load: wrk, $CONNECTIONS connections, $SECONDS_LOAD s of POST /api/fan/artwork"
WRK=$(BENCH_MODE=artwork BENCH_RUN=$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n') wrk -t2 -c"$CONNECTIONS" \
  -d"${SECONDS_LOAD}s" --timeout 30s -s "$BENCH_ROOT/bench/api/wrk.lua" "http://127.0.0.1:$PORT" | sed -n 's/^RESULT //p')
kill -0 $PID 2>/dev/null || bench_die "the JVM died under load (see $LOG; dmesg for the OOM killer)"
nmt "$BENCH_WORK/nmt-load.txt"
LOAD_RSS=$(kib VmRSS)
HWM=$(kib VmHWM)
kill $SAMPLER 2>/dev/null || true
MAX_SAMPLED=$(sort -n "$BENCH_WORK/rss.txt" | tail -1)
CG_PEAK=$(cat "$CG/memory.max_usage_in_bytes")
CG_FAILS=$(cat "$CG/memory.failcnt")
LIMIT_KIB=$((LIMIT_MB * 1024))

# NMT: committed MB per category, idle and under load
nmt_table() {
  python3 - "$BENCH_WORK/nmt-idle.txt" "$BENCH_WORK/nmt-load.txt" <<'EOF'
import re, sys
def read(path):
    out = {}
    for line in open(path):
        # "Total: reserved=1290MB, committed=548MB" and "-   Java Heap (reserved=768MB, committed=385MB)"
        m = re.match(r"^(Total|[A-Z][A-Za-z ]+?):? \(?reserved=(\d+)MB, committed=(\d+)MB", line.strip().lstrip("-").strip())
        if m: out[m.group(1)] = int(m.group(3))
    return out
idle, load = read(sys.argv[1]), read(sys.argv[2])
print("| NMT category | committed idle MB | committed under load MB |")
print("| --- | ---: | ---: |")
for k in load:
    if k == "Total": continue
    if load[k] or idle.get(k):
        print(f"| {k} | {idle.get(k, 0)} | {load[k]} |")
print(f"| **total** | **{idle.get('Total', 0)}** | **{load.get('Total', 0)}** |")
print(f"| of which outside the Java heap | {idle.get('Total', 0) - idle.get('Java Heap', 0)} | {load.get('Total', 0) - load.get('Java Heap', 0)} |")
EOF
}
STATUS=ok
[ "$HWM" -lt "$LIMIT_KIB" ] || STATUS="FAILED: the JVM's peak RSS reached the limit"
[ "$CG_PEAK" -lt $((LIMIT_MB * 1024 * 1024)) ] || STATUS="FAILED: the cgroup's peak reached the limit"
[ "$CG_FAILS" = 0 ] || STATUS="FAILED: the cgroup hit its limit $CG_FAILS times"
{
  echo "# Memory of the production jar, idle and under artwork load"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$BENCH_ROOT" rev-parse --short HEAD), \`bench/memory/run.sh\`; $(nproc) cores shared with other work"
  echo "(load average $(cut -d' ' -f1-3 /proc/loadavg) at the end). $(java -version 2>&1 | head -1)."
  echo
  echo "- JVM flags: \`${FLAGS[*]}\`"
  echo "- Memory cgroup limited to **$LIMIT_MB MiB** (the JVM reports \"Memory Limit: ${JVM_SEES:-?}\")."
  echo "- Load: \`wrk -c$CONNECTIONS -d${SECONDS_LOAD}s\` POST /api/fan/artwork, every request a new fan: $WRK"
  echo
  echo "| | MiB |"
  echo "| --- | ---: |"
  echo "| RSS idle (10 s after ready) | $(mib "$IDLE_RSS") |"
  echo "| RSS at the end of the load | $(mib "$LOAD_RSS") |"
  echo "| peak RSS (VmHWM) | **$(mib "$HWM")** |"
  echo "| peak RSS sampled every 0.5 s during the load | $(mib "${MAX_SAMPLED:-0}") |"
  echo "| cgroup peak (RSS + page cache of the group) | $((CG_PEAK / 1024 / 1024)) |"
  echo "| cgroup limit | $LIMIT_MB |"
  echo
  echo "Times the group hit its limit: $CG_FAILS. Result: **$STATUS**."
  echo
  nmt_table
} >"$OUT/memory.md"
cat "$OUT/memory.md"
[ "$STATUS" = ok ] || bench_die "$STATUS"
