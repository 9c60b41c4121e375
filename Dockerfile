# syntax=docker/dockerfile:1.7
# Chorus: the production jar on a jlink'd Java 17 runtime taken from Debian's OpenJDK (whose natives link the
# system libjpeg-turbo, freetype, fontconfig, harfbuzz and lcms2: the artwork encoder depends on libjpeg-turbo for speed),
# run as uid 10001 with an application class-data archive made at build time.
#
# BASE is a digest-pinned debian:bookworm-slim, e.g. debian:bookworm-slim@sha256:<digest> from your registry;
# deploy/image/build.sh makes one with debootstrap and passes it as localhost/chorus-base@sha256:<digest>.
ARG BASE
FROM ${BASE} AS build
# refuse a moving tag: the same Dockerfile must give the same base every time
ARG BASE
RUN case "$BASE" in *@sha256:????????????????????????????????????????????????????????????????) ;; \
      *) echo "BASE must be pinned by digest (name@sha256:<64 hex>), got '$BASE'" >&2; exit 1 ;; esac
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY src/main src/main
# the campaign file's JSON Schema goes into the jar too (pom.xml's second resource directory)
COPY conf/campaign.schema.json conf/campaign.schema.json
# Only what `package` needs (tests are neither compiled nor run); ~/.m2 is a cache mount, so a rebuild
# downloads nothing that an earlier build already fetched.
RUN --mount=type=cache,target=/root/.m2,id=chorus-m2 \
    ./mvnw -B -q -Dmaven.test.skip=true package
# The runtime: the modules the jar needs (jdeps) plus TLS curves and JVM metrics, with its default CDS archive.
# (Debian's jlink strips native debug symbols with objcopy.)
RUN apt-get update && apt-get install -y --no-install-recommends binutils && rm -rf /var/lib/apt/lists/*
RUN modules=$(jdeps --ignore-missing-deps -q --multi-release 17 --print-module-deps target/chorus.jar) \
 && jlink --add-modules "$modules,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.zipfs,jdk.localedata" \
      --include-locales=en,fr,de,es,it,pt,nl,pl,sv,ja,ko,zh,ar,tr \
      --strip-debug --no-header-files --no-man-pages --generate-cds-archive --output /opt/jre \
 && cp -L /etc/ssl/certs/java/cacerts /opt/jre/lib/security/cacerts

FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends libjpeg62-turbo libfreetype6 libfontconfig1 libharfbuzz0b liblcms2-2 libpng16-16 \
      ca-certificates \
 && rm -rf /var/lib/apt/lists/* /var/cache/debconf/*-old /var/log/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin chorus
COPY --from=build /opt/jre /opt/jre
WORKDIR /app
COPY --from=build /src/target/chorus.jar /app/chorus.jar
COPY conf /app/conf
COPY fonts /app/fonts
COPY webroot /app/webroot
COPY deploy/image/classlist /app/classlist
# The application class-data archive: the classes a real start and fan journey load and their lambdas' generated
# classes (deploy/image/classlist, recorded by deploy/image/build.sh --classlist; ClassListTest fails when it is stale),
# parsed and verified once here instead of at every start: ~40 % less CPU to /health/ready (bench/startup, production-cds).
RUN /opt/jre/bin/java -Xshare:dump -XX:SharedClassListFile=/app/classlist -XX:SharedArchiveFile=/app/chorus.jsa \
      -Djava.awt.headless=true -cp /app/chorus.jar -Xlog:cds=off -Xlog:cds+dynamic=off \
 && rm /app/classlist
ENV PATH=/opt/jre/bin:$PATH CHORUS_MODE=production
USER 10001
EXPOSE 8080
# Liveness for docker/podman and ECS (a dead process gets replaced); the load balancer checks /health/ready
# itself. Not readiness here: a shared dependency's outage must not make the orchestrator kill every task.
# bash's /dev/tcp, so the image needs no curl.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${CHORUS_HTTP_PORT:-8080} && printf 'GET /health/live HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
# Exec form: the JVM is PID 1 and receives SIGTERM (graceful stop).
# Memory: every part the JVM can grow has a ceiling, so their sum plus the ffmpeg children stays inside the 2 GiB task
# (deploy/ecs-task-definition.json; the budget and the measurements are in docs/capacity.md, bench/memory/run.sh
# checks it under artwork load): heap 768 MiB, metaspace 192, JIT code 96, NIO/Netty direct buffers 128. A percentage
# of the container (the former MaxRAMPercentage=75: 1.5 GiB of heap) left ~500 MiB for everything outside the heap,
# less than the JVM's own native memory plus two ffmpeg processes (256 MiB each) need.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/chorus.jsa", "-Xshare:auto", \
  "-Xmx768m", "-XX:MaxMetaspaceSize=192m", "-XX:ReservedCodeCacheSize=96m", "-XX:MaxDirectMemorySize=128m", \
  "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true", "-jar", "/app/chorus.jar"]
