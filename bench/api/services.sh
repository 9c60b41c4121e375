# Sourced by bench/api/run.sh and bench/startup/run.sh (bash). Starts the real services Chorus needs in
# production mode on free 127.0.0.1 ports (Debian's PostgreSQL 15, Debian's redis-server, s3proxy from the
# test classpath), remembers every PID it starts, and stops them by PID (bench_stop_all, meant for a trap).
# Needs: BENCH_ROOT (the repository); call bench_begin NAME first.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
BENCH_S3_KEY=bench-key
BENCH_S3_SECRET=bench-secret-0123456789abcdef
BENCH_BUCKET=chorus-bench
BENCH_PIDS=()

# bench_begin NAME: a scratch folder BENCH_WORK, no CHORUS_* setting inherited from the caller, and every
# process started through these functions stopped when the script exits, fails or is interrupted.
bench_begin() {
  local v
  for v in $(compgen -e | grep '^CHORUS_' || true); do unset "$v"; done
  BENCH_WORK=$(mktemp -d "/tmp/chorus-bench-$1.XXXXXX")
  trap 'bench_stop_all' EXIT
  trap 'exit 130' INT TERM
}

bench_log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
bench_die() { bench_log "FAILED: $*"; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# bench_track PID: stop this process (and wait for it) when the run ends.
bench_track() { BENCH_PIDS+=("$1"); }

# bench_stop PID: SIGTERM, up to 30 s to exit, then SIGKILL. Only ever a PID this script started.
bench_stop() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then bench_log "PID $pid ignored SIGTERM for 30 s: SIGKILL"; kill -KILL "$pid" 2>/dev/null; fi
  wait "$pid" 2>/dev/null || true
}

bench_stop_all() {
  local i
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do bench_stop "${BENCH_PIDS[i]}"; done
  BENCH_PIDS=()
}

# wait_http URL SECONDS [PID]: until URL answers 200; fails early if PID (the server) has exited.
wait_http() {
  local url=$1 seconds=$2 pid=${3:-} deadline=$((SECONDS + $2))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url")" = 200 ]; do
    [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && return 1
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.05
  done
}

# bench_classpath [SCOPE]: the dependency classpath (default scope test, which has s3proxy), cached per pom.xml.
bench_classpath() {
  local scope=${1:-test} cp
  cp=$BENCH_ROOT/target/bench/classpath-$scope.txt
  if [ ! -s "$cp" ] || [ "$BENCH_ROOT/pom.xml" -nt "$cp" ]; then
    mkdir -p "$(dirname "$cp")"
    local args=(-q dependency:build-classpath -DincludeScope="$scope" -Dmdep.outputFile="$cp")
    (cd "$BENCH_ROOT" && ./mvnw -o "${args[@]}" >/dev/null) || (cd "$BENCH_ROOT" && ./mvnw "${args[@]}" >/dev/null) \
      || bench_die "mvnw dependency:build-classpath"
  fi
  cat "$cp"
}

# Sets PG_PORT, PG_URL (database chorus, user chorus, trust auth on 127.0.0.1) and PG_DATA.
start_postgres() {
  local dir=$BENCH_WORK/pg
  PG_PORT=$(free_port)
  mkdir -p "$dir" && chmod 755 "$BENCH_WORK" && chown postgres:postgres "$dir"
  local as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups)
  "${as_pg[@]}" "$PG_BIN/initdb" -D "$dir/data" -U chorus --auth=trust -E UTF8 --locale=C >"$BENCH_WORK/initdb.log" 2>&1 \
    || bench_die "initdb (see $BENCH_WORK/initdb.log)"
  "${as_pg[@]}" "$PG_BIN/postgres" -D "$dir/data" -p "$PG_PORT" -k "$dir" -c listen_addresses=127.0.0.1 \
    -c max_connections=120 >"$BENCH_WORK/postgres.log" 2>&1 &
  bench_track $!
  PG_DATA=$dir/data
  local i
  for i in $(seq 1 200); do "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.1; done
  psql_bench -d postgres -c 'CREATE DATABASE chorus' >/dev/null || bench_die "PostgreSQL did not start (see $BENCH_WORK/postgres.log)"
  PG_URL=postgresql://chorus@127.0.0.1:$PG_PORT/chorus
  bench_log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

psql_bench() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U chorus "$@"; }

