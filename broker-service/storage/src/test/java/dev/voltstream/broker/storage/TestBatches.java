package dev.voltstream.broker.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;
import org.apache.kafka.common.record.SimpleRecord;

/** Builds client-style record batches and reads batches back for tests. */
final class TestBatches {
    private TestBatches() {
    }

    /** A plain batch of {@code count} records with values "value-i" and the given timestamp. */
    static MemoryRecords batch(int count, long timestamp) {
        return MemoryRecords.withRecords(Compression.NONE, records(count, timestamp, 10));
    }

    /** A batch whose values are {@code valueBytes} long. */
    static MemoryRecords batch(int count, long timestamp, int valueBytes) {
        return MemoryRecords.withRecords(Compression.NONE, records(count, timestamp, valueBytes));
    }

    /** A batch whose records have the given timestamps. */
    static MemoryRecords withTimestamps(long... timestamps) {
        SimpleRecord[] records = new SimpleRecord[timestamps.length];
        for (int i = 0; i < timestamps.length; i++) {
            records[i] = new SimpleRecord(timestamps[i], null, ("t" + i).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    static MemoryRecords idempotent(long producerId, short epoch, int baseSequence, int count, long timestamp) {
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence,
                records(count, timestamp, 10));
    }

    static SimpleRecord[] records(int count, long timestamp, int valueBytes) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[valueBytes];
            byte[] text = ("value-" + i).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(text, 0, value, 0, Math.min(text.length, valueBytes));
            records[i] = new SimpleRecord(timestamp, ("key-" + i).getBytes(StandardCharsets.UTF_8), value);
        }
        return records;
    }

    /** A copy of the bytes of {@code records}. */
    static byte[] bytes(MemoryRecords records) {
        ByteBuffer buffer = records.buffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    static List<RecordBatch> batchesOf(Records records) {
        List<RecordBatch> batches = new ArrayList<>();
        records.batches().forEach(batches::add);
        return batches;
    }

    static List<Long> offsetsOf(Records records) {
        List<Long> offsets = new ArrayList<>();
        for (RecordBatch batch : records.batches()) {
            for (Record record : batch) {
                offsets.add(record.offset());
            }
        }
        return offsets;
    }
}
