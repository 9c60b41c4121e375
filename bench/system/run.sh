#!/usr/bin/env bash
# System harness: three instances of the production jar behind HAProxy, the whole fan journey from Gatling at
# a fixed arrival rate and then a 3x spike, faults on a schedule, and checks afterwards.
#
#   bench/system/run.sh            # writes target/system/REPORT.md and Gatling's HTML report; about 12 minutes
#
# Everything listens on 127.0.0.1 in 41300-41399 and is stopped by PID when the script ends (also on failure
# or Ctrl-C). Settings (environment): SYSTEM_RATE=1 (new fans per second; the spike is 3x), SYSTEM_BASE_SECONDS=420,
# SYSTEM_SPIKE_SECONDS=60, SYSTEM_TAIL_SECONDS=60, SYSTEM_FAULTS=1 (0 = no faults), BENCH_NO_BUILD=1 (reuse
# target/chorus.jar), SYSTEM_JAVA_OPTS (JVM flags of each instance, default -Xmx512m).
# Needs (Debian): postgresql-15, redis-server, haproxy, python3, curl; java 17. Run as root (PostgreSQL runs as
# the postgres user). See bench/system/README.md for what it checks and why it is built this way.
set -euo pipefail
{ # the whole script is read before it runs, so editing this file during a run cannot change the run

BENCH_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$BENCH_ROOT/bench/system
# shellcheck source=../api/services.sh
source "$BENCH_ROOT/bench/api/services.sh"
bench_begin system
OUT=$BENCH_ROOT/target/system
rm -rf "$OUT" && mkdir -p "$OUT"
W=$BENCH_WORK
mkdir -p "$W/pids"

RATE=${SYSTEM_RATE:-1}
BASE_SECONDS=${SYSTEM_BASE_SECONDS:-420}
SPIKE_SECONDS=${SYSTEM_SPIKE_SECONDS:-60}
TAIL_SECONDS=${SYSTEM_TAIL_SECONDS:-60}
FAULTS=${SYSTEM_FAULTS:-1}
JAVA_OPTS=${SYSTEM_JAVA_OPTS:--Xmx512m}
LB_PORT=41300
APP_PORTS=(41301 41302 41303)
PG_PORT=41310
REDIS_PORT=41311
S3_PORT=41312
SMTP_PORT=41313
STATS_PORT=41320
for tool in haproxy redis-server python3 curl java "$PG_BIN/postgres"; do
  command -v "$tool" >/dev/null || bench_die "$tool is missing (see bench/system/README.md)"
done
for p in $LB_PORT "${APP_PORTS[@]}" $PG_PORT $REDIS_PORT $S3_PORT $SMTP_PORT $STATS_PORT; do
  ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || bench_die "port $p is in use"
done

# --- processes: one PID file per role under $W/pids; the fault schedule restarts roles and rewrites them ---
now_ms() { date +%s%3N; }
# cpu_note ROLE: append the role's CPU seconds so far (user + system, from /proc) to cpu.tsv, before it is stopped
cpu_note() {
  local pid
  pid=$(pid_of "$1")
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 0
  awk -v r="$1" -v t="$(getconf CLK_TCK)" '{printf "%s\t%.2f\n", r, ($14 + $15) / t}' "/proc/$pid/stat" >>"$W/cpu.tsv"
}
pid_of() { cat "$W/pids/$1" 2>/dev/null || true; }
# alive PID: running (a zombie left by a subshell's child counts as gone)
alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
# stop_role ROLE SIGNAL: signal the role's PID and wait up to 30 s for it to exit (SIGKILL after that)
stop_role() {
  local pid i
  pid=$(pid_of "$1")
  [ -n "$pid" ] || return 0
  kill -CONT "$pid" 2>/dev/null || true
  kill "-$2" "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then bench_log "$1 (PID $pid) still running after 30 s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
  rm -f "$W/pids/$1"
}
cleanup() {
  local role
  for role in lb app1 app2 app3 gatling smtp s3 redis; do stop_role "$role" TERM; done
  pg_children CONT
  stop_role pg INT  # PostgreSQL's fast shutdown (SIGTERM would wait for every client to leave)
}
trap cleanup EXIT

# pg_children SIGNAL: the postmaster and every backend it forked, by PID
pg_children() {
  local pid
  pid=$(pid_of pg)
  [ -n "$pid" ] || return 0
  kill "-$1" "$pid" $(ps -o pid= --ppid "$pid") 2>/dev/null || true
}

start_pg() {
  local as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups)
  "${as_pg[@]}" "$PG_BIN/postgres" -D "$W/pg/data" -p $PG_PORT -k "$W/pg" -c listen_addresses=127.0.0.1 \
    -c max_connections=120 >>"$W/postgres.log" 2>&1 &
  echo $! >"$W/pids/pg"
  local i
  for i in $(seq 1 300); do "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p $PG_PORT && return 0; sleep 0.1; done
  bench_die "PostgreSQL did not start (see $W/postgres.log)"
}
start_redis() {
  redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no --dir "$W" >>"$W/redis.log" 2>&1 &
  echo $! >"$W/pids/redis"
  local i
  for i in $(seq 1 100); do [ "$(redis-cli -p $REDIS_PORT ping 2>/dev/null)" = PONG ] && return 0; sleep 0.1; done
  bench_die "Redis did not start (see $W/redis.log)"
}
start_s3() {
  java -Xmx256m -XX:TieredStopAtLevel=1 -Dlogback.configurationFile="$W/s3/logback.xml" -cp "$S3_CP" \
    org.gaul.s3proxy.Main --properties "$W/s3/s3proxy.properties" >>"$W/s3proxy.log" 2>&1 &
  echo $! >"$W/pids/s3"
  wait_http "http://127.0.0.1:$S3_PORT/$BENCH_BUCKET" 300 "$(pid_of s3)" || bench_die "s3proxy did not start (see $W/s3proxy.log)"
}
start_smtp() {
  python3 "$HERE/smtp_recorder.py" $SMTP_PORT "$OUT/mail" >>"$W/smtp.log" 2>&1 &
  echo $! >"$W/pids/smtp"
  local i
  for i in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$SMTP_PORT) 2>/dev/null && return 0; sleep 0.1; done
  bench_die "SMTP recorder did not start (see $W/smtp.log)"
}
# start_app N: instance N (1..3) of target/chorus.jar on APP_PORTS[N-1]; returns once it is ready
start_app() {
  local n=$1 port=${APP_PORTS[$(($1 - 1))]}
  (cd "$BENCH_ROOT" && exec env CHORUS_MODE=production CHORUS_HTTP_HOST=127.0.0.1 "CHORUS_HTTP_PORT=$port" "CHORUS_METRICS_PORT=$((port + 50))" \
    "CHORUS_PUBLIC_BASE_URL=http://127.0.0.1:$LB_PORT" "CHORUS_SECRET=$BENCH_SECRET" \
    "CHORUS_PG_URL=postgresql://chorus@127.0.0.1:$PG_PORT/chorus" "CHORUS_REDIS_URL=redis://127.0.0.1:$REDIS_PORT" \
    "CHORUS_S3_BUCKET=$BENCH_BUCKET" CHORUS_S3_REGION=us-east-1 "CHORUS_S3_ENDPOINT=http://127.0.0.1:$S3_PORT" \
    CHORUS_S3_PATH_STYLE=true "CHORUS_S3_ACCESS_KEY_ID=$BENCH_S3_KEY" "CHORUS_S3_SECRET_ACCESS_KEY=$BENCH_S3_SECRET" \
    CHORUS_SMTP_HOST=127.0.0.1 "CHORUS_SMTP_PORT=$SMTP_PORT" CHORUS_SMTP_STARTTLS=disabled \
    "CHORUS_MAIL_FROM=Chorus <hello@system.test>" CHORUS_MAIL_SNS_TOPIC_ARN=arn:aws:sns:us-east-1:123456789012:chorus-system \
    CHORUS_TRUSTED_PROXIES=127.0.0.1/32 CHORUS_CLIENT_IP_HEADER=X-Forwarded-For CHORUS_HTTP_DRAIN_SECONDS=5 \
    java $JAVA_OPTS -XX:+ExitOnOutOfMemoryError -jar target/chorus.jar) >>"$W/app$n.log" 2>&1 &
  echo $! >"$W/pids/app$n"
  echo "app$n $(now_ms) start $!" >>"$W/instances.tsv"
  [ "${2:-}" = nowait ] && return 0
  # generous: on a machine shared with other work a JVM start can take a minute or more
  wait_http "http://127.0.0.1:$port/health/ready" 300 "$(pid_of "app$n")" || bench_log "app$n did not get ready within 300 s (see $W/app$n.log)"
}

