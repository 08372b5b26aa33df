/**
 * Kafka side of fraud-service: the {@code transactions} batch consumer (the kit's type policy and poison-record
 * settling) and the outgoing channels the kit's outbox relay publishes verdicts and alerts through.
 */
package dev.voltstream.fraud.messaging;
