/**
 * Kafka consumers: read each record's CloudEvents type, parse its JSON value into the event record, hand it to the
 * recorder, and acknowledge; unknown types are counted and skipped, poison records are nacked to {@code <topic>.dlq}.
 */
package dev.voltstream.notification.messaging;
