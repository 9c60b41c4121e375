#!/usr/bin/env bash
# Chorus vs libvips vs ImageMagick, back to back for each (template, script), each reporting artworks
# per CPU-second of one core (robust to other load on a shared machine) and per wall second.
# Chorus is measured by chorus.bench.RenderCpuHarness (the JMH benchmark RenderBench measures wall time).
# Usage: bench/render/compare.sh ["facebook:latin facebook:cjk ..."] [chorus count]
source "$(dirname "$0")/common.sh"
CASES="${1:-facebook:latin facebook:cjk facebook:arabic cover:latin x:latin story:latin}"
COUNT="${2:-600}"
cd "$ROOT"
write_campaign
for c in $CASES; do
  t="${c%%:*}"; s="${c##*:}"
  echo "== $t $s  (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  java -Djava.awt.headless=true -Xms512m -Xmx512m \
    -cp "$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$ROOT/target/bench-cp.txt")" \
    chorus.bench.RenderCpuHarness "$c" "$COUNT" 2>&1 | grep '^chorus' || echo "chorus harness failed"
  "$ROOT/bench/render/vips.sh" "$t" "$s" 200 || echo "vips failed"
  "$ROOT/bench/render/imagemagick.sh" "$t" "$s" 30 || echo "imagemagick failed"
done
