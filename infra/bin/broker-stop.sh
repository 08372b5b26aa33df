#!/usr/bin/env bash
# Stops Voltstream brokers started from this repository (dev.voltstream.broker.BrokerMain running this repository's
# jar): SIGTERM, then waits for a clean exit (SIGKILL after VOLTSTREAM_STOP_TIMEOUT seconds, default 60).
#
# usage: broker-stop.sh [PID]
#   With a PID it stops only that broker (after checking that it is one).
# env: VOLTSTREAM_BROKER_JAR  also stop brokers running this copy of the jar (as broker-start.sh does)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

is_our_broker() {
  local cmd
  cmd=$(process_cmdline "$1")
  # The build output, or the copy of the jar named by VOLTSTREAM_BROKER_JAR (load-compare.sh and the bench run one).
  [[ $cmd == *" $BROKER_MAIN_CLASS "* && ($cmd == *"$REPO_ROOT/$BROKER_MODULE/target/"* || $cmd == *" -cp $BROKER_JAR "*) ]]
}

pids=()
if (($#)); then
  [[ $1 =~ ^[0-9]+$ ]] || die "usage: $(basename "$0") [PID]"
  is_our_broker "$1" || die "PID $1 is not a Voltstream broker from $REPO_ROOT"
  pids=("$1")
else
  for proc in /proc/[0-9]*; do
    is_our_broker "${proc#/proc/}" && pids+=("${proc#/proc/}")
  done
  ((${#pids[@]})) || { echo "No Voltstream broker from this repository is running." >&2; exit 0; }
fi

status=0
for pid in "${pids[@]}"; do
  echo "Stopping Voltstream broker (PID $pid)..." >&2
  terminate_and_wait "$pid" "${VOLTSTREAM_STOP_TIMEOUT:-60}" || status=1
done
exit $status
