#!/usr/bin/env bash
# Fan API load benchmark: GET /api/locale and POST /api/fan/subscription on the production jar in production
# mode, side by side with the machine's ceilings measured in the same run with the same load settings:
# nginx answering a static 2-byte body (for the GET) and pgbench running the subscription transaction on the
# same PostgreSQL (for the POST). Everything runs on 127.0.0.1 and is started here and stopped by PID.
#
#   bench/api/run.sh                      # writes and prints target/bench/api.md
#
# Settings (environment): BENCH_ROUNDS=3 (rounds of all six runs), BENCH_DURATION=10 (s per measured run),
# BENCH_WARMUP=10 (s per warm-up run, not measured), BENCH_WARMUP_MAX=8 (most warm-up runs per app request),
# BENCH_CONNECTIONS=32 (wrk connections = pgbench clients),
# BENCH_THREADS=2 (wrk/pgbench threads), BENCH_REPEAT_POOL=64 (fans per wrk thread in the repeat run),
# BENCH_JAVA_OPTS (JVM flags for the app), BENCH_NO_BUILD=1 (reuse target/chorus.jar).
# Needs: java 17, wrk, nginx (apt-get install nginx-light), redis-server, PostgreSQL 15 (initdb, postgres,
# pgbench), python3, curl. Run as root (PostgreSQL runs as the postgres user).
set -euo pipefail

BENCH_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-10}
WARMUP_MAX=${BENCH_WARMUP_MAX:-8}
REPEAT_POOL=${BENCH_REPEAT_POOL:-64}
export BENCH_POOL_SIZE=$REPEAT_POOL
CONNS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
# shellcheck source=services.sh
source "$BENCH_ROOT/bench/api/services.sh"
bench_begin api

for tool in wrk nginx pgbench curl python3 java; do
  command -v "$tool" >/dev/null || [ -x "$PG_BIN/$tool" ] || bench_die "$tool is missing"
done
PGBENCH=$PG_BIN/pgbench
OUT=$BENCH_ROOT/target/bench
mkdir -p "$OUT"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

build_jar
start_postgres
start_redis
start_s3proxy

# --- nginx: the static ceiling ---
NGINX_PORT=$(free_port)
NGINX_FILES_PORT=$(free_port)
mkdir -p "$BENCH_WORK/nginx/tmp"
# nginx serves the same website files, with gzip variants made beforehand (gzip_static), as the app holds them
cp -r "$BENCH_ROOT/webroot" "$BENCH_WORK/webroot"
find "$BENCH_WORK/webroot" -type f \( -name '*.html' -o -name '*.js' -o -name '*.css' -o -name '*.json' -o -name '*.svg' \) \
  -exec gzip -9 -k {} \;
