# syntax=docker/dockerfile:1
# The Voltstream broker with its web console (BrokerConsoleMain, what infra/bin/broker-start.sh runs), built from
# this repository (build context: the repository root). Stage 1 builds broker-service/console with the Maven wrapper,
# tests skipped; stage 2 runs it on a JRE with config/server.properties, which docker compose completes with
# --override arguments (node.id, listeners, quorum, console.listener).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl broker-service/console -am package -Dmaven.test.skip=true

FROM eclipse-temurin:17-jre
WORKDIR /opt/voltstream
COPY --from=build /src/broker-service/console/target/broker-console-0.1.0-SNAPSHOT.jar /opt/voltstream/
COPY --from=build /src/broker-service/console/target/lib/ /opt/voltstream/lib/
COPY config/server.properties /opt/voltstream/config/server.properties
# kafka_metadata_ready: the JVM-less readiness probe of infra/bin, used by the compose healthcheck
COPY infra/lib/common.sh /opt/voltstream/infra/lib/common.sh
ENV VOLTSTREAM_HEAP_OPTS="-Xmx512m" \
    VOLTSTREAM_JVM_OPTS="-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true"
VOLUME /var/lib/voltstream
EXPOSE 9092 9093 8080
ENTRYPOINT ["sh", "-c", "exec java $VOLTSTREAM_HEAP_OPTS $VOLTSTREAM_JVM_OPTS -cp /opt/voltstream/broker-console-0.1.0-SNAPSHOT.jar dev.voltstream.broker.console.BrokerConsoleMain /opt/voltstream/config/server.properties \"$@\"", "broker"]
CMD ["--override", "log.dirs=/var/lib/voltstream"]
