package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention and DeleteRecords on their own ({@link LogRetention}, {@link RetentionPolicy}, {@link LogStartOffset}):
 * which segments go, the bound an open transaction sets, the log start offset persisted.
 */
class LogRetentionTest {
    private static final TopicPartition TP = new TopicPartition("retention", 0);
    private static final LogConfig CONFIG = LogConfig.defaults()
            .withOverrides(Map.of("retention.ms", "1000", "file.delete.delay.ms", "0"));

    @TempDir
    Path dir;
    private final ProducerStateManager producers = new ProducerStateManager(TP);
    private LeaderEpochCache epochs;
    private LogFiles files;
    private LogStartOffset logStart;
    private LogRetention retention;

    /** Three segments of 10 records each, at 0, 10 and 20, their records written at 1000, 2000 and 3000. */
    private void openThreeSegments() throws IOException {
        files = LogFilesTest.emptyLog(dir, TP, CONFIG);
        for (int i = 0; i < 3; i++) {
            long first = i * 10L;
            long now = 1_000L * (i + 1);
            if (i > 0) {
                files.roll(first, now, CONFIG);
            }
            LogFilesTest.append(files, first, 10, now, 10, CONFIG);
        }
        epochs = LeaderEpochCache.load(dir.resolve(LogFileNames.LEADER_EPOCH_CHECKPOINT));
        logStart = new LogStartOffset(dir, 0, epochs, producers);
        retention = new LogRetention(TP, files, logStart, producers);
    }

    private List<Long> baseOffsets() {
        return files.segments().all().stream().map(LogSegment::baseOffset).toList();
    }

    @Test
    void deleteRecordsRetiresTheSegmentsWhollyBelowAndPersistsTheNewLogStart() throws IOException {
        openThreeSegments();

        assertThat(retention.deleteRecordsBefore(15, CONFIG, 5_000)).isEqualTo(15);
        assertThat(baseOffsets()).containsExactly(10L, 20L);
        assertThat(CheckpointFile.readLong(dir.resolve(LogFileNames.LOG_START_OFFSET), -1)).isEqualTo(15);

        assertThat(retention.deleteRecordsBefore(12, CONFIG, 5_000)).as("never lowered").isEqualTo(15);
        assertThatThrownBy(() -> retention.deleteRecordsBefore(31, CONFIG, 5_000))
                .isInstanceOf(OffsetOutOfRangeException.class).hasMessageContaining("log end offset is 30");
    }

    @Test
    void deleteRecordsStopsAtAnOpenTransaction() {
        assertThatThrownBy(() -> RetentionPolicy.checkDeleteRecordsBefore(8, 30, OptionalLong.of(5), TP))
                .isInstanceOf(OffsetOutOfRangeException.class).hasMessageContaining("open since offset 5");
        RetentionPolicy.checkDeleteRecordsBefore(5, 30, OptionalLong.of(5), TP);
    }

    @Test
    void retentionDeletesExpiredSegmentsButNeverTheActiveOne() throws IOException {
        openThreeSegments();

        assertThat(retention.deleteDueSegments(CONFIG, 3_500)).isEqualTo(2); // written at 1000 and 2000
        assertThat(baseOffsets()).containsExactly(20L);
        assertThat(logStart.get()).isEqualTo(20);
    }

    @Test
    void whenEverySegmentExpiredAnEmptySegmentIsRolledSoTheLogKeepsItsEndOffset() throws IOException {
        openThreeSegments();

        assertThat(retention.deleteDueSegments(CONFIG, 10_000)).isEqualTo(3);
        assertThat(baseOffsets()).containsExactly(30L);
        assertThat(files.end().offset()).isEqualTo(30);
        assertThat(logStart.get()).isEqualTo(30);
    }

    @Test
    void retentionKeepsEverySegmentFromTheOneAnOpenTransactionStartsIn() throws IOException {
        openThreeSegments();
        List<LogSegment> all = files.segments().all();

        assertThat(RetentionPolicy.deletableSegments(all, CONFIG, 10_000, OptionalLong.empty())).isEqualTo(3);
        assertThat(RetentionPolicy.deletableSegments(all, CONFIG, 10_000, OptionalLong.of(15))).isEqualTo(1);
        assertThat(RetentionPolicy.deletableSegments(all, CONFIG, 10_000, OptionalLong.of(25))).isEqualTo(2);
    }

    /**
     * A compacted topic whose {@code retention.ms} is below its {@code min.compaction.lag.ms} (#18's bad input): as in
     * Kafka, {@code compact} alone never deletes by time, so no key's latest value is lost however old; only
     * {@code compact,delete} deletes by time — retention then wins over the lag, as the policy asks.
     */
    @Test
    void retentionBelowTheMinCompactionLagDeletesNothingUnderCompactAloneAndAsConfiguredUnderCompactDelete()
            throws IOException {
        openThreeSegments();
        List<LogSegment> all = files.segments().all();
        LogConfig compact = CONFIG.withOverrides(Map.of("cleanup.policy", "compact",
                "min.compaction.lag.ms", "3600000"));
        assertThat(RetentionPolicy.deletableSegments(all, compact, 10_000)).isZero();
        assertThat(retention.deleteDueSegments(compact, 10_000)).isZero();
        assertThat(baseOffsets()).containsExactly(0L, 10L, 20L);

        LogConfig compactDelete = CONFIG.withOverrides(Map.of("cleanup.policy", "compact,delete",
                "min.compaction.lag.ms", "3600000"));
        assertThat(RetentionPolicy.deletableSegments(all, compactDelete, 3_500)).isEqualTo(2);
    }
}
