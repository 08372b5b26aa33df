#!/usr/bin/env bash
# Runs the load-test tool's scenario matrix (infra/load, `voltstream-load compare`) against the Voltstream broker and
# the reference Apache Kafka side by side: both single-node, both on 127.0.0.1 with the same heap, alternating run by
# run. Writes docs/load-tests.md and SVG plots in docs/load/.
#
# usage: load-compare.sh [--quick] [--repeats N] [--only TEXT] [--out FILE]
#   --quick     one repeat at a tenth of the record counts (a smoke test, not a result)
#   --only      run only the scenarios whose name contains TEXT
# Everything is bounded (records and seconds per run) and stopped by PID on exit.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"
BIN=$REPO_ROOT/infra/bin

repeats=3 scale=1 only= out=$REPO_ROOT/docs/load-tests.md
while (($#)); do
  case $1 in
    --quick) repeats=1 scale=0.1 ;;
    --repeats) repeats=$2; shift ;;
    --only) only=$2; shift ;;
    --out) out=$(realpath -m "$2"); shift ;;
    *) die "unknown option $1 (see the header of this script)" ;;
  esac
  shift
done

mkdir -p "$(dirname "$out")"
WORK=$(mktemp -d /tmp/voltstream-load.XXXXXX)
OURS_PORT=29392 KAFKA_PORT=29492 HEAP=-Xmx1g
pids=()
cleanup() {
  for pid in "${pids[@]}"; do terminate_and_wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "Building the load-test tool and the broker..." >&2
(cd "$REPO_ROOT" && ./mvnw -B -q -pl infra/load,broker-service/engine -am package -Dmaven.test.skip=true) >&2
ensure_kafka_classpath
# Run copies: a build in the tree during the run must not replace jars under running processes.
cp -r "$REPO_ROOT/infra/load/target" "$WORK/load"
mkdir -p "$WORK/broker" && cp "$BROKER_JAR" "$WORK/broker/" && cp -r "$(dirname "$BROKER_JAR")/lib" "$WORK/broker/"

printf 'listeners=PLAINTEXT://127.0.0.1:%s\nlog.dirs=%s/ours-data\nnode.id=1\n' "$OURS_PORT" "$WORK" >"$WORK/ours.properties"
VOLTSTREAM_BROKER_JAR=$WORK/broker/$(basename "$BROKER_JAR") VOLTSTREAM_NO_BUILD=1 VOLTSTREAM_HEAP_OPTS=$HEAP \
  "$BIN/broker-start.sh" "$WORK/ours.properties" >"$WORK/ours.out" 2>&1 </dev/null &
pids+=($!)
ours_pid=$!
"$BIN/apache-kafka-start.sh" --dir "$WORK/kafka" --port "$KAFKA_PORT" --format-only >/dev/null
KAFKA_HEAP_OPTS=$HEAP "$BIN/apache-kafka-start.sh" --dir "$WORK/kafka" --port "$KAFKA_PORT" >"$WORK/kafka.out" 2>&1 </dev/null &
pids+=($!)
kafka_pid=$!
for port in "$OURS_PORT" "$KAFKA_PORT"; do
  for _ in $(seq 1 900); do kafka_metadata_ready 127.0.0.1 "$port" && break; sleep 0.1; done
  kafka_metadata_ready 127.0.0.1 "$port" || die "broker on port $port did not start (see $WORK/*.out)"
done

args=(compare --repeats "$repeats" --scale "$scale" --out "$out"
  --target "voltstream=127.0.0.1:$OURS_PORT@$ours_pid" --target "kafka=127.0.0.1:$KAFKA_PORT@$kafka_pid")
[[ -n $only ]] && args+=(--only "$only")
java -Xmx1g -jar "$WORK/load/voltstream-load-0.1.0-SNAPSHOT.jar" "${args[@]}"
