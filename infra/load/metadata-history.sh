#!/usr/bin/env bash
# Restart time against metadata history (issue #20): starts a 3-broker cluster, restarts broker 3 after a short
# history and again after CHANGES metadata records (topic config changes), and prints how long each restart took until
# the broker answered DescribeCluster naming itself (a restarting broker, ours or Kafka's, serves only once it has
# caught up with the metadata log), with what our broker's log says it loaded (snapshot index) — RUNS times each.
#
# usage: metadata-history.sh [--broker voltstream|kafka] [CHANGES (default 1000000)] [RUNS (default 3)]
#        metadata-history.sh [--broker voltstream|kafka] --topics COUNT [RUNS (default 3)]
#        --broker kafka does the same on Apache Kafka 4.1.2 in KRaft mode (apache-kafka-cluster-start.sh 3)
#        --topics: no restarts; RUNS times, COUNT topics created then deleted one per request, and the same 100 per
#        request, printing the creations and deletions per second of each
# env:   HISTORY_TOPICS_PER_REQUEST: topic config changes per IncrementalAlterConfigs request (default 100);
#        VOLTSTREAM_CLUSTER_DIR (default /tmp/voltstream-history), VOLTSTREAM_CLUSTER_PORT (default 19500);
#        KAFKA_CLUSTER_DIR (default /tmp/kafka-history), KAFKA_CLUSTER_PORT (default 39500)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

broker=voltstream
if [[ ${1:-} == --broker ]]; then broker=${2:?usage: --broker voltstream|kafka}; shift 2; fi
[[ $broker == voltstream || $broker == kafka ]] || die "--broker voltstream|kafka"
topics_mode=0
if [[ ${1:-} == --topics ]]; then topics_mode=1; shift; fi
changes=${1:-1000000}
runs=${2:-3}
per_request=${HISTORY_TOPICS_PER_REQUEST:-100}
ensure_kafka_classpath
driver() { java -cp "$(cat "$KAFKA_CLASSPATH_FILE")" "$INFRA_DIR/load/metadata-history/MetadataHistory.java" "$@"; }

if [[ $broker == voltstream ]]; then
  export VOLTSTREAM_CLUSTER_DIR=${VOLTSTREAM_CLUSTER_DIR:-/tmp/voltstream-history}
  export VOLTSTREAM_CLUSTER_PORT=${VOLTSTREAM_CLUSTER_PORT:-19500}
  export VOLTSTREAM_CLUSTER_CONSOLE=0
  dir=$VOLTSTREAM_CLUSTER_DIR
  port=$VOLTSTREAM_CLUSTER_PORT
  rm -rf "$dir"
  "$INFRA_DIR/bin/cluster-start.sh" 3 >/dev/null
  trap '"$INFRA_DIR/bin/cluster-stop.sh" >/dev/null 2>&1 || true' EXIT
else
  export KAFKA_CLUSTER_DIR=${KAFKA_CLUSTER_DIR:-/tmp/kafka-history}
  export KAFKA_CLUSTER_PORT=${KAFKA_CLUSTER_PORT:-39500}
  dir=$KAFKA_CLUSTER_DIR
  port=$KAFKA_CLUSTER_PORT
  rm -rf "$dir"
  "$INFRA_DIR/bin/apache-kafka-cluster-start.sh" 3 >/dev/null
  trap '"$INFRA_DIR/bin/apache-kafka-cluster-stop.sh" >/dev/null 2>&1 || true' EXIT
fi
bootstrap=127.0.0.1:$port
third=127.0.0.1:$((port + 2))

# Stops broker 3 cleanly and starts it again; prints the PID of the new process.
restart_voltstream() {
  "$INFRA_DIR/bin/cluster-stop.sh" 3 >/dev/null
  local out=$dir/broker-3/broker.out pid
  : >"$out"
  pid=$(VOLTSTREAM_DAEMON_OUT=$out "$INFRA_DIR/bin/broker-start.sh" -daemon "$dir/broker-3/server.properties")
  echo "$pid" >"$dir/broker-3/broker.pid"
  echo "$pid" >>"$dir/pids"
}

restart_kafka() {
  local old
  old=$(sed -n 3p "$dir/pids")
  "$INFRA_DIR/bin/apache-kafka-stop.sh" --pid "$old" >/dev/null
  KAFKA_LOG4J_OPTS=${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$KAFKA_PROJECT_DIR/server-log4j2.xml} \
    KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx384m} \
    nohup "$INFRA_DIR/bin/kafka-run-class.sh" kafka.Kafka "$dir/node-3/server.properties" \
    >"$dir/node-3/kafka.out" 2>&1 </dev/null &
  sed -i "3s/.*/$!/" "$dir/pids"
}

restart_third() {
  "restart_$broker"
  local ms loaded=""
  ms=$(driver await "$third" 3)
  if [[ $broker == voltstream ]]; then
    loaded=" (snapshot loaded: index $(grep -o "Loaded the metadata snapshot at log index [0-9]*" \
      "$dir/broker-3/broker.out" | grep -o "[0-9]*$" || echo none))"
  fi
  echo "$broker, $1: broker 3 answered $ms ms after its start$loaded"
}

if ((topics_mode)); then
  for r in $(seq "$runs"); do
    echo "$broker, run $r: $(driver topics "$bootstrap" "$changes" 1)"
    echo "$broker, run $r: $(driver topics "$bootstrap" "$changes" 100)"
  done
  exit 0
fi
driver history "$bootstrap" 10 10
for r in $(seq "$runs"); do restart_third "after 10 changes, run $r"; done
driver history "$bootstrap" "$changes" "$per_request"
for r in $(seq "$runs"); do restart_third "after $changes changes, run $r"; done
