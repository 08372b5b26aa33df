/**
 * Kafka side of fraud-service: the {@code transactions} batch consumer (dispatch on ce_type, per-record dead-letter for
 * poison records, ack after commit) and the outbox relay that publishes verdicts and alerts with CloudEvents headers,
 * woken after each committed batch.
 */
package dev.voltstream.fraud.messaging;
