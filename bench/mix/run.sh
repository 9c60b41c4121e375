#!/usr/bin/env bash
# Chorus mix benchmark, one command: bench/mix/run.sh [takes-for-scale]
#  1. takes mixed per CPU-second: the engine (one leaf of 200 takes of 10 s, mastering, 24-bit WAV) against one
#     ffmpeg invocation mixing the same FLACs at the same offsets and pans (adelay + pan + amix), the bundled
#     ffmpeg executable as the peer; CPU of the JVM and its ffmpeg children alike;
#  2. one stem of 10,000 short generated takes on 1, 2 and 3 worker JVMs sharing one PostgreSQL and one storage
#     folder: wall time, scaling factor, CPU and peak memory per instance.
# Needs only the JDK (embedded PostgreSQL, ffmpeg from the Maven artifact). Writes target/bench-mix/report.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=target/bench-mix
mkdir -p "$OUT"
exec > >(tee "$OUT/report.txt") 2>&1
./mvnw -q -o test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="target/test-classes:target/classes:$(cat "$OUT/cp.txt")"
JAVA=(java -Dlogback.configurationFile=bench/ratelimit/logback.xml -cp "$CP")
echo "== engine vs ffmpeg adelay+amix"
"${JAVA[@]}" chorus.bench.mix.EngineVsFfmpeg 200 10 3
echo "== 10,000-take stem on 1, 2, 3 instances"
"${JAVA[@]}" chorus.bench.mix.MixScaleBench "${1:-10000}" 1 1,2,3 200 16
