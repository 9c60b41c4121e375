#!/usr/bin/env bash
# Rate-limiter benchmark, one command: bench/ratelimit/run.sh [quick]
#
#  1. checks/s through RateLimiter against Redis, next to redis-benchmark running the same EVALSHA
#     (same script, same key count and arguments) on the same Redis: the ceiling;
#  2. latency the limiter adds to an HTTP request: the same trivial route with and without the limiter,
#     driven open-loop at a fixed rate (JVM load generator) and closed-loop at saturation (wrk);
#  3. JMH: the limiter's in-process CPU per request (client IP, fan key hash, request, headers).
#
# Everything binds 127.0.0.1; every process started here is stopped by its PID on exit.
# Needs: JDK 17, redis-benchmark and redis-cli (apt-get install -y redis-tools), optionally wrk (apt-get install -y wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."
QUICK=${1:-}
OUT=target/bench-ratelimit
mkdir -p "$OUT"
exec > >(tee "$OUT/report.txt") 2>&1
command -v redis-benchmark >/dev/null || { echo "redis-benchmark missing: apt-get install -y redis-tools" >&2; exit 1; }

./mvnw -q -o test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="target/test-classes:target/classes:$(cat "$OUT/cp.txt")"
JAVA=(java -Dlogback.configurationFile=bench/ratelimit/logback.xml -cp "$CP")

# Redis: the same server binary the tests use, from the embedded-redis jar.
JAR=$(tr ':' '\n' < "$OUT/cp.txt" | grep 'embedded-redis-.*\.jar$')
unzip -o -q "$JAR" redis-server-6.2.6-v5-linux-amd64 -d "$OUT"
chmod +x "$OUT/redis-server-6.2.6-v5-linux-amd64"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
"$OUT/redis-server-6.2.6-v5-linux-amd64" --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no >"$OUT/redis.log" 2>&1 &
REDIS_PID=$!
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; kill "$REDIS_PID" 2>/dev/null; wait 2>/dev/null; true; }
trap cleanup EXIT
for _ in $(seq 50); do redis-cli -p "$PORT" PING >/dev/null 2>&1 && break; sleep 0.1; done

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared with other work) =="
SHA=$(redis-cli -p "$PORT" -x SCRIPT LOAD < src/main/resources/ratelimit/gcra.lua)
read -r -a EVAL_ARGS <<< "$("${JAVA[@]}" chorus.bench.ratelimit.LimiterThroughput "$PORT" --print-args)"
[ "${EVAL_ARGS[1]}" = "$SHA" ] || { echo "script SHA mismatch: $SHA vs ${EVAL_ARGS[1]}" >&2; exit 1; }
echo "EVALSHA under test: ${EVAL_ARGS[*]}"

N=200000; ROUNDS=3; RATE=1000; SECS=10; HTTP_ROUNDS=3; WRK_SECS=10
[ "$QUICK" = quick ] && { N=50000; ROUNDS=1; SECS=4; HTTP_ROUNDS=2; WRK_SECS=4; }

echo; echo "== 1. checks per second: limiter vs redis-benchmark (same EVALSHA, same Redis), alternating =="
for C in 8 50; do
  for R in $(seq "$ROUNDS"); do
    printf 'redis-benchmark -c %-3s round %s: ' "$C" "$R"
    redis-benchmark -h 127.0.0.1 -p "$PORT" -c "$C" -n "$N" -r 100000 --csv "${EVAL_ARGS[@]}" | tail -1 \
      | awk -F'"' '{printf "%s checks/s, p50=%s p99=%s max=%s ms\n", $4, $10, $14, $16}'
    printf 'limiter         -c %-3s round %s: ' "$C" "$R"
    "${JAVA[@]}" chorus.bench.ratelimit.LimiterThroughput "$PORT" "$C" "$N" | grep -E '^(limiter|WARNING)' | tr '\n' ' '
    echo
  done
done

echo; echo "== 2. latency added to an HTTP request (same route with and without the limiter) =="
rm -f "$OUT/port"
"${JAVA[@]}" chorus.bench.ratelimit.BenchServer "$PORT" "$OUT/port" >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do [ -s "$OUT/port" ] && break; sleep 0.1; done
HTTP_PORT=$(cat "$OUT/port")
"${JAVA[@]}" chorus.bench.ratelimit.OpenLoopLoad "$HTTP_PORT" "$RATE" "$SECS" "$HTTP_ROUNDS" | grep -E '^(http|limiter)'
if command -v wrk >/dev/null; then
  for route in plain limited plain limited; do
    printf 'wrk -c16 /%-8s ' "$route"
    wrk -t1 -c16 -d"${WRK_SECS}s" --latency -s bench/ratelimit/wrk-clients.lua "http://127.0.0.1:$HTTP_PORT/$route" \
      | awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {printf "%s req/s, p50=%s p99=%s, non-2xx=%s\n", rps, p50, p99, bad+0}'
  done
fi
grep -E 'WARN|INFO' "$OUT/server.log" | sed 's/^/server log: /' || true
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=

echo; echo "== 3. JMH: in-process CPU per request =="
"${JAVA[@]}" -Djmh.ignoreLock=true org.openjdk.jmh.Main 'chorus.bench.ratelimit.LimiterCpuBench' -f 1 -wi 3 -w 1 -i 5 -r 1 -bm avgt -tu ns 2>&1 \
  | sed -n '/^Benchmark/,$p'
