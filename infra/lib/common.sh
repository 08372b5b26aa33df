# shellcheck shell=bash
# Shared helpers for the scripts in infra/bin and infra/load. Source it after setting nothing: it derives the
# repository root from its own location, so every script works from any working directory.
#
# Provides: REPO_ROOT, INFRA_DIR, KAFKA_PROJECT_DIR, KAFKA_CLASSPATH_FILE, BROKER_JAR, BROKER_MAIN_CLASS and the
# functions below. Build output of Maven goes to stderr so that tool output on stdout stays parseable.

INFRA_DIR=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
REPO_ROOT=$(cd "$INFRA_DIR/.." && pwd)
KAFKA_PROJECT_DIR=$INFRA_DIR/kafka
KAFKA_CLASSPATH_FILE=$KAFKA_PROJECT_DIR/target/classpath.txt
# The deployable broker is the console module's main: KafkaBroker plus the operator console on console.listener
# (default http://localhost:8080; console.enabled=false turns it off). dev.voltstream.broker.BrokerMain in
# broker-service/engine still runs a bare broker.
BROKER_MODULE=broker-service/console
# VOLTSTREAM_BROKER_JAR runs a copy of the jar (with its lib/ beside it) instead of the build output, which any
# build in this tree may replace while a broker runs.
BROKER_JAR=${VOLTSTREAM_BROKER_JAR:-$REPO_ROOT/$BROKER_MODULE/target/broker-console-0.1.0-SNAPSHOT.jar}
BROKER_MAIN_CLASS=dev.voltstream.broker.console.BrokerConsoleMain

die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# Runs a command while holding an exclusive lock on a file, so that two scripts started at once do not run the
# same Maven build concurrently in one target directory.
with_lock() {
  local lock_file=$1
  shift
  mkdir -p "$(dirname "$lock_file")"
  (
    flock -w 900 9 || die "timed out waiting for $lock_file"
    "$@"
  ) 9>"$lock_file"
}

kafka_classpath_is_fresh() {
  [[ -s $KAFKA_CLASSPATH_FILE && ! $KAFKA_PROJECT_DIR/pom.xml -nt $KAFKA_CLASSPATH_FILE ]] || return 1
  # A classpath written on another machine or before a local-repository purge names jars that are gone.
  local jar jars
  IFS=: read -r -a jars <"$KAFKA_CLASSPATH_FILE"
  for jar in "${jars[@]}"; do
    [[ -f $jar ]] || return 1
  done
}

build_kafka_classpath() {
  kafka_classpath_is_fresh && return 0
  echo "Resolving Apache Kafka's tools (infra/kafka/pom.xml) into $KAFKA_CLASSPATH_FILE (first use only)..." >&2
  (cd "$REPO_ROOT" && ./mvnw -B -q -f infra/kafka/pom.xml generate-resources) >&2 \
    || die "building the Kafka tools classpath failed (see the Maven output above)"
}

# Makes sure infra/kafka/target/classpath.txt exists and names jars that exist.
ensure_kafka_classpath() {
  kafka_classpath_is_fresh || with_lock "$KAFKA_PROJECT_DIR/target/.build.lock" build_kafka_classpath
}

# True when the broker jar is missing, holds no main class (an empty skeleton jar), or is older than a main source
# file or a pom of the broker modules.
broker_jar_is_stale() {
  [[ -f $BROKER_JAR ]] || return 0
  [[ -n ${VOLTSTREAM_REBUILD:-} ]] && return 0
  [[ -n $(find "$REPO_ROOT/pom.xml" "$REPO_ROOT/broker-service" \( -path '*/src/main/*' -o -name pom.xml \) \
    -newer "$BROKER_JAR" -print -quit 2>/dev/null) ]] && return 0
  # Entry names are stored uncompressed in a jar's directory, so grep finds them without unzip.
  ! grep -aq "${BROKER_MAIN_CLASS//.//}.class" "$BROKER_JAR"
}

