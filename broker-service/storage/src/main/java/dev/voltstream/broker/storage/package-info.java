/**
 * The broker's partition log: Kafka-format segments ({@code %020d.log}) with sparse offset and time indexes, recovery
 * after an unclean stop, retention, the leader-epoch cache and idempotent-producer state.
 *
 * <p>Layers, each adding one concern: {@link dev.voltstream.broker.storage.LogSegment} (one file plus its indexes,
 * kept by {@code SegmentIndexes}) →
 * {@code LogSegments} (ordered by base offset) → {@link dev.voltstream.broker.storage.PartitionLog} (one partition:
 * offsets, validation, epochs, producers, retention) → {@link dev.voltstream.broker.storage.LogManager} (all partitions
 * across the log dirs). {@code PartitionLog} holds the lock and the lifecycle and hands the work to its parts:
 * {@code LogFiles} (segments, roll, retired files, the cleaner's swap, the published end offset), {@code LogAppender}
 * (leader, follower and marker appends), {@code LogRetention} (retention and DeleteRecords) and
 * {@code LogStartOffset}. Plain Java; record batches are kafka-clients' own classes, stored byte-for-byte.
 */
package dev.voltstream.broker.storage;
