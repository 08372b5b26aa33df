#!/usr/bin/env bash
# The pipeline load test (issue #8): transactions → fraud-service → billing-service → notification-service, at rising
# offered rates, on the Voltstream broker and on Apache Kafka, one system after the other. Each system is started by
# the launcher (`./voltstream demo`, so the same code path as the demo: broker or Apache Kafka from Maven artifacts with
# the same heap, embedded PostgreSQL, the three services; the station simulator is skipped because the load tool
# sends the transactions itself), then `voltstream-load pipeline` offers each rate, measures end-to-end latency
# (intended send time → BALANCE_CHANGED notification stored) and stops at the first rate not sustained. JFR records
# the services and the broker during the run; the report gets their top CPU frames and socket-read waits, and
# PostgreSQL's top statements (pg_stat_statements, preloaded in the embedded PostgreSQL for the run). A full run
# writes docs/load-pipeline.md and SVG plots in docs/load/; a --quick run writes /tmp/voltstream-pipeline-quick.md
# (and /tmp/load/) unless --out says otherwise.
#
# usage: pipeline-load.sh [--broker voltstream|kafka|both] [--rates 25,50,100,250,500,1000,2000,5000] [--seconds N] [--quick]
#                         [--warm-up SECONDS] [--warm-up-rate TX_PER_S] [--stations N] [--instances N] [--out FILE]
#                         [--no-profile] [--keep]
#   --quick     one rate (25 tx/s) for 10 s per broker: a smoke test of the harness, not a result
#   --seconds   send window per rate (default 30); each rate also waits up to 20 s for its last notifications;
#               the ramp stops at the first rate the pipeline does not sustain
#   --warm-up   seconds at --warm-up-rate before the first measured rate, not recorded (default 120 at 500 tx/s): the
#               services' JVMs spend most of their first minute compiling (C1/C2 threads took ~60 % of their CPU in
#               a 65 s run), which a short warm-up would measure instead of the pipeline
#   --instances N instances each of fraud-, billing- and notification-service in their consumer groups (default 1;
#               the demo's --instances: instance k on the service's port + 100 (k-1), named <service>-k in the tables)
#   --keep      keep the work directory (logs of every process, results files, JFR recordings)
# Everything is bounded (rates × seconds, start and drain timeouts), the load targets 127.0.0.1 only, and every
# process is stopped by PID on exit (the launcher stops what it started).
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

brokers=both rates=25,50,100,250,500,1000,2000,5000 seconds=30 warm_up=120 warm_up_rate=500 drain=20 stations=1000 instances=1 profile=true keep=false quick=false
out=
command="infra/load/pipeline-load.sh $*"
while (($#)); do
  case $1 in
    --broker) brokers=$2; shift ;;
    --rates) rates=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --stations) stations=$2; shift ;;
    --instances) instances=$2; shift ;;
    --warm-up) warm_up=$2; shift ;;
    --warm-up-rate) warm_up_rate=$2; shift ;;
    --quick) rates=25 seconds=10 warm_up=5 warm_up_rate=25 drain=15 quick=true ;;
    --out) out=$(realpath -m "$2"); shift ;;
    --no-profile) profile=false ;;
    --keep) keep=true ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done
if [[ -z $out ]]; then
  out=$REPO_ROOT/docs/load-pipeline.md
  $quick && out=/tmp/voltstream-pipeline-quick.md # a smoke test never replaces the recorded result
fi
case $brokers in
  both) brokers="voltstream kafka" ;;
  voltstream | kafka) ;;
  *) die "--broker is voltstream, kafka or both" ;;
esac

WORK=$(mktemp -d /tmp/voltstream-pipeline.XXXXXX)
HEAP=-Xmx512m
SERVICE_JVM_OPTS=${VOLTSTREAM_PIPELINE_SERVICE_JVM_OPTS:-"-Xmx256m -XX:+UseSerialGC"}
demo_pid=
stop_demo() {
  if [[ -n $demo_pid ]]; then
    terminate_and_wait "$demo_pid" 2>/dev/null || true # the launcher stops every process it started
    demo_pid=
  fi
}
trap 'stop_demo; if $keep; then echo "Kept $WORK" >&2; else rm -rf "$WORK"; fi' EXIT
trap 'exit 130' INT TERM

echo "Building the load-test tool..." >&2
(cd "$REPO_ROOT" && ./mvnw -B -q -pl infra/load -am package -Dmaven.test.skip=true) >&2
cp -r "$REPO_ROOT/infra/load/target" "$WORK/load" # a build during the run must not replace the jar under us
load=(java -Xmx768m -jar "$WORK/load/voltstream-load-0.1.0-SNAPSHOT.jar")

