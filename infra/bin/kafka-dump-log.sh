#!/usr/bin/env bash
# Apache Kafka's kafka-dump-log.sh, run from Kafka's own tool class kafka.tools.DumpLogSegments (see kafka-run-class.sh).
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/kafka-run-class.sh" kafka.tools.DumpLogSegments "$@"
