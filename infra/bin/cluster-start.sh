#!/usr/bin/env bash
# Starts a local Voltstream cluster of N brokers (default 3) on 127.0.0.1, each with its own ports and log dir, every
# broker also a voter of the metadata quorum (KRaft's combined mode: process.roles=broker,controller).
#
# usage: cluster-start.sh [N]
#        cluster-start.sh --add ID [--voter]
#                                    adds broker ID to the running cluster in the same dir: it joins as an observer of
#                                    the metadata log, and with --voter is then made a voter of the quorum
#                                    (kafka-metadata-quorum.sh add-controller, KIP-853); cluster-stop.sh stops it
#                                    with the others, cluster-decommission.sh ID removes it again
# env: VOLTSTREAM_CLUSTER_DIR    where configs, logs and PIDs go (default /tmp/voltstream-cluster)
#      VOLTSTREAM_CLUSTER_PORT   first Kafka port (default 19092): broker i listens on PORT+i-1, its Raft
#                                (CONTROLLER) listener on PORT+100+i-1
#      VOLTSTREAM_CLUSTER_CONSOLE=0  no operator console (console.enabled=false), e.g. for load tests that must not
#                                take the fixed console ports
#      plus broker-start.sh's variables (VOLTSTREAM_HEAP_OPTS...). AppCDS is off unless VOLTSTREAM_APPCDS=1, since
#      the brokers would all write one archive at exit.
# Prints the bootstrap servers once every broker logged "Voltstream broker started". cluster-stop.sh stops them.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

usage="usage: $(basename "$0") [N] | --add ID [--voter]"
dir=${VOLTSTREAM_CLUSTER_DIR:-/tmp/voltstream-cluster}
base=${VOLTSTREAM_CLUSTER_PORT:-19092}
export VOLTSTREAM_APPCDS=${VOLTSTREAM_APPCDS:-0}
export VOLTSTREAM_HEAP_OPTS=${VOLTSTREAM_HEAP_OPTS:--Xmx384m}
console_on=${VOLTSTREAM_CLUSTER_CONSOLE:-1}

# Writes broker $1's server.properties: $2 = controller.quorum.voters, $3 = process.roles, $4 = RF, $5 = min ISR.
write_config() {
  local i=$1 bdir=$dir/broker-$1
  mkdir -p "$bdir"
  cat >"$bdir/server.properties" <<PROPS
# Written by cluster-start.sh: broker $i.
node.id=$i
process.roles=$3
listeners=PLAINTEXT://127.0.0.1:$((base + i - 1)),CONTROLLER://127.0.0.1:$((base + 100 + i - 1))
controller.listener.names=CONTROLLER
controller.quorum.voters=$2
log.dirs=$bdir/data
default.replication.factor=$4
min.insync.replicas=$5
num.partitions=3
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=2500
replica.lag.time.max.ms=10000
# As config/server.properties and Kafka's shipped config: no 3 s wait for more members before a new group's first
# rebalance.
group.initial.rebalance.delay.ms=0
PROPS
  if [[ $console_on == 0 ]]; then
    echo "console.enabled=false" >>"$bdir/server.properties"
  else
    # Each broker serves its own console: broker 1 on 8080, broker i on 8090+i (clear of the services' 8081-8084).
    echo "console.listener=http://127.0.0.1:$((i == 1 ? 8080 : 8090 + i))" >>"$bdir/server.properties"
  fi
}

# Waits until broker $1 (PID $2) logged that it started.
await_started() {
  local i=$1 pid=$2 deadline=$((SECONDS + ${VOLTSTREAM_START_TIMEOUT:-120}))
  until grep -q "Voltstream broker started" "$dir/broker-$i/broker.out" 2>/dev/null; do
    [[ -d /proc/$pid ]] || die "broker $i (PID $pid) exited; see $dir/broker-$i/broker.out"
    ((SECONDS < deadline)) || die "broker $i did not start in time; see $dir/broker-$i/broker.out"
    sleep 0.5
  done
}

if [[ ${1:-} == --add ]]; then
  id=${2:-}
  [[ $id =~ ^[1-9][0-9]*$ ]] || die "$usage"
  voter=${3:-}
  [[ -z $voter || $voter == --voter ]] || die "$usage"
  first=$dir/broker-1/server.properties
  [[ -f $first ]] || die "no cluster in $dir: start one with $(basename "$0") [N] first"
  prop() { sed -n "s/^$1=//p" "$first"; }
  voters_csv=$(prop controller.quorum.voters)
  [[ ,$voters_csv, != *",$id@"* ]] || die "broker $id is a voter of this cluster already"
  if [[ -f $dir/broker-$id/broker.pid ]] && [[ -d /proc/$(cat "$dir/broker-$id/broker.pid") ]]; then
    die "broker $id is running already"
  fi
  ensure_broker_jar
  # A future voter says so in process.roles: kafka-metadata-quorum.sh add-controller reads this file.
  roles=broker; [[ $voter == --voter ]] && roles=broker,controller
  write_config "$id" "$voters_csv" "$roles" "$(prop default.replication.factor)" "$(prop min.insync.replicas)"
  : >"$dir/broker-$id/broker.out"
  pid=$(VOLTSTREAM_DAEMON_OUT=$dir/broker-$id/broker.out "$INFRA_DIR/bin/broker-start.sh" -daemon \
    "$dir/broker-$id/server.properties")
  echo "$pid" >>"$dir/pids"
  echo "$pid" >"$dir/broker-$id/broker.pid"
  await_started "$id" "$pid"
  echo "Voltstream broker $id joined the cluster in $dir (PID $pid)" >&2
  if [[ $voter == --voter ]]; then
    "$INFRA_DIR/bin/kafka-metadata-quorum.sh" --bootstrap-server "127.0.0.1:$((base + id - 1))" \
      --command-config "$dir/broker-$id/server.properties" add-controller >&2
  fi
  echo "127.0.0.1:$((base + id - 1))"
  exit 0
fi

n=${1:-3}
[[ $n =~ ^[1-9][0-9]*$ ]] || die "$usage"
mkdir -p "$dir"
new_pid_record "$dir" cluster-stop.sh
voters_csv=$(local_quorum_voters "$n" "$base")
rf=$((n < 3 ? n : 3))
min_isr=$((rf > 1 ? 2 : 1))

ensure_broker_jar
bootstrap=()
for ((i = 1; i <= n; i++)); do
  write_config "$i" "$voters_csv" broker,controller "$rf" "$min_isr"
  VOLTSTREAM_DAEMON_OUT=$dir/broker-$i/broker.out "$INFRA_DIR/bin/broker-start.sh" -daemon \
    "$dir/broker-$i/server.properties" >>"$dir/pids"
  bootstrap+=("127.0.0.1:$((base + i - 1))")
done

# Each broker finishes starting only once a majority of the quorum is up, so wait for all together.
for ((i = 1; i <= n; i++)); do
  await_started "$i" "$(sed -n "${i}p" "$dir/pids")"
done
echo "Voltstream cluster of $n broker(s) is up (PIDs $(tr '\n' ' ' <"$dir/pids")) in $dir" >&2
(IFS=,; echo "${bootstrap[*]}")
