/**
 * Kafka consumers, in batches: read each record's CloudEvents type and parse its JSON value into the event record,
 * hand the batch's events to the recorder (one transaction), then acknowledge the batch; unknown types are counted and
 * skipped, poison records are nacked one by one to {@code <topic>.dlq}.
 */
package dev.voltstream.notification.messaging;
