package dev.voltstream.broker.storage;

import org.apache.kafka.common.record.Records;

/**
 * Whole batches read from a log ({@code slice}, empty when nothing was read) and the log's bounds at the time of the
 * read. The slice goes into a fetch response as it is; {@link #records()} iterates the same batches.
 */
public record LogReadResult(SegmentSlice slice, long logStartOffset, long logEndOffset) {

    public Records records() {
        return slice.records();
    }

    public int size() {
        return slice.sizeInBytes();
    }
}