# --- set-up ---
build_jar
bench_log "compiling the Gatling simulation"
(cd "$BENCH_ROOT" && { ./mvnw -q -o -f bench/system/gatling/pom.xml test-compile || ./mvnw -q -f bench/system/gatling/pom.xml test-compile; } \
  >"$W/gatling-build.log" 2>&1) || bench_die "Gatling build (see $W/gatling-build.log)"
S3_CP=$(bench_classpath)

mkdir -p "$W/pg" && chmod 755 "$W" && chown postgres:postgres "$W/pg"
setpriv --reuid=postgres --regid=postgres --init-groups "$PG_BIN/initdb" -D "$W/pg/data" -U chorus --auth=trust -E UTF8 \
  --locale=C >"$W/initdb.log" 2>&1 || bench_die "initdb (see $W/initdb.log)"
start_pg
"$PG_BIN/psql" -X -q -h 127.0.0.1 -p $PG_PORT -U chorus -d postgres -c 'CREATE DATABASE chorus'
psql_sys() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $PG_PORT -U chorus -d chorus "$@"; }
bench_log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
start_redis
bench_log "Redis $(redis-server --version | awk '{print $3}') on 127.0.0.1:$REDIS_PORT"
s3proxy_config "$W/s3" $S3_PORT
printf '%s\n' '<configuration><appender name="O" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%d %level %msg%n</pattern></encoder></appender><root level="WARN"><appender-ref ref="O"/></root></configuration>' >"$W/s3/logback.xml"
start_s3
bench_log "s3proxy on 127.0.0.1:$S3_PORT"
start_smtp
bench_log "SMTP recorder on 127.0.0.1:$SMTP_PORT"

