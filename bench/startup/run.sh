#!/usr/bin/env bash
# Start-up time benchmark: wall time from launching `java` until GET /health/ready answers 200.
#
#   bench/startup/run.sh                  # writes and prints target/bench/startup.md
#
# Each round (BENCH_STARTUP_RUNS, default 5) starts, back to back:
#   production-cold  target/chorus.jar, CHORUS_MODE=production, a fresh empty database (runs the migration)
#   production-warm  the same on the already migrated database (what a new container normally sees)
#   production-cds   production-warm with the application class-data archive the image has: dumped here from
#                    deploy/image/classlist with the Dockerfile's command (-Xshare:dump), used with -XX:SharedArchiveFile
#   local-cold       target/classes + the runtime classpath, main class chorus.app.Launcher, CHORUS_MODE=local,
#                    a fresh CHORUS_LOCAL_DIR (embedded PostgreSQL runs initdb; Redis embedded)
#   local-warm       the same with a CHORUS_LOCAL_DIR kept from an earlier start
#   vertx-floor      peer: a minimal Vert.x HTTP server (from the same jar) answering 200 on one port: JVM start,
#                    Vert.x start and listen, measured the same way as the app
#   jvm-floor        peer: a class that does nothing but exit (JVM start + exit)
# Production uses PostgreSQL 15, Redis and s3proxy started here on 127.0.0.1 (bench/api/services.sh). Local
# mode's embedded services use fixed ports (54329, 63799), so each local start runs in its own network
# namespace (`unshare -n`) where it cannot clash with anybody's `vertx:run` on this machine.
# BENCH_STARTUP_LOCAL=0 leaves the two local-mode kinds out (their embedded PostgreSQL gives up after 10 s on a
# machine too loaded to start it).
# Needs what bench/api/run.sh needs (no wrk/nginx), plus unshare and ip. Run as root.
set -euo pipefail

BENCH_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${BENCH_STARTUP_RUNS:-5}
# shellcheck source=../api/services.sh
source "$BENCH_ROOT/bench/api/services.sh"
bench_begin startup

MEASURE=$BENCH_ROOT/bench/startup/measure.sh
OUT=$BENCH_ROOT/target/bench
mkdir -p "$OUT"
: >"$OUT/startup-runs.txt"  # every start as it happens, in case a later one fails
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
build_jar
[ -d "$BENCH_ROOT/target/classes/chorus" ] || bench_die "target/classes is missing: build first"
LOCAL_CP=$BENCH_ROOT/target/classes:$(bench_classpath runtime)
start_postgres
start_redis
start_s3proxy

# The peers, compiled here into the scratch folder: a class that returns at once, and a minimal Vert.x server.
mkdir -p "$BENCH_WORK/floor"
printf 'public class Floor { public static void main(String[] a) {} }\n' >"$BENCH_WORK/floor/Floor.java"
cat >"$BENCH_WORK/floor/VertxFloor.java" <<'EOF'
public class VertxFloor {
  public static void main(String[] a) throws Exception {
    io.vertx.core.Vertx.vertx().createHttpServer().requestHandler(r -> r.response().end("ok"))
        .listen(Integer.parseInt(a[0]), "127.0.0.1").await();
  }
}
EOF
javac -cp "$BENCH_ROOT/target/chorus.jar" -d "$BENCH_WORK/floor" "$BENCH_WORK/floor/Floor.java" "$BENCH_WORK/floor/VertxFloor.java"

declare -A READY STOP APP_READY EXITS CPU
# record KIND ROUND "ready_ms=.. stop_ms=.. exit=.." LOG
record() {
  local key="$1#$2" line=$3 log=$4
  READY[$key]=$(sed -n 's/.*ready_ms=\([0-9]*\).*/\1/p' <<<"$line")
  STOP[$key]=$(sed -n 's/.*stop_ms=\([0-9]*\).*/\1/p' <<<"$line")
  CPU[$key]=$(sed -n 's/.*cpu_ms=\([0-9]*\).*/\1/p' <<<"$line")
  APP_READY[$key]=$(sed -n 's/.*chorus ready in \([0-9]*\) ms.*/\1/p' "$log" | tail -1)
  EXITS[$key]=$(sed -n 's/.*exit=\([0-9]*\).*/\1/p' <<<"$line")
  # 143 = 128 + SIGTERM: what the JVM returns after its shutdown hooks ran on SIGTERM (the README says 0)
  case ${EXITS[$key]} in 0 | 143) ;; *) bench_die "$key exited ${EXITS[$key]} on SIGTERM (see $log)" ;; esac
  grep -q '"stopped"\|stopped$' "$log" || bench_die "$key did not log its graceful stop (see $log)"
  echo "$key $line app_ready_ms=${APP_READY[$key]}" >>"$OUT/startup-runs.txt"
  bench_log "$key: ready ${READY[$key]} ms (app log: ${APP_READY[$key]:-?} ms), stop ${STOP[$key]} ms"
}

