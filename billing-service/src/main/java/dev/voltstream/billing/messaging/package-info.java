/**
 * Kafka side of billing: the consumers of charging-sessions and transaction-verdicts (the kit's type policy,
 * idempotent effects, poison records to the dead-letter topic) and the outgoing channels the kit's outbox relay
 * publishes invoices, CHARGING transactions and balance changes through.
 */
package dev.voltstream.billing.messaging;
