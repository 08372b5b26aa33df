#!/usr/bin/env bash
# Apache Kafka's kafka-consumer-perf-test.sh, run from Kafka's own tool class org.apache.kafka.tools.ConsumerPerformance (see kafka-run-class.sh).
# Same default heap as Kafka's script.
export KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx512M}
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/kafka-run-class.sh" org.apache.kafka.tools.ConsumerPerformance "$@"