# Sets REDIS_PORT.
start_redis() {
  command -v redis-server >/dev/null || bench_die "redis-server missing: apt-get install -y redis-server"
  REDIS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$BENCH_WORK" \
    >"$BENCH_WORK/redis.log" 2>&1 &
  bench_track $!
  local i
  for i in $(seq 1 100); do [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
  [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] || bench_die "Redis did not start (see $BENCH_WORK/redis.log)"
  bench_log "Redis $(redis-server --version | awk '{print $3}') on 127.0.0.1:$REDIS_PORT"
}

# s3proxy_config DIR PORT: DIR/s3proxy.properties for a filesystem store under DIR/data with the bench bucket.
s3proxy_config() {
  mkdir -p "$1/data/$BENCH_BUCKET"
  cat >"$1/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$2
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$BENCH_S3_KEY
s3proxy.credential=$BENCH_S3_SECRET
jclouds.provider=filesystem
jclouds.identity=$BENCH_S3_KEY
jclouds.credential=$BENCH_S3_SECRET
jclouds.filesystem.basedir=$1/data
EOF
}

# Sets S3_PORT: s3proxy (org.gaul:s3proxy from the test classpath) on a filesystem store with one bucket.
start_s3proxy() {
  local dir=$BENCH_WORK/s3
  S3_PORT=$(free_port)
  s3proxy_config "$dir" "$S3_PORT"
  cat >"$dir/logback.xml" <<'EOF'
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%d %level %logger %msg%n</pattern></encoder></appender>
  <root level="WARN"><appender-ref ref="OUT"/></root>
</configuration>
EOF
  java -Xmx256m -XX:TieredStopAtLevel=1 -Dlogback.configurationFile="$dir/logback.xml" -cp "$(bench_classpath)" \
    org.gaul.s3proxy.Main --properties "$dir/s3proxy.properties" >"$BENCH_WORK/s3proxy.log" 2>&1 &
  local pid=$!
  bench_track $pid
  wait_http "http://127.0.0.1:$S3_PORT/$BENCH_BUCKET" 180 $pid || bench_die "s3proxy did not start (see $BENCH_WORK/s3proxy.log)"
  bench_log "s3proxy 4.1.0 on 127.0.0.1:$S3_PORT"
}

# The CHORUS_* environment of a production-mode Chorus on APP_PORT using the services above. Rate limits
# stay on (every API request still makes its Redis check) with policies loose enough never to refuse.
production_env() {
  local port=$1
  printf '%s\n' CHORUS_MODE=production CHORUS_HTTP_HOST=127.0.0.1 "CHORUS_HTTP_PORT=$port" "CHORUS_METRICS_PORT=$(free_port)" \
    "CHORUS_PUBLIC_BASE_URL=http://127.0.0.1:$port" "CHORUS_SECRET=$BENCH_SECRET" \
    "CHORUS_PG_URL=$PG_URL" "CHORUS_REDIS_URL=redis://127.0.0.1:$REDIS_PORT" \
    "CHORUS_S3_BUCKET=$BENCH_BUCKET" CHORUS_S3_REGION=us-east-1 "CHORUS_S3_ENDPOINT=http://127.0.0.1:$S3_PORT" \
    CHORUS_S3_PATH_STYLE=true "CHORUS_S3_ACCESS_KEY_ID=$BENCH_S3_KEY" "CHORUS_S3_SECRET_ACCESS_KEY=$BENCH_S3_SECRET" \
    CHORUS_SMTP_HOST=127.0.0.1 "CHORUS_SMTP_PORT=$BENCH_SMTP_PORT" CHORUS_SMTP_STARTTLS=disabled \
    "CHORUS_MAIL_FROM=Chorus <hello@bench.test>" CHORUS_MAIL_SNS_TOPIC_ARN=arn:aws:sns:us-east-1:123456789012:chorus-bench \
    "CHORUS_RATELIMIT_FILE=$BENCH_ROOT/bench/api/ratelimit-bench.json"
}

# Builds target/chorus.jar unless BENCH_NO_BUILD=1 and it exists.
build_jar() {
  if [ "${BENCH_NO_BUILD:-0}" = 1 ] && [ -s "$BENCH_ROOT/target/chorus.jar" ]; then return; fi
  bench_log "building target/chorus.jar (./mvnw -q -DskipTests package)"
  (cd "$BENCH_ROOT" && ./mvnw -q -o -DskipTests package >"$BENCH_WORK/build.log" 2>&1) \
    || (cd "$BENCH_ROOT" && ./mvnw -q -DskipTests package >"$BENCH_WORK/build.log" 2>&1) \
    || bench_die "build (see $BENCH_WORK/build.log)"
}

BENCH_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
BENCH_SMTP_PORT=$(free_port)  # nothing listens there: the app has no mailer yet, and must never reach a real one
