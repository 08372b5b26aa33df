package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ListOffsets by timestamp, OffsetsForLeaderEpoch and truncation. */
class TimestampEpochTruncationTest {
    private static final TopicPartition TP = new TopicPartition("sessions", 2);
    private static final Map<String, String> SMALL = Map.of("segment.bytes", "600", "index.interval.bytes", "100");

    @TempDir
    Path root;
    private final ManualTime time = new ManualTime(1_000L);
    private PartitionLog log;

    @BeforeEach
    void open() throws IOException {
        log = PartitionLog.open(root.resolve("sessions-2"), TP, LogConfig.defaults().withOverrides(SMALL), time);
    }

    @AfterEach
    void close() throws IOException {
        log.close();
    }

    @Test
    void offsetForTimestampFindsTheEarliestRecordAtOrAfterIt() throws IOException {
        log.appendAsLeader(TestBatches.withTimestamps(100, 300, 200), 1); // offsets 0..2
        log.appendAsLeader(TestBatches.withTimestamps(250, 400), 2);      // offsets 3..4
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(TestBatches.withTimestamps(500 + i * 10), 2); // offsets 5..14, several segments
        }
        assertThat(log.numberOfSegments()).isGreaterThan(1);

        assertThat(log.offsetForTimestamp(50)).contains(new TimestampAndOffset(100, 0, 1));
        assertThat(log.offsetForTimestamp(201)).contains(new TimestampAndOffset(300, 1, 1));
        assertThat(log.offsetForTimestamp(301)).contains(new TimestampAndOffset(400, 4, 2));
        assertThat(log.offsetForTimestamp(555)).contains(new TimestampAndOffset(560, 11, 2));
        assertThat(log.offsetForTimestamp(10_000)).isEmpty();
    }

    @Test
    void maxTimestampIsTheFirstRecordCarryingTheLargestTimestamp() throws IOException {
        assertThat(log.maxTimestampAndOffset()).isEmpty();
        log.appendAsLeader(TestBatches.withTimestamps(100, 900, 200), 1);
        log.appendAsLeader(TestBatches.withTimestamps(300, 900), 2);
        log.appendAsLeader(TestBatches.withTimestamps(400), 2);

        assertThat(log.maxTimestampAndOffset()).contains(new TimestampAndOffset(900, 1, 1));
    }

    @Test
    void endOffsetForEpochFollowsKafkaSemantics() throws IOException {
        assertThat(log.endOffsetForEpoch(0)).isEqualTo(EpochEndOffset.UNDEFINED);
        log.appendAsLeader(TestBatches.batch(3, 1L), 2);  // epoch 2 starts at 0
        log.appendAsLeader(TestBatches.batch(2, 1L), 2);
        log.appendAsLeader(TestBatches.batch(4, 1L), 5);  // epoch 5 starts at 5
        log.appendAsLeader(TestBatches.batch(1, 1L), 4);  // an older epoch is not recorded

        assertThat(log.latestEpoch()).isEqualTo(5);
        assertThat(log.endOffsetForEpoch(5)).isEqualTo(new EpochEndOffset(5, 10));
        assertThat(log.endOffsetForEpoch(2)).isEqualTo(new EpochEndOffset(2, 5));
        assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEndOffset(2, 5));
        assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 0));
        assertThat(log.endOffsetForEpoch(6)).isEqualTo(EpochEndOffset.UNDEFINED);
        assertThat(log.endOffsetForEpoch(-1)).isEqualTo(EpochEndOffset.UNDEFINED);
    }

    @Test
    void truncateToDropsLaterBatchesAcrossSegmentsAndFixesEpochsAndProducers() throws IOException {
        for (int i = 0; i < 12; i++) {
            log.appendAsLeader(TestBatches.idempotent(77L, (short) 0, i * 2, 2, 1000L + i), i < 6 ? 1 : 2);
        }
        int segmentsBefore = log.numberOfSegments();
        assertThat(segmentsBefore).isGreaterThan(2);

        log.truncateTo(9); // offset 9 is inside batch [8,9]: the whole batch goes

        assertThat(log.logEndOffset()).isEqualTo(8);
        assertThat(log.numberOfSegments()).isLessThan(segmentsBefore);
        assertThat(log.latestEpoch()).isEqualTo(1);
        assertThat(log.activeProducers()).containsExactly(new ProducerInfo(77L, 0, 7, 1003L));
        assertThat(log.maxTimestampAndOffset()).map(TimestampAndOffset::timestamp).contains(1003L);
        assertThat(log.appendAsLeader(TestBatches.idempotent(77L, (short) 0, 8, 2, 5000L), 3).firstOffset())
                .isEqualTo(8);
        assertThat(TestBatches.offsetsOf(log.read(8, 10_000, Long.MAX_VALUE, true).records()))
                .containsExactly(8L, 9L);
        assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 8));
    }

    @Test
    void truncateToBelowTheFirstSegmentEmptiesTheLog() throws IOException {
        log.appendAsLeader(TestBatches.batch(5, 1L), 1);

        log.truncateTo(0);

        assertThat(log.logEndOffset()).isZero();
        assertThat(log.sizeInBytes()).isZero();
        assertThat(log.latestEpoch()).isEqualTo(-1);
        assertThat(log.appendAsLeader(TestBatches.batch(1, 1L), 1).firstOffset()).isZero();
    }

    @Test
    void truncateFullyAndStartAtEmptiesTheLogAtAnOffsetBeyondItsEnd() throws IOException {
        log.appendAsLeader(TestBatches.idempotent(77L, (short) 0, 0, 5, 1000L), 1);

        log.truncateFullyAndStartAt(40);

        assertThat(log.logStartOffset()).isEqualTo(40);
        assertThat(log.logEndOffset()).isEqualTo(40);
        assertThat(log.sizeInBytes()).isZero();
        assertThat(log.latestEpoch()).isEqualTo(-1);
        assertThat(log.activeProducers()).isEmpty();
        log.close();
        log = PartitionLog.open(root.resolve("sessions-2"), TP, LogConfig.defaults().withOverrides(SMALL), time);
        assertThat(log.logStartOffset()).isEqualTo(40);
        assertThat(log.logEndOffset()).isEqualTo(40);
        assertThat(log.appendAsLeader(TestBatches.batch(2, 1L), 3).firstOffset()).isEqualTo(40);
        assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEndOffset(3, 42));
    }

    @Test
    void followerAppendKeepsOffsetsAndRecordsEpochs() throws IOException {
        PartitionLog leader = PartitionLog.open(root.resolve("sessions-9"), new TopicPartition("sessions", 9),
                LogConfig.defaults(), time);
        leader.appendAsLeader(TestBatches.batch(3, 1L), 4);
        leader.appendAsLeader(TestBatches.batch(2, 1L), 6);
        LogReadResult fetched = leader.read(0, 100_000, Long.MAX_VALUE, true);
        org.apache.kafka.common.record.MemoryRecords copy = org.apache.kafka.common.record.MemoryRecords
                .readableRecords(java.nio.ByteBuffer.wrap(readBytes(fetched)));
        leader.close();

        LogAppendResult result = log.appendAsFollower(copy);

        assertThat(result.firstOffset()).isZero();
        assertThat(result.lastOffset()).isEqualTo(4);
        assertThat(log.logEndOffset()).isEqualTo(5);
        assertThat(log.endOffsetForEpoch(4)).isEqualTo(new EpochEndOffset(4, 3));
    }

    private static byte[] readBytes(LogReadResult read) throws IOException {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(read.size());
        read.slice().fileChannel().read(buffer, read.slice().position());
        return buffer.array();
    }
}
