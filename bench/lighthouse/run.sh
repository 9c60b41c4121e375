#!/usr/bin/env bash
# Lighthouse on the fan page, mobile profile (Lighthouse's default: a mid-range phone, slow 4G, simulated), in
# English, Arabic and Japanese, against the production jar with its own services (bench/api/services.sh).
#
#   bench/lighthouse/run.sh          # prints performance, accessibility, best practices, SEO and CLS per language
#   LIGHTHOUSE_RUNS=5 bench/lighthouse/run.sh   # more runs per language (default 3; the median one is kept)
#
# Lighthouse comes from npm (package.json here, pinned by package-lock.json; `npm ci` on the first run) and drives
# Debian's Chromium (/usr/bin/chromium, or CHROME_PATH). The reports are kept beside this script:
# report-<lang>.report.json (the whole report: the Lighthouse viewer shows it as a page;
# the HTML form would repeat the viewer's 1 MB of script per language), and the scores in RESULTS.md.
# Needs what bench/api/run.sh needs (PostgreSQL 15, redis-server, the test classpath for s3proxy), node 18+.
set -euo pipefail

BENCH_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$BENCH_ROOT/bench/lighthouse
LANGS=${LIGHTHOUSE_LANGS:-en ar ja}
RUNS=${LIGHTHOUSE_RUNS:-3}  # runs per language; the median one (by performance) is kept and shown
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
# shellcheck source=../api/services.sh
source "$BENCH_ROOT/bench/api/services.sh"
bench_begin lighthouse

[ -x "$HERE/node_modules/.bin/lighthouse" ] || (cd "$HERE" && npm ci --no-audit --no-fund >"$BENCH_WORK/npm.log" 2>&1) \
  || bench_die "npm ci (see $BENCH_WORK/npm.log)"
build_jar
start_postgres
start_redis
start_s3proxy

PORT=$(free_port)
mapfile -t ENV < <(production_env "$PORT")
(cd "$BENCH_ROOT" && exec env "${ENV[@]}" java -jar target/chorus.jar >"$BENCH_WORK/app.log" 2>&1) &
APP_PID=$!
bench_track $APP_PID
wait_http "http://127.0.0.1:$PORT/health/ready" 180 $APP_PID || bench_die "the app did not start (see $BENCH_WORK/app.log)"
bench_log "chorus on 127.0.0.1:$PORT"

# a few warm-up visits, so the JIT has seen the page and its files before the measured load
for lang in $LANGS; do
  for i in 1 2 3 4 5; do
    curl -s -o /dev/null --compressed "http://127.0.0.1:$PORT/?lang=$lang"
    curl -s -o /dev/null --compressed "http://127.0.0.1:$PORT/api/campaign?lang=$lang"
  done
done

FLAGS="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
RESULTS=$HERE/RESULTS.md
{
  echo "# Lighthouse on the fan page"
  echo
  echo "Lighthouse $("$HERE/node_modules/.bin/lighthouse" --version), $("$CHROME_PATH" --version 2>/dev/null | head -1), mobile profile"
  echo "(simulated slow 4G, 4x CPU slowdown), production jar on 127.0.0.1, $(date -u +%Y-%m-%d) on $(nproc) cores (load $(cut -d' ' -f1-3 /proc/loadavg))."
  echo "Command: \`bench/lighthouse/run.sh\`. $RUNS runs per language; the row and the reports (\`report-<lang>.report.json\`"
  echo "here) are the run with the median performance score; every run's performance score in brackets."
  echo "Total blocking time, and so performance, moves with the machine's load: read the load above."
  echo
  echo "| page | performance | accessibility | best practices | SEO | CLS | LCP ms | TBT ms |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
} >"$RESULTS"
for lang in $LANGS; do
  runs=()
  for i in $(seq 1 "$RUNS"); do
    bench_log "lighthouse /?lang=$lang, run $i of $RUNS"
    "$HERE/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT/?lang=$lang" --quiet \
      --only-categories=performance,accessibility,best-practices,seo --chrome-flags="$FLAGS" \
      --output=json --output-path="$BENCH_WORK/report-$lang-$i" >"$BENCH_WORK/lighthouse-$lang-$i.log" 2>&1 \
      || bench_die "lighthouse $lang (see $BENCH_WORK/lighthouse-$lang-$i.log)"
    runs+=("$(node -e 'console.log(Math.round(require(process.argv[1]).categories.performance.score * 100))' \
      "$BENCH_WORK/report-$lang-$i.report.json") $i")
  done
  # the run with the median performance score is the one kept (Lighthouse's own advice for a noisy machine)
  median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p" | cut -d' ' -f2)
  all=$(printf '%s\n' "${runs[@]}" | cut -d' ' -f1 | paste -sd' ')
  # the local port differs per run: keep the reports comparable and free of it
  sed "s|127.0.0.1:$PORT|127.0.0.1:PORT|g" "$BENCH_WORK/report-$lang-$median.report.json" >"$HERE/report-$lang.report.json"
  node -e '
    const r = require(process.argv[1]);
    const s = (c) => Math.round(r.categories[c].score * 100);
    const a = (id) => r.audits[id].numericValue;
    console.log(`| /?lang=${process.argv[2]} | ${s("performance")} (runs: ${process.argv[3]}) | ${s("accessibility")} | ${s("best-practices")} | `
      + `${s("seo")} | ${a("cumulative-layout-shift").toFixed(3)} | ${Math.round(a("largest-contentful-paint"))} | ${Math.round(a("total-blocking-time"))} |`);
  ' "$HERE/report-$lang.report.json" "$lang" "$all" >>"$RESULTS"
done
cat "$RESULTS"
