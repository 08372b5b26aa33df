#!/usr/bin/env bash
# Unavailability per partition during a rolling restart and during a decommission (issue #20), for Voltstream or,
# side by side, Apache Kafka 4.1.2 in KRaft mode. Each run, on a fresh 3-broker cluster on 127.0.0.1:
#   1. creates topic "handover" (12 partitions, RF 3, min.insync.replicas=2) and starts the probe: broker-service/
#      engine's ChaosLoad (the chaos soak's load), an idempotent acks=all producer writing a small record to every
#      partition every 20 ms; a 10 s "baseline" window gives the gaps of an undisturbed cluster;
#   2. rolling restart: brokers 1, 2, 3 in turn stopped with SIGTERM (controlled shutdown), started again, and waited
#      for until the broker serves and every partition of every topic has its 3 replicas in the ISR;
#   3. decommission: a fourth broker joins as a voter of the metadata quorum and broker 1 leaves it (ours:
#      cluster-start.sh --add 4 --voter, then cluster-decommission.sh 1, which moves every replica off broker 1,
#      takes it out of the quorum, stops and unregisters it; Kafka, on a dynamic quorum (KIP-853,
#      KAFKA_CLUSTER_QUORUM=dynamic of apache-kafka-cluster-start.sh): node 4 formatted with
#      --no-initial-controllers, started, kafka-metadata-quorum.sh add-controller; kafka-reassign-partitions.sh
#      --generate/--execute/--verify off broker 1; remove-controller 1; broker 1 stopped with SIGTERM;
#      kafka-cluster.sh unregister --id 1), then waits until no replica is on broker 1 and every ISR is full;
#   4. stops the probe, reads the topic back: every acknowledged record exactly once, at its offset, in order.
# A partition's "stall" in a window is the longest time between two acknowledgements of writes to it that ended in
# the window (or is still open at its end); the probe prints it per partition (WINDOW lines), then a VERDICT line.
#
# usage: handover-bench.sh [--broker voltstream|kafka|both] [RUNS (default 3)]
#        both: RUNS runs of each, alternating Kafka and Voltstream run by run (the machine's load changes over time)
# env:   HANDOVER_OUT        where reports and copies of the broker logs go (default /tmp/handover-bench-<date>)
#        VOLTSTREAM_CLUSTER_DIR / _PORT (default /tmp/voltstream-handover, 19600); KAFKA_CLUSTER_DIR / _PORT
#        (default /tmp/kafka-handover, 39600)
# Every process it starts (brokers, probe) is stopped by its PID when it ends, also on failure or Ctrl-C. Exits
# non-zero when a run lost, duplicated or reordered an acknowledged record (after the other runs and the summary).
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

usage="usage: $(basename "$0") [--broker voltstream|kafka|both] [RUNS]"
which=voltstream
if [[ ${1:-} == --broker ]]; then which=${2:?$usage}; shift 2; fi
case $which in
  voltstream | kafka) brokers=("$which") ;;
  both) brokers=(kafka voltstream) ;; # alternating, run by run, so that both see the same machine
  *) die "$usage" ;;
esac
runs=${1:-3}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "$usage"
out=${HANDOVER_OUT:-/tmp/handover-bench-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
topic=handover
partitions=12

ensure_kafka_classpath
kafka_cp=$(cat "$KAFKA_CLASSPATH_FILE")
classes=$out/classes
engine_tests=$REPO_ROOT/broker-service/engine/src/test/java/dev/voltstream/broker/cluster
javac -nowarn -d "$classes" -cp "$kafka_cp" "$engine_tests/ChaosLoad.java" "$engine_tests/ChaosVerdict.java" \
  "$INFRA_DIR/chaos/handover-bench/HandoverBench.java" 2> >(grep -v '^Note:' >&2)
# Called only in a subshell ($(...) or &): exec makes the JVM that subshell's PID, which the script waits for and stops.
# The clients' warnings (retries, NOT_LEADER_OR_FOLLOWER...) go to stderr: the probe's land in its run's probe.err.
driver() {
  exec java "-Dlog4j2.configurationFile=$KAFKA_PROJECT_DIR/tools-log4j2.xml" -cp "$classes:$kafka_cp" HandoverBench "$@"
}

export VOLTSTREAM_CLUSTER_DIR=${VOLTSTREAM_CLUSTER_DIR:-/tmp/voltstream-handover}
export VOLTSTREAM_CLUSTER_PORT=${VOLTSTREAM_CLUSTER_PORT:-19600}
export VOLTSTREAM_CLUSTER_CONSOLE=0
export KAFKA_CLUSTER_DIR=${KAFKA_CLUSTER_DIR:-/tmp/kafka-handover}
export KAFKA_CLUSTER_PORT=${KAFKA_CLUSTER_PORT:-39600}
# Kafka's quorum can take and lose voters, as ours: the decommission is the same operation on both
export KAFKA_CLUSTER_QUORUM=dynamic
export KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx384m}
# The brokers' log configuration, for the Kafka nodes this script starts itself (not for the tools: their output is
# parsed).
server_log4j=${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$KAFKA_PROJECT_DIR/server-log4j2.xml}
[[ $which == kafka ]] || ensure_broker_jar

