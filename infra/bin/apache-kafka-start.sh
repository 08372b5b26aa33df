#!/usr/bin/env bash
# Starts the reference Apache Kafka broker (the kafka_2.13 jar resolved by infra/kafka) as a single KRaft node
# (broker and controller in one process) listening only on 127.0.0.1. On first use of a data directory it writes a
# server.properties there and formats the storage with Kafka's StorageTool (--standalone, random cluster id).
#
# usage: apache-kafka-start.sh [-daemon] [--port N] [--controller-port N] [--dir DIR] [--format-only]
#                              [--override key=value]...
#   --port             client (PLAINTEXT) port, default 19092 (never collides with Voltstream's 9092)
#   --controller-port  KRaft controller port, default: client port + 1
#   --dir              data directory, default /tmp/voltstream-apache-kafka-<port>; holds server.properties,
#                      data/, kafka.pid and (with -daemon) kafka.out
#   --format-only      write the configuration and format the storage, then exit without starting
#   -daemon            start in the background, print the PID and exit (the PID is also in <dir>/kafka.pid)
#   --override k=v     passed to kafka.Kafka, overriding server.properties
# env: KAFKA_HEAP_OPTS (default -Xmx1G -Xms1G, as Kafka's kafka-server-start.sh), KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_OPTS.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

daemon=false
format_only=false
port=19092
controller_port=
dir=
overrides=()
while (($#)); do
  case $1 in
    -daemon | --daemon) daemon=true ;;
    --port) port=$2; shift ;;
    --controller-port) controller_port=$2; shift ;;
    --dir) dir=$2; shift ;;
    --format-only) format_only=true ;;
    --override) overrides+=(--override "$2"); shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done
controller_port=${controller_port:-$((port + 1))}
dir=${dir:-/tmp/voltstream-apache-kafka-$port}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
props=$dir/server.properties
pid_file=$dir/kafka.pid
bin=$INFRA_DIR/bin

if [[ -f $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null \
  && [[ $(process_cmdline "$(cat "$pid_file")") == *kafka.Kafka* ]]; then
  die "Apache Kafka already runs from $dir (PID $(cat "$pid_file"))"
fi

if [[ ! -f $props ]]; then
  cat >"$props" <<PROPS
# Written by infra/bin/apache-kafka-start.sh: a single-node KRaft Apache Kafka for reference tests and benchmarks.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
# One node: internal topics cannot have more than one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# A development node: no 3 s wait for more members before the first rebalance of a new group.
group.initial.rebalance.delay.ms=0
PROPS
fi

if [[ ! -f $dir/data/meta.properties ]]; then
  ensure_kafka_classpath
  cluster_id=$("$bin/kafka-storage.sh" random-uuid)
  "$bin/kafka-storage.sh" format --standalone -t "$cluster_id" -c "$props" >"$dir/format.out" 2>&1 \
    || { cat "$dir/format.out" >&2; die "formatting $dir/data failed"; }
fi
$format_only && exit 0

export KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}
export KAFKA_LOG4J_OPTS=${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$KAFKA_PROJECT_DIR/server-log4j2.xml}
if $daemon; then
  nohup "$bin/kafka-run-class.sh" kafka.Kafka "$props" "${overrides[@]}" >"$dir/kafka.out" 2>&1 </dev/null &
  echo $! >"$pid_file"
  echo $!
else
  echo $$ >"$pid_file"
  exec "$bin/kafka-run-class.sh" kafka.Kafka "$props" "${overrides[@]}"
fi