: >"$W/instances.tsv"
: >"$W/cpu.tsv"
for n in 1 2 3; do start_app $n nowait; done
for n in 1 2 3; do
  wait_http "http://127.0.0.1:${APP_PORTS[$((n - 1))]}/health/ready" 300 "$(pid_of app$n)" || bench_die "app$n did not get ready (see $W/app$n.log)"
  bench_log "app$n (PID $(pid_of app$n)) ready on 127.0.0.1:${APP_PORTS[$((n - 1))]}"
done

# HAProxy: health checks on /health/ready every 2 s, 2 failures to take a server out, 2 passes to bring it back
# (an ALB's fastest is 5 s x 2); X-Forwarded-For appended; one log line per request with epoch milliseconds.
cat >"$W/haproxy.cfg" <<EOF
global
  log stdout format raw local0
  maxconn 4096
defaults
  mode http
  log global
  log-format "REQ %Ts%ms %s %ST %Ta %Tw %HM %HU"
  option dontlognull
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout http-request 10s
  retries 2
  option redispatch 1
frontend fans
  bind 127.0.0.1:$LB_PORT
  option forwardfor
  default_backend chorus
backend chorus
  balance roundrobin
  option httpchk GET /health/ready
  http-check expect status 200
  default-server inter 2s fall 2 rise 2 maxconn 512
  server app1 127.0.0.1:${APP_PORTS[0]} check
  server app2 127.0.0.1:${APP_PORTS[1]} check
  server app3 127.0.0.1:${APP_PORTS[2]} check
frontend stats
  bind 127.0.0.1:$STATS_PORT
  stats enable
  stats uri /
EOF
haproxy -c -q -f "$W/haproxy.cfg" || bench_die "haproxy.cfg invalid"
haproxy -db -f "$W/haproxy.cfg" >"$W/haproxy.log" 2>&1 &
echo $! >"$W/pids/lb"
wait_http "http://127.0.0.1:$LB_PORT/health/ready" 30 "$(pid_of lb)" || bench_die "HAProxy did not start (see $W/haproxy.log)"
bench_log "HAProxy $(haproxy -v | awk 'NR==1{print $3}') on 127.0.0.1:$LB_PORT"

