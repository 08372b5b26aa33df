/**
 * Consumer groups: the {@link dev.voltstream.broker.group.GroupCoordinator} routes each group to the
 * {@link dev.voltstream.broker.group.GroupShard} of its {@code __consumer_offsets} partition (one local partition on a
 * single node; in a cluster the partitions this broker leads), with the classic protocol's state machine
 * ({@link dev.voltstream.broker.group.ClassicGroup}), the KIP-848 consumer protocol
 * ({@link dev.voltstream.broker.group.ConsumerGroup}, server-side assignors), and committed offsets kept in memory and
 * made durable as records in that partition ({@link dev.voltstream.broker.group.GroupLog}), replayed when a shard
 * loads; writes are answered once replicated.
 */
package dev.voltstream.broker.group;
