#!/usr/bin/env bash
# Runs the load-test tool's scenario matrix (infra/load, `voltstream-load compare`) against the Voltstream broker and
# the reference Apache Kafka side by side, alternating run by run, both on 127.0.0.1 with the same heap per broker:
# single nodes by default, or N-broker clusters of each (--brokers N: cluster-start.sh and
# apache-kafka-cluster-start.sh, topics with RF=min(N,3) and min.insync.replicas=2). Broker CPU and RSS are the sums
# over each side's broker processes. Writes the report and SVG plots (default docs/load-tests.md + docs/load/, or
# docs/load-tests-N-brokers.md + docs/load-N-brokers/ with --brokers N > 1).
#
# usage: load-compare.sh [--brokers N] [--quick] [--repeats N] [--scale X] [--max-seconds S] [--only TEXT] [--out FILE]
#   --brokers      brokers on each side (default 1); N > 1 starts an N-broker cluster of each
#   --quick        one repeat at a tenth of the record counts (a smoke test, not a result)
#   --repeats      runs per scenario and broker (default 5 on single nodes, 3 with --brokers > 1); the report has the
#                  medians (the first run of a scenario is often the slowest on both sides: the load tool's own JIT)
#   --scale        multiplies the record counts (default 1; 0.5 with --brokers > 1, where 2 cores run 2N brokers)
#   --max-seconds  upper bound of every single run (default 60; 30 with --brokers > 1)
#   --only         run only the scenarios whose name (or its slug, e.g. acks-all) contains TEXT
#   --out          the markdown report; the plots go beside it (load-tests*.md → load*/, other.md → other/)
# env: LOAD_HEAP_OPTS  heap of every broker, default -Xmx1g (single node) or -Xmx512m (cluster)
# Default runs take about 15 min (single node) and ~40 min (3 brokers) on 2 cores; --quick about 4-7 min.
# Everything is bounded (records and seconds per run) and stopped by PID on exit.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"
BIN=$REPO_ROOT/infra/bin
command_line="infra/load/load-compare.sh $*"

brokers=1 repeats= scale= max_seconds= only= out=
while (($#)); do
  case $1 in
    --brokers) brokers=$2; shift ;;
    --quick) repeats=1 scale=0.1 ;;
    --repeats) repeats=$2; shift ;;
    --scale) scale=$2; shift ;;
    --max-seconds) max_seconds=$2; shift ;;
    --only) only=$2; shift ;;
    --out) out=$(realpath -m "$2"); shift ;;
    *) die "unknown option $1 (see the header of this script)" ;;
  esac
  shift
done
[[ $brokers =~ ^[1-9][0-9]?$ ]] || die "--brokers takes a number of brokers, got $brokers"
if ((brokers == 1)); then
  out=${out:-$REPO_ROOT/docs/load-tests.md} scale=${scale:-1} max_seconds=${max_seconds:-60} repeats=${repeats:-5}
  HEAP=${LOAD_HEAP_OPTS:--Xmx1g}
else
  out=${out:-$REPO_ROOT/docs/load-tests-$brokers-brokers.md} scale=${scale:-0.5} max_seconds=${max_seconds:-30}
  repeats=${repeats:-3}
  HEAP=${LOAD_HEAP_OPTS:--Xmx512m}
fi
plots=$(dirname "$out")/$(basename "$out" .md | sed 's/^load-tests/load/')
rf=$((brokers < 3 ? brokers : 3))
min_isr=$((rf > 1 ? 2 : 1))

