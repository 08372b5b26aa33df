#!/usr/bin/env bash
# TLS and authorisation side by side with Apache Kafka 4.1.2 (issue #19). Per run and broker (ours and Kafka's
# alternately, each a fresh single node with a PLAINTEXT and an SSL listener, key material made once with keytool):
#   open: no authorizer. After a warm-up (SEC_BENCH_WARMUP records produced over PLAINTEXT, not measured), the load
#         tool (voltstream-load, HdrHistogram) produces SEC_BENCH_RECORDS x 100 B to 3 partitions (acks=1, flat out)
#         over PLAINTEXT and over TLS (order alternating by run), then one group reads each topic back over the same
#         listener; records/s and p99 of each, and the broker's CPU over each phase (/proc/PID/stat).
#         Then the request flood: one producer sending one record per Produce request (linger.ms=0, batch.size=1,
#         1 partition) at a fixed SEC_BENCH_FLOOD_RATE requests/s for SEC_BENCH_FLOOD_SECONDS over PLAINTEXT: the
#         broker's CPU microseconds per request (its CPU over the phase / the requests; a fixed rate, so both cases
#         serve the same requests in the same time) and the p99.
#   acl:  a fresh broker with authorizer.class.name=StandardAuthorizer and SEC_BENCH_ACLS ACLs (security-bench/
#         SecurityBench.java create-acls: the benchmark's principal allowed on prefix sec-, 50 others denied there,
#         the rest on other principals and topics, every tenth prefixed; allow.everyone.if.no.acl.found=true so the
#         cluster resource and the brokers' own requests need no ACL), then the same warm-up, phases and request
#         flood (so both floods meet a broker that has served the same load before them).
# Prints one line per phase and the medians and ratios at the end; CPU per request with ACLs / without is the
# authorisation cost the issue bounds at 5 %. Last, the nanoseconds of one Produce check against the same ACLs on our
# AclAuthorizer and Kafka's StandardAuthorizer, in one JVM without a broker (SecurityBench.java authorize).
#
# usage: security-bench.sh [--broker kafka|voltstream] [RUNS (default 3)]
# env:   SEC_BENCH_RECORDS (1000000), SEC_BENCH_WARMUP (500000), SEC_BENCH_FLOOD_RATE (2000),
#        SEC_BENCH_FLOOD_SECONDS (10), SEC_BENCH_ACLS (1000),
#        BENCH_HEAP_OPTS (-Xmx1g, both brokers), BENCH_VOLTSTREAM_PORT (29892; SSL +2),
#        BENCH_KAFKA_PORT (29992; controller +1, SSL +2), BENCH_WORK_ROOT (/tmp)
# Everything listens on 127.0.0.1 only; brokers are stopped by PID after each case and on exit.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

BIN=$INFRA_DIR/bin
parse_bench_args 3 "$@"
brokers=("${BENCH_BROKERS[@]}")
runs=$BENCH_RUNS
records=${SEC_BENCH_RECORDS:-1000000}
warmup=${SEC_BENCH_WARMUP:-500000}
flood_rate=${SEC_BENCH_FLOOD_RATE:-2000}
flood_seconds=${SEC_BENCH_FLOOD_SECONDS:-10}
flood_requests=$((flood_rate * flood_seconds))
acl_count=${SEC_BENCH_ACLS:-1000}
HEAP=${BENCH_HEAP_OPTS:--Xmx1g}
declare -A PORT=([voltstream]=${BENCH_VOLTSTREAM_PORT:-29892} [kafka]=${BENCH_KAFKA_PORT:-29992})
LOAD_JAR=$INFRA_DIR/load/target/voltstream-load-0.1.0-SNAPSHOT.jar
ensure_kafka_classpath
ensure_broker_jar # also SecurityBench.java's: our authorizer is in its lib/
BENCH_CP="$(cat "$KAFKA_CLASSPATH_FILE"):$(dirname "$BROKER_JAR")/lib/*"
if [[ ! -f $LOAD_JAR ]]; then
  (cd "$REPO_ROOT" && ./mvnw -B -q -pl infra/load -am package -Dmaven.test.skip=true) >&2 || die "building voltstream-load failed"
