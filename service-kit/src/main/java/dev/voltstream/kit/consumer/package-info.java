/**
 * Consuming events in batches, the same way in every service: {@link dev.voltstream.kit.consumer.EventRoutes} says
 * which CloudEvents types a consumer handles and ignores, {@link dev.voltstream.kit.consumer.BatchConsumer} reads a
 * polled batch with one policy for missing and unknown types, applies the events in one transaction (retried by
 * {@link dev.voltstream.kit.consumer.RetryPolicy}), and only then dead-letters the poison records one by one and
 * acknowledges the batch.
 */
package dev.voltstream.kit.consumer;
