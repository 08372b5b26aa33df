#!/usr/bin/env bash
# Apache Kafka's kafka-configs.sh, run from Kafka's own tool class kafka.admin.ConfigCommand (see kafka-run-class.sh).
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/kafka-run-class.sh" kafka.admin.ConfigCommand "$@"
