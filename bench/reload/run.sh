#!/usr/bin/env bash
# Hot-reload benchmark: wall time from saving a file to the first answer that shows the edit, under the
# README's run command.
#
#   bench/reload/run.sh                   # 5 rounds of each edit; prints a table, writes target/bench/reload.md
#   BENCH_RELOAD_ROUNDS=3 BENCH_RELOAD_CMD='./mvnw -B -ntp -o process-classes vertx:run' bench/reload/run.sh
#
# Edits, each round (restored at the end):
#   java     HealthRoutes' GET /health/live answer gets a field "bench": "<marker>"  (a one-line Java edit)
#   webroot  webroot/index.html gets a comment <!-- <marker> -->                     (polled on GET /)
#   conf     conf/campaign.json's English title gets the marker appended            (polled on GET /api/campaign)
# Polled with curl every ~20 ms; an edit not shown within 60 s counts as 60000 ms (never). Also reported: whether the embedded PostgreSQL
# kept its PID across the round (it did not if the dev command restarted it) and the JVM's thread count.
# Local mode's embedded services use fixed ports (8080, 54329, 63799), so the run command runs in its own
# network namespace (`unshare -n`, needs root) where it cannot clash with anybody's run on this machine;
# Maven runs offline there, so the plugins are resolved first.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
ROUNDS=${BENCH_RELOAD_ROUNDS:-5}
CMD=${BENCH_RELOAD_CMD:-$(sed -n 's/^\(\.\/mvnw [^#]*\)# run the site.*/\1/p' README.md | sed 's/ *$//; s/^\.\/mvnw /.\/mvnw -B -ntp -o /')}
OUT=$ROOT/target/bench
mkdir -p "$OUT"

if [ -z "${BENCH_RELOAD_INSIDE:-}" ]; then
  ./mvnw -B -ntp -q dependency:resolve-plugins dependency:resolve >/dev/null
  ./mvnw -B -ntp -q process-classes
  exec unshare -n env BENCH_RELOAD_INSIDE=1 BENCH_RELOAD_CMD="$CMD" "$0" "$@"
fi
ip link set lo up

JAVA_FILE=src/main/java/chorus/http/HealthRoutes.java
LIVE_LINE='new JsonObject().put("status", "UP")'
BACKUP=$(mktemp -d)
cp "$JAVA_FILE" webroot/index.html conf/campaign.json "$BACKUP/"
LOG=$OUT/reload-app.log
APP=
restore() {
  cp "$BACKUP/HealthRoutes.java" "$JAVA_FILE"
  cp "$BACKUP/index.html" webroot/index.html
  cp "$BACKUP/campaign.json" conf/campaign.json
  if [ -n "$APP" ]; then kill -- "-$APP" 2>/dev/null || true; wait "$APP" 2>/dev/null || true; fi
}
trap restore EXIT
grep -q "$LIVE_LINE" "$JAVA_FILE" || { echo "bench/reload: $JAVA_FILE no longer holds $LIVE_LINE" >&2; exit 1; }

now_ms() { date +%s%3N; }
GIVE_UP_MS=60000
# wait_for URL TEXT: milliseconds until the body of URL contains TEXT (GIVE_UP_MS if it never does)
wait_for() {
  local start end
  start=$(now_ms)
  while ! curl -s --max-time 2 "$1" 2>/dev/null | grep -qF "$2"; do
    end=$(now_ms)
    if [ $((end - start)) -gt "$GIVE_UP_MS" ]; then echo "bench/reload: $1 did not show $2 within $GIVE_UP_MS ms" >&2; echo "$GIVE_UP_MS"; return; fi
    sleep 0.02
  done
  echo $(($(now_ms) - start))
}
pg_pid() { head -1 "$ROOT/.chorus/pg/postmaster.pid" 2>/dev/null || echo none; }
app_pid() { ss -Hltnp 'sport = :8080' | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1; }

echo "bench/reload: starting: $CMD"
: >"$OUT/reload-edits.log"
set -m
bash -c "$CMD" >"$LOG" 2>&1 &
APP=$!
set +m
GIVE_UP_MS=600000
STARTED=$(wait_for http://127.0.0.1:8080/health/live '"UP"')
GIVE_UP_MS=60000
echo "bench/reload: serving after ${STARTED} ms"
sleep 2

declare -a JAVA WEB CONF PG_KEPT
for i in $(seq 1 "$ROUNDS"); do
  marker="bench-$i-$RANDOM"
  pg_before=$(pg_pid)
  sed -i "s|\"status\", \"UP\")\(\.put(\"bench\", \"[^\"]*\")\)\?|\"status\", \"UP\").put(\"bench\", \"$marker\")|" "$JAVA_FILE"
  echo "$(date +%T.%3N) java edit $marker" >>"$OUT/reload-edits.log"
  JAVA[$i]=$(wait_for http://127.0.0.1:8080/health/live "$marker")
  sleep 3  # let the old deployment go before the next edit
  [ "$(pg_pid)" = "$pg_before" ] && PG_KEPT[$i]=yes || PG_KEPT[$i]=no
  sed -i "s|<!-- bench-[^>]*-->||; \$a <!-- $marker -->" webroot/index.html
  echo "$(date +%T.%3N) webroot edit $marker" >>"$OUT/reload-edits.log"
  WEB[$i]=$(wait_for http://127.0.0.1:8080/ "$marker")
  sed -i "0,/\"title\": \"Sing with Nova Aria[^\"]*\"/s//\"title\": \"Sing with Nova Aria $marker\"/" conf/campaign.json
  echo "$(date +%T.%3N) conf edit $marker" >>"$OUT/reload-edits.log"
  CONF[$i]=$(wait_for 'http://127.0.0.1:8080/api/campaign?lang=en' "$marker")
  sleep 3
  [ "$i" = 1 ] && THREADS_FIRST=$(ls "/proc/$(app_pid)/task" 2>/dev/null | wc -l)
  echo "bench/reload: round $i: java ${JAVA[$i]} ms (PostgreSQL kept its PID: ${PG_KEPT[$i]}), webroot ${WEB[$i]} ms, conf ${CONF[$i]} ms"
done
PID=$(app_pid)
THREADS=$(ls "/proc/$PID/task" 2>/dev/null | wc -l)

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
{
  echo "# Hot reload"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD), \`$CMD\`, $ROUNDS rounds, $(nproc) cores,"
  echo "load average before the run $(cut -d' ' -f1-3 /proc/loadavg). Serving ${STARTED} ms after the command started."
  echo
  echo "| edit | median ms | min ms | max ms | every round ms |"
  echo "| --- | ---: | ---: | ---: | --- |"
  for kind in JAVA WEB CONF; do
    declare -n v=$kind
    echo "| $kind | $(median "${v[@]}") | $(printf '%s\n' "${v[@]}" | sort -n | head -1) | $(printf '%s\n' "${v[@]}" | sort -n | tail -1) | ${v[*]} |"
  done
  echo
  echo "Embedded PostgreSQL kept its PID across each Java reload: ${PG_KEPT[*]}. Threads of the serving JVM after round 1: $THREADS_FIRST, after round $ROUNDS: $THREADS."
} | tee "$OUT/reload.md"