mkdir -p "$(dirname "$out")"
WORK=$(mktemp -d /tmp/voltstream-load.XXXXXX)
pids=()
cleanup() {
  local pid file
  for file in "$WORK/ours/pids" "$WORK/kafka/pids"; do # the clusters' brokers
    [[ -f $file ]] && while read -r pid; do pids+=("$pid"); done <"$file"
  done
  # Every broker at once (each runs from this run's work dir: the PID has not been reused), then wait for each.
  for pid in "${pids[@]}"; do
    [[ $(process_cmdline "$pid") == *"$WORK/"* ]] && kill -TERM "$pid" 2>/dev/null
  done
  for pid in "${pids[@]}"; do terminate_and_wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started="$(date -u '+%F %H:%M') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Building the load-test tool and the broker..." >&2
(cd "$REPO_ROOT" && ./mvnw -B -q -pl "infra/load,$BROKER_MODULE" -am package -Dmaven.test.skip=true) >&2
ensure_kafka_classpath
# Run copies: a build in the tree during the run must not replace jars under running processes.
cp -r "$REPO_ROOT/infra/load/target" "$WORK/load"
mkdir -p "$WORK/broker" && cp "$BROKER_JAR" "$WORK/broker/" && cp -r "$(dirname "$BROKER_JAR")/lib" "$WORK/broker/"
export VOLTSTREAM_BROKER_JAR=$WORK/broker/$(basename "$BROKER_JAR") VOLTSTREAM_NO_BUILD=1 VOLTSTREAM_HEAP_OPTS=$HEAP

if ((brokers == 1)); then
  OURS_PORT=29392 KAFKA_PORT=29492
  # group.initial.rebalance.delay.ms=0 as config/server.properties and the reference Kafka (apache-kafka-start.sh).
  printf 'listeners=PLAINTEXT://127.0.0.1:%s\nlog.dirs=%s/ours-data\nnode.id=1\nconsole.enabled=false\n%s\n' \
    "$OURS_PORT" "$WORK" "group.initial.rebalance.delay.ms=0" >"$WORK/ours.properties"
  "$BIN/broker-start.sh" "$WORK/ours.properties" >"$WORK/ours.out" 2>&1 </dev/null &
  pids+=($!)
  ours_pids=$! ours_bootstrap=127.0.0.1:$OURS_PORT
  "$BIN/apache-kafka-start.sh" --dir "$WORK/kafka" --port "$KAFKA_PORT" --format-only >/dev/null
  KAFKA_HEAP_OPTS=$HEAP "$BIN/apache-kafka-start.sh" --dir "$WORK/kafka" --port "$KAFKA_PORT" \
    >"$WORK/kafka.out" 2>&1 </dev/null &
  pids+=($!)
  kafka_pids=$! kafka_bootstrap=127.0.0.1:$KAFKA_PORT
  for port in "$OURS_PORT" "$KAFKA_PORT"; do
    for _ in $(seq 1 900); do kafka_metadata_ready 127.0.0.1 "$port" && break; sleep 0.1; done
    kafka_metadata_ready 127.0.0.1 "$port" || die "broker on port $port did not start (see $WORK/*.out)"
  done
  setup="Setup: one Voltstream broker and one Apache Kafka node (KRaft, broker+controller)"
else
  # Clusters: broker i on PORT+i-1, its controller on PORT+100+i-1.
  ours_bootstrap=$(VOLTSTREAM_CLUSTER_DIR=$WORK/ours VOLTSTREAM_CLUSTER_PORT=29592 VOLTSTREAM_CLUSTER_CONSOLE=0 \
    "$BIN/cluster-start.sh" "$brokers") || die "the Voltstream cluster did not start (see $WORK/ours/broker-*/broker.out)"
  ours_pids=$(paste -sd, "$WORK/ours/pids")
  kafka_bootstrap=$(KAFKA_CLUSTER_DIR=$WORK/kafka KAFKA_CLUSTER_PORT=29792 KAFKA_HEAP_OPTS=$HEAP \
    "$BIN/apache-kafka-cluster-start.sh" "$brokers") || die "the Kafka cluster did not start (see $WORK/kafka/node-*/kafka.out)"
  kafka_pids=$(paste -sd, "$WORK/kafka/pids")
  [[ $ours_bootstrap == 127.0.0.1:* && $kafka_bootstrap == 127.0.0.1:* ]] \
    || die "a cluster start printed no bootstrap servers (ours: '$ours_bootstrap', kafka: '$kafka_bootstrap')"
  setup="Setup: a $brokers-broker Voltstream cluster (infra/bin/cluster-start.sh) and a $brokers-node Apache Kafka \
cluster (infra/bin/apache-kafka-cluster-start.sh, every node broker+controller); every run's topic has replication \
factor $rf and min.insync.replicas=$min_isr. Broker CPU and RSS are summed over the $brokers processes of each side"
fi
kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$REPO_ROOT/pom.xml")
commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -n $(git -C "$REPO_ROOT" status --porcelain --untracked-files=no 2>/dev/null) ]] && commit+=" (with local changes)"
setup+=", on 127.0.0.1, heap $HEAP per broker; Apache Kafka $kafka_version; Voltstream at commit $commit. \
Command: \`$command_line\`. Started $started."

args=(compare --repeats "$repeats" --scale "$scale" --max-seconds "$max_seconds" --out "$out" --plots "$plots"
  --setup "$setup" --target "voltstream=$ours_bootstrap@$ours_pids" --target "kafka=$kafka_bootstrap@$kafka_pids")
((brokers > 1)) && args+=(--replication-factor "$rf" --topic-config "min.insync.replicas=$min_isr")
[[ -n $only ]] && args+=(--only "$only")
java -Xmx1g -jar "$WORK/load/voltstream-load-0.1.0-SNAPSHOT.jar" "${args[@]}"