# Sets the variables of the broker kind $1 for what follows.
select_broker() {
  broker=$1
  if [[ $broker == voltstream ]]; then
    dir=$VOLTSTREAM_CLUSTER_DIR base=$VOLTSTREAM_CLUSTER_PORT
  else
    dir=$KAFKA_CLUSTER_DIR base=$KAFKA_CLUSTER_PORT
  fi
  bootstrap=127.0.0.1:$base,127.0.0.1:$((base + 1)),127.0.0.1:$((base + 2))
}

probe_pid=
failed=0
cleanup() {
  exec 7>&-
  if [[ -n $probe_pid ]] && kill -0 "$probe_pid" 2>/dev/null; then terminate_and_wait "$probe_pid" 30 || true; fi
  # Each stops only the PIDs its cluster recorded, if any.
  "$INFRA_DIR/bin/cluster-stop.sh" >/dev/null 2>&1 || true
  "$INFRA_DIR/bin/apache-kafka-cluster-stop.sh" >/dev/null 2>&1 || true
}
trap cleanup EXIT

log() { echo "$(date -u +%T) $*" | tee -a "$run_out/steps.txt" >&2; }

start_cluster() {
  rm -rf "$dir"
  if [[ $broker == voltstream ]]; then
    "$INFRA_DIR/bin/cluster-start.sh" 3 >/dev/null
  else
    "$INFRA_DIR/bin/apache-kafka-cluster-start.sh" 3 >/dev/null
  fi
}

# Stops broker $1 with SIGTERM and starts it again; returns once it serves (ours: logged that it started; Kafka's:
# answers Metadata listing all brokers).
restart_broker() {
  local i=$1 pid
  if [[ $broker == voltstream ]]; then
    "$INFRA_DIR/bin/cluster-stop.sh" "$i" 2>/dev/null
    log "broker $i stopped"
    local bout=$dir/broker-$i/broker.out
    mv "$bout" "$bout.before-restart"
    : >"$bout"
    pid=$(VOLTSTREAM_DAEMON_OUT=$bout "$INFRA_DIR/bin/broker-start.sh" -daemon "$dir/broker-$i/server.properties" 7>&-)
    echo "$pid" >"$dir/broker-$i/broker.pid"
    echo "$pid" >>"$dir/pids"
    until grep -q "Voltstream broker started" "$bout"; do
      [[ -d /proc/$pid ]] || die "broker $i (PID $pid) exited; see $bout"
      sleep 0.2
    done
  else
    pid=$(sed -n "${i}p" "$dir/pids")
    "$INFRA_DIR/bin/apache-kafka-stop.sh" --pid "$pid" >/dev/null
    log "broker $i stopped"
    mv "$dir/node-$i/kafka.out" "$dir/node-$i/kafka.out.before-restart"
    KAFKA_LOG4J_OPTS=$server_log4j nohup "$INFRA_DIR/bin/kafka-run-class.sh" kafka.Kafka "$dir/node-$i/server.properties" \
      >"$dir/node-$i/kafka.out" 2>&1 </dev/null 7>&- &
    pid=$!
    sed -i "${i}s/.*/$pid/" "$dir/pids"
    until kafka_metadata_ready 127.0.0.1 "$((base + i - 1))" 3; do
      [[ -d /proc/$pid ]] || die "node $i (PID $pid) exited; see $dir/node-$i/kafka.out"
      sleep 0.2
    done
  fi
  log "broker $i serves again (PID $pid)"
}

