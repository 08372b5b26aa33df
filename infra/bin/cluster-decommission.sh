#!/usr/bin/env bash
# Removes a broker from the local cluster started by cluster-start.sh, without leaving any partition
# under-replicated: (1) moves every replica it holds to the other brokers (a partition reassignment planned by
# dev.voltstream.broker.tools.DecommissionCommand, which waits until every moved partition is fully in sync again),
# (2) stops it cleanly (cluster-stop.sh ID: its leaderships move first), (3) unregisters it (Kafka's
# kafka-cluster.sh unregister), which also drops an observer from the metadata quorum's configuration. A voter of the
# metadata quorum is first made an observer (kafka-metadata-quorum.sh remove-controller, KIP-853), so the quorum
# keeps a majority of running voters; the last voter cannot leave.
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
# Every running broker but the leaving one, as bootstrap servers.
bootstrap=$(for f in "$dir"/broker-*/server.properties; do
  b=$(basename "$(dirname "$f")"); [[ $b == "broker-$id" ]] && continue
  sed -n 's#^listeners=PLAINTEXT://\([^,]*\).*#\1#p' "$f"
done | paste -sd, -)
ensure_broker_jar
status=$("$INFRA_DIR/bin/kafka-metadata-quorum.sh" --bootstrap-server "$bootstrap" describe --status)
if grep -q "CurrentVoters:.*\"id\": $id," <<<"$status"; then
  dir_id=$(sed -n 's/^directory.id=//p' "$dir/broker-$id/data/meta.properties")
  echo "Broker $id is a voter of the metadata quorum: removing it from the voters first..." >&2
  "$INFRA_DIR/bin/kafka-metadata-quorum.sh" --bootstrap-server "$bootstrap" remove-controller \
    --controller-id "$id" --controller-directory-id "$dir_id"
fi
echo "Moving every replica off broker $id..." >&2
java -cp "$BROKER_JAR" dev.voltstream.broker.tools.DecommissionCommand --bootstrap-server "$bootstrap" \
  --broker "$id" --timeout-seconds "$timeout"
"$INFRA_DIR/bin/cluster-stop.sh" "$id"
"$INFRA_DIR/bin/kafka-cluster.sh" unregister --bootstrap-server "$bootstrap" --id "$id"
echo "Broker $id has left the cluster." >&2
