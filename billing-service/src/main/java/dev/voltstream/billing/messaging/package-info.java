/**
 * Kafka side of billing: the consumers of charging-sessions and transaction-verdicts (dispatch on the CloudEvents
 * type, idempotent effects, poison records to the dead-letter topic) and the outbox relay that publishes what billing
 * emits.
 */
package dev.voltstream.billing.messaging;
