#!/usr/bin/env bash
# Stops the local Apache Kafka cluster started by apache-kafka-cluster-start.sh: SIGTERM to the PIDs it recorded,
# all nodes at once, then waits for each to exit cleanly (SIGKILL after KAFKA_STOP_TIMEOUT seconds, default 60).
#
# usage: apache-kafka-cluster-stop.sh
# env: KAFKA_CLUSTER_DIR (default /tmp/voltstream-apache-kafka-cluster)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

dir=${KAFKA_CLUSTER_DIR:-/tmp/voltstream-apache-kafka-cluster}
[[ -s $dir/pids ]] || { echo "No Apache Kafka cluster recorded in $dir." >&2; exit 0; }
stop_recorded_pids "$dir/pids" "$INFRA_DIR/bin/apache-kafka-stop.sh" --pid
