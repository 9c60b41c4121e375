#!/usr/bin/env bash
# Builds the Dockerfile here without a registry and runs what it built far enough to answer /health/ready.
#
#   deploy/image/build.sh               # base (debootstrap) if missing, build, size, start-up to ready; writes deploy/image/RESULTS.md
#   deploy/image/build.sh --classlist   # first re-record deploy/image/classlist from a real start of target/chorus.jar
#
# 1. base: `debootstrap --variant=minbase bookworm` committed with buildah as localhost/chorus-base:bookworm
#    (no registry pull); the Dockerfile gets it pinned by digest (--build-arg BASE=...@sha256:...).
# 2. `buildah bud --isolation chroot` with /usr/local/share/ca-certificates mounted read-only, so TLS to the
#    package registries works inside the build (the build's ~/.m2 is a cache mount).
# 3. the image's root file system is mounted and its own java (/opt/jre, the jlink'd runtime) is run in a chroot
#    as uid 10001 with the image's entrypoint flags, against PostgreSQL, Redis and s3proxy started here on
#    127.0.0.1 (ports 41350-41369); start-up to ready is timed with the class-data archive and without it.
# Needs: buildah, debootstrap, postgresql-15, redis-server, java 17, curl. Run as root.
set -euo pipefail
{ # read whole before running: editing this file during a build cannot change the build
BENCH_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$BENCH_ROOT/deploy/image
RUNS=${IMAGE_RUNS:-3}
TAG=localhost/chorus:dev
BASE_TAG=localhost/chorus-base:bookworm
# shellcheck source=../../bench/api/services.sh
source "$BENCH_ROOT/bench/api/services.sh"
bench_begin image
echo 41350 >"$BENCH_WORK/next-port"
free_port() { local p; p=$(cat "$BENCH_WORK/next-port"); echo $((p + 1)) >"$BENCH_WORK/next-port"; echo "$p"; }
for tool in buildah debootstrap; do command -v $tool >/dev/null || bench_die "$tool missing: apt-get install -y $tool"; done

# --- services for the runs ---
build_jar
start_postgres
start_redis
start_s3proxy
APP_PORT=$(free_port)

# run_ready LOG CMD...: start CMD (a chorus on APP_PORT), print ms until /health/ready is 200, then SIGTERM it
run_ready() {
  local log=$1 t0 pid ms
  shift
  t0=$(date +%s%N)
  "$@" >"$log" 2>&1 &
  pid=$!
  ! curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$APP_PORT/health/ready" || bench_die "port $APP_PORT is still answered by an earlier run"
  wait_http "http://127.0.0.1:$APP_PORT/health/ready" 300 $pid || { cat "$log" >&2; bench_die "not ready (see $log)"; }
  ms=$((($(date +%s%N) - t0) / 1000000))
  kill -TERM $pid
  wait $pid 2>/dev/null || true
  echo $ms
}

if [ "${1:-}" = --classlist ] || [ ! -s "$HERE/classlist" ]; then
  bench_log "recording deploy/image/classlist from target/chorus.jar"
  mapfile -t envs < <(production_env "$APP_PORT")
  (cd "$BENCH_ROOT" && exec env "${envs[@]}" java -XX:DumpLoadedClassList="$BENCH_WORK/classlist" -Djava.awt.headless=true \
    -jar target/chorus.jar >"$BENCH_WORK/classlist-run.log" 2>&1) &
  pid=$!
  wait_http "http://127.0.0.1:$APP_PORT/health/ready" 300 $pid || bench_die "classlist run (see $BENCH_WORK/classlist-run.log)"
  # one fan journey's worth of requests, so the archive holds the request path too
  fan=$(cat /proc/sys/kernel/random/uuid)
  for path in /api/locale /api/campaign / /health/details; do curl -s -o /dev/null "http://127.0.0.1:$APP_PORT$path"; done
  curl -s -o /dev/null -H "Authorization: Bearer $fan" -H 'Content-Type: application/json' \
    -d '{"email":"classlist@example.com","name":"Class List","team":"aurora","lang":"en","newsletter":true,"contest":false}' \
    "http://127.0.0.1:$APP_PORT/api/fan/subscription"
  curl -s -o /dev/null -H "Authorization: Bearer $fan" -H 'Content-Type: application/json' \
    -d '{"name":"Class List","team":"aurora","lang":"en"}' "http://127.0.0.1:$APP_PORT/api/fan/artwork"
  kill -TERM $pid
  wait $pid 2>/dev/null || true
  # the classes (application, libraries, JDK) and the lambda call sites (@lambda-proxy: the archive then holds their
  # generated classes too, 2,300 at the last recording), in the order loaded; not the @lambda-form-invoker lines,
  # which name one JDK build's internals. A line the image's JDK cannot resolve is skipped by -Xshare:dump, not fatal.
  grep -v '^#' "$BENCH_WORK/classlist" | grep -v '^@lambda-form-invoker' >"$HERE/classlist"
  bench_log "classlist: $(wc -l <"$HERE/classlist") classes"
fi

# --- the base, from debootstrap ---
if ! buildah images --quiet "$BASE_TAG" >/dev/null 2>&1; then
  rootfs=${CHORUS_BASE_ROOTFS:-$BENCH_WORK/rootfs}
  if [ ! -x "$rootfs/bin/bash" ]; then
    bench_log "debootstrap --variant=minbase bookworm (a few minutes)"
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$BENCH_WORK/debootstrap.log" 2>&1 \
      || bench_die "debootstrap (see $BENCH_WORK/debootstrap.log)"
  fi
  printf '%s\n' 'deb http://deb.debian.org/debian bookworm main' 'deb http://deb.debian.org/debian bookworm-updates main' \
    'deb http://deb.debian.org/debian-security bookworm-security main' >"$rootfs/etc/apt/sources.list"
  rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*
  ctr=$(buildah from scratch)
  mnt=$(buildah mount "$ctr")
  tar -C "$rootfs" -cf - . | tar -C "$mnt" -xf -
  buildah umount "$ctr" >/dev/null
  buildah config --cmd /bin/bash --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$ctr"
  buildah commit --quiet --rm "$ctr" "$BASE_TAG" >/dev/null
fi
BASE_DIGEST=$(buildah images --digests --format '{{.Digest}}' "$BASE_TAG" | head -1)
BASE_REF=$BASE_TAG@$BASE_DIGEST
bench_log "base $BASE_REF"

# --- build ---
bench_log "buildah bud --isolation chroot (log: $BENCH_WORK/build.log)"
t0=$(date +%s)
(cd "$BENCH_ROOT" && buildah bud --isolation chroot --layers --format docker --build-arg "BASE=$BASE_REF" \
  -v /usr/local/share/ca-certificates:/usr/local/share/ca-certificates:ro -t "$TAG" -f Dockerfile . \
  >"$BENCH_WORK/build.log" 2>&1) || { tail -40 "$BENCH_WORK/build.log" >&2; bench_die "buildah bud (see $BENCH_WORK/build.log)"; }
BUILD_S=$(($(date +%s) - t0))
SIZE=$(buildah images --format '{{.Size}}' "$TAG" | head -1)
IMAGE_ID=$(buildah images --format '{{.ID}}' "$TAG" | head -1)
bench_log "built $TAG ($IMAGE_ID, $SIZE) in $BUILD_S s"

# --- run the image's contents ---
ctr=$(buildah from "$TAG")
mnt=$(buildah mount "$ctr")
cleanup_image() {
  umount "$mnt/proc" "$mnt/dev" 2>/dev/null || true
  buildah umount "$ctr" >/dev/null 2>&1 || true
  buildah rm "$ctr" >/dev/null 2>&1 || true
  bench_stop_all
}
trap cleanup_image EXIT
mount --bind /proc "$mnt/proc"
mount --bind /dev "$mnt/dev"
mapfile -t ENTRY < <(buildah inspect --format '{{range .OCIv1.Config.Entrypoint}}{{println .}}{{end}}' "$TAG" | sed '/^$/d')
USER_ID=$(buildah inspect --format '{{.OCIv1.Config.User}}' "$TAG")
mapfile -t envs < <(production_env "$APP_PORT" | sed 's|^CHORUS_RATELIMIT_FILE=.*|CHORUS_RATELIMIT_FILE=conf/ratelimit.json|')
in_image() { # in_image ARGS...: run in the image's root as its user, in /app, with the image's PATH
  # exec all the way down: the PID run_ready signals is the JVM's
  exec chroot --userspec="$USER_ID:$USER_ID" "$mnt" /usr/bin/env -i PATH=/opt/jre/bin:/usr/bin:/bin HOME=/app CHORUS_MODE=production \
    "${envs[@]}" /bin/bash -c 'cd /app && exec "$@"' in-image "$@"
}
[ "${ENTRY[0]}" = java ] || bench_die "unexpected entrypoint ${ENTRY[*]}"
: >"$BENCH_WORK/ready.txt"
for i in $(seq 1 "$RUNS"); do
  with=$(run_ready "$BENCH_WORK/with-$i.log" in_image "${ENTRY[@]}")
  without=$(run_ready "$BENCH_WORK/without-$i.log" in_image java -Xshare:off "${ENTRY[@]:1}")
  bench_log "round $i: ready in $with ms with the class-data archive, $without ms with -Xshare:off"
  echo "$with $without" >>"$BENCH_WORK/ready.txt"
done
grep -q 'chorus.jsa' <(in_image java -XX:SharedArchiveFile=/app/chorus.jsa -Xshare:on -Xlog:cds -version 2>&1) \
  || bench_die "the image's class-data archive does not map (-Xshare:on)"
# the image's HEALTHCHECK command, run inside it against a running instance
in_image "${ENTRY[@]}" >"$BENCH_WORK/health.log" 2>&1 &
pid=$!
wait_http "http://127.0.0.1:$APP_PORT/health/ready" 300 $pid || bench_die "health run"
HC=$(buildah inspect --format '{{range .Docker.Config.Healthcheck.Test}}{{println .}}{{end}}' "$TAG" | sed '1d;/^$/d')
mapfile -t HC_ARGS <<<"$HC"
if (in_image env "CHORUS_HTTP_PORT=$APP_PORT" "${HC_ARGS[@]}"); then HC_OK=passes; else HC_OK=FAILS; fi
kill -TERM $pid
wait $pid 2>/dev/null || true
JRE_MB=$(du -sm "$mnt/opt/jre" | cut -f1)
JSA_MB=$(du -sm "$mnt/app/chorus.jsa" | cut -f1)
med() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
WITH=$(cut -d' ' -f1 "$BENCH_WORK/ready.txt" | med)
WITHOUT=$(cut -d' ' -f2 "$BENCH_WORK/ready.txt" | med)
cat >"$HERE/RESULTS.md" <<EOF
# The image, built here

$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$BENCH_ROOT" rev-parse --short HEAD), \`deploy/image/build.sh\`; $(nproc) cores shared with
other work (load average $(cut -d' ' -f1-3 /proc/loadavg)).

- Base: \`debootstrap --variant=minbase bookworm\`, committed as \`$BASE_REF\` (no registry pull).
- Build: \`buildah bud --isolation chroot --layers\` in $BUILD_S s (the ~/.m2 cache mount was $( [ -n "${WARM:-}" ] && echo warm || echo as left by earlier builds)).
- Image: **$SIZE** (was 634 MB with Debian's full JRE); the jlink'd runtime is $JRE_MB MB, the class-data archive $JSA_MB MB
  ($(wc -l <"$HERE/classlist") classes from \`deploy/image/classlist\`). Runs as uid $USER_ID; HEALTHCHECK (\`/health/live\` over bash's /dev/tcp) $HC_OK.
- Start-up of the image's own java (chroot into its root, its entrypoint) to \`/health/ready\` = 200 against PostgreSQL 15,
  Redis and s3proxy on 127.0.0.1, median of $RUNS: **$WITH ms** with the class-data archive, $WITHOUT ms with \`-Xshare:off\`
  (ratio $(awk -v a="$WITH" -v b="$WITHOUT" 'BEGIN {printf "%.2f", a / b}')x).

| round | ready with archive ms | ready with -Xshare:off ms |
| ---: | ---: | ---: |
$(awk '{printf "| %d | %s | %s |\n", NR, $1, $2}' "$BENCH_WORK/ready.txt")
EOF
cat "$HERE/RESULTS.md"
}