# --- the fault schedule, seconds after the first request ---
: >"$W/faults.tsv"
fault() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$W/faults.tsv"; bench_log "fault $1: $2 .. $3"; }
at() { # at SECONDS: sleep until T0 + SECONDS
  local wait_ms=$((T0 + $1 * 1000 - $(now_ms)))
  [ $wait_ms -gt 0 ] && sleep "$(printf '%d.%03d' $((wait_ms / 1000)) $((wait_ms % 1000)))"
  return 0
}
schedule() {
  local s e
  until grep -q '^REQ .* /api/locale' "$W/haproxy.log"; do sleep 0.2; done
  T0=$(now_ms)
  echo "$T0" >"$W/t0"
  [ "$FAULTS" = 1 ] || return 0
  at 20; s=$(now_ms); cpu_note app2; kill -KILL "$(pid_of app2)"; sleep 10; start_app 2; fault "kill -9 app2, restarted after 10 s" "$s" "$(now_ms)"
  at 60; s=$(now_ms); stop_role redis TERM; sleep 30; start_redis; fault "Redis stopped 30 s" "$s" "$(now_ms)"
  at 110; s=$(now_ms); kill -STOP "$(pid_of redis)"; sleep 30; kill -CONT "$(pid_of redis)"; fault "Redis hung (SIGSTOP) 30 s" "$s" "$(now_ms)"
  at 160; s=$(now_ms); stop_role pg INT; start_pg; fault "PostgreSQL restarted (fast shutdown, start)" "$s" "$(now_ms)"
  at 190; s=$(now_ms); pg_children STOP; sleep 30; pg_children CONT; fault "PostgreSQL hung (SIGSTOP) 30 s" "$s" "$(now_ms)"
  at 240; s=$(now_ms); stop_role smtp TERM; sleep 60; start_smtp; fault "SMTP down 60 s" "$s" "$(now_ms)"
  at 310; s=$(now_ms); stop_role s3 TERM; sleep 30; start_s3; fault "storage (s3proxy) down 30 s" "$s" "$(now_ms)"
  at 370; s=$(now_ms); cpu_note app3; stop_role app3 TERM; e=$(now_ms); start_app 3; fault "app3 drained with SIGTERM (stopped in $((e - s)) ms), restarted" "$s" "$(now_ms)"
  bench_log "fault schedule done"
}

export SYSTEM_BASE_URL=http://127.0.0.1:$LB_PORT SYSTEM_RATE=$RATE SYSTEM_BASE_SECONDS=$BASE_SECONDS \
  SYSTEM_SPIKE_SECONDS=$SPIKE_SECONDS SYSTEM_TAIL_SECONDS=$TAIL_SECONDS SYSTEM_MAIL_DIR=$OUT/mail \
  SYSTEM_JOURNAL=$OUT/journal.tsv SYSTEM_RUN_ID=$(date +%s)
bench_log "load: $RATE fans/s for ${BASE_SECONDS}s, $(awk -v r="$RATE" 'BEGIN{print 3 * r}') fans/s for ${SPIKE_SECONDS}s, $RATE fans/s for ${TAIL_SECONDS}s"
(cd "$BENCH_ROOT" && exec ./mvnw -q -f bench/system/gatling/pom.xml io.gatling:gatling-maven-plugin:4.16.0:test -Dgatling.results="$OUT/gatling") \
  >"$W/gatling.log" 2>&1 &
echo $! >"$W/pids/gatling"
# a restart that fails must not end the schedule silently: it is logged and the next fault still runs
schedule &
SCHED=$!
set +e
wait "$(pid_of gatling)"; GATLING_RC=$?
set -e
rm -f "$W/pids/gatling"
[ -n "${SCHED:-}" ] && { wait "$SCHED" || bench_log "the fault schedule failed (see above): the report covers the faults it ran"; }
bench_log "Gatling exited $GATLING_RC (it exits non-zero when any request failed; the checks below judge)"
cp "$W/gatling.log" "$OUT/gatling.log"