production() { # production KIND ROUND DATABASE [JAVA_OPTION...]
  local port log line env kind=$1 round=$2 db=$3
  shift 3
  port=$(free_port)
  log=$BENCH_WORK/$kind-$round.log
  mapfile -t env < <(production_env "$port" | sed "s|^CHORUS_PG_URL=.*|CHORUS_PG_URL=postgresql://chorus@127.0.0.1:$PG_PORT/$db|")
  line=$(cd "$BENCH_ROOT" && env "${env[@]}" "$MEASURE" "http://127.0.0.1:$port/health/ready" "$log" \
    java ${BENCH_JAVA_OPTS:-} "$@" -jar target/chorus.jar) || bench_die "$kind round $round (see $log)"
  record "$kind" "$round" "$line" "$log"
}

local_mode() { # local_mode KIND ROUND LOCAL_DIR
  local log=$BENCH_WORK/$1-$2.log line
  line=$(cd "$BENCH_ROOT" && env CHORUS_MODE=local CHORUS_HTTP_PORT=18080 "CHORUS_LOCAL_DIR=$3" \
    "CHORUS_STORAGE_DIR=$3/objects" "CHORUS_MAIL_DIR=$3/mail" BENCH_NETNS=1 \
    unshare -n "$MEASURE" "http://127.0.0.1:18080/health/ready" "$log" \
    java ${BENCH_JAVA_OPTS:-} -cp "$LOCAL_CP" chorus.app.Launcher) || bench_die "$1 round $2 (see $log)"
  record "$1" "$2" "$line" "$log"
  # the embedded PostgreSQL must have stopped with the app
  if [ -f "$3/pg/postmaster.pid" ] && kill -0 "$(head -1 "$3/pg/postmaster.pid")" 2>/dev/null; then
    bench_die "$1 round $2 left its embedded PostgreSQL running (PID $(head -1 "$3/pg/postmaster.pid"))"
  fi
}

vertx_floor() { # vertx_floor ROUND
  local port log line
  port=$(free_port)
  log=$BENCH_WORK/vertx-floor-$1.log
  line=$("$MEASURE" "http://127.0.0.1:$port/" "$log" java ${BENCH_JAVA_OPTS:-} -cp "$BENCH_WORK/floor:$BENCH_ROOT/target/chorus.jar" \
    VertxFloor "$port") || bench_die "vertx-floor round $1 (see $log)"
  READY["vertx-floor#$1"]=$(sed -n 's/.*ready_ms=\([0-9]*\).*/\1/p' <<<"$line")
  STOP["vertx-floor#$1"]=$(sed -n 's/.*stop_ms=\([0-9]*\).*/\1/p' <<<"$line")
  CPU["vertx-floor#$1"]=$(sed -n 's/.*cpu_ms=\([0-9]*\).*/\1/p' <<<"$line")
  echo "vertx-floor#$1 $line" >>"$OUT/startup-runs.txt"
  bench_log "vertx-floor#$1: ready ${READY["vertx-floor#$1"]} ms"
}

floor() { # floor ROUND: java start to exit
  local t0 t1
  t0=$(date +%s%N)
  java -cp "$BENCH_WORK/floor" Floor
  t1=$(date +%s%N)
  READY["jvm-floor#$1"]=$(((t1 - t0) / 1000000))
  STOP["jvm-floor#$1"]=0
  bench_log "jvm-floor#$1: ${READY["jvm-floor#$1"]} ms"
}

# The image's archive, made the way the Dockerfile makes it (same classlist, same command), for this jar.
ARCHIVE=$BENCH_WORK/chorus.jsa
(cd "$BENCH_ROOT" && java -Xshare:dump -XX:SharedClassListFile=deploy/image/classlist -XX:SharedArchiveFile="$ARCHIVE" \
  -Djava.awt.headless=true -cp target/chorus.jar -Xlog:cds=off -Xlog:cds+dynamic=off >"$BENCH_WORK/cds-dump.log" 2>&1) \
  || bench_die "class-data archive (see $BENCH_WORK/cds-dump.log)"
CDS=(-XX:SharedArchiveFile="$ARCHIVE" -Xshare:auto)

# Unmeasured priming: the chorus database gets its schema, the warm local folder its initdb.
WARM_LOCAL=$BENCH_WORK/local-warm
production prime 0 chorus
LOCAL=${BENCH_STARTUP_LOCAL:-1}
[ "$LOCAL" = 0 ] || local_mode prime-local 0 "$WARM_LOCAL"

for r in $(seq 1 "$RUNS"); do
  psql_bench -d chorus -c "CREATE DATABASE chorus_cold_$r" >/dev/null
  production production-cold "$r" "chorus_cold_$r"
  production production-warm "$r" chorus
  production production-cds "$r" chorus "${CDS[@]}"
  if [ "$LOCAL" != 0 ]; then
    local_mode local-cold "$r" "$BENCH_WORK/local-cold-$r"
    local_mode local-warm "$r" "$WARM_LOCAL"
  fi
  vertx_floor "$r"
  floor "$r"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