chmod -R a+rX "$BENCH_WORK/webroot"
ASSET=/assets/$(cd "$BENCH_ROOT/webroot/assets" && ls -S ./*.js | head -1 | sed 's|^\./||')
cat >"$BENCH_WORK/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $BENCH_WORK/nginx/nginx.pid;
error_log $BENCH_WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $BENCH_WORK/nginx/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { default_type text/plain; return 200 "ok"; }
  }
  server {
    listen 127.0.0.1:$NGINX_FILES_PORT;
    root $BENCH_WORK/webroot;
    sendfile on; tcp_nopush on; gzip_static on; etag on;
    location /assets/ { add_header Cache-Control "public, max-age=31536000, immutable"; }
    location / { add_header Cache-Control "no-cache"; }
  }
}
EOF
nginx -p "$BENCH_WORK/nginx/" -c "$BENCH_WORK/nginx/nginx.conf" -e "$BENCH_WORK/nginx/error.log" \
  >"$BENCH_WORK/nginx/out.log" 2>&1 &
NGINX_PID=$!
bench_track $NGINX_PID
wait_http "http://127.0.0.1:$NGINX_PORT/" 20 $NGINX_PID || bench_die "nginx did not start (see $BENCH_WORK/nginx)"
[ "$(curl -s "http://127.0.0.1:$NGINX_PORT/")" = ok ] || bench_die "nginx does not answer 'ok'"
bench_log "nginx $(nginx -v 2>&1 | sed 's/.*\///') on 127.0.0.1:$NGINX_PORT"

# --- the app: production jar, production mode ---
APP_PORT=$(free_port)
mapfile -t APP_ENV < <(production_env "$APP_PORT")
# shellcheck disable=SC2086
(cd "$BENCH_ROOT" && exec env "${APP_ENV[@]}" java ${BENCH_JAVA_OPTS:-} -jar target/chorus.jar) >"$BENCH_WORK/app.log" 2>&1 &
APP_PID=$!
bench_track $APP_PID
APP=http://127.0.0.1:$APP_PORT
wait_http "$APP/health/ready" 180 $APP_PID || { tail -20 "$BENCH_WORK/app.log" >&2; bench_die "the app did not become ready"; }
bench_log "chorus (production jar, production mode) on $APP"

# Sanity: each measured request does what it should before it is measured.
expect() { # expect STATUS BODY-SUBSTRING curl-args...
  local want=$1 needle=$2 got
  shift 2
  got=$(curl -s -w '\n%{http_code}' "$@")
  [ "$(tail -n1 <<<"$got")" = "$want" ] && grep -qF -- "$needle" <<<"$got" \
    || bench_die "expected $want with '$needle' from curl $*; got: $got"
}
expect 200 '"lang":"fr"' -H 'Accept-Language: fr-CH,fr;q=0.9,en;q=0.8' "$APP/api/locale"
expect 200 '"teams"' -H 'Accept-Language: fr-CH,fr;q=0.9,en;q=0.8' "$APP/api/campaign"
# the app reads its website into memory just after start-up: wait until it answers from there (its strong ETag)
for i in $(seq 1 100); do
  curl -s -o /dev/null -D - -H 'Accept-Encoding: gzip' "$APP$ASSET" | grep -qi '^etag: "[0-9a-f]\{24\}' && break
  sleep 0.1
done
for url in "$APP/" "http://127.0.0.1:$NGINX_FILES_PORT/" "$APP$ASSET" "http://127.0.0.1:$NGINX_FILES_PORT$ASSET"; do
  [ "$(curl -s -H 'Accept-Encoding: gzip' "$url" | gunzip | md5sum)" = "$(curl -s "$url" | md5sum)" ] \
    && curl -s -o /dev/null -D - -H 'Accept-Encoding: gzip' "$url" | grep -qi '^content-encoding: gzip' \
    || bench_die "$url does not answer the same file gzipped"
done
PROBE_ID=$(python3 -c 'import uuid; print(uuid.uuid4())')
PROBE_BODY='{"email":"probe@Bench.Example.org","name":"Zoë Martín","team":"heron","lang":"fr","newsletter":true,"contest":false}'
expect 201 '"email":"probe@bench.example.org"' -X POST -H "Authorization: Bearer $PROBE_ID" -H 'Content-Type: application/json' \
  --data-binary "$PROBE_BODY" "$APP/api/fan/subscription"
expect 200 '"newsletterConfirmed":false' -X POST -H "Authorization: Bearer $PROBE_ID" -H 'Content-Type: application/json' \
  --data-binary "$PROBE_BODY" "$APP/api/fan/subscription"

hex8() { od -An -N4 -tx4 /dev/urandom | tr -d ' \n'; }
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
rows() { psql_bench -d chorus -Atc "$1"; }

# Figures of every measured run, keyed "name#round".
declare -A RPS P50 P99
keep() { # keep KEY RPS P50_US P99_US
  RPS[$1]=$2; P50[$1]=$(ms "$3"); P99[$1]=$(ms "$4")
  bench_log "$1: $2 req/s, p50 ${P50[$1]} ms, p99 ${P99[$1]} ms"
}

# settle: wait until requests still in flight when the load stopped have finished (no statement running in
# the chorus database and the subscription count unchanged for 0.5 s).
settle() {
  local before after i
  for i in $(seq 1 60); do
    before=$(rows "SELECT count(*) FROM subscriptions")
    sleep 0.5
    after=$(rows "SELECT count(*) FROM subscriptions")
    [ "$before" = "$after" ] && [ "$(rows "SELECT count(*) FROM pg_stat_activity WHERE datname = 'chorus'
      AND state <> 'idle' AND pid <> pg_backend_pid()")" = 0 ] && return 0
  done
  bench_die "the database did not settle after a run"
}

# run_wrk KEY URL MODE SECONDS [measure]: wrk with wrk.lua; no socket error or non-2xx answer allowed.
# Sets RESULT (the RESULT line) and STATUSES (e.g. "201:5120").
run_wrk() {
  local key=$1 url=$2 mode=$3 seconds=$4 measure=${5:-} raw
  raw=$BENCH_WORK/wrk-${key/\#/-}-$seconds.txt
  BENCH_MODE=$mode BENCH_RUN=$(hex8) BENCH_POOL=${POOL:-00000000} \
    wrk -t"$THREADS" -c"$CONNS" -d"${seconds}s" --timeout 10s --latency -s "$BENCH_ROOT/bench/api/wrk.lua" "$url" >"$raw" 2>&1 \
    || bench_die "wrk $key (see $raw)"
  RESULT=$(grep '^RESULT ' "$raw") || bench_die "wrk $key printed no RESULT (see $raw)"
  [ "$(field socket_errors "$RESULT")" = 0 ] && [ "$(field non2xx "$RESULT")" = 0 ] \
    || bench_die "wrk $key had socket errors or non-2xx answers: $RESULT"
  STATUSES=$(field statuses "$RESULT")
  [ -z "$measure" ] || keep "$key" "$(field rps "$RESULT")" "$(field p50_us "$RESULT")" "$(field p99_us "$RESULT")"
}

# run_pgbench KEY CLIENTS SECONDS [measure]: no failed transaction allowed, and as many subscriptions must
# appear as pgbench reports transactions. p50/p99 come from pgbench's per-transaction log (column 3, in µs).
run_pgbench() {
  local key=$1 clients=$2 seconds=$3 measure=${4:-} raw dir n before after p50 p99
  raw=$BENCH_WORK/pgbench-${key/\#/-}-$seconds.txt
  dir=$BENCH_WORK/pgbench-${key/\#/-}-$seconds
  mkdir -p "$dir"
  before=$(rows "SELECT count(*) FROM subscriptions WHERE email LIKE 'pg.%'")
  (cd "$dir" && "$PGBENCH" -n -M prepared -c "$clients" -j "$THREADS" -T "$seconds" -l --log-prefix=tx \
    -f "$BENCH_ROOT/bench/api/${PGBENCH_FILE:-subscription.pgbench.sql}" -h 127.0.0.1 -p "$PG_PORT" -U chorus chorus) >"$raw" 2>&1 \
    || bench_die "pgbench $key (see $raw)"
  grep -q '^number of failed transactions: 0 ' "$raw" || bench_die "pgbench $key had failed transactions (see $raw)"
  n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$raw")
  after=$(rows "SELECT count(*) FROM subscriptions WHERE email LIKE 'pg.%'")
  [ $((after - before)) = "$n" ] || bench_die "pgbench $key reported $n transactions but $((after - before)) subscriptions appeared"
  [ -n "$measure" ] || return 0
  read -r p50 p99 < <(cat "$dir"/tx.* | awk '{print $3}' | sort -n | awk '{a[NR] = $1} END {
    i50 = int(NR * 0.50); i99 = int(NR * 0.99); if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1; print a[i50], a[i99] }')
  keep "$key" "$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$raw")" "$p50" "$p99"
}

# subscribe_new KEY SECONDS [measure]: every answer 201, and each wrote one subscription and one welcome mail.
subscribe_new() {
  local before after outbox created
  settle
  before=$(rows "SELECT count(*) FROM subscriptions WHERE email LIKE 'fan.%'")
  run_wrk "$1" "$APP/api/fan/subscription" new "$2" "${3:-}"
  [[ $STATUSES =~ ^201:[0-9]+$ ]] || bench_die "new subscriptions did not all answer 201: $RESULT"
  settle
  after=$(rows "SELECT count(*) FROM subscriptions WHERE email LIKE 'fan.%'")
  outbox=$(rows "SELECT count(*) FROM mail_outbox WHERE email LIKE 'fan.%' AND kind = 'confirm'")
  created=${STATUSES#201:}
  # wrk stops with up to CONNS requests in flight: they commit, but wrk does not count them
  [ $((after - before)) -ge "$created" ] && [ $((after - before)) -le $((created + CONNS)) ] && [ "$outbox" = "$after" ] \
    || bench_die "$1: $created answers 201 but $((after - before)) new subscriptions; $outbox welcome mails for $after subscriptions"
}

# subscribe_repeat KEY SECONDS [measure]: every answer 200, nothing written.
subscribe_repeat() {
  local subs outbox
  settle
  subs=$(rows "SELECT count(*) FROM subscriptions")
  outbox=$(rows "SELECT count(*) FROM mail_outbox")
  run_wrk "$1" "$APP/api/fan/subscription" repeat "$2" "${3:-}"
  [[ $STATUSES =~ ^200:[0-9]+$ ]] || bench_die "repeated subscriptions did not all answer 200: $RESULT"
  settle
  [ "$(rows "SELECT count(*) FROM subscriptions")" = "$subs" ] && [ "$(rows "SELECT count(*) FROM mail_outbox")" = "$outbox" ] \
    || bench_die "$1: repeats wrote subscriptions or mail"
}

POOL_SIZE=$(sed -n 's/.*"pg.poolSize": *\([0-9]*\).*/\1/p' "$BENCH_ROOT/conf/chorus.json")
NAMES=(nginx locale campaign nginx_index index nginx_asset asset pgbench pgbench_pool pgbench_one subscribe_new subscribe_repeat)
gz() { BENCH_ACCEPT_ENCODING=gzip run_wrk "$@"; }

# --- warm-up, not measured. The JVM needs tens of seconds of load on this machine before its JIT has
# compiled the hot paths, so each app run type is repeated in WARMUP-second runs until its req/s is within 10%
# of the previous run (at most WARMUP_MAX runs). The repeat pool's fans subscribe here.
declare -A WARMED
warm_up() { # warm_up NAME COMMAND...: the command runs one WARMUP-second run and sets RESULT
  local name=$1 prev=0 cur i
  shift
  for i in $(seq 1 "$WARMUP_MAX"); do
    "$@"
    cur=$(field rps "$RESULT")
    WARMED[$name]+="${WARMED[$name]:+, }$(printf '%.0f' "$cur")"
    awk -v a="$prev" -v b="$cur" 'BEGIN { exit !(a > 0 && b < a * 1.1 && b > a * 0.9) }' && break
    prev=$cur
  done
  bench_log "$name warm-up, req/s per ${WARMUP}s run: ${WARMED[$name]}"
}
bench_log "wrk: $THREADS threads, $CONNS connections; $ROUNDS rounds of ${DURATION}s runs after warm-up"
POOL=$(hex8)
run_wrk nginx "http://127.0.0.1:$NGINX_PORT/" get "$WARMUP"
run_pgbench pgbench "$CONNS" "$WARMUP"
warm_up subscribe_repeat run_wrk subscribe_repeat "$APP/api/fan/subscription" repeat "$WARMUP"
[ "$(rows "SELECT count(*) FROM subscriptions WHERE email LIKE 'fan.$POOL.%'")" = $((THREADS * REPEAT_POOL)) ] \
  || bench_die "the repeat pool did not subscribe all $((THREADS * REPEAT_POOL)) fans during the warm-up"
warm_up subscribe_new subscribe_new subscribe_new "$WARMUP"
warm_up locale run_wrk locale "$APP/api/locale" get "$WARMUP"
warm_up campaign run_wrk campaign "$APP/api/campaign" get "$WARMUP"
warm_up index gz index "$APP/" get "$WARMUP"
warm_up asset gz asset "$APP$ASSET" get "$WARMUP"

# --- rounds: each app run right after its peer, so both see the same machine load ---
for r in $(seq 1 "$ROUNDS"); do
  run_wrk "nginx#$r" "http://127.0.0.1:$NGINX_PORT/" get "$DURATION" measure
  run_wrk "locale#$r" "$APP/api/locale" get "$DURATION" measure
  run_wrk "campaign#$r" "$APP/api/campaign" get "$DURATION" measure
  gz "nginx_index#$r" "http://127.0.0.1:$NGINX_FILES_PORT/" get "$DURATION" measure
  gz "index#$r" "$APP/" get "$DURATION" measure
  gz "nginx_asset#$r" "http://127.0.0.1:$NGINX_FILES_PORT$ASSET" get "$DURATION" measure
  gz "asset#$r" "$APP$ASSET" get "$DURATION" measure
  run_pgbench "pgbench#$r" "$CONNS" "$DURATION" measure
  run_pgbench "pgbench_pool#$r" "$POOL_SIZE" "$DURATION" measure
  PGBENCH_FILE=subscription-one.pgbench.sql run_pgbench "pgbench_one#$r" "$POOL_SIZE" "$DURATION" measure
  subscribe_new "subscribe_new#$r" "$DURATION" measure
  subscribe_repeat "subscribe_repeat#$r" "$DURATION" measure
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report: medians over the rounds; ratios are the median of each round's ratio ---
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END { printf "%.2f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
over_rounds() { # over_rounds ARRAY NAME: the median of ARRAY[NAME#r] over the rounds
  local -n values=$1
  local r all=()
  for r in $(seq 1 "$ROUNDS"); do all+=("${values[$2#$r]}"); done
  median "${all[@]}"
}
ratio_over_rounds() { # ratio_over_rounds ARRAY APP PEER
  local -n values=$1
  local r all=()
  for r in $(seq 1 "$ROUNDS"); do all+=("$(awk -v a="${values[$2#$r]}" -v b="${values[$3#$r]}" 'BEGIN { printf "%.4f", a / b }')"); done
  median "${all[@]}"
}
declare -A LABEL=(
  [nginx]="nginx, static 2-byte body (peer)"
  [locale]="GET /api/locale (Accept-Language: fr-CH)"
  [campaign]="GET /api/campaign (Accept-Language: fr-CH; the localised campaign with its ETag)"
  [nginx_index]="nginx, / (index.html, gzip_static, sendfile) (peer)"
  [index]="GET / (index.html), Accept-Encoding: gzip"
  [nginx_asset]="nginx, $ASSET (gzip_static, sendfile) (peer)"
  [asset]="GET $ASSET (the largest script), Accept-Encoding: gzip"
  [pgbench_one]="pgbench, the app's one-statement subscription, $POOL_SIZE clients (peer)"
  [pgbench]="pgbench, subscription transaction, $CONNS clients (peer)"
  [pgbench_pool]="pgbench, subscription transaction, $POOL_SIZE clients (= the app's pool size)"
  [subscribe_new]="POST /api/fan/subscription, a new fan each time (201)"
  [subscribe_repeat]="POST /api/fan/subscription, the same $((THREADS * REPEAT_POOL)) fans repeating (200)")
summary_row() { printf '| %s | %.0f | %s | %s |\n' "${LABEL[$1]}" "$(over_rounds RPS "$1")" "$(over_rounds P50 "$1")" "$(over_rounds P99 "$1")"; }
ratio_row() { printf '| %s | %.2f× | %.2f× | %.2f× |\n' "$1" "$(ratio_over_rounds RPS "$2" "$3")" \
  "$(ratio_over_rounds P50 "$2" "$3")" "$(ratio_over_rounds P99 "$2" "$3")"; }
{
  echo "# Fan API benchmark"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$BENCH_ROOT" rev-parse --short HEAD)$(git -C "$BENCH_ROOT" diff --quiet HEAD -- src pom.xml conf || echo ' (with uncommitted changes)'), \`bench/api/run.sh\`."
  echo "**Shared machine**: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)) used by other work at the same"
  echo "time (load average $LOAD_BEFORE before, $LOAD_AFTER after). Absolute figures move with that load; read the"
  echo "ratios, taken from runs back to back."
  echo
  echo "Load: wrk $THREADS threads, $CONNS connections, $ROUNDS rounds of ${DURATION} s runs (each app run right after its peer),"
  echo "after warm-up; all on 127.0.0.1. Figures are medians over the rounds. Warm-up (not measured), req/s of each ${WARMUP} s"
  echo "run until two in a row agree within 10%: subscribe_repeat ${WARMED[subscribe_repeat]}; subscribe_new ${WARMED[subscribe_new]};"
  echo "locale ${WARMED[locale]}; campaign ${WARMED[campaign]}; index ${WARMED[index]}; asset ${WARMED[asset]}."
  echo "App: target/chorus.jar, CHORUS_MODE=production, $(java -version 2>&1 | head -1), JVM flags '${BENCH_JAVA_OPTS:-}',"
  echo "pg.poolSize $POOL_SIZE, one HTTP verticle per core, JSON access log to a file. PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')"
  echo "(default settings, fsync on), Redis, s3proxy. nginx $(nginx -v 2>&1 | sed 's/.*\///'): worker_processes auto, access_log off,"
  echo "\`return 200 \"ok\"\`; a second server block serves a copy of webroot/ with sendfile, gzip_static (gzip -9 files made"
  echo "beforehand) and ETags. pgbench: \`bench/api/subscription.pgbench.sql\` (the transaction the app sent before it answered a new fan"
  echo "in one statement) and \`bench/api/subscription-one.pgbench.sql\` (that one statement), -M prepared, -j $THREADS."
  echo "Rate limiting: \`bench/api/ratelimit-bench.json\`, the shipped groups in dry-run (every check made, in Redis or in the"
  echo "process as shipped, none ever refuses, however fast the machine)."
  echo
  echo "| run | req/s | p50 ms | p99 ms |"
  echo "| --- | ---: | ---: | ---: |"
  for n in "${NAMES[@]}"; do summary_row "$n"; done
  echo
  echo "| ratio app / peer (median of the rounds' ratios) | req/s | p50 | p99 |"
  echo "| --- | ---: | ---: | ---: |"
  ratio_row "GET /api/locale / nginx" locale nginx
  ratio_row "GET /api/campaign / nginx" campaign nginx
  ratio_row "GET / (index.html, gzip) / nginx serving the same file" index nginx_index
  ratio_row "GET $ASSET (gzip) / nginx serving the same file" asset nginx_asset
  ratio_row "POST new subscription / pgbench, the app's one statement, $POOL_SIZE clients" subscribe_new pgbench_one
  ratio_row "POST new subscription / pgbench, $CONNS clients" subscribe_new pgbench
  ratio_row "POST new subscription / pgbench, $POOL_SIZE clients" subscribe_new pgbench_pool
  ratio_row "POST repeat (no new rows; the fans upsert still updates a row) / pgbench, $CONNS clients" subscribe_repeat pgbench
  echo
  echo "Every round (req/s, p50 ms, p99 ms):"
  echo
  printf '| round |'; for n in "${NAMES[@]}"; do printf ' %s |' "$n"; done; echo
  printf '| --- |'; for n in "${NAMES[@]}"; do printf ' ---: |'; done; echo
  for r in $(seq 1 "$ROUNDS"); do
    printf '| %s |' "$r"
    for n in "${NAMES[@]}"; do printf ' %.0f, %s, %s |' "${RPS[$n#$r]}" "${P50[$n#$r]}" "${P99[$n#$r]}"; done
    echo
  done
  echo
  echo "Checked in every run: no socket error and no non-2xx answer; every new-fan POST answered 201 and wrote one"
  echo "subscription and one confirmation outbox row (counted in the database after the run); every repeat answered 200"
  echo "and added no subscription or mail row; pgbench had no failed transaction and inserted one subscription per transaction."
  echo "wrk is closed-loop (latency of a saturated server, not of a fixed arrival rate); wrk, pgbench, the app and"
  echo "PostgreSQL share the same $(nproc) cores."
} >"$OUT/api.md"
cat "$OUT/api.md"
grep -v '"chorus.access"' "$BENCH_WORK/app.log" >"$OUT/api-app.log" || true  # the app's log without its access lines
bench_stop_all
rm -rf "$BENCH_WORK"
