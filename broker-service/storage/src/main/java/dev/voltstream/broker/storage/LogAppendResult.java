package dev.voltstream.broker.storage;

/**
 * The outcome of an append: the offsets given to the appended records (or, for a duplicate idempotent batch, the
 * offsets it got the first time).
 *
 * @param firstOffset   offset of the first appended record
 * @param lastOffset    offset of the last appended record
 * @param logAppendTime the broker time stamped on the batches, -1 unless the topic uses LogAppendTime
 * @param logStartOffset the log start offset after the append
 * @param recordCount   number of records in the request
 * @param duplicate     true when the batch was already in the log and nothing was appended
 */
public record LogAppendResult(long firstOffset, long lastOffset, long logAppendTime, long logStartOffset,
                              int recordCount, boolean duplicate) {
}