stats() { # stats ARRAY KIND: "median min max" in seconds over the rounds (empty values skipped)
  local -n values=$1
  local r
  # (an if, not `[ ] && echo`: an empty last value would end the loop, and under pipefail the script, with status 1)
  for r in $(seq 1 "$RUNS"); do if [ -n "${values[$2#$r]:-}" ]; then echo "${values[$2#$r]}"; fi; done | sort -n | awk '{a[NR] = $1}
    END { if (NR == 0) { print "– – –"; exit } # no value in any round (e.g. no "chorus ready in" line before the SIGTERM)
      m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.2f %.2f %.2f\n", m / 1000, a[1] / 1000, a[NR] / 1000 }'
}
ratio_to_floor() { # ratio_to_floor KIND: median over the rounds of READY[KIND#r] / READY[vertx-floor#r]
  local r
  for r in $(seq 1 "$RUNS"); do
    awk -v a="${READY[$1#$r]}" -v b="${READY[vertx-floor#$r]}" 'BEGIN { printf "%.4f\n", a / b }'
  done | sort -g | awk '{a[NR] = $1} END { printf "%.2f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
declare -A LABEL=(
  [production-cold]="production jar, production mode, empty database (runs the migration)"
  [production-warm]="production jar, production mode, migrated database"
  [production-cds]="the same with the image's class-data archive (deploy/image/classlist)"
  [local-cold]="local mode, embedded services, fresh CHORUS_LOCAL_DIR (initdb)"
  [local-warm]="local mode, embedded services, CHORUS_LOCAL_DIR kept"
  [vertx-floor]="peer: minimal Vert.x HTTP server from the same jar, until it answers 200"
  [jvm-floor]="peer: JVM start and exit of an empty main class")
KINDS=(production-cold production-warm production-cds local-cold local-warm vertx-floor jvm-floor)
[ "$LOCAL" != 0 ] || KINDS=(production-cold production-warm production-cds vertx-floor jvm-floor)
{
  echo "# Start-up time"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$BENCH_ROOT" rev-parse --short HEAD)$(git -C "$BENCH_ROOT" diff --quiet HEAD -- src pom.xml conf || echo ' (with uncommitted changes)'), \`bench/startup/run.sh\`, $RUNS rounds."
  echo "**Shared machine**: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)) used by other work at the same"
  echo "time (load average $LOAD_BEFORE before, $LOAD_AFTER after); each round runs every kind back to back, so compare"
  echo "kinds through the ratios to the Vert.x floor of the same round rather than across machines. $(java -version 2>&1 | head -1), JVM flags '${BENCH_JAVA_OPTS:-}'."
  echo
  echo "Wall time from launching \`java\` to the first 200 from GET /health/ready (database, Redis and storage"
  echo "answer), polled every ~10 ms; \"app log\" is the app's own \"chorus ready in\" (from main() to deployed, which"
  echo "misses JVM start and the first readiness check). Stop: SIGTERM to process exit, after the app logged \"stopped\";"
  echo "exit codes seen: $(for k in "${!EXITS[@]}"; do echo "${EXITS[$k]}"; done | sort | uniq -c | awk '{printf "%s%s× %s", (NR > 1 ? ", " : ""), $1, $2}')"
  echo "(143 = 128 + SIGTERM, the JVM's status after its shutdown hooks ran; the README promises exit 0). CPU: user +"
  echo "system time of the process (every thread, JIT and GC included) when it was ready, which other work on the"
  echo "machine disturbs far less than the wall time."
  echo
  echo "| kind | ready median s | min s | max s | × Vert.x floor (median of rounds) | CPU at ready median s | app log median s | stop median s |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for k in "${KINDS[@]}"; do
    read -r med lo hi < <(stats READY "$k")
    app=$(case $k in *-floor) ;; *) stats APP_READY "$k" | cut -d' ' -f1 ;; esac)
    cpu=$(case $k in jvm-floor) ;; *) stats CPU "$k" | cut -d' ' -f1 ;; esac)
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${LABEL[$k]}" "$med" "$lo" "$hi" \
      "$(ratio_to_floor "$k")" "${cpu:-–}" "${app:-–}" "$(stats STOP "$k" | cut -d' ' -f1)"
  done
  echo
  echo "Every round, ready in ms:"
  echo
  printf '| round |'; for k in "${KINDS[@]}"; do printf ' %s |' "$k"; done; echo
  printf '| --- |'; for k in "${KINDS[@]}"; do printf ' ---: |'; done; echo
  for r in $(seq 1 "$RUNS"); do
    printf '| %s |' "$r"; for k in "${KINDS[@]}"; do printf ' %s |' "${READY[$k#$r]}"; done; echo
  done
  echo
  echo "Production services: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), Redis, s3proxy on 127.0.0.1, already running."
  echo "Local mode: embedded PostgreSQL (zonky, binaries already unpacked in /tmp/embedded-pg by earlier runs on this"
  echo "machine) and embedded Redis, each start in its own network namespace."
} >"$OUT/startup.md"
cat "$OUT/startup.md"
bench_stop_all
rm -rf "$BENCH_WORK"
