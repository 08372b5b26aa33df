package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogAppendReadTest {
    private static final TopicPartition TP = new TopicPartition("orders.v1_x-y", 3);

    @TempDir
    Path dir;
    private final ManualTime time = new ManualTime(1_000_000L);
    private PartitionLog log;

    @AfterEach
    void closeLog() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    private PartitionLog open(LogConfig config) throws IOException {
        log = PartitionLog.open(dir.resolve("orders.v1_x-y-3"), TP, config, time);
        return log;
    }

    @Test
    void appendAssignsOffsetsAndReadReturnsTheSameBytes() throws IOException {
        open(LogConfig.defaults());
        MemoryRecords first = TestBatches.batch(3, 1000L);
        MemoryRecords second = TestBatches.batch(2, 2000L);

        LogAppendResult r1 = log.appendAsLeader(first, 7);
        LogAppendResult r2 = log.appendAsLeader(second, 7);

        assertThat(r1).isEqualTo(new LogAppendResult(0, 2, -1, 0, 3, false));
        assertThat(r2).isEqualTo(new LogAppendResult(3, 4, -1, 0, 2, false));
        assertThat(log.logEndOffset()).isEqualTo(5);
        LogReadResult read = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, false);
        ByteBuffer expected = ByteBuffer.allocate(first.sizeInBytes() + second.sizeInBytes());
        expected.put(first.buffer()).put(second.buffer()).flip();
        ByteBuffer actual = ByteBuffer.allocate(read.size());
        read.slice().fileChannel().read(actual, read.slice().position());
        assertThat(actual.flip()).isEqualTo(expected);
        assertThat(TestBatches.offsetsOf(read.records())).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(TestBatches.batchesOf(read.records())).allSatisfy(b -> {
            assertThat(b.partitionLeaderEpoch()).isEqualTo(7);
            assertThat(b.isValid()).isTrue();
        });
        assertThat(read.logEndOffset()).isEqualTo(5);
    }

    @Test
    void readFromTheMiddleOfABatchReturnsTheWholeBatch() throws IOException {
        open(LogConfig.defaults());
        log.appendAsLeader(TestBatches.batch(3, 1000L), 0);
        log.appendAsLeader(TestBatches.batch(4, 1000L), 0);

        LogReadResult read = log.read(4, Integer.MAX_VALUE, Long.MAX_VALUE, false);

        List<RecordBatch> batches = TestBatches.batchesOf(read.records());
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).baseOffset()).isEqualTo(3);
        assertThat(batches.get(0).lastOffset()).isEqualTo(6);
    }

    @Test
    void maxBytesLimitsTheBatchesButMinOneBatchReturnsOneWholeBatch() throws IOException {
        open(LogConfig.defaults());
        for (int i = 0; i < 3; i++) {
            log.appendAsLeader(TestBatches.batch(5, 1000L, 100), 0);
        }
        int batchSize = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, false).size() / 3;

        assertThat(TestBatches.batchesOf(log.read(0, batchSize * 2 + 10, Long.MAX_VALUE, false).records()))
                .hasSize(2);
        assertThat(log.read(0, 10, Long.MAX_VALUE, false).size()).isZero();
        LogReadResult one = log.read(5, 10, Long.MAX_VALUE, true);
        assertThat(one.size()).isEqualTo(batchSize);
        assertThat(TestBatches.batchesOf(one.records())).singleElement()
                .satisfies(b -> assertThat(b.baseOffset()).isEqualTo(5));
    }

    @Test
    void maxOffsetExclusiveStopsBeforeBatchesReachingIt() throws IOException {
        open(LogConfig.defaults());
        log.appendAsLeader(TestBatches.batch(2, 1000L), 0);
        log.appendAsLeader(TestBatches.batch(2, 1000L), 0);
        log.appendAsLeader(TestBatches.batch(2, 1000L), 0);

        assertThat(TestBatches.offsetsOf(log.read(0, Integer.MAX_VALUE, 4, true).records()))
                .containsExactly(0L, 1L, 2L, 3L);
        assertThat(log.read(4, Integer.MAX_VALUE, 4, true).size()).isZero();
        assertThat(log.read(0, Integer.MAX_VALUE, 0, true).size()).isZero();
    }

    @Test
    void fetchAtTheEndIsEmptyAndBeyondItIsOutOfRange() throws IOException {
        open(LogConfig.defaults());
        log.appendAsLeader(TestBatches.batch(2, 1000L), 0);

        LogReadResult atEnd = log.read(2, 1000, Long.MAX_VALUE, true);

        assertThat(atEnd.size()).isZero();
        assertThat(atEnd.records().sizeInBytes()).isZero();
        assertThatThrownBy(() -> log.read(3, 1000, Long.MAX_VALUE, true))
                .isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> log.read(-1, 1000, Long.MAX_VALUE, true))
                .isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void logAppendTimeStampsTheBrokerTimeAndKeepsTheCrcValid() throws IOException {
        open(LogConfig.defaults().withOverrides(java.util.Map.of("message.timestamp.type", "LogAppendTime")));

        LogAppendResult result = log.appendAsLeader(TestBatches.batch(2, 5L), 0);

        assertThat(result.logAppendTime()).isEqualTo(time.milliseconds());
        RecordBatch stored = TestBatches.batchesOf(log.read(0, 10_000, Long.MAX_VALUE, true).records()).get(0);
        assertThat(stored.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(stored.maxTimestamp()).isEqualTo(time.milliseconds());
        assertThat(stored.isValid()).isTrue();
    }
}
