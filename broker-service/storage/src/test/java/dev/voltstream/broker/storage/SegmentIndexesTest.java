package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A segment's two indexes on their own: entries every index interval, the largest timestamp, reset and rename. */
class SegmentIndexesTest {
    /** An entry once more than 100 bytes were indexed since the last one. */
    private static final LogConfig CONFIG = LogConfig.defaults()
            .withOverrides(Map.of("index.interval.bytes", "100", "segment.index.bytes", "4096"));

    @TempDir
    Path dir;

    private SegmentIndexes open() throws IOException {
        return SegmentIndexes.open(dir.resolve("0.index"), dir.resolve("0.timeindex"), 0, CONFIG);
    }

    /** One batch of one record at {@code offset} with timestamp {@code ts} and a 100-byte value. */
    private static RecordBatch batch(long offset, long ts) {
        return MemoryRecords.withRecords(offset, Compression.NONE, new SimpleRecord(ts, null, new byte[100]))
                .batches().iterator().next();
    }

    @Test
    void anEntryIsAddedOnceAnIndexIntervalOfBatchesWentByAndScansStartThere() throws IOException {
        SegmentIndexes indexes = open();
        int position = 0;
        for (long offset = 0; offset < 4; offset++) {
            RecordBatch b = batch(offset, 1_000 + offset);
            indexes.index(b, position);
            position += b.sizeInBytes();
        }
        int size = batch(0, 0).sizeInBytes();

        assertThat(indexes.scanStart(0)).isZero();
        assertThat(indexes.scanStart(1)).as("batch 1 is the first after more than 100 bytes: an entry for each batch from there").isEqualTo(size);
        assertThat(indexes.scanStart(3)).isEqualTo(size * 3);
        assertThat(indexes.maxTimestamp()).isEqualTo(new TimeIndex.TimestampOffset(1_003, 3));
        assertThat(indexes.scanStartForTimestamp(1_002, 0)).as("time index points at offset 2's entry")
                .isEqualTo(size * 2);
    }

    @Test
    void theLargestTimestampKeepsTheLastOffsetOfItsBatchWhenLaterBatchesAreOlder() throws IOException {
        SegmentIndexes indexes = open();
        indexes.index(batch(0, 5_000), 0);
        indexes.index(batch(1, 4_000), 200);
        assertThat(indexes.maxTimestamp()).isEqualTo(new TimeIndex.TimestampOffset(5_000, 0));

        indexes.truncated(new TimeIndex.TimestampOffset(RecordBatch.NO_TIMESTAMP, 0));
        assertThat(indexes.maxTimestamp().timestamp()).isEqualTo(RecordBatch.NO_TIMESTAMP);
        indexes.index(batch(0, 3_000), 0);
        assertThat(indexes.maxTimestamp()).isEqualTo(new TimeIndex.TimestampOffset(3_000, 0));
    }

    @Test
    void resetEmptiesBothIndexesAndRenameMovesBothFiles() throws IOException {
        SegmentIndexes indexes = open();
        for (long offset = 0; offset < 4; offset++) {
            indexes.index(batch(offset, 1_000 + offset), (int) offset * 200);
        }
        indexes.reset(4096);
        assertThat(indexes.scanStart(3)).isZero();
        assertThat(indexes.maxTimestamp().timestamp()).isEqualTo(RecordBatch.NO_TIMESTAMP);

        indexes.renameTo(file -> file.resolveSibling(file.getFileName() + ".deleted"));
        assertThat(dir.resolve("0.index.deleted")).exists();
        assertThat(dir.resolve("0.timeindex.deleted")).exists();
        indexes.deleteIfExists();
        assertThat(Files.list(dir)).isEmpty();
    }
}
