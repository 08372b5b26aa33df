package dev.voltstream.broker.storage;

import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.utils.CloseableIterator;

/** A compacted log keeps the last record per key, so, as Kafka's LogValidator, it refuses records without one. */
final class CompactedKeys {
    private CompactedKeys() {
    }

    /** @throws InvalidRecordException (INVALID_RECORD, Kafka's error and message) at the first record without a key */
    static void requireKeys(List<MutableRecordBatch> batches, TopicPartition tp) {
        for (MutableRecordBatch batch : batches) {
            try (CloseableIterator<Record> records = batch.streamingIterator(
                    org.apache.kafka.common.utils.BufferSupplier.NO_CACHING)) {
                while (records.hasNext()) {
                    if (!records.next().hasKey()) {
                        throw new InvalidRecordException(
                                "Compacted topic cannot accept message without key in topic partition " + tp + ".");
                    }
                }
            }
        }
    }
}
