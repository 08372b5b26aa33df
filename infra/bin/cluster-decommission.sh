#!/usr/bin/env bash
# Removes a broker from the local cluster started by cluster-start.sh, without leaving any partition
# under-replicated: (1) moves every replica it holds to the other brokers (a partition reassignment planned by
# dev.voltstream.broker.tools.DecommissionCommand, which waits until every moved partition is fully in sync again),
# (2) stops it cleanly (cluster-stop.sh ID: its leaderships move first), (3) unregisters it (Kafka's
# kafka-cluster.sh unregister), which also drops an observer from the metadata quorum's configuration.
# Voters of the metadata quorum (the brokers cluster-start.sh started first) cannot be removed this way.
#
# usage: cluster-decommission.sh ID [--timeout-seconds N]
# env: VOLTSTREAM_CLUSTER_DIR (default /tmp/voltstream-cluster)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

usage="usage: $(basename "$0") ID [--timeout-seconds N]"
id=${1:-}
[[ $id =~ ^[1-9][0-9]*$ ]] || die "$usage"
shift
timeout=600
if [[ ${1:-} == --timeout-seconds ]]; then timeout=${2:?$usage}; fi
dir=${VOLTSTREAM_CLUSTER_DIR:-/tmp/voltstream-cluster}
first=$dir/broker-1/server.properties
[[ -f $first ]] || die "no cluster in $dir"
[[ ,$(sed -n 's/^controller.quorum.voters=//p' "$first"), != *",$id@"* ]] \
  || die "broker $id is a voter of the metadata quorum: voters cannot be decommissioned"
# Every running broker but the leaving one, as bootstrap servers.
bootstrap=$(for f in "$dir"/broker-*/server.properties; do
  b=$(basename "$(dirname "$f")"); [[ $b == "broker-$id" ]] && continue
  sed -n 's#^listeners=PLAINTEXT://\([^,]*\).*#\1#p' "$f"
done | paste -sd, -)
ensure_broker_jar
echo "Moving every replica off broker $id..." >&2
java -cp "$BROKER_JAR" dev.voltstream.broker.tools.DecommissionCommand --bootstrap-server "$bootstrap" \
  --broker "$id" --timeout-seconds "$timeout"
"$INFRA_DIR/bin/cluster-stop.sh" "$id"
"$INFRA_DIR/bin/kafka-cluster.sh" unregister --bootstrap-server "$bootstrap" --id "$id"
echo "Broker $id has left the cluster." >&2
