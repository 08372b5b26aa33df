#!/usr/bin/env bash
# The log cleaner side by side with Apache Kafka 4.1.2 (issue #18): for each run a fresh single-node broker, ours and
# Kafka's alternately, gets CLEANER_BENCH_MB MB of CLEANER_BENCH_KEYS distinct keys (values of 100..1024 B) in a
# 1-partition topic with 16 MiB segments and cleanup.policy=delete (nothing cleaned while it fills); the topic is then
# turned to cleanup.policy=compact and the time until the cleaner's checkpoint reaches the active segment is measured
# (MB/s: bytes of the rolled segments, all but the active one, over that time), with the size of the partition's .log
# files before and after, and the p99 latency of a concurrent acks=all producer
# (200 x 512 B records/s to another topic) for 10 s before and during the compaction (infra/load/cleaner-bench/
# CleanerBench.java). Both brokers run with the same cleaner settings: Kafka's defaults (1 thread, 128 MiB dedupe
# buffer, no I/O throttle) but log.cleaner.backoff.ms=1000 on both (the default 15 s would add up to 15 s of idle
# waiting before the first pass). Prints one line per run and the medians; "pass" is the cleaning pass alone, as each
# broker logs it (the compaction time less the wait for the cleaner to pick the log up).
# With CLEANER_BENCH_PROBE=throughput the concurrent producer is unpaced instead (acks=all, 512 B records, linger 5 ms,
# as fast as the broker acknowledges) and its records/s before and during the compaction are reported: produce
# throughput while the cleaner runs, both contending for the same cores.
#
# usage: cleaner-bench.sh [--broker kafka|voltstream] [RUNS (default 3)]
#        without --broker both brokers run, alternating run by run, in the same window
# env:   CLEANER_BENCH_MB (200), CLEANER_BENCH_KEYS (10000), CLEANER_BENCH_PROBE (latency|throughput), BENCH_HEAP_OPTS (-Xmx1g, both brokers),
#        BENCH_VOLTSTREAM_PORT (29092), BENCH_KAFKA_PORT (29192; its controller uses +1), BENCH_WORK_ROOT (/tmp)
# Everything listens on 127.0.0.1 only; brokers are stopped by PID at the end of each run and on exit.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

