#!/usr/bin/env bash
# Benchmarks the Voltstream broker against the reference Apache Kafka (same machine, same client tools, same JVM
# heap), alternating between the two brokers case by case, and writes a markdown report of medians and ratios.
#
# usage: broker-bench.sh [--quick] [--only voltstream|kafka] [--repeats N] [--cases LIST] [--out FILE] [--keep]
#   --quick        1 repeat and 1/10 of the record counts: a smoke test of the harness, NOT a result to publish
#   --only B       benchmark one broker only (no ratios); handy while developing
#   --repeats N    runs per case and broker (default 3; medians are reported)
#   --cases LIST   comma-separated subset of: ready,produce,consume,e2e,txn (default: all but txn)
#   --out FILE     report file; default docs/benchmarks.md for a full run of both brokers, else
#                  /tmp/voltstream-bench-<date>.md (quick and single-broker runs never overwrite docs/benchmarks.md
#                  unless asked to with --out)
#   --keep         keep the work directory (broker data and every tool's output) instead of deleting it
# env: BENCH_VOLTSTREAM_PORT (29092), BENCH_KAFKA_PORT (29192; its controller uses +1),
#      BENCH_HEAP_OPTS (-Xmx1g, given to both brokers), BENCH_VOLTSTREAM_PROPS (extra properties file appended to
#      the generated Voltstream server.properties), BENCH_WORK_ROOT (/tmp)
#
# What is measured (Kafka's own tools, run through infra/bin):
#   ready    launch of the JVM -> first Metadata answer listing a broker (polled over a raw socket every ~20 ms);
#            Kafka's storage is formatted beforehand and not counted. Also SIGTERM -> process exit.
#   produce  ProducerPerformance, --throughput -1: 1,000,000 x 100 B and 500,000 x 1 KB, acks=1 and acks=all,
#            topics of 1 and 3 partitions.
#   consume  ConsumerPerformance, 1,000,000 x 100 B from earliest, a new consumer group per run, 1 and 3 partitions.
#   e2e      EndToEndLatency, 10,000 x 100 B one at a time, acks=1 and acks=all: average and p99 in ms.
#   txn      (only when asked for) transactions: ProducerPerformance 1,000,000 x 100 B to 3 partitions with acks=all,
#            plain and transactional (--transactional-id, 100 ms transactions), then ConsumerPerformance with
#            isolation.level=read_committed over the transactional topic: what transactions cost on each broker.
#   memory   VmRSS and VmHWM (peak RSS) of each broker from /proc/<pid>/status after all runs, and the CPU time each
#            broker process used over the whole workload.
# Everything listens on 127.0.0.1 only. Each tool run is bounded by `timeout`; brokers are stopped by PID on exit.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

BIN=$INFRA_DIR/bin
repeats=
quick=false
only=
cases=ready,produce,consume,e2e
out=
keep=false
orig_args=("$@")
while (($#)); do
  case $1 in
    --quick) quick=true ;;
    --only) only=$2; shift ;;
    --repeats) repeats=$2; shift ;;
    --cases) cases=$2; shift ;;
    --out) out=$2; shift ;;
    --keep) keep=true ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done
case $only in
  "") brokers=(voltstream kafka) ;;
  voltstream | kafka) brokers=("$only") ;;
  *) die "--only takes voltstream or kafka" ;;
esac
if $quick; then
  repeats=${repeats:-1}
  n_small=100000 n_large=50000 n_consume=100000 n_e2e=1000
else
  repeats=${repeats:-3}
  n_small=1000000 n_large=500000 n_consume=1000000 n_e2e=10000
