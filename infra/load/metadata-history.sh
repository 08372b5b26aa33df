#!/usr/bin/env bash
# Restart time against metadata history (issue #20): starts a 3-broker cluster (cluster-start.sh 3), restarts broker 3
# after a short history and again after CHANGES metadata records (topic config changes), and prints how long each
# restart took until the broker answered DescribeCluster (a restarting cluster broker holds requests until it has
# caught up with the metadata log), with what its log says it loaded (snapshot index) — several runs each.
#
# usage: metadata-history.sh [CHANGES (default 1000000)] [RUNS (default 3)]
# env:   VOLTSTREAM_CLUSTER_DIR (default /tmp/voltstream-history), VOLTSTREAM_CLUSTER_PORT (default 19500)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

changes=${1:-1000000}
runs=${2:-3}
export VOLTSTREAM_CLUSTER_DIR=${VOLTSTREAM_CLUSTER_DIR:-/tmp/voltstream-history}
export VOLTSTREAM_CLUSTER_PORT=${VOLTSTREAM_CLUSTER_PORT:-19500}
export VOLTSTREAM_CLUSTER_CONSOLE=0
dir=$VOLTSTREAM_CLUSTER_DIR
bootstrap=127.0.0.1:$VOLTSTREAM_CLUSTER_PORT
third=127.0.0.1:$((VOLTSTREAM_CLUSTER_PORT + 2))
ensure_kafka_classpath
driver() { java -cp "$(cat "$KAFKA_CLASSPATH_FILE")" "$INFRA_DIR/load/metadata-history/MetadataHistory.java" "$@"; }

rm -rf "$dir"
"$INFRA_DIR/bin/cluster-start.sh" 3 >/dev/null
trap '"$INFRA_DIR/bin/cluster-stop.sh" >/dev/null 2>&1 || true' EXIT

restart_third() {
  "$INFRA_DIR/bin/cluster-stop.sh" 3 >/dev/null
  local out=$dir/broker-3/broker.out
  : >"$out"
  local pid
  pid=$(VOLTSTREAM_DAEMON_OUT=$out "$INFRA_DIR/bin/broker-start.sh" -daemon "$dir/broker-3/server.properties")
  echo "$pid" >"$dir/broker-3/broker.pid"
  echo "$pid" >>"$dir/pids"
  local ms
  ms=$(driver await "$third" 3)
  local loaded
  loaded=$(grep -o "Loaded the metadata snapshot at log index [0-9]*" "$out" | grep -o "[0-9]*$" || echo none)
  echo "$1: broker 3 answered $ms ms after its start (snapshot loaded: index $loaded)"
}

driver history "$bootstrap" 10 10
for r in $(seq "$runs"); do restart_third "after 10 changes, run $r"; done
driver history "$bootstrap" "$changes" 100
for r in $(seq "$runs"); do restart_third "after $changes changes, run $r"; done