fi
WORK=$(mktemp -d "${BENCH_WORK_ROOT:-/tmp}/voltstream-security-bench.XXXXXX")
RESULTS=$WORK/results.txt
BROKER_PID=
cleanup() {
  if [[ -n $BROKER_PID ]]; then terminate_and_wait "$BROKER_PID" 60 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# Key material: one self-signed certificate for 127.0.0.1 in a PKCS12 key store, and a trust store holding it.
PASS=bench-secret
keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 2 -dname CN=localhost \
  -ext SAN=IP:127.0.0.1,DNS:localhost -storetype PKCS12 -keystore "$WORK/broker.p12" -storepass "$PASS" \
  -keypass "$PASS" >/dev/null 2>&1
keytool -exportcert -alias broker -keystore "$WORK/broker.p12" -storepass "$PASS" -file "$WORK/broker.crt" >/dev/null 2>&1
keytool -importcert -noprompt -alias broker -file "$WORK/broker.crt" -storetype PKCS12 \
  -keystore "$WORK/trust.p12" -storepass "$PASS" >/dev/null 2>&1
cat >"$WORK/client-tls.properties" <<PROPS
security.protocol=SSL
ssl.truststore.type=PKCS12
ssl.truststore.location=$WORK/trust.p12
ssl.truststore.password=$PASS
PROPS
# One record per Produce request: no linger, batches of one record, one partition.
cat >"$WORK/client-flood.properties" <<PROPS
linger.ms=0
batch.size=1
PROPS
: >"$WORK/client-plain.properties"

ssl_settings() {
  cat <<PROPS
ssl.keystore.type=PKCS12
ssl.keystore.location=$WORK/broker.p12
ssl.keystore.password=$PASS
ssl.key.password=$PASS
PROPS
}

authorizer_settings() {
  cat <<PROPS
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=true
PROPS
}

# Starts broker $1 with mode $3 (open|acl) on the fresh directory $2 (BROKER_PID) and waits until it answers Metadata.
start_broker() {
  local b=$1 dir=$2 mode=$3 port=${PORT[$1]}
  mkdir -p "$dir"
  if [[ $b == kafka ]]; then
    # apache-kafka-start.sh's single KRaft node (PLAINTEXT on $port, its controller on +1), with the SSL listener added
    "$BIN/apache-kafka-start.sh" --dir "$dir" --port "$port" --format-only
    local overrides=() line
    while IFS= read -r line; do
      [[ -n $line ]] && overrides+=(--override "$line")
    done < <(cat <<PROPS
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$((port + 1)),SSL://127.0.0.1:$((port + 2))
advertised.listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$((port + 1)),SSL://127.0.0.1:$((port + 2))
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL
$(ssl_settings)
$([[ $mode == acl ]] && authorizer_settings)
PROPS
    )
    KAFKA_HEAP_OPTS=$HEAP "$BIN/apache-kafka-start.sh" --dir "$dir" --port "$port" "${overrides[@]}" \
      >"$dir/broker.out" 2>&1 </dev/null &
  else
    cat >"$dir/server.properties" <<PROPS
listeners=PLAINTEXT://127.0.0.1:$port,SSL://127.0.0.1:$((port + 2))
advertised.listeners=PLAINTEXT://127.0.0.1:$port,SSL://127.0.0.1:$((port + 2))
log.dirs=$dir/data
node.id=1
num.partitions=1
console.enabled=false
$(ssl_settings)
$([[ $mode == acl ]] && authorizer_settings)
PROPS
    VOLTSTREAM_HEAP_OPTS=$HEAP "$BIN/broker-start.sh" "$dir/server.properties" >"$dir/broker.out" 2>&1 </dev/null &
  fi
  BROKER_PID=$! # both start scripts exec java: this is the broker JVM
  await_bench_broker "$b" "$BROKER_PID" "$port" "$dir/broker.out"
}

# The broker's CPU time so far, in clock ticks (utime + stime of /proc/PID/stat).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$BROKER_PID/stat"; }
TICKS=$(getconf CLK_TCK)

# Runs the load tool with client config $1 and arguments $3...; appends "<broker> <run> <phase> <records/s> <p99 ms>
# <broker CPU s> <records>" for phase $2 to the results and echoes it.
measure() {
  local config=$1 phase=$2
  shift 2
  local before after line
  before=$(cpu_ticks)
  line=$(java -Dvoltstream.load.client.config="$config" -jar "$LOAD_JAR" "$@" 2>>"$WORK/load.err" | tail -1) \
    || { tail -20 "$WORK/load.err" >&2; die "$b run $r: $phase failed"; }
  after=$(cpu_ticks)
  # "<label>: 123,456 rec/s (12.3 MB/s), p50 1.00 ms, p99 2.00 ms, p99.9 3.00 ms, 0 errors"
  local rate p99 cpu seconds
  rate=$(sed -E 's/.*: ([0-9,]+) rec\/s.*/\1/; s/,//g' <<<"$line")
  p99=$(sed -E 's/.* p99 ([0-9.]+) ms.*/\1/' <<<"$line")
  cpu=$(awk -v a="$before" -v b="$after" -v t="$TICKS" 'BEGIN { printf "%.2f", (b - a) / t }')
  echo "$b $r $phase $rate $p99 $cpu" >>"$RESULTS"
  log "$b run $r $phase: $line; broker CPU $cpu s"
}

produce() { # config phase topic partitions records bootstrap max-seconds [extra arguments]
  measure "$1" "$2" produce --topic "$3" --partitions "$4" --records "$5" --bootstrap-server "$6" --max-seconds "$7" \
    --acks 1 "${@:8}"
}

log "load average: $(cut -d' ' -f1-3 /proc/loadavg); $records records, $acl_count ACLs, $runs run(s) of: ${brokers[*]}"
for r in $(seq "$runs"); do
  order=("${brokers[@]}")
  if ((${#brokers[@]} == 2 && r % 2 == 0)); then order=(kafka voltstream); fi
  for b in "${order[@]}"; do
    plain=127.0.0.1:${PORT[$b]}
    tls=127.0.0.1:$((PORT[$b] + 2))
    for mode in open acl; do
      dir=$WORK/$b-$r-$mode
      start_broker "$b" "$dir" "$mode"
      if [[ $mode == acl ]]; then
        made=$(java -cp "$BENCH_CP" "$INFRA_DIR/load/security-bench/SecurityBench.java" create-acls "$plain" \
          "$acl_count" 2>>"$WORK/load.err") || { tail -20 "$WORK/load.err" >&2; die "$b: creating ACLs failed"; }
        log "$b run $r: $made ACLs created"
      fi
      produce "$WORK/client-plain.properties" warm-up sec-warm 3 "$warmup" "$plain" 60
      suffix=; [[ $mode == acl ]] && suffix=-acl
      transports=(plain tls)
      ((r % 2 == 0)) && transports=(tls plain)
      for t in "${transports[@]}"; do
        bs=$plain; [[ $t == tls ]] && bs=$tls
        produce "$WORK/client-$t.properties" "produce-$t$suffix" "sec-$t" 3 "$records" "$bs" 60
      done
      for t in "${transports[@]}"; do
        bs=$plain; [[ $t == tls ]] && bs=$tls
        measure "$WORK/client-$t.properties" "consume-$t$suffix" consume --bootstrap-server "$bs" --topic "sec-$t" \
          --records "$records" --max-seconds 60
      done
      produce "$WORK/client-flood.properties" "flood-$mode" sec-flood 1 "$flood_requests" "$plain" 60 \
        --rate "$flood_rate"
      terminate_and_wait "$BROKER_PID" 60 || log "$b needed SIGKILL"
      BROKER_PID=
      rm -rf "$dir/data"
    done
  done
done

# col BROKER PHASE FIELD: the median of a results column (4 records/s, 5 p99 ms, 6 broker CPU s).
col() { awk -v b="$1" -v p="$2" -v c="$3" '$1 == b && $3 == p { print $c }' "$RESULTS" | median; }
# Broker CPU microseconds per request of a flood phase, median over runs.
cpu_per() { awk -v b="$1" -v p="$2" -v n="$flood_requests" '$1 == b && $3 == p { print $6 * 1e6 / n }' "$RESULTS" | median; }
echo "medians over $runs run(s) (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)):"
for b in "${brokers[@]}"; do
  for p in produce-plain produce-tls produce-plain-acl produce-tls-acl; do
    printf "%-10s %-14s %10.0f records/s  p99 %8.1f ms  broker CPU %6.2f s\n" "$b" "$p" "$(col "$b" "$p" 4)" \
      "$(col "$b" "$p" 5)" "$(col "$b" "$p" 6)"
  done
  for p in consume-plain consume-tls consume-plain-acl consume-tls-acl; do # (a consumer's "latency" is the records' age: not a latency here)
    printf "%-10s %-14s %10.0f records/s  broker CPU %6.2f s\n" "$b" "$p" "$(col "$b" "$p" 4)" "$(col "$b" "$p" 6)"
  done
  for p in flood-open flood-acl; do
    printf "%-10s %-14s %10.0f requests/s  p99 %8.1f ms  broker CPU %6.2f s  %6.1f us CPU/request\n" "$b" "$p" \
      "$(col "$b" "$p" 4)" "$(col "$b" "$p" 5)" "$(col "$b" "$p" 6)" "$(cpu_per "$b" "$p")"
  done
  awk -v b="$b" -v pt="$(col "$b" produce-tls 4)" -v pp="$(col "$b" produce-plain 4)" \
    -v ct="$(col "$b" consume-tls 4)" -v cp="$(col "$b" consume-plain 4)" \
    -v ua="$(cpu_per "$b" flood-acl)" -v uo="$(cpu_per "$b" flood-open)" -v pa="$(col "$b" produce-plain-acl 4)" \
    'BEGIN { printf "%-10s TLS / PLAINTEXT records/s: produce %.2f, consume %.2f; with ACLs / without: CPU per request %.3f, produce records/s %.2f\n", b, (pp > 0 ? pt / pp : 0), (cp > 0 ? ct / cp : 0), (uo > 0 ? ua / uo : 0), (pp > 0 ? pa / pp : 0) }'
done
echo "one Produce check (WRITE on topic sec-flood) against $acl_count ACLs, ns (median of 5 rounds of 2 s):"
java -cp "$BENCH_CP" "$INFRA_DIR/load/security-bench/SecurityBench.java" authorize "$acl_count" 2>>"$WORK/load.err" \
  || die "the authorizer benchmark failed"
echo "every phase: broker run phase records/s p99_ms broker_cpu_s"
cat "$RESULTS"
