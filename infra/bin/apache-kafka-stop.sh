#!/usr/bin/env bash
# Stops a reference Apache Kafka started by apache-kafka-start.sh: SIGTERM, then waits for a clean exit
# (SIGKILL after KAFKA_STOP_TIMEOUT seconds, default 60).
#
# usage: apache-kafka-stop.sh [--port N | --dir DIR | --pid PID]
#   With no argument it stops every kafka.Kafka process that was started with this repository's infra/kafka
#   configuration (and nothing else).
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

pids=()
case ${1:-} in
  --port) pid_file=/tmp/voltstream-apache-kafka-$2/kafka.pid ;;
  --dir) pid_file=$2/kafka.pid ;;
  --pid) pids=("$2") ;;
  "") pid_file= ;;
  *) die "usage: $(basename "$0") [--port N | --dir DIR | --pid PID]" ;;
esac

if [[ -n ${pid_file:-} ]]; then
  [[ -f $pid_file ]] || die "no $pid_file: nothing to stop"
  pids=("$(cat "$pid_file")")
elif ((${#pids[@]} == 0)); then
  for proc in /proc/[0-9]*; do
    cmd=$(process_cmdline "${proc#/proc/}")
    [[ $cmd == *"$KAFKA_PROJECT_DIR/server-log4j2.xml"* && $cmd == *" kafka.Kafka "* ]] && pids+=("${proc#/proc/}")
  done
  ((${#pids[@]})) || { echo "No Apache Kafka from this repository is running." >&2; exit 0; }
fi

status=0
for pid in "${pids[@]}"; do
  cmd=$(process_cmdline "$pid")
  if [[ -z $cmd ]]; then
    echo "PID $pid is not running." >&2
    continue
  fi
  [[ $cmd == *" kafka.Kafka "* ]] || die "PID $pid is not an Apache Kafka broker: $cmd"
  echo "Stopping Apache Kafka (PID $pid)..." >&2
  terminate_and_wait "$pid" "${KAFKA_STOP_TIMEOUT:-60}" || status=1
done
exit $status
