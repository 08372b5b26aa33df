#!/usr/bin/env bash
# Stops the local cluster started by cluster-start.sh (the PIDs it recorded), all brokers at once, each cleanly
# (SIGTERM: a broker first hands its leaderships over, then closes its logs); with an ID, only that broker.
#
# usage: cluster-stop.sh [ID]
# env: VOLTSTREAM_CLUSTER_DIR (default /tmp/voltstream-cluster)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

dir=${VOLTSTREAM_CLUSTER_DIR:-/tmp/voltstream-cluster}
[[ -s $dir/pids ]] || { echo "No cluster recorded in $dir." >&2; exit 0; }
if [[ -z ${1:-} ]]; then
  stop_recorded_pids "$dir/pids" "$INFRA_DIR/bin/broker-stop.sh"
  exit
fi
id=$1
[[ $id =~ ^[1-9][0-9]*$ ]] || die "usage: $(basename "$0") [ID]"
# The recorded PID whose command line runs this broker's configuration.
pid=
while read -r p; do
  if [[ -d /proc/$p && $(process_cmdline "$p") == *"broker-$id/server.properties"* ]]; then
    pid=$p
  fi
done <"$dir/pids"
[[ -n $pid ]] || die "broker $id is not running in $dir"
"$INFRA_DIR/bin/broker-stop.sh" "$pid"
grep -vx "$pid" "$dir/pids" >"$dir/pids.tmp" || true
mv "$dir/pids.tmp" "$dir/pids"
rm -f "$dir/broker-$id/broker.pid"
echo "Voltstream broker $id (PID $pid) stopped" >&2
