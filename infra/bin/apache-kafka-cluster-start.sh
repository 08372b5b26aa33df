#!/usr/bin/env bash
# Starts a local N-node Apache Kafka cluster (default 3; the kafka_2.13 jar resolved by infra/kafka) on 127.0.0.1:
# every node both broker and KRaft controller (process.roles=broker,controller), a quorum of all N voters, each node
# with its own ports and data directory. On first use of a directory the storage of every node is formatted with
# Kafka's StorageTool and one shared cluster id. The quorum is static (controller.quorum.voters) unless
# KAFKA_CLUSTER_QUORUM=dynamic: then KIP-853's dynamic quorum (kraft.version 1: controller.quorum.bootstrap.servers,
# storage formatted with --initial-controllers naming each voter's directory id), so that kafka-metadata-quorum.sh
# add-controller / remove-controller can change it. The counterpart of cluster-start.sh for the reference broker.
#
# usage: apache-kafka-cluster-start.sh [N]
# env: KAFKA_CLUSTER_DIR   configs, data, logs and PIDs (default /tmp/voltstream-apache-kafka-cluster): node i in
#                          <dir>/node-i (server.properties, data/, kafka.out), the PIDs in <dir>/pids, one a line
#      KAFKA_CLUSTER_PORT  first client port (default 39092): node i listens on PORT+i-1, its controller on
#                          PORT+100+i-1 (the same layout as cluster-start.sh)
#      KAFKA_HEAP_OPTS     heap of each node, default the same as cluster-start.sh gives ours (-Xmx384m)
#      KAFKA_START_TIMEOUT seconds to wait for every node to serve metadata (default 180)
#      KAFKA_CLUSTER_QUORUM static (default) or dynamic (see above)
# Internal topics get replication factor min(N, 3), and topics default to the same with min.insync.replicas=2
# (1 for N=1), like cluster-start.sh. Prints the bootstrap servers once every node answers a Metadata request that
# lists all N brokers. apache-kafka-cluster-stop.sh stops the nodes by their PIDs.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

n=${1:-3}
[[ $n =~ ^[1-9][0-9]*$ ]] || die "usage: $(basename "$0") [N]"
dir=${KAFKA_CLUSTER_DIR:-/tmp/voltstream-apache-kafka-cluster}
base=${KAFKA_CLUSTER_PORT:-39092}
export KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx384m}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
new_pid_record "$dir" apache-kafka-cluster-stop.sh
voters_csv=$(local_quorum_voters "$n" "$base")
quorum=${KAFKA_CLUSTER_QUORUM:-static}
case $quorum in
  static) quorum_config="controller.quorum.voters=$voters_csv" ;;
  # a dynamic voter advertises its controller endpoint: add-controller and the other voters take it from there
  dynamic) quorum_config="controller.quorum.bootstrap.servers=$(sed 's/[0-9]*@//g' <<<"$voters_csv")" ;;
  *) die "KAFKA_CLUSTER_QUORUM must be static or dynamic, was $quorum" ;;
esac
rf=$((n < 3 ? n : 3))
min_isr=$((rf > 1 ? 2 : 1))

ensure_kafka_classpath
cluster_id=
format_quorum=()
if [[ $quorum == dynamic && ! -f $dir/node-1/data/meta.properties ]]; then
  # The voters with their metadata directory ids, the same string for every node: "1@host:port:id,2@...".
  initial=()
  for ((i = 1; i <= n; i++)); do
    initial+=("$i@127.0.0.1:$((base + 100 + i - 1)):$("$INFRA_DIR/bin/kafka-storage.sh" random-uuid)")
  done
  format_quorum=(--initial-controllers "$(IFS=,; echo "${initial[*]}")")
fi
for ((i = 1; i <= n; i++)); do
  ndir=$dir/node-$i
  mkdir -p "$ndir"
  advertised_controller=
  [[ $quorum == static ]] || advertised_controller=",CONTROLLER://127.0.0.1:$((base + 100 + i - 1))"
  cat >"$ndir/server.properties" <<PROPS
# Written by apache-kafka-cluster-start.sh: node $i of $n (broker and controller).
process.roles=broker,controller
node.id=$i
$quorum_config
listeners=PLAINTEXT://127.0.0.1:$((base + i - 1)),CONTROLLER://127.0.0.1:$((base + 100 + i - 1))
advertised.listeners=PLAINTEXT://127.0.0.1:$((base + i - 1))$advertised_controller
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$ndir/data
num.partitions=3
default.replication.factor=$rf
min.insync.replicas=$min_isr
offsets.topic.replication.factor=$rf
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$min_isr
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$min_isr
# A development cluster: no 3 s wait for more members before the first rebalance of a new group.
group.initial.rebalance.delay.ms=0
PROPS
  if [[ ! -f $ndir/data/meta.properties ]]; then
    # One cluster id for all nodes: taken from a node formatted earlier, else a new one.
    if [[ -z $cluster_id ]]; then
      cluster_id=$(cat "$dir"/node-*/data/meta.properties 2>/dev/null | sed -n "s/^cluster.id=//p" | head -1 || true)
      [[ -n $cluster_id ]] || cluster_id=$("$INFRA_DIR/bin/kafka-storage.sh" random-uuid)
    fi
    "$INFRA_DIR/bin/kafka-storage.sh" format -t "$cluster_id" -c "$ndir/server.properties" "${format_quorum[@]}" \
      >"$ndir/format.out" 2>&1 \
      || { cat "$ndir/format.out" >&2; die "formatting $ndir/data failed"; }
  fi
done

# The server log configuration only now: the storage tool's output above must stay free of log lines.
export KAFKA_LOG4J_OPTS=${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$KAFKA_PROJECT_DIR/server-log4j2.xml}
bootstrap=()
for ((i = 1; i <= n; i++)); do
  ndir=$dir/node-$i
  nohup "$INFRA_DIR/bin/kafka-run-class.sh" kafka.Kafka "$ndir/server.properties" >"$ndir/kafka.out" 2>&1 </dev/null &
  echo $! >>"$dir/pids"
  bootstrap+=("127.0.0.1:$((base + i - 1))")
done

# A node serves metadata only once the quorum has a leader, so wait for all together; a node is ready when its
# Metadata lists every broker of the cluster.
deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-180}))
for ((i = 1; i <= n; i++)); do
  until kafka_metadata_ready 127.0.0.1 "$((base + i - 1))" "$n"; do
    pid=$(sed -n "${i}p" "$dir/pids")
    [[ -d /proc/$pid ]] || die "node $i (PID $pid) exited; see $dir/node-$i/kafka.out"
    ((SECONDS < deadline)) || die "node $i did not start in time; see $dir/node-$i/kafka.out"
    sleep 0.5
  done
done
echo "Apache Kafka cluster of $n node(s) is up (PIDs $(tr '\n' ' ' <"$dir/pids")) in $dir" >&2
(IFS=,; echo "${bootstrap[*]}")
