#!/usr/bin/env bash
# measure.sh URL LOG COMMAND...: starts COMMAND (output to LOG), measures the wall time until URL answers 200,
# then sends SIGTERM and measures the time until the process has exited. Prints one line:
#   ready_ms=N stop_ms=M exit=CODE cpu_ms=C
# where C is the CPU time (user + system, all threads: JIT and GC too) the process had used when it was ready: a figure
# that another program's load on the machine disturbs much less than the wall time.
# Fails (exit 1) if the process dies before it is ready or is not ready within BENCH_READY_TIMEOUT (300 s).
# bench/startup/run.sh runs it directly, or inside `unshare -n` for local mode.
set -uo pipefail
url=$1 log=$2
shift 2
[ "${BENCH_NETNS:-0}" = 1 ] && ip link set lo up
t0=$(date +%s%N)
"$@" >"$log" 2>&1 &
pid=$!
trap 'kill -0 $pid 2>/dev/null && kill -KILL $pid' EXIT
deadline=$((SECONDS + ${BENCH_READY_TIMEOUT:-300}))
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url")" = 200 ]; do
  kill -0 $pid 2>/dev/null || { echo "measure: process exited before ready (see $log)" >&2; exit 1; }
  [ $SECONDS -lt $deadline ] || { echo "measure: not ready in time (see $log)" >&2; exit 1; }
  sleep 0.01
done
t1=$(date +%s%N)
# utime and stime (clock ticks) are fields 14 and 15 of /proc/PID/stat, 12 and 13 after the command name's ")"
cpu=$(sed 's/.*) //' /proc/$pid/stat | awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($12 + $13) * 1000 / hz}')
kill -TERM $pid
wait $pid
rc=$?
t2=$(date +%s%N)
echo "ready_ms=$(((t1 - t0) / 1000000)) stop_ms=$(((t2 - t1) / 1000000)) exit=$rc cpu_ms=$cpu"
