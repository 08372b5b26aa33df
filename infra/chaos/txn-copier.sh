#!/usr/bin/env bash
# Exactly-once copy under SIGKILL, as Apache Kafka's transactions_test does it: a 3-broker Voltstream cluster (real
# processes, infra/bin/cluster-start.sh), an input topic seeded with the integers 0..N-1 (keyed, so spread over its
# partitions) by kafka-console-producer.sh, and
# one Kafka TransactionalMessageCopier (kafka-tools: consume-transform-produce, read_committed, offsets committed with
# sendOffsetsToTransaction) per input partition copying it to an output topic, while a nemesis SIGKILLs the broker
# coordinating a copier's transactional id, then the leader of an output partition, in turn, restarting each victim
# before the next kill. Then the output is read with read_committed (kafka-console-consumer.sh) and must equal the
# input exactly: every record once, none twice, nothing else. See docs/reliability.md ("Transactions under SIGKILL").
#
# usage: txn-copier.sh [--messages N] [--kills K] [--interval S] [--transaction-size T] [--report FILE]
#   --messages N          records to copy (default 50000)
#   --kills K             SIGKILLs while the copiers run (default 6; fewer if they finish first)
#   --interval S          seconds between a victim's restart and the next kill (default 4)
#   --transaction-size T  records per copier transaction (default 20)
#   --report FILE         where the report goes (default /tmp/voltstream-txn-copier-<date>.txt)
# env: VOLTSTREAM_CLUSTER_DIR (default /tmp/voltstream-txn-copier), VOLTSTREAM_CLUSTER_PORT (default 19600): the
#      cluster's dir and first port, as for cluster-start.sh. Every process started here is stopped by its PID.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

messages=50000 kills=6 interval=4 txn_size=20 report=/tmp/voltstream-txn-copier-$(date +%Y%m%d-%H%M%S).txt
while [[ $# -gt 0 ]]; do
  case $1 in
    --messages) messages=$2; shift 2 ;;
    --kills) kills=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --transaction-size) txn_size=$2; shift 2 ;;
    --report) report=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
for n in "$messages" "$kills" "$interval" "$txn_size"; do
  [[ $n =~ ^[0-9]+$ ]] || die "not a number: $n"
done

export VOLTSTREAM_CLUSTER_DIR=${VOLTSTREAM_CLUSTER_DIR:-/tmp/voltstream-txn-copier}
export VOLTSTREAM_CLUSTER_PORT=${VOLTSTREAM_CLUSTER_PORT:-19600}
export VOLTSTREAM_CLUSTER_CONSOLE=0
dir=$VOLTSTREAM_CLUSTER_DIR
bin=$INFRA_DIR/bin
partitions=3
copier_pids=()

cleanup() {
  local pid
  for pid in "${copier_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  "$bin/cluster-stop.sh" >/dev/null 2>&1 || true
}
trap cleanup EXIT

log() { echo "$(date +%T) $*" | tee -a "$report" >&2; }

# The PID of broker $1 among those recorded in $dir/pids.
broker_pid() {
  local p
  while read -r p; do
    if [[ -d /proc/$p && $(process_cmdline "$p") == *"broker-$1/server.properties"* ]]; then
      echo "$p"
      return
    fi
  done <"$dir/pids"
}