# Kafka: node 4 as broker and controller, formatted with the cluster's id and no initial voters, started (it
# follows the quorum as an observer), then made a voter with kafka-metadata-quorum.sh add-controller (KIP-853).
add_kafka_voter() {
  local ndir=$dir/node-4 cluster_id endpoints="PLAINTEXT://127.0.0.1:$((base + 3)),CONTROLLER://127.0.0.1:$((base + 103))"
  mkdir -p "$ndir"
  sed -e 's/^node.id=.*/node.id=4/' -e "s#^listeners=.*#listeners=$endpoints#" \
    -e "s#^advertised.listeners=.*#advertised.listeners=$endpoints#" \
    -e "s#^log.dirs=.*#log.dirs=$ndir/data#" "$dir/node-1/server.properties" >"$ndir/server.properties"
  cluster_id=$(sed -n 's/^cluster.id=//p' "$dir/node-1/data/meta.properties")
  "$INFRA_DIR/bin/kafka-storage.sh" format -t "$cluster_id" -c "$ndir/server.properties" --no-initial-controllers \
    >"$ndir/format.out" 2>&1 || { cat "$ndir/format.out" >&2; die "formatting node 4 failed"; }
  KAFKA_LOG4J_OPTS=$server_log4j nohup "$INFRA_DIR/bin/kafka-run-class.sh" kafka.Kafka "$ndir/server.properties" \
    >"$ndir/kafka.out" 2>&1 </dev/null 7>&- &
  echo $! >>"$dir/pids"
  until kafka_metadata_ready 127.0.0.1 "$((base + 3))" 4; do
    [[ -d /proc/$! ]] || die "node 4 exited; see $ndir/kafka.out"
    sleep 0.2
  done
  # Kafka answers NOT_LEADER_OR_FOLLOWER while its quorum settles (e.g. after the rolling restart): retried
  retry_kafka_quorum_change "add-controller 4" "$INFRA_DIR/bin/kafka-metadata-quorum.sh" --bootstrap-server "$bootstrap" \
    --command-config "$ndir/server.properties" add-controller
}

# Runs a kafka-metadata-quorum.sh change ($1 names it) until it succeeds, for at most 60 s.
retry_kafka_quorum_change() {
  local what=$1 deadline=$((SECONDS + 60))
  shift
  until "$@" >>"$run_out/steps.txt" 2>&1 7>&-; do
    ((SECONDS < deadline)) || die "$what failed for 60 s; see $run_out/steps.txt"
    log "$what refused; retrying"
    sleep 1
  done
}

# Kafka: broker 1 leaves the quorum (remove-controller, by its metadata directory id), stops, and is unregistered.
remove_kafka_voter_1() {
  local directory_id pid
  directory_id=$(sed -n 's/^directory.id=//p' "$dir/node-1/data/meta.properties")
  retry_kafka_quorum_change "remove-controller 1" "$INFRA_DIR/bin/kafka-metadata-quorum.sh" \
    --bootstrap-server "$bootstrap" remove-controller --controller-id 1 --controller-directory-id "$directory_id"
  log "broker 1 left the quorum"
  pid=$(sed -n 1p "$dir/pids")
  "$INFRA_DIR/bin/apache-kafka-stop.sh" --pid "$pid" >/dev/null
  sed -i 1d "$dir/pids"
  log "broker 1 stopped"
  "$INFRA_DIR/bin/kafka-cluster.sh" unregister --bootstrap-server "$bootstrap" --id 1 >>"$run_out/steps.txt" 2>&1 7>&- \
    || die "unregistering broker 1 failed; see $run_out/steps.txt"
}

