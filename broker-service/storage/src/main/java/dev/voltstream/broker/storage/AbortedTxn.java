package dev.voltstream.broker.storage;

/**
 * One aborted transaction of a partition, as Kafka's {@code .txnindex} stores it and Fetch reports it to
 * read_committed consumers.
 *
 * @param producerId       the producer whose transaction was aborted
 * @param firstOffset      the transaction's first data offset
 * @param lastOffset       the offset of its abort marker
 * @param lastStableOffset the partition's LSO right after the abort
 */
public record AbortedTxn(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {
}
