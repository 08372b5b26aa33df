#!/usr/bin/env bash
# The long protocol fuzz run (issue 15): starts a Voltstream broker with broker-start.sh -daemon in a fresh directory,
# writes a topic with a stock producer, sends --frames mutated frames per seed from infra/fuzz (FuzzMain) for each
# seed, reads the topic back, and reports for each seed the fuzzer's numbers plus the broker's peak RSS, its heap use
# and the size of its log files. Stops the broker by its PID at the end.
#
# usage: fuzz.sh [--frames N] [--seeds "S1 S2 ..."] [--threads T] [--dir DIR]
#        fuzz.sh --replay FILE.hex...   (against a fresh broker: does it still answer after these frames?)
# env: VOLTSTREAM_HEAP_OPTS (default -Xmx512m, as broker-start.sh)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

frames=1000000
seeds="1 2 3"
threads=4
dir=$(mktemp -d /tmp/voltstream-fuzz.XXXXXX)
replay=()
while (($#)); do
  case $1 in
    --frames) frames=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --replay) shift; while (($#)) && [[ $1 != --* ]]; do replay+=("$(readlink -f "$1")"); shift; done ;;
    *) die "unknown argument $1" ;;
  esac
done
mkdir -p "$dir"

fuzz_jar=$REPO_ROOT/infra/fuzz/target/voltstream-fuzz-0.1.0-SNAPSHOT.jar
if [[ ! -f $fuzz_jar ]]; then
  (cd "$REPO_ROOT" && ./mvnw -B -q -pl infra/fuzz -am package -DskipTests) >&2
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$dir/server.properties" <<PROPS
node.id=1
listeners=PLAINTEXT://127.0.0.1:$port
log.dirs=$dir/data
console.enabled=false
group.initial.rebalance.delay.ms=0
PROPS
pid=$(VOLTSTREAM_DAEMON_OUT=$dir/broker.log "$INFRA_DIR/bin/broker-start.sh" -daemon "$dir/server.properties")
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true' EXIT
deadline=$((SECONDS + 120))
until grep -q "Voltstream broker started" "$dir/broker.log" 2>/dev/null; do
  [[ -d /proc/$pid ]] || die "the broker exited; see $dir/broker.log"
  ((SECONDS < deadline)) || die "the broker did not start in time; see $dir/broker.log"
  sleep 0.5
done
echo "broker PID $pid on 127.0.0.1:$port, files in $dir"

if ((${#replay[@]})); then
  java -jar "$fuzz_jar" --bootstrap "127.0.0.1:$port" --replay "${replay[@]}"
  exit
fi

rss_peak() { awk '/VmHWM/ {print $2 " kB"}' "/proc/$pid/status"; }
log_bytes() { cat "$dir"/broker.log* 2>/dev/null | wc -c; }
status=0
first=1
for seed in $seeds; do
  intact=()
  if ((first)); then intact=(--intact-records 1000); first=0; fi
  java -jar "$fuzz_jar" --bootstrap "127.0.0.1:$port" --frames "$frames" --seed "$seed" --threads "$threads" \
    --failures "$dir/failures" "${intact[@]}" || status=1
  [[ -d /proc/$pid ]] || { echo "BROKER DIED; see $dir/broker.log"; exit 1; }
  echo "after seed $seed: broker RSS peak $(rss_peak), heap $(jcmd "$pid" GC.heap_info 2>/dev/null | awk '/garbage-first heap/ {print $5, $6, $7, $8}'), log $(log_bytes) bytes in $(ls "$dir"/broker.log* | wc -l) file(s)"
done
# the topic written before the first seed, read back after all of them
java -jar "$fuzz_jar" --bootstrap "127.0.0.1:$port" --check-intact 1000 || status=1
exit $status
