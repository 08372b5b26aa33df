#!/usr/bin/env bash
# Apache Kafka's kafka-broker-api-versions.sh, run from Kafka's own tool class org.apache.kafka.tools.BrokerApiVersionsCommand (see kafka-run-class.sh).
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/kafka-run-class.sh" org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