# SIGKILLs broker $1, then starts it again and waits until it serves and every partition is fully replicated.
kill_and_restart() {
  local id=$1 pid started
  pid=$(broker_pid "$id")
  [[ -n $pid ]] || die "broker $id is not running"
  kill -KILL "$pid"
  while [[ -d /proc/$pid ]]; do sleep 0.1; done
  sleep 2 # let the cluster notice (broker.session.timeout.ms) and move leaderships, as after a crash
  started=$(grep -c "Voltstream broker started" "$dir/broker-$id/broker.out" || true)
  VOLTSTREAM_NO_BUILD=1 VOLTSTREAM_DAEMON_OUT=$dir/broker-$id/broker.out "$bin/broker-start.sh" -daemon \
    "$dir/broker-$id/server.properties" >>"$dir/pids"
  until (($(grep -c "Voltstream broker started" "$dir/broker-$id/broker.out" || true) > started)); do sleep 0.5; done
  until [[ -z $("$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --describe --under-replicated-partitions \
    2>/dev/null) ]]; do sleep 1; done
}

# Records copied so far by all copiers (the last totalProcessed each printed).
progress() {
  local f sum=0 n
  for f in "$dir"/copier-*.out; do
    n=$(grep -o '"totalProcessed":[0-9]*' "$f" 2>/dev/null | tail -1 | cut -d: -f2)
    sum=$((sum + ${n:-0}))
  done
  echo "$sum"
}

copiers_running() {
  local pid
  for pid in "${copier_pids[@]}"; do
    [[ -d /proc/$pid ]] && return 0
  done
  return 1
}

# A fresh cluster every run: the dir is wiped, but only one this script made, and never while a cluster runs there.
if [[ -e $dir ]]; then
  [[ -f $dir/.txn-copier ]] || die "$dir exists and was not made by $(basename "$0"); choose another VOLTSTREAM_CLUSTER_DIR"
  if [[ -s $dir/pids ]]; then
    while read -r p; do
      [[ -d /proc/$p ]] && die "a cluster from $dir is running (PID $p): stop it with cluster-stop.sh first"
    done <"$dir/pids"
  fi
  rm -rf "$dir"
fi
mkdir -p "$dir"
touch "$dir/.txn-copier"
: >"$report"
log "txn-copier: $messages records, $kills kills, cluster in $dir from port $VOLTSTREAM_CLUSTER_PORT"
bootstrap=$("$bin/cluster-start.sh" 3)
for topic in copy-input copy-output; do
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --topic "$topic" --partitions $partitions \
    --replication-factor 3 --config min.insync.replicas=2 >/dev/null
done
seq 0 $((messages - 1)) | awk '{ print $1 ":" $1 }' | "$bin/kafka-console-producer.sh" --bootstrap-server "$bootstrap" \
  --topic copy-input --property parse.key=true --property key.separator=: --producer-property acks=all >/dev/null
start=$SECONDS
for ((p = 0; p < partitions; p++)); do
  "$bin/kafka-run-class.sh" org.apache.kafka.tools.TransactionalMessageCopier --broker-list "$bootstrap" \
    --input-topic copy-input --input-partition "$p" --output-topic copy-output --transactional-id "copier-$p" \
    --consumer-group "copier-$p" --max-messages "$messages" --transaction-size "$txn_size" \
    --transaction-timeout 60000 --use-group-metadata >"$dir/copier-$p.out" 2>&1 &
  copier_pids+=($!)
done

# The first kill only once copying is under way.
while copiers_running && (($(progress) == 0)); do sleep 0.2; done
done_kills=0
while ((done_kills < kills)) && copiers_running && (($(progress) < messages)); do
  ((done_kills == 0)) || sleep "$interval"
  copiers_running && (($(progress) < messages)) || break
  copier=copier-$((done_kills % partitions))
  if ((done_kills % 2 == 0)); then
    role="transaction coordinator of $copier"
    victim=$("$bin/kafka-transactions.sh" --bootstrap-server "$bootstrap" describe --transactional-id "$copier" \
      2>/dev/null | awk 'NR == 2 { print $1 }')
  else
    role="leader of copy-output-$((done_kills % partitions))"
    victim=$("$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --describe --topic copy-output 2>/dev/null \
      | awk -v p="$((done_kills % partitions))" '$3 == "Partition:" && $4 == p { print $6 }')
  fi
  [[ $victim =~ ^[1-3]$ ]] || { log "no victim found for the $role (got '$victim'); retrying"; continue; }
  log "kill $((done_kills + 1)): SIGKILL broker $victim, the $role ($(progress) of $messages copied)"
  kill_and_restart "$victim"
  done_kills=$((done_kills + 1))
done

status=0
for ((p = 0; p < partitions; p++)); do
  wait "${copier_pids[$p]}" || { status=$?; log "copier-$p failed (exit $status): see $dir/copier-$p.out"; }
done
copy_seconds=$((SECONDS - start))
"$bin/kafka-console-consumer.sh" --bootstrap-server "$bootstrap" --topic copy-output --from-beginning \
  --isolation-level read_committed --timeout-ms 20000 >"$dir/output.txt" 2>/dev/null || true
seq 0 $((messages - 1)) >"$dir/expected.txt"
total=$(wc -l <"$dir/output.txt")
unique=$(sort -un "$dir/output.txt" | wc -l)
missing=$(comm -23 <(sort "$dir/expected.txt") <(sort -u "$dir/output.txt") | wc -l)
extra=$(comm -13 <(sort "$dir/expected.txt") <(sort -u "$dir/output.txt") | wc -l)
log "copied in ${copy_seconds}s with $done_kills SIGKILLs; output read_committed: $total records, $unique distinct," \
  "$((total - unique)) duplicates, $missing missing, $extra unexpected"
if ((status != 0 || total != messages || unique != messages || missing != 0 || extra != 0)); then
  log "RESULT: FAILED"
  exit 1
fi
log "RESULT: output equals input exactly once"
