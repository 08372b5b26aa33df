#!/usr/bin/env bash
# Runs a Java class on the classpath of Apache Kafka's own tools and broker (resolved by infra/kafka/pom.xml),
# the way Kafka's bin/kafka-run-class.sh does. The classpath file is built through ../../mvnw on first use.
#
# usage: kafka-run-class.sh <main class> [args...]
# env (same names as Kafka's script): KAFKA_HEAP_OPTS (default -Xmx256M), KAFKA_JVM_PERFORMANCE_OPTS,
#      KAFKA_LOG4J_OPTS (default: infra/kafka/tools-log4j2.xml, WARN on stderr), KAFKA_OPTS, JAVA_HOME.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

(($# >= 1)) || die "usage: $(basename "$0") <main class> [args...]"
ensure_kafka_classpath

JAVA=java
[[ -n ${JAVA_HOME:-} ]] && JAVA=$JAVA_HOME/bin/java

KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx256M}
KAFKA_JVM_PERFORMANCE_OPTS=${KAFKA_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}
KAFKA_LOG4J_OPTS=${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$KAFKA_PROJECT_DIR/tools-log4j2.xml}

# Word splitting of the *_OPTS variables is intended: each holds several JVM flags, as in Kafka's script.
# shellcheck disable=SC2086
exec "$JAVA" $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS $KAFKA_LOG4J_OPTS ${KAFKA_OPTS:-} \
  -cp "$(cat "$KAFKA_CLASSPATH_FILE")" "$@"
