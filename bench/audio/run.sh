#!/usr/bin/env bash
# Audio pipeline benchmark, one command: bench/audio/run.sh [takes] [seconds] [rounds]   (defaults 8 60 3)
# Chorus' whole per-take work against one ffmpeg command line per file (decode + ebur128 + silencedetect + FLAC),
# the bundled ffmpeg for both, on the same generated WebM/Opus and MP4/AAC takes. Needs only the JDK.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=target/bench-audio
mkdir -p "$OUT"
./mvnw -q -o test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test >/dev/null
java -cp "target/test-classes:target/classes:$(cat "$OUT/cp.txt")" chorus.bench.audio.AudioBench "$@" | tee "$OUT/report.txt"
