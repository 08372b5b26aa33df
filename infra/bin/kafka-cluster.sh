#!/usr/bin/env bash
# Apache Kafka's kafka-cluster.sh, run from Kafka's own tool class org.apache.kafka.tools.ClusterTool (see kafka-run-class.sh).
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/kafka-run-class.sh" org.apache.kafka.tools.ClusterTool "$@"
