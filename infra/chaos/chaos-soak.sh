#!/usr/bin/env bash
# Chaos soak of a 3-broker Voltstream cluster: idempotent acks=all producers (RF=3, min.insync.replicas=2) and
# committing consumer groups run while a nemesis SIGKILLs, SIGSTOPs/SIGCONTs and restarts brokers one at a time (the
# metadata Raft leader and partition leaders included), then every acknowledged record is checked to be in the log
# exactly once, at its offset, in producer order; committed offsets never moved backwards; every group progressed
# after every fault; every broker is back in every ISR. See docs/reliability.md ("Chaos soak").
#
# usage: chaos-soak.sh [--faults N] [--min-seconds S] [--groups G] [--producers P] [--partitions N] [--rate R]
#                      [--seed X]
#                      [--report FILE]
#   --faults N       faults to inject (default 24)
#   --min-seconds S  keep injecting faults until the run is at least S seconds old (default 0)
#   --groups G       consumer groups, two members each (default 2)
#   --producers P    idempotent producers (default 2)
#   --partitions N   partitions of the topic (default 6)
#   --rate R         records per second per producer (default 1000)
#   --seed X         seed of the nemesis's random choices (default: random, printed in the report)
#   --report FILE    where the report goes (default /tmp/voltstream-chaos-<date>.txt)
#
# The driver is broker-service/engine's ChaosSoakIT (ChaosLoad, ChaosNemesis, BrokerProcesses: each broker is its own
# JVM on 127.0.0.1 with free ports, in a temporary directory); the suite runs the same test with 3 faults. Every
# broker is stopped by its PID when the run ends. Runs Maven offline (-o) once the dependencies are there.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

faults=24 min_seconds=0 groups=2 producers=2 partitions=6 rate=1000 seed="" report=/tmp/voltstream-chaos-$(date +%Y%m%d-%H%M%S).txt
while [[ $# -gt 0 ]]; do
  case $1 in
    --faults) faults=$2; shift 2 ;;
    --min-seconds) min_seconds=$2; shift 2 ;;
    --groups) groups=$2; shift 2 ;;
    --producers) producers=$2; shift 2 ;;
    --partitions) partitions=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --report) report=$2; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
for n in "$faults" "$min_seconds" "$groups" "$producers" "$partitions" "$rate"; do
  [[ $n =~ ^[0-9]+$ ]] || die "not a number: $n"
done
report=$(readlink -f "$report")

cd "$REPO_ROOT"
export CHAOS_FAULTS=$faults CHAOS_MIN_SECONDS=$min_seconds CHAOS_GROUPS=$groups CHAOS_PRODUCERS=$producers \
  CHAOS_PARTITIONS=$partitions CHAOS_RATE=$rate CHAOS_REPORT=$report
[[ -n $seed ]] && export CHAOS_SEED=$seed
echo "chaos soak: $faults faults, report in $report" >&2
status=0
./mvnw -B -o -q -pl broker-service/engine -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ChaosSoakIT -Dfailsafe.failIfNoSpecifiedTests=false >&2 || status=$?
[[ -f $report ]] && cat "$report"
exit "$status"
