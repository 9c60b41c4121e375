#!/usr/bin/env bash
# Burst benchmark, one command: bench/audio/burst.sh [both|split|split-nice] [burstSeconds] [takeSeconds]   (defaults both 20 20)
# Real generated takes completed over HTTP at 3x the measured drain rate while GET /api/fan and GET /api/campaign
# are probed at a fixed rate; see BurstBench. Needs only the JDK. Report in target/bench-audio/burst-<mode>.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=target/bench-audio
mkdir -p "$OUT"
./mvnw -q -o test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test >/dev/null
MODE="${1:-both}"
{ date -u '+%F %T UTC'; git rev-parse --short HEAD; uptime; } > "$OUT/burst-$MODE.txt"
CHORUS_LOG_LEVEL="${CHORUS_LOG_LEVEL:-WARN}" java -cp "target/test-classes:target/classes:$(cat "$OUT/cp.txt")" chorus.bench.audio.BurstBench "$@" \
  | tee -a "$OUT/burst-$MODE.txt"
uptime | tee -a "$OUT/burst-$MODE.txt"
