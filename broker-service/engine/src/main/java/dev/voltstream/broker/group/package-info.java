/**
 * Consumer groups: the {@link dev.voltstream.broker.group.GroupCoordinator} (this single node coordinates every group)
 * with the classic protocol's state machine ({@link dev.voltstream.broker.group.ClassicGroup}), the KIP-848 consumer
 * protocol ({@link dev.voltstream.broker.group.ConsumerGroup}, server-side assignors), and committed offsets kept in
 * memory and made durable as records in the internal {@code __consumer_offsets} log
 * ({@link dev.voltstream.broker.group.GroupLog}), replayed at start.
 */
package dev.voltstream.broker.group;
