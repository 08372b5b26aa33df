package dev.voltstream.broker.metrics;

import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;

/** Sizes and record counts of record sets, read only from memory (file-backed sets are never read for a count). */
final class RecordCounts {
    private RecordCounts() {
    }

    static long bytes(BaseRecords records) {
        return records == null ? 0 : records.sizeInBytes();
    }

    /**
     * Records in an in-memory set, from the batch headers (v2 batches store their count). A file slice answers 0:
     * counting it would read the segment on the fetch path, which sendfile exists to avoid.
     */
    static long records(BaseRecords records) {
        if (!(records instanceof MemoryRecords memory)) {
            return 0;
        }
        long count = 0;
        for (RecordBatch batch : memory.batches()) {
            Integer n = batch.countOrNull();
            count += n != null ? n : 1;
        }
        return count;
    }
}