build_broker_jar() {
  broker_jar_is_stale || return 0
  [[ -f $REPO_ROOT/$BROKER_MODULE/pom.xml ]] || die "no broker module at $REPO_ROOT/$BROKER_MODULE"
  echo "Building the Voltstream broker ($BROKER_MODULE)..." >&2
  # Tests are neither compiled nor run: a broken test must not keep anyone from starting the broker.
  if ! (cd "$REPO_ROOT" && ./mvnw -B -q -pl "$BROKER_MODULE" -am package -Dmaven.test.skip=true) >&2; then
    if grep -aq "${BROKER_MAIN_CLASS//.//}.class" "$BROKER_JAR" 2>/dev/null && [[ -z ${VOLTSTREAM_REBUILD:-} ]]; then
      # Sources being edited (by someone else, in a shared tree) need not stop a start: run the last good jar.
      echo "WARNING: building the broker failed; running the previous jar built $(date -r "$BROKER_JAR" '+%F %T')" >&2
      return 0
    fi
    die "building the broker failed (see the Maven output above)"
  fi
  [[ -f $BROKER_JAR ]] || die "the build did not produce $BROKER_JAR"
}

# Makes sure the broker jar exists and is up to date with the sources, building it through the Maven wrapper if
# not (always when VOLTSTREAM_REBUILD is set; never when VOLTSTREAM_NO_BUILD is set, which only needs a jar).
ensure_broker_jar() {
  if [[ -n ${VOLTSTREAM_NO_BUILD:-} ]]; then
    [[ -f $BROKER_JAR ]] || die "VOLTSTREAM_NO_BUILD is set but there is no $BROKER_JAR"
    return 0
  fi
  broker_jar_is_stale || return 0
  with_lock "$REPO_ROOT/$BROKER_MODULE/target/.build.lock" build_broker_jar
}

# Prints the command line of a process with NULs turned into spaces, or nothing if it is gone.
process_cmdline() {
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true
}

# Sends SIGTERM to a PID and waits up to $2 seconds (default 60) for it to exit; SIGKILL after that.
# Returns 0 if it exited on SIGTERM, 1 if it had to be killed.
terminate_and_wait() {
  local pid=$1 timeout=${2:-60} waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= timeout * 10)); then
      echo "$(basename "$0"): PID $pid still running ${timeout}s after SIGTERM; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  return 0
}

