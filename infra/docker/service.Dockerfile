# syntax=docker/dockerfile:1
# One of the four Quarkus services, built from this repository: docker compose passes MODULE (the service's folder,
# e.g. fraud-service) with the repository root as the build context. Stage 1 builds the module (and what it needs)
# with the Maven wrapper, tests skipped; stage 2 runs its fast-jar on a JRE.
ARG MODULE

FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl "${MODULE}" -am package -Dmaven.test.skip=true

FROM eclipse-temurin:17-jre
ARG MODULE
WORKDIR /deployments
COPY --from=build /src/${MODULE}/target/quarkus-app/ /deployments/
# Configuration comes from the environment: KAFKA_BOOTSTRAP_SERVERS, VOLTSTREAM_DB_URL/_USER/_PASSWORD (see the
# service's application.properties); JAVA_OPTS adds JVM flags.
ENV JAVA_OPTS="-Xmx256m -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
