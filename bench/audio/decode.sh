#!/usr/bin/env bash
# Decode step alone: the ffmpeg child process (as Chorus runs it) against libav in-process through JavaCPP.
# bench/audio/decode.sh [seconds] [rounds]   (defaults 60 5); see DecodeInProcessBench. Needs only the JDK.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=target/bench-audio
mkdir -p "$OUT"
./mvnw -q -o test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test >/dev/null
{ date -u '+%F %T UTC'; git rev-parse --short HEAD; uptime; } > "$OUT/decode.txt"
java -cp "target/test-classes:target/classes:$(cat "$OUT/cp.txt")" chorus.audio.DecodeInProcessBench "$@" | tee -a "$OUT/decode.txt"
uptime | tee -a "$OUT/decode.txt"