# Probes a Kafka-protocol listener without a JVM: sends a Metadata v4 request (all topics) over bash's /dev/tcp
# and succeeds when the answer carries our correlation id and lists at least one broker, which is what a client
# needs before it can produce. (Kafka answers ApiVersions a little earlier than it is usable; metadata with a
# registered broker is the stricter, fairer signal for "ready".) An optional third argument asks for at least that
# many brokers (a cluster whose members have all registered).
kafka_metadata_ready() {
  local host=$1 port=$2 min_brokers=${3:-1} bytes
  # size=16 | api_key=3 | api_version=4 | correlation_id=7 | client_id="p" | topics=null(-1) | auto_create=false
  bytes=$(
    exec 2>/dev/null # a refused connection is the normal "not yet" answer
    exec 3<>"/dev/tcp/$host/$port" || exit 1
    printf '\x00\x00\x00\x10\x00\x03\x00\x04\x00\x00\x00\x07\x00\x01p\xff\xff\xff\xff\x00' >&3
    # response: size(4) correlation_id(4) throttle_time_ms(4) broker_count(4) ...
    timeout 2 head -c 16 <&3 | od -An -tu1 -v
  ) || return 1
  read -r -a b <<<"$bytes"
  ((${#b[@]} == 16)) || return 1
  ((b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 7)) || return 1
  local brokers=$(((b[12] << 24) | (b[13] << 16) | (b[14] << 8) | b[15]))
  ((brokers >= min_brokers && brokers < 1000))
}

# Local clusters (cluster-start.sh, apache-kafka-cluster-start.sh) record their PIDs in <dir>/pids, one a line.
# Dies if a process recorded there still runs (hint: the script that stops it); else starts an empty record.
new_pid_record() {
  local dir=$1 stop_hint=$2 pid
  if [[ -s $dir/pids ]]; then
    while read -r pid; do
      if [[ -d /proc/$pid ]]; then
        die "a cluster from $dir is running (PID $pid): stop it with $stop_hint first"
      fi
    done <"$dir/pids"
  fi
  : >"$dir/pids"
}

# Prints controller.quorum.voters of an N-node local cluster: node i's controller listens on 127.0.0.1:BASE+100+i-1.
local_quorum_voters() {
  local n=$1 base=$2 i voters=()
  for ((i = 1; i <= n; i++)); do
    voters+=("$i@127.0.0.1:$((base + 100 + i - 1))")
  done
  (IFS=,; echo "${voters[*]}")
}

# Runs `COMMAND... PID` for every running PID recorded in FILE, all at once; waits for all, then empties FILE.
# Fails if any of them failed.
stop_recorded_pids() {
  local file=$1 pid s status=0 stoppers=()
  shift
  while read -r pid; do
    if [[ -d /proc/$pid ]]; then
      "$@" "$pid" &
      stoppers+=($!)
    fi
  done <"$file"
  for s in "${stoppers[@]}"; do
    wait "$s" || status=1
  done
  : >"$file"
  return $status
}

# Side-by-side benchmarks (infra/load/*-bench.sh) take "[--broker kafka|voltstream] [RUNS]": sets BENCH_BROKERS (both,
# ours first, unless --broker names one) and BENCH_RUNS (default $1 of the call, 1..99) from the script's arguments.
parse_bench_args() {
  local default_runs=$1
  shift
  BENCH_BROKERS=(voltstream kafka)
  if [[ ${1:-} == --broker ]]; then
    [[ ${2:-} == kafka || ${2:-} == voltstream ]] || die "--broker kafka|voltstream"
    BENCH_BROKERS=("$2")
    shift 2
  fi
  BENCH_RUNS=${1:-$default_runs}
  [[ $BENCH_RUNS =~ ^[1-9][0-9]?$ ]] || die "RUNS takes 1..99"
}

# Waits up to 90 s until the broker $1 (its JVM's PID $2, its output in $4) answers Metadata on 127.0.0.1:$3; dies
# with the tail of its output if it exits first.
await_bench_broker() {
  local name=$1 pid=$2 port=$3 out=$4 deadline=$((SECONDS + 90))
  until kafka_metadata_ready 127.0.0.1 "$port"; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$out" >&2; die "$name exited during startup"; }
    ((SECONDS < deadline)) || die "$name not ready after 90 s"
    sleep 0.05
  done
}

# The median of the numbers on stdin, one a line.
median() {
  sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Side-by-side benchmarks: makes WORK (a fresh directory under BENCH_WORK_ROOT, default /tmp, named after $1) with
# RESULTS in it, removed on exit after the benchmark's broker (BROKER_PID, when set) is stopped; defines log() for
# timestamped progress on stderr.
bench_workdir() {
  WORK=$(mktemp -d "${BENCH_WORK_ROOT:-/tmp}/voltstream-$1.XXXXXX")
  RESULTS=$WORK/results.txt
  BROKER_PID=
  trap 'if [[ -n $BROKER_PID ]]; then terminate_and_wait "$BROKER_PID" 60 || true; fi; rm -rf "$WORK"' EXIT
  trap 'exit 130' INT TERM
  log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
}

# Starts a fresh single node of broker $1 (voltstream or kafka) on directory $2, client port $3 on 127.0.0.1 (Kafka's
# controller on +1), heap $4, with the further broker settings key=value $5...; sets BROKER_PID (the JVM) and waits
# until it answers Metadata. Its output goes to $2/broker.out.
start_bench_broker() {
  local b=$1 dir=$2 port=$3 heap=$4 setting
  shift 4
  mkdir -p "$dir"
  if [[ $b == kafka ]]; then
    local overrides=()
    for setting in "$@"; do overrides+=(--override "$setting"); done
    "$INFRA_DIR/bin/apache-kafka-start.sh" --dir "$dir" --port "$port" --format-only
    KAFKA_HEAP_OPTS=$heap "$INFRA_DIR/bin/apache-kafka-start.sh" --dir "$dir" --port "$port" "${overrides[@]}" \
      >"$dir/broker.out" 2>&1 </dev/null &
  else
    printf '%s\n' "listeners=PLAINTEXT://127.0.0.1:$port" "advertised.listeners=PLAINTEXT://127.0.0.1:$port" \
      "log.dirs=$dir/data" node.id=1 num.partitions=1 console.enabled=false "$@" >"$dir/server.properties"
    VOLTSTREAM_HEAP_OPTS=$heap "$INFRA_DIR/bin/broker-start.sh" "$dir/server.properties" >"$dir/broker.out" 2>&1 \
      </dev/null &
  fi
  BROKER_PID=$! # both start scripts exec java: this is the broker JVM
  await_bench_broker "$b" "$BROKER_PID" "$port" "$dir/broker.out"
}
