# Chorus: build with the Maven wrapper, run on Debian's OpenJDK 17 (it links the system libjpeg-turbo,
# which the artwork encoder depends on for speed) as a non-root user.
FROM debian:bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests package

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin chorus
WORKDIR /app
COPY --from=build /src/target/chorus.jar /app/chorus.jar
COPY conf /app/conf
COPY fonts /app/fonts
COPY webroot /app/webroot
USER 10001
EXPOSE 8080
ENV CHORUS_MODE=production
# Exec form: the JVM is PID 1 and receives SIGTERM (graceful stop, exit 0). Memory follows the container limit.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true", "-jar", "/app/chorus.jar"]