fi
[[ $repeats =~ ^[1-9][0-9]?$ ]] || die "--repeats takes 1..99"
n_txn=$n_small
has_case() { [[ ,$cases, == *",$1,"* ]]; }
stamp=$(date -u +%Y%m%dT%H%M%SZ)
if [[ -z $out ]]; then
  if ! $quick && ((${#brokers[@]} == 2)); then
    out=$REPO_ROOT/docs/benchmarks.md
  else
    out=/tmp/voltstream-bench-$stamp.md
  fi
fi

declare -A PORT=([voltstream]=${BENCH_VOLTSTREAM_PORT:-29092} [kafka]=${BENCH_KAFKA_PORT:-29192})
declare -A PID=()
HEAP=${BENCH_HEAP_OPTS:--Xmx1g}
WORK=$(mktemp -d "${BENCH_WORK_ROOT:-/tmp}/voltstream-bench.XXXXXX")
RAW=$WORK/results.tsv # case <TAB> broker <TAB> rep <TAB> metric <TAB> value (FAIL when the run failed)
: >"$RAW"
CLK_TCK=$(getconf CLK_TCK)

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
now_us() { echo "${EPOCHREALTIME/./}"; }

stop_broker() {
  local b=$1 pid=${PID[$1]:-}
  [[ -n $pid ]] || return 0
  unset "PID[$b]"
  terminate_and_wait "$pid" 60 || log "$b (PID $pid) needed SIGKILL"
}

TOOL_PID=
cleanup() {
  local b
  # timeout forwards the TERM to the tool it runs.
  if [[ -n $TOOL_PID ]]; then kill -TERM "$TOOL_PID" 2>/dev/null || true; fi
  for b in "${!PID[@]}"; do stop_broker "$b"; done
  if $keep; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Launches broker $1 on a fresh data directory $2 in the background; sets PID[$1] and LAUNCH_US (the launch time
# in µs). Not to be called in a command substitution: the broker must be a child of this shell.
launch_broker() {
  local b=$1 dir=$2 port=${PORT[$1]}
  mkdir -p "$dir"
  if [[ $b == kafka ]]; then
    "$BIN/apache-kafka-start.sh" --dir "$dir" --port "$port" --format-only
    LAUNCH_US=$(now_us)
    KAFKA_HEAP_OPTS=$HEAP "$BIN/apache-kafka-start.sh" --dir "$dir" --port "$port" >"$dir/broker.out" 2>&1 </dev/null &
  else
    {
      echo "listeners=PLAINTEXT://127.0.0.1:$port"
      echo "advertised.listeners=PLAINTEXT://127.0.0.1:$port"
      echo "log.dirs=$dir/data"
      echo "node.id=1"
      echo "num.partitions=1"
      # As for the reference Kafka (apache-kafka-start.sh): no 3 s wait before a new group's first rebalance.
      echo "group.initial.rebalance.delay.ms=0"
      if [[ -n ${BENCH_VOLTSTREAM_PROPS:-} ]]; then cat "$BENCH_VOLTSTREAM_PROPS"; fi
    } >"$dir/server.properties"
    LAUNCH_US=$(now_us)
    VOLTSTREAM_HEAP_OPTS=$HEAP "$BIN/broker-start.sh" "$dir/server.properties" >"$dir/broker.out" 2>&1 </dev/null &
  fi
  # Both start scripts exec java, so $! is the broker JVM itself.
  PID[$b]=$!
}

# Waits (90 s at most) until broker $1 answers Metadata with a broker; prints µs since $2. Fails if it died.
await_ready() {
  local b=$1 t0=$2 deadline=$(($(now_us) + 90000000))
  while ! kafka_metadata_ready 127.0.0.1 "${PORT[$b]}"; do
    kill -0 "${PID[$b]}" 2>/dev/null || { log "$b exited during startup"; return 1; }
    (($(now_us) < deadline)) || { log "$b not ready after 90 s"; return 1; }
    sleep 0.02
  done
  echo $(($(now_us) - t0))
}

record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >>"$RAW"; }

# Runs a tool with a time limit, its output in $WORK/logs/<name>.log; fails on a non-zero exit or a timeout.
run_tool() {
  local name=$1 limit=$2
  shift 2
  mkdir -p "$WORK/logs"
  # In the background and waited for, so that a SIGTERM to this script runs its trap at once (bash delays traps
  # until a foreground child exits) and the cleanup can stop the tool too.
  timeout --kill-after=10 "$limit" "$@" >"$WORK/logs/$name.log" 2>&1 </dev/null &
  TOOL_PID=$!
  if ! wait "$TOOL_PID"; then
    TOOL_PID=
    log "FAILED ($name): $(tail -3 "$WORK/logs/$name.log" | tr '\n' ' ' | cut -c1-300)"
    return 1
  fi
  TOOL_PID=
}

create_topic() {
  local b=$1 topic=$2 partitions=$3
  run_tool "create-$b-$topic" 120 "$BIN/kafka-topics.sh" --bootstrap-server "127.0.0.1:${PORT[$b]}" \
    --create --if-not-exists --topic "$topic" --partitions "$partitions" --replication-factor 1
}

# The order of the brokers for repeat $1: alternate, so neither always runs first (page cache, JIT, thermal).
order_for() {
  if ((${#brokers[@]} == 1)) || (($1 % 2 == 1)); then echo "${brokers[@]}"; else echo "${brokers[1]} ${brokers[0]}"; fi
}

alive() { [[ -n ${PID[$1]:-} ]] && kill -0 "${PID[$1]}" 2>/dev/null; }

bench_ready() {
  local rep b ready t1 dir pid
  for ((rep = 1; rep <= repeats; rep++)); do
    for b in $(order_for "$rep"); do
      dir=$WORK/$b-ready-$rep
      launch_broker "$b" "$dir"
      if ready=$(await_ready "$b" "$LAUNCH_US"); then
        record ready "$b" "$rep" ready_ms "$((ready / 1000))"
        log "ready   $b #$rep: $((ready / 1000)) ms"
      else
        record ready "$b" "$rep" ready_ms FAIL
      fi
      t1=$(now_us)
      pid=${PID[$b]}
      stop_broker "$b"
      if ! kill -0 "$pid" 2>/dev/null; then record ready "$b" "$rep" stop_ms "$((($(now_us) - t1) / 1000))"; fi
      rm -rf "$dir"
    done
  done
}

# ProducerPerformance: case name, record count, record size, partitions, acks, and optionally the duration of
# each transaction in ms (then every run produces in transactions, with a transactional id of its own).
bench_produce() {
  local name=$1 count=$2 size=$3 partitions=$4 acks=$5 txn_ms=${6:-} rep b line re txn
  for b in "${brokers[@]}"; do
    if alive "$b"; then create_topic "$b" "$name" "$partitions" || true; fi
  done
  re='([0-9]+) records sent, ([0-9.]+) records/sec \(([0-9.]+) MB/sec\), ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency, ([0-9]+) ms 50th, ([0-9]+) ms 95th, ([0-9]+) ms 99th'
  for ((rep = 1; rep <= repeats; rep++)); do
    for b in $(order_for "$rep"); do
      alive "$b" || { record "$name" "$b" "$rep" records_per_s FAIL; continue; }
      txn=()
      [[ -n $txn_ms ]] && txn=(--transactional-id "bench-$name-$b-$rep" --transaction-duration-ms "$txn_ms")
      if run_tool "$name-$b-$rep" 600 "$BIN/kafka-producer-perf-test.sh" --topic "$name" --num-records "$count" \
        --record-size "$size" --throughput -1 "${txn[@]}" \
        --producer-props "bootstrap.servers=127.0.0.1:${PORT[$b]}" "acks=$acks" \
        && line=$(grep '99.9th' "$WORK/logs/$name-$b-$rep.log" | tail -1) && [[ $line =~ $re ]] \
        && ((BASH_REMATCH[1] == count)); then
        record "$name" "$b" "$rep" records_per_s "${BASH_REMATCH[2]}"
        record "$name" "$b" "$rep" mb_per_s "${BASH_REMATCH[3]}"
        record "$name" "$b" "$rep" avg_latency_ms "${BASH_REMATCH[4]}"
        record "$name" "$b" "$rep" p99_latency_ms "${BASH_REMATCH[8]}"
        log "produce $name $b #$rep: ${BASH_REMATCH[2]} rec/s, avg ${BASH_REMATCH[4]} ms, p99 ${BASH_REMATCH[8]} ms"
      else
        record "$name" "$b" "$rep" records_per_s FAIL
      fi
    done
  done
}

# ConsumerPerformance with isolation.level=read_committed over a topic written in transactions: case name, topic.
bench_consume_committed() {
  local name=$1 topic=$2 rep b line f config=$WORK/read-committed.properties
  echo "isolation.level=read_committed" >"$config"
  for ((rep = 1; rep <= repeats; rep++)); do
    for b in $(order_for "$rep"); do
      alive "$b" || { record "$name" "$b" "$rep" records_per_s FAIL; continue; }
      if run_tool "$name-$b-$rep" 600 "$BIN/kafka-consumer-perf-test.sh" --bootstrap-server "127.0.0.1:${PORT[$b]}" \
        --topic "$topic" --messages "$n_consume" --group "bench-$name-$rep-$RANDOM" --timeout 30000 --hide-header \
        --consumer.config "$config" \
        && line=$(grep -E '^[0-9]{4}-' "$WORK/logs/$name-$b-$rep.log" | tail -1) && [[ -n $line ]] \
        && ! grep -q 'Exiting before consuming' "$WORK/logs/$name-$b-$rep.log"; then
        IFS=',' read -r -a f <<<"${line// /}"
        record "$name" "$b" "$rep" records_per_s "${f[5]}"
      else
        record "$name" "$b" "$rep" records_per_s FAIL
      fi
    done
  done
}

# ConsumerPerformance from earliest with a new group each run: case name, partitions.
bench_consume() {
  local name=$1 partitions=$2 rep b line f
  for b in "${brokers[@]}"; do
    alive "$b" || continue
    create_topic "$b" "$name" "$partitions" || continue
    run_tool "seed-$name-$b" 600 "$BIN/kafka-producer-perf-test.sh" --topic "$name" --num-records "$n_consume" \
      --record-size 100 --throughput -1 --producer-props "bootstrap.servers=127.0.0.1:${PORT[$b]}" acks=1 || true
  done
  for ((rep = 1; rep <= repeats; rep++)); do
    for b in $(order_for "$rep"); do
      alive "$b" || { record "$name" "$b" "$rep" records_per_s FAIL; continue; }
      # Columns: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
      #          rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
      if run_tool "$name-$b-$rep" 600 "$BIN/kafka-consumer-perf-test.sh" --bootstrap-server "127.0.0.1:${PORT[$b]}" \
        --topic "$name" --messages "$n_consume" --group "bench-$name-$rep-$RANDOM" --timeout 30000 --hide-header \
        && line=$(grep -E '^[0-9]{4}-' "$WORK/logs/$name-$b-$rep.log" | tail -1) && [[ -n $line ]] \
        && ! grep -q 'Exiting before consuming' "$WORK/logs/$name-$b-$rep.log"; then
        IFS=',' read -r -a f <<<"${line// /}"
        record "$name" "$b" "$rep" records_per_s "${f[5]}"
        record "$name" "$b" "$rep" mb_per_s "${f[3]}"
        record "$name" "$b" "$rep" rebalance_ms "${f[6]}"
        record "$name" "$b" "$rep" fetch_records_per_s "${f[9]}"
        log "consume $name $b #$rep: ${f[5]} rec/s (fetch ${f[9]} rec/s, rebalance ${f[6]} ms)"
      else
        record "$name" "$b" "$rep" records_per_s FAIL
      fi
    done
  done
}

# EndToEndLatency, one record at a time: case name, acks.
bench_e2e() {
  local name=$1 acks=$2 rep b avg pct
  for b in "${brokers[@]}"; do
    if alive "$b"; then create_topic "$b" "$name" 1 || true; fi
  done
  for ((rep = 1; rep <= repeats; rep++)); do
    for b in $(order_for "$rep"); do
      alive "$b" || { record "$name" "$b" "$rep" avg_latency_ms FAIL; continue; }
      if run_tool "$name-$b-$rep" 600 "$BIN/kafka-e2e-latency.sh" "127.0.0.1:${PORT[$b]}" "$name" "$n_e2e" "$acks" 100 \
        && avg=$(sed -n 's/^Avg latency: \([0-9.]*\) ms.*/\1/p' "$WORK/logs/$name-$b-$rep.log") && [[ -n $avg ]] \
        && pct=$(sed -n 's/^Percentiles: 50th = \([0-9]*\), 99th = \([0-9]*\), 99.9th = \([0-9]*\).*/\1 \2 \3/p' \
          "$WORK/logs/$name-$b-$rep.log") && [[ -n $pct ]]; then
        read -r -a pct <<<"$pct"
        record "$name" "$b" "$rep" avg_latency_ms "$avg"
        record "$name" "$b" "$rep" p50_latency_ms "${pct[0]}"
        record "$name" "$b" "$rep" p99_latency_ms "${pct[1]}"
        log "e2e     $name $b #$rep: avg $avg ms, p99 ${pct[1]} ms"
      else
        record "$name" "$b" "$rep" avg_latency_ms FAIL
      fi
    done
  done
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null; }

# ---------------------------------------------------------------------------------------------------------------
log "work directory $WORK; brokers: ${brokers[*]}; repeats: $repeats; cases: $cases; report: $out"
ensure_kafka_classpath
if [[ " ${brokers[*]} " == *" voltstream "* ]]; then
  ensure_broker_jar
  # Built once, and copied: every start of the run uses this jar, even if the sources are edited or rebuilt
  # meanwhile (a rebuild replaces the jar under a running broker, which then fails to load classes).
  mkdir -p "$WORK/voltstream-dist"
  cp "$BROKER_JAR" "$WORK/voltstream-dist/"
  cp -r "$(dirname "$BROKER_JAR")/lib" "$WORK/voltstream-dist/"
  export VOLTSTREAM_BROKER_JAR=$WORK/voltstream-dist/$(basename "$BROKER_JAR")
  BROKER_JAR=$VOLTSTREAM_BROKER_JAR
  export VOLTSTREAM_NO_BUILD=1
fi
started=$(date -u '+%Y-%m-%d %H:%M UTC')

# One unmeasured start and stop of each broker: checks that it starts at all, puts both brokers' jars in the page
# cache, and lets broker-start.sh write its class-data-sharing archive, so every measured start is a warm one.
for b in "${brokers[@]}"; do
  launch_broker "$b" "$WORK/$b-warmup"
  await_ready "$b" "$LAUNCH_US" >/dev/null || log "$b failed its warm-up start (see $WORK/$b-warmup/broker.out)"
  stop_broker "$b"
  $keep || rm -rf "$WORK/$b-warmup"
done

has_case ready && bench_ready

if has_case produce || has_case consume || has_case e2e || has_case txn; then
  declare -A CPU0=()
  for b in "${brokers[@]}"; do
    launch_broker "$b" "$WORK/$b"
    if await_ready "$b" "$LAUNCH_US" >/dev/null; then
      CPU0[$b]=$(cpu_ticks "${PID[$b]}")
    else
      log "$b did not start: its cases are recorded as failed"
      stop_broker "$b"
    fi
  done
  if has_case produce; then
    bench_produce produce-100b-1p-acks1 "$n_small" 100 1 1
    bench_produce produce-100b-1p-acksall "$n_small" 100 1 all
    bench_produce produce-100b-3p-acks1 "$n_small" 100 3 1
    bench_produce produce-100b-3p-acksall "$n_small" 100 3 all
    bench_produce produce-1kb-1p-acks1 "$n_large" 1024 1 1
    bench_produce produce-1kb-1p-acksall "$n_large" 1024 1 all
    bench_produce produce-1kb-3p-acks1 "$n_large" 1024 3 1
    bench_produce produce-1kb-3p-acksall "$n_large" 1024 3 all
  fi
  if has_case consume; then
    bench_consume consume-100b-1p 1
    bench_consume consume-100b-3p 3
  fi
  if has_case e2e; then
    bench_e2e e2e-100b-acks1 1
    bench_e2e e2e-100b-acksall all
  fi
  if has_case txn; then
    bench_produce txnplain-100b-3p-acksall "$n_txn" 100 3 all
    bench_produce txn-100b-3p-100ms "$n_txn" 100 3 all 100
    bench_consume_committed consume-rc-100b-3p txn-100b-3p-100ms
  fi
  for b in "${brokers[@]}"; do
    alive "$b" || continue
    pid=${PID[$b]}
    record memory "$b" 1 rss_mb "$(awk -v kb="$(status_kb "$pid" VmRSS)" 'BEGIN {printf "%.0f", kb / 1024}')"
    record memory "$b" 1 peak_rss_mb "$(awk -v kb="$(status_kb "$pid" VmHWM)" 'BEGIN {printf "%.0f", kb / 1024}')"
    record memory "$b" 1 cpu_s "$(awk -v t="$(($(cpu_ticks "$pid") - CPU0[$b]))" -v hz="$CLK_TCK" 'BEGIN {printf "%.1f", t / hz}')"
  done
fi
for b in "${!PID[@]}"; do stop_broker "$b"; done

# ---------------------------------------------------------------------------------------------------------------
# Report: one row per (case, metric) with the median over successful runs of each broker and the ratio.
"$INFRA_DIR/load/bench-report.sh" "$RAW" "$repeats" "$quick" "${brokers[*]}" \
  "infra/load/broker-bench.sh ${orig_args[*]}" "$started" \
  "$n_small" "$n_large" "$n_consume" "$n_e2e" "$HEAP" >"$out.tmp"
mv "$out.tmp" "$out"
log "report written to $out"
cat "$out"