# Kafka's documented path: generate a plan onto brokers 2-4 for every topic, execute it, verify until complete.
move_off_kafka_broker_1() {
  local topics plan=$run_out/reassignment.json
  topics=$("$INFRA_DIR/bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --list --exclude-internal 2>/dev/null \
    | sed 's/.*/{"topic":"&"}/' | paste -sd, -)
  echo "{\"version\":1,\"topics\":[$topics]}" >"$run_out/topics-to-move.json"
  "$INFRA_DIR/bin/kafka-reassign-partitions.sh" --bootstrap-server "$bootstrap" --generate \
    --topics-to-move-json-file "$run_out/topics-to-move.json" --broker-list 2,3,4 2>/dev/null \
    | sed -n '/Proposed partition reassignment configuration/{n;p}' >"$plan"
  [[ -s $plan ]] || die "kafka-reassign-partitions.sh --generate gave no plan"
  "$INFRA_DIR/bin/kafka-reassign-partitions.sh" --bootstrap-server "$bootstrap" --execute \
    --reassignment-json-file "$plan" >"$run_out/reassign-execute.txt" 2>&1
  until "$INFRA_DIR/bin/kafka-reassign-partitions.sh" --bootstrap-server "$bootstrap" --verify \
    --reassignment-json-file "$plan" >"$run_out/reassign-verify.txt" 2>&1 \
    && ! grep -q "in progress" "$run_out/reassign-verify.txt"; do
    sleep 1
  done
}

decommission() {
  if [[ $broker == voltstream ]]; then
    "$INFRA_DIR/bin/cluster-start.sh" --add 4 --voter >/dev/null 2>>"$run_out/steps.txt" 7>&-
    log "broker 4 joined as a voter"
    "$INFRA_DIR/bin/cluster-decommission.sh" 1 >>"$run_out/steps.txt" 2>&1
    log "broker 1 decommissioned"
  else
    add_kafka_voter
    log "broker 4 joined as a voter"
    move_off_kafka_broker_1
    log "every replica moved off broker 1"
    remove_kafka_voter_1
    log "broker 1 decommissioned"
  fi
}

# The probe's control pipe is fd 7; brokers started while it is open are started with 7>&- so that they do not hold it.
window() { echo "$1 $2" >&7; log "probe: $1 $2"; }
await_window_line() {
  until grep -q "^WINDOW $1 " "$run_out/probe.out"; do
    kill -0 "$probe_pid" 2>/dev/null || die "the probe exited; see $run_out/probe.out"
    sleep 0.1
  done
}

for run in $(seq "$runs"); do
for b in "${brokers[@]}"; do
  select_broker "$b"
  run_out=$out/$broker-run-$run
  mkdir -p "$run_out"
  log "$broker run $run: load average $(cut -d' ' -f1-3 /proc/loadavg), starting a 3-broker cluster"
  start_cluster
  mkfifo "$run_out/control"
  driver probe "$bootstrap" "$topic" "$partitions" <"$run_out/control" >"$run_out/probe.out" 2>"$run_out/probe.err" &
  probe_pid=$!
  exec 7>"$run_out/control"
  until grep -q '^READY' "$run_out/probe.out"; do
    kill -0 "$probe_pid" 2>/dev/null || die "the probe exited; see $run_out/probe.err"
    sleep 0.2
  done
  log "probe running"
  window begin baseline
  sleep 10 # the baseline window: ten seconds of an undisturbed cluster under the probe
  window end baseline
  await_window_line baseline

  window begin rolling-restart
  for i in 1 2 3; do
    restart_broker "$i"
    log "every ISR full after $(driver await-isr "$bootstrap" 3 2>>"$run_out/await-isr.err") ms more"
  done
  window end rolling-restart
  await_window_line rolling-restart

  window begin decommission
  decommission
  log "no replica on broker 1, every ISR full after $(driver await-isr "$bootstrap" 3 1 2>>"$run_out/await-isr.err") ms more"
  window end decommission
  await_window_line decommission

  window finish now
  exec 7>&-
  status=0
  wait "$probe_pid" || status=$?
  probe_pid=
  log "probe: $(grep '^VERDICT' "$run_out/probe.out" || echo 'no verdict')"
  for f in "$dir"/*/broker.out* "$dir"/*/kafka.out*; do
    [[ -f $f ]] && cp "$f" "$run_out/$(basename "$(dirname "$f")")-$(basename "$f")"
  done
  cleanup
  log "load average $(cut -d' ' -f1-3 /proc/loadavg)"
  if ((status != 0)); then
    log "run $run of $broker: acknowledged records lost, duplicated or out of order (see $run_out)"
    failed=1
  fi
done
done

# The summary of each broker kind: a line per run, then the medians over the runs.
for broker in "${brokers[@]}"; do
summary=$out/$broker-summary.txt
{
  echo "$broker, $runs run(s), $partitions partitions, RF 3, min.insync.replicas=2, a write to every partition every 20 ms"
  echo "(ms: the longest gap between two acknowledged writes of a partition in the window; s: the window's duration)"
  for run in $(seq "$runs"); do
    sed -n 's/^WINDOW \([^ ]*\) duration_ms=\([0-9]*\) max_ms=\([0-9]*\) median_ms=\([0-9]*\).*/\1 \2 \3 \4/p' \
      "$out/$broker-run-$run/probe.out" | tr '\n' ' '
    sed -n 's/^VERDICT \(.*\)/\1/p' "$out/$broker-run-$run/probe.out"
  done | awk '
    function median(a, n,   i, j, t) {
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    BEGIN { printf "%-6s %9s %12s %15s %10s %10s %13s %8s  %s\n", "run", "baseline", "rolling max", "rolling median",
      "rolling s", "decom max", "decom median", "decom s", "read back" }
    {
      n++; b[n] = $3; rm[n] = $7; rmed[n] = $8; rs[n] = $6 / 1000; dm[n] = $11; dmed[n] = $12; ds[n] = $10 / 1000
      v = ""; for (i = 13; i <= NF; i++) v = v " " $i
      printf "%-6s %9d %12d %15d %10.1f %10d %13d %8.1f %s\n", n, b[n], rm[n], rmed[n], rs[n], dm[n], dmed[n], ds[n], v
    }
    END { if (n) printf "%-6s %9d %12d %15d %10.1f %10d %13d %8.1f\n", "median", median(b, n), median(rm, n),
      median(rmed, n), median(rs, n), median(dm, n), median(dmed, n), median(ds, n) }'
} | tee "$summary"
done
echo "Reports and broker logs in $out" >&2
((failed == 0)) || die "a run lost, duplicated or reordered acknowledged records: see the VERDICT lines above"
