#!/usr/bin/env bash
# Client byte-rate quotas over a minute, side by side with Apache Kafka 4.1.2 (issue #19: "quotas throttle a producer
# to within 10 % of its quota over a minute"). Per run and broker (ours and Kafka's alternately, each a fresh single
# node with its default quota windows, quota.window.num 11 x 1 s), quota-bench/QuotaBench.java sets
# producer_byte_rate=QUOTA for two client ids and consumer_byte_rate=QUOTA for a third, fills a topic for the
# consumer, then runs at once: a stock Java producer with acks=all and one with acks=1 (default max.in.flight 5,
# 16 KiB batches, 1 KiB records sent flat out, one partition each) and a stock consumer (assigned, no group) reading
# the filled topic. Each client's bytes on the wire are measured over QUOTA_BENCH_SECONDS from its first throttle,
# when the quota window's first burst (which Kafka lets through) is spent — on a loaded machine that can take longer
# than any fixed warm-up: the producers' outgoing-byte-total (the Produce request sizes the broker meters) and the
# consumer's incoming-byte-total (the Fetch responses). QUOTA_BENCH_WARMUP bounds the wait for the first throttle.
# Prints each run's achieved/quota per client and broker, then the medians.
#
# usage: quota-bench.sh [--broker kafka|voltstream] [RUNS (default 3)]
# env:   QUOTA_BENCH_QUOTA (1048576 bytes/s), QUOTA_BENCH_WARMUP (15 s; the run gives up after twice it and the
#        measurement), QUOTA_BENCH_SECONDS (60),
#        QUOTA_BENCH_TRACE (set: every client's bytes per second on stderr),
#        BENCH_HEAP_OPTS (-Xmx1g, both brokers), BENCH_VOLTSTREAM_PORT (29892), BENCH_KAFKA_PORT (29992; controller +1),
#        BENCH_WORK_ROOT (/tmp)
# Everything listens on 127.0.0.1 only; brokers are stopped by PID after each case and on exit.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

parse_bench_args 3 "$@"
brokers=("${BENCH_BROKERS[@]}")
runs=$BENCH_RUNS
quota=${QUOTA_BENCH_QUOTA:-1048576}
warmup=${QUOTA_BENCH_WARMUP:-15}
seconds=${QUOTA_BENCH_SECONDS:-60}
HEAP=${BENCH_HEAP_OPTS:--Xmx1g}
declare -A PORT=([voltstream]=${BENCH_VOLTSTREAM_PORT:-29892} [kafka]=${BENCH_KAFKA_PORT:-29992})
ensure_kafka_classpath
if [[ " ${brokers[*]} " == *" voltstream "* ]]; then ensure_broker_jar; fi
BENCH_CP=$(cat "$KAFKA_CLASSPATH_FILE")
TRACE=(); [[ -n ${QUOTA_BENCH_TRACE:-} ]] && TRACE=(-Dquota.bench.trace=true)
bench_workdir quota-bench

log "load average: $(cut -d' ' -f1-3 /proc/loadavg); quota $quota bytes/s, $seconds s measured from each client's" \
  "first throttle, $runs run(s) of: ${brokers[*]}"
for r in $(seq "$runs"); do
  order=("${brokers[@]}")
  if ((${#brokers[@]} == 2 && r % 2 == 0)); then order=(kafka voltstream); fi
  for b in "${order[@]}"; do
    dir=$WORK/$b-$r
    start_bench_broker "$b" "$dir" "${PORT[$b]}" "$HEAP"
    # "<client> <bytes/s> <quota> <ratio>", one line per client
    out=$(java "${TRACE[@]}" -cp "$BENCH_CP" "$INFRA_DIR/load/quota-bench/QuotaBench.java" run "127.0.0.1:${PORT[$b]}" \
      "$quota" "$warmup" "$seconds" 2> >(grep -v ' INFO \| WARN ' >&2)) || die "$b run $r: the quota bench failed"
    while read -r client rate _ ratio; do
      echo "$b $r $client $rate $ratio" >>"$RESULTS"
      log "$b run $r $client: $rate bytes/s, $ratio x the quota"
    done <<<"$out"
    terminate_and_wait "$BROKER_PID" 60 || log "$b needed SIGKILL"
    BROKER_PID=
    rm -rf "$dir"
  done
done

echo "medians over $runs run(s) of achieved bytes/s over the quota ($quota bytes/s, $seconds s from the first throttle;" \
  "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)):"
for b in "${brokers[@]}"; do
  for c in producer-acks-all producer-acks-1 consumer; do
    awk -v b="$b" -v c="$c" '$1 == b && $3 == c { print $5 }' "$RESULTS" | median \
      | xargs printf "%-10s %-18s %.3f\n" "$b" "$c"
  done
done
echo "every run: broker run client bytes/s achieved/quota"
cat "$RESULTS"