for n in 1 2 3; do cpu_note app$n; done
# --- after the run: let the outbox drain, then collect what the checks need ---
bench_log "waiting up to 150 s for the mail outbox to drain"
for i in $(seq 1 150); do
  [ "$(psql_sys -At -c "SELECT count(*) FROM mail_outbox WHERE status = 'pending'")" = 0 ] && break
  sleep 1
done
psql_sys -At -F $'\t' -c "SELECT email, created_at FROM subscriptions" >"$W/db-subscriptions.tsv"
psql_sys -At -F $'\t' -c "SELECT kind, email, message_id, status, attempts FROM mail_outbox" >"$W/db-outbox.tsv"
psql_sys -At -F $'\t' -c "SELECT id, object_key, status FROM recordings" >"$W/db-recordings.tsv"
: >"$W/heap.tsv"
for n in 1 2 3; do
  pid=$(pid_of app$n)
  # heap as the JVM reports it (jcmd GC.heap_info: "used NNNK"), then again after a full GC (the live set)
  used=$(jcmd "$pid" GC.heap_info 2>/dev/null | sed -n 's/.*heap *total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1)
  jcmd "$pid" GC.run >/dev/null 2>&1 || true
  live=$(jcmd "$pid" GC.heap_info 2>/dev/null | sed -n 's/.*heap *total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1)
  max=$(jcmd "$pid" VM.flags 2>/dev/null | tr ' ' '\n' | sed -n 's/^-XX:MaxHeapSize=//p')
  used=$((${used:-0} * 1024)) live=$((${live:-0} * 1024))
  rss=$(awk '/VmRSS/ {print $2 * 1024}' "/proc/$pid/status")
  started=$(awk -v a="app$n" '$1 == a {t = $2} END {print t}' "$W/instances.tsv")
  printf 'app%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$pid" "$used" "$live" "$max" "$rss" "$started" >>"$W/heap.tsv"
  cp "$W/app$n.log" "$OUT/" 2>/dev/null || true
done
grep '^REQ ' "$W/haproxy.log" >"$OUT/haproxy-requests.log" || true
grep -v '^REQ ' "$W/haproxy.log" >"$OUT/haproxy-events.log" || true
cp "$W/faults.tsv" "$W/heap.tsv" "$W/cpu.tsv" "$W/instances.tsv" "$W"/db-*.tsv "$OUT/"
[ -f "$W/t0" ] && cp "$W/t0" "$OUT/t0"
GATLING_HTML=$(find "$OUT/gatling" -name index.html 2>/dev/null | head -1)

bench_log "checking"
CHECK_RC=0
# the outbox kinds this build knows (MailKind's ids): the checks follow the mail flow of the build under test
MAIL_KINDS=$(sed -n 's/^ *[A-Z_]*("\([a-z_-]*\)")[,;].*/\1/p' "$BENCH_ROOT/src/main/java/chorus/core/MailKind.java" | tr '\n' ' ')
[ -n "$MAIL_KINDS" ] || bench_die "no mail kinds found in src/main/java/chorus/core/MailKind.java"
python3 "$HERE/check.py" --out "$OUT" --s3-dir "$W/s3/data/$BENCH_BUCKET" --lb "http://127.0.0.1:$LB_PORT" \
  --rate "$RATE" --base "$BASE_SECONDS" --spike "$SPIKE_SECONDS" --tail "$TAIL_SECONDS" \
  --gatling-html "${GATLING_HTML#"$BENCH_ROOT"/}" --commit "$(git -C "$BENCH_ROOT" rev-parse --short HEAD)" \
  --jvm "$(java -version 2>&1 | head -1)" --java-opts="$JAVA_OPTS" --load-before "$(cut -d' ' -f1-3 /proc/loadavg)" --mail-kinds "$MAIL_KINDS" \
  >"$OUT/REPORT.md" || CHECK_RC=$?
cat "$OUT/REPORT.md"
bench_log "report: $OUT/REPORT.md; Gatling: ${GATLING_HTML:-none}"
exit $CHECK_RC
}
