/**
 * Kafka side of fraud-service: the {@code transactions} consumer (dispatch on ce_type, dead-letter for poison records)
 * and the outbox relay that publishes verdicts and alerts with CloudEvents headers.
 */
package dev.voltstream.fraud.messaging;
