#!/usr/bin/env bash
# Stops the local cluster started by cluster-start.sh (the PIDs it recorded), all brokers at once, each cleanly
# (SIGTERM: a broker first hands its leaderships over, then closes its logs).
#
# usage: cluster-stop.sh
# env: VOLTSTREAM_CLUSTER_DIR (default /tmp/voltstream-cluster)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

dir=${VOLTSTREAM_CLUSTER_DIR:-/tmp/voltstream-cluster}
[[ -s $dir/pids ]] || { echo "No cluster recorded in $dir." >&2; exit 0; }
stop_recorded_pids "$dir/pids" "$INFRA_DIR/bin/broker-stop.sh"
