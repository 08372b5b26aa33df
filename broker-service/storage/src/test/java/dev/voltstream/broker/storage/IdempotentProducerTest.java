package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Duplicate detection and sequence/epoch checks for idempotent producers, kept across restarts. */
class IdempotentProducerTest {
    private static final TopicPartition TP = new TopicPartition("tx-events", 0);
    private static final long PID = 4242L;

    @TempDir
    Path root;
    private final ManualTime time = new ManualTime(1_000L);
    private PartitionLog log;

    @BeforeEach
    void open() throws IOException {
        log = PartitionLog.open(root.resolve("tx-events-0"), TP, LogConfig.defaults(), time);
    }

    @AfterEach
    void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    @Test
    void aRetriedBatchIsAnsweredWithItsOriginalOffsetsAndNotAppended() throws IOException {
        log.appendAsLeader(TestBatches.batch(2, 1L), 0);
        LogAppendResult first = log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 0, 3, 10L), 0);
        log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 3, 2, 11L), 0);

        LogAppendResult retry = log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 0, 3, 10L), 0);

        assertThat(first.duplicate()).isFalse();
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(2);
        assertThat(retry.lastOffset()).isEqualTo(4);
        assertThat(log.logEndOffset()).isEqualTo(7);
    }

    @Test
    void onlyTheLastFiveBatchesAreRemembered() throws IOException {
        for (int i = 0; i < 6; i++) {
            log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, i, 1, 10L), 0);
        }

        assertThat(log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 1, 1, 10L), 0).duplicate()).isTrue();
        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 0, 1, 10L), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void aSequenceGapIsOutOfOrder() throws IOException {
        log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 0, 3, 10L), 0);

        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 5, 1, 10L), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 3, 1, 10L), 0).firstOffset())
                .isEqualTo(3);
    }

    @Test
    void anOlderEpochIsFencedAndANewEpochMustStartAtZero() throws IOException {
        log.appendAsLeader(TestBatches.idempotent(PID, (short) 3, 0, 2, 10L), 0);

        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.idempotent(PID, (short) 2, 2, 1, 10L), 0))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.idempotent(PID, (short) 4, 7, 1, 10L), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.appendAsLeader(TestBatches.idempotent(PID, (short) 4, 0, 1, 10L), 0).duplicate()).isFalse();
        assertThat(log.activeProducers()).containsExactly(new ProducerInfo(PID, 4, 0, 10L));
    }

    @Test
    void anUnknownProducerMayStartAtAnySequence() throws IOException {
        assertThat(log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 17, 2, 10L), 0).firstOffset())
                .isZero();
        assertThat(log.activeProducers()).containsExactly(new ProducerInfo(PID, 0, 18, 10L));
    }

    @Test
    void producerStateSurvivesACleanRestart() throws IOException {
        log.appendAsLeader(TestBatches.idempotent(PID, (short) 1, 0, 2, 10L), 0);
        log.appendAsLeader(TestBatches.idempotent(PID + 1, (short) 0, 0, 1, 20L), 0);
        log.close();
        assertThat(root.resolve("tx-events-0").resolve(LogFileNames.PRODUCER_SNAPSHOT)).exists();

        open();

        assertThat(log.activeProducers()).containsExactly(new ProducerInfo(PID, 1, 1, 10L),
                new ProducerInfo(PID + 1, 0, 0, 20L));
        assertThat(log.appendAsLeader(TestBatches.idempotent(PID, (short) 1, 0, 2, 10L), 0).duplicate()).isTrue();
        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.idempotent(PID, (short) 1, 4, 1, 10L), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void producerStateIsRebuiltFromTheLogAfterAnUncleanStop() throws IOException {
        log.appendAsLeader(TestBatches.idempotent(PID, (short) 1, 0, 2, 10L), 0);
        log.appendAsLeader(TestBatches.idempotent(PID, (short) 1, 2, 2, 11L), 0);
        log.flush();
        log = null; // killed

        open();

        assertThat(log.activeProducers()).containsExactly(new ProducerInfo(PID, 1, 3, 11L));
        LogAppendResult retry = log.appendAsLeader(TestBatches.idempotent(PID, (short) 1, 2, 2, 11L), 0);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(2);
        assertThat(log.appendAsLeader(TestBatches.idempotent(PID, (short) 1, 4, 1, 12L), 0).firstOffset())
                .isEqualTo(4);
    }
}