# The JVM (the process itself or its first java descendant) of a booked process, for jcmd.
java_pid() {
  local pid=$1 child
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == java ]] && { echo "$pid"; return; }
  for child in $(pgrep -P "$pid"); do java_pid "$child" && return; done
  return 1
}

results=()
profile_md=$WORK/profile.md
for broker in $brokers; do
  state=$WORK/$broker
  offset=$([[ $broker == kafka ]] && echo 19100 || echo 19000)
  demo_args=(demo --skip ev-station-producer --port-offset "$offset" --state-dir "$state" --status-interval 60
    --start-timeout 600 --instances "$instances"
    --run-for 1800)
  [[ $broker == kafka ]] && demo_args+=(--kafka)
  echo "Starting the system on $broker (logs in $state/logs)..." >&2
  # Same heap for either broker; the services with the full JIT (the demo caps it for a quick start).
  # pg_stat_statements for PostgreSQL's side of the profile (the embedded PostgreSQL preloads it on request)
  pg_settings= pg_args=()
  if $profile; then
    pg_settings="shared_preload_libraries=pg_stat_statements;pg_stat_statements.track_planning=on" pg_args=(--pg-profile "$WORK/$broker-pg.md")
  fi
  VOLTSTREAM_DEMO_BROKER_HEAP=$HEAP VOLTSTREAM_SERVICE_JVM_OPTS="$SERVICE_JVM_OPTS" \
    VOLTSTREAM_POSTGRES_SETTINGS=$pg_settings "$REPO_ROOT/voltstream" "${demo_args[@]}" >"$WORK/$broker-demo.out" 2>&1 </dev/null &
  demo_pid=$!
  for _ in $(seq 1 600); do
    grep -q "Voltstream demo is up." "$WORK/$broker-demo.out" 2>/dev/null && break
    kill -0 "$demo_pid" 2>/dev/null || { cat "$WORK/$broker-demo.out" >&2; die "the system on $broker did not start"; }
    sleep 1
  done
  grep -q "Voltstream demo is up." "$WORK/$broker-demo.out" || die "the system on $broker did not start in 600 s"

  processes=() jvms=()
  while read -r pid _ name; do
    case $name in
      launcher | postgres | *build*) ;; # the embedded PostgreSQL's main only waits; its postmaster is the companion
      postgres-companion) processes+=(--process "postgres=$pid") ;;
      broker | kafka) processes+=(--process "broker=$pid"); jvms+=("broker=$pid") ;;
      *) processes+=(--process "$name=$pid"); jvms+=("$name=$pid") ;;
    esac
  done <"$state/run/pids"
  if $profile; then
    for j in "${jvms[@]}"; do
      jpid=$(java_pid "${j#*=}") || continue
      jcmd "$jpid" JFR.start name=pipeline settings=profile "filename=$WORK/$broker-${j%%=*}.jfr" >/dev/null
    done
  fi

  pg_port=$((5432 + offset)) kafka_port=$((9092 + offset))
  "${load[@]}" pipeline --broker "$broker" --bootstrap-server "127.0.0.1:$kafka_port" \
    --jdbc-url "jdbc:postgresql://127.0.0.1:$pg_port/voltstream" --rates "$rates" --seconds "$seconds" \
    --warm-up "$warm_up" --warm-up-rate "$warm_up_rate" --drain "$drain" --stations "$stations" "${processes[@]}" \
    --meta "broker heap=$HEAP" --meta "instances per consuming service=$instances" --meta "machine=$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)" \
    --out "$WORK/$broker.tsv" "${pg_args[@]}"
  results+=("$WORK/$broker.tsv")

  if $profile; then
    recordings=()
    for j in "${jvms[@]}"; do
      jpid=$(java_pid "${j#*=}") || continue
      jcmd "$jpid" JFR.stop name=pipeline >/dev/null 2>&1 || true
      [[ -s $WORK/$broker-${j%%=*}.jfr ]] && recordings+=("$broker: ${j%%=*}=$WORK/$broker-${j%%=*}.jfr")
    done
    if ((${#recordings[@]})); then
      { echo "### Where the CPU went on $broker (JFR, whole run)"; echo
        "${load[@]}" jfr-top --top 8 "${recordings[@]}"; } >>"$profile_md"
    fi
    if [[ -s $WORK/$broker-pg.md ]]; then
      sed "s/^### Where PostgreSQL/### $broker: where PostgreSQL/" "$WORK/$broker-pg.md" >>"$profile_md"
    fi
  fi
  echo "Stopping the system on $broker..." >&2
  stop_demo
done

mkdir -p "$(dirname "$out")"
"${load[@]}" pipeline-report --out "$out" --command "$command" --append "$profile_md" "${results[@]}"
