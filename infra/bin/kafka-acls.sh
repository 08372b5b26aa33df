#!/usr/bin/env bash
# Apache Kafka's kafka-acls.sh, run from Kafka's own tool class org.apache.kafka.tools.AclCommand (see kafka-run-class.sh).
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/kafka-run-class.sh" org.apache.kafka.tools.AclCommand "$@"
