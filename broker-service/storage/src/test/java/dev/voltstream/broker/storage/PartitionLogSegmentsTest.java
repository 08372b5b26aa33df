package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolling, index lookups across many segments, retention and DeleteRecords. */
class PartitionLogSegmentsTest {
    private static final TopicPartition TP = new TopicPartition("metrics", 0);

    @TempDir
    Path dir;
    private final ManualTime time = new ManualTime(10_000_000L);
    private PartitionLog log;

    @AfterEach
    void closeLog() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    private PartitionLog open(Map<String, String> overrides) throws IOException {
        log = PartitionLog.open(dir.resolve("metrics-0"), TP, LogConfig.defaults().withOverrides(overrides), time);
        return log;
    }

    private List<String> filesEndingWith(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("metrics-0"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void everyOffsetOfALargeMultiSegmentLogIsFoundThroughTheIndexes() throws IOException {
        open(Map.of("segment.bytes", "8000", "index.interval.bytes", "300", "segment.index.bytes", "4096"));
        for (int i = 0; i < 400; i++) {
            log.appendAsLeader(TestBatches.batch(1 + i % 4, 1000L + i, 20), 0);
        }
        long end = log.logEndOffset();
        assertThat(log.numberOfSegments()).isGreaterThan(3);

        for (long offset = 0; offset < end; offset++) {
            RecordBatch batch = TestBatches.batchesOf(log.read(offset, 1, Long.MAX_VALUE, true).records()).get(0);
            assertThat(batch.baseOffset()).isLessThanOrEqualTo(offset);
            assertThat(batch.lastOffset()).isGreaterThanOrEqualTo(offset);
        }
    }

    @Test
    void rollsWhenTheNextBatchWouldNotFitTheSegment() throws IOException {
        open(Map.of("segment.bytes", "1000"));
        int batchSize = TestBatches.batch(5, 1000L, 50).sizeInBytes();
        int perSegment = 1000 / batchSize;

        for (int i = 0; i < perSegment + 1; i++) {
            log.appendAsLeader(TestBatches.batch(5, 1000L, 50), 0);
        }

        assertThat(log.numberOfSegments()).isEqualTo(2);
        assertThat(filesEndingWith(".log")).containsExactly(LogFileNames.prefix(0) + ".log",
                LogFileNames.prefix(perSegment * 5L) + ".log");
        assertThat(Files.size(dir.resolve("metrics-0").resolve(LogFileNames.prefix(0) + ".index")))
                .as("the rolled segment's index is trimmed").isLessThan(4096);
    }

    @Test
    void rollsWhenSegmentMsHasPassedSinceTheFirstAppend() throws IOException {
        open(Map.of("segment.ms", "60000"));
        log.appendAsLeader(TestBatches.batch(1, time.milliseconds()), 0);
        time.advance(60_000);
        log.appendAsLeader(TestBatches.batch(1, time.milliseconds()), 0);
        assertThat(log.numberOfSegments()).isEqualTo(1);

        time.advance(1);
        log.appendAsLeader(TestBatches.batch(1, time.milliseconds()), 0);

        assertThat(log.numberOfSegments()).isEqualTo(2);
        assertThat(log.logEndOffset()).isEqualTo(3);
    }

    @Test
    void retentionByTimeDeletesExpiredSegmentsAndKeepsTheLogEndOffset() throws IOException {
        open(Map.of("segment.ms", "1000", "retention.ms", "5000", "file.delete.delay.ms", "100"));
        long t0 = time.milliseconds();
        log.appendAsLeader(TestBatches.batch(2, t0), 0);
        time.advance(2000);
        log.appendAsLeader(TestBatches.batch(2, t0 + 2000), 0);
        time.advance(2000);
        log.appendAsLeader(TestBatches.batch(2, t0 + 4000), 0);
        assertThat(log.numberOfSegments()).isEqualTo(3);

        time.advance(2000); // now t0+6000: only the first segment (max ts t0) is older than 5000 ms
        assertThat(log.enforceRetention(time.milliseconds())).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(2);
        assertThat(filesEndingWith(".deleted")).hasSize(3);
        assertThatThrownBy(() -> log.read(0, 100, Long.MAX_VALUE, true)).isInstanceOf(OffsetOutOfRangeException.class);

        time.advance(100);
        log.enforceRetention(time.milliseconds());
        assertThat(filesEndingWith(".deleted")).as("removed after file.delete.delay.ms").isEmpty();

        time.advance(10_000); // everything expired: an empty active segment is rolled first
        assertThat(log.enforceRetention(time.milliseconds())).isEqualTo(2);
        assertThat(log.numberOfSegments()).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(6);
        assertThat(log.logEndOffset()).isEqualTo(6);
        assertThat(log.appendAsLeader(TestBatches.batch(1, time.milliseconds()), 0).firstOffset()).isEqualTo(6);
    }

    @Test
    void retentionBySizeDeletesOldestSegmentsUntilTheLogFits() throws IOException {
        int batchSize = TestBatches.batch(5, 1000L, 50).sizeInBytes();
        open(Map.of("segment.bytes", String.valueOf(batchSize * 2), "retention.bytes",
                String.valueOf(batchSize * 3), "file.delete.delay.ms", "0"));
        for (int i = 0; i < 8; i++) {
            log.appendAsLeader(TestBatches.batch(5, time.milliseconds(), 50), 0);
        }
        assertThat(log.numberOfSegments()).isEqualTo(4);

        // 8 batches against a limit of 3: deleting a third segment would leave less than the limit, so two go
        assertThat(log.enforceRetention(time.milliseconds())).isEqualTo(2);

        assertThat(log.numberOfSegments()).isEqualTo(2);
        assertThat(log.sizeInBytes()).isEqualTo(batchSize * 4L);
        assertThat(log.logStartOffset()).isEqualTo(20);
        assertThat(filesEndingWith(".deleted")).isEmpty();
        assertThat(log.enforceRetention(time.milliseconds())).isZero();
    }

    @Test
    void deleteRecordsRaisesTheStartOffsetAndDropsWholeSegmentsBelowIt() throws IOException {
        int batchSize = TestBatches.batch(5, 1000L, 50).sizeInBytes();
        open(Map.of("segment.bytes", String.valueOf(batchSize * 2)));
        for (int i = 0; i < 6; i++) {
            log.appendAsLeader(TestBatches.batch(5, 1000L, 50), 0);
        }

        assertThat(log.deleteRecordsBefore(23)).isEqualTo(23);

        assertThat(log.logStartOffset()).isEqualTo(23);
        assertThat(log.numberOfSegments()).as("segments [0,10) and [10,20) deleted").isEqualTo(1);
        assertThat(TestBatches.batchesOf(log.read(23, 1, Long.MAX_VALUE, true).records()).get(0).baseOffset())
                .isEqualTo(20);
        assertThatThrownBy(() -> log.read(22, 100, Long.MAX_VALUE, true))
                .isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(log.deleteRecordsBefore(5)).as("never lowers the start").isEqualTo(23);
        assertThatThrownBy(() -> log.deleteRecordsBefore(31)).isInstanceOf(OffsetOutOfRangeException.class);

        log.close();
        open(Map.of("segment.bytes", String.valueOf(batchSize * 2)));
        assertThat(log.logStartOffset()).as("persisted").isEqualTo(23);
    }
}