BIN=$INFRA_DIR/bin
parse_bench_args 3 "$@"
brokers=("${BENCH_BROKERS[@]}")
runs=$BENCH_RUNS
mb=${CLEANER_BENCH_MB:-200}
# The topic's segments are 16 MiB and the active one is never cleaned: below two segments nothing would ever be
# compacted, and the run would wait for a cleaner checkpoint that never comes.
[[ $mb =~ ^[0-9]+$ ]] && ((mb >= 40)) || die "CLEANER_BENCH_MB must be at least 40 (16 MiB segments; the active one is never cleaned), was $mb"
keys=${CLEANER_BENCH_KEYS:-10000}
probe=${CLEANER_BENCH_PROBE:-latency}
[[ $probe == latency || $probe == throughput ]] || die "CLEANER_BENCH_PROBE takes latency|throughput"
if [[ $probe == throughput ]]; then probe_fmt='producer %.0f records/s before, %.0f during'
else probe_fmt='producer p99 %.1f ms before, %.1f ms during'; fi
HEAP=${BENCH_HEAP_OPTS:--Xmx1g}
BACKOFF_MS=1000
declare -A PORT=([voltstream]=${BENCH_VOLTSTREAM_PORT:-29092} [kafka]=${BENCH_KAFKA_PORT:-29192})
ensure_kafka_classpath
[[ " ${brokers[*]} " == *" voltstream "* ]] && ensure_broker_jar
WORK=$(mktemp -d "${BENCH_WORK_ROOT:-/tmp}/voltstream-cleaner-bench.XXXXXX")
RESULTS=$WORK/results.txt
BROKER_PID=
cleanup() {
  if [[ -n $BROKER_PID ]]; then terminate_and_wait "$BROKER_PID" 60 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# Starts broker $1 on the fresh directory $2 in the background (BROKER_PID) and waits until it answers Metadata.
start_broker() {
  local b=$1 dir=$2 port=${PORT[$1]}
  mkdir -p "$dir"
  if [[ $b == kafka ]]; then
    "$BIN/apache-kafka-start.sh" --dir "$dir" --port "$port" --format-only
    KAFKA_HEAP_OPTS=$HEAP "$BIN/apache-kafka-start.sh" --dir "$dir" --port "$port" \
      --override "log.cleaner.backoff.ms=$BACKOFF_MS" >"$dir/broker.out" 2>&1 </dev/null &
  else
    cat >"$dir/server.properties" <<PROPS
listeners=PLAINTEXT://127.0.0.1:$port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
log.dirs=$dir/data
node.id=1
num.partitions=1
log.cleaner.backoff.ms=$BACKOFF_MS
PROPS
    VOLTSTREAM_HEAP_OPTS=$HEAP "$BIN/broker-start.sh" "$dir/server.properties" >"$dir/broker.out" 2>&1 </dev/null &
  fi
  BROKER_PID=$! # both start scripts exec java: this is the broker JVM
  await_bench_broker "$b" "$BROKER_PID" "$port" "$dir/broker.out"
}

# The time the cleaning pass(es) of the topic took by the broker's own log (without the wait for the cleaner to notice
# the new policy): Kafka's "N MB of log processed in S seconds", ours "Cleaned <tp> up to offset ...: ... in N ms".
pass_seconds() {
  if [[ $1 == kafka ]]; then
    grep -A1 "cleaned log cleaner-bench-0 " "$2" | grep -o "processed in [0-9.]* seconds" | awk '{ s += $3 } END { print s + 0 }'
  else
    grep -o "Cleaned cleaner-bench-0 up to offset .* kept in [0-9]* ms" "$2" | awk '{ s += $(NF - 1) } END { print s / 1000 }'
  fi
}

log "load average: $(cut -d' ' -f1-3 /proc/loadavg); $mb MB, $keys keys, $runs run(s) of: ${brokers[*]}"
for r in $(seq "$runs"); do
  order=("${brokers[@]}")
  if ((${#brokers[@]} == 2 && r % 2 == 0)); then order=(kafka voltstream); fi
  for b in "${order[@]}"; do
    dir=$WORK/$b-$r
    start_broker "$b" "$dir"
    line=$(timeout 900 java -cp "$(cat "$KAFKA_CLASSPATH_FILE")" "$INFRA_DIR/load/cleaner-bench/CleanerBench.java" \
      "127.0.0.1:${PORT[$b]}" "$dir/data" "$mb" "$keys" "$probe" 2>"$dir/driver.err") \
      || { tail -20 "$dir/driver.err" >&2; die "$b run $r failed"; }
    terminate_and_wait "$BROKER_PID" 60 || log "$b needed SIGKILL"
    BROKER_PID=
    read -r fill before after compact p99base p99compact records cleanable <<<"$line"
    echo "$b $r $fill $before $after $compact $p99base $p99compact $records $(cut -d' ' -f1 /proc/loadavg) $cleanable" \
      "$(pass_seconds "$b" "$dir/broker.out")" >>"$RESULTS"
    awk -v pf="$probe_fmt" '{ printf "%s run %d: filled in %.1f s; %.1f MB -> %.1f MB on disk; compacted in %.2f s (%.1f MB of rolled segments: %.1f MB/s; the pass itself %.2f s); " pf "; load %s\n", $1, $2, $3, $4 / 1048576, $5 / 1048576, $6, $11 / 1048576, $11 / 1048576 / $6, $12, $7, $8, $10 }' <<<"$(tail -1 "$RESULTS")"
    rm -rf "$dir/data"
  done
done

echo "medians over $runs run(s) ($mb MB, $keys keys, $probe probe; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)):"
for b in "${brokers[@]}"; do
  col() { awk -v b="$b" -v c="$1" '$1 == b { print $c }' "$RESULTS" | median; }
  printf "%-10s compact %.2f s (pass %.2f s), %.1f MB/s of rolled segments; %.1f MB -> %.1f MB on disk; $probe_fmt\n" "$b" \
    "$(col 6)" "$(col 12)" "$(awk -v b="$b" '$1 == b { print $11 / 1048576 / $6 }' "$RESULTS" | median)" \
    "$(awk -v b="$b" '$1 == b { print $4 / 1048576 }' "$RESULTS" | median)" \
    "$(awk -v b="$b" '$1 == b { print $5 / 1048576 }' "$RESULTS" | median)" "$(col 7)" "$(col 8)"
done
