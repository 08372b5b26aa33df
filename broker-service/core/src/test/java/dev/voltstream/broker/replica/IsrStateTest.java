package dev.voltstream.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.PartitionLog;
import dev.voltstream.broker.testkit.ManualClock;

/**
 * The ISR bookkeeping on its own: the high-watermark bound the in-sync followers and proposed joiners set, expansion
 * of a caught-up follower, shrinking a lagging one, one proposal at a time. Times are numbers the test passes in.
 */
class IsrStateTest {
    private static final TopicPartition TP = new TopicPartition("isr", 0);
    private static final int LOCAL = 1;
    private static final long LAG = 10_000;
    private static final int EPOCH = 4;

    @TempDir
    Path dir;
    private PartitionLog log;
    private IsrState isr;
    private final List<List<Integer>> proposed = new ArrayList<>();
    private final List<Runnable> settle = new ArrayList<>();

    @BeforeEach
    void open() throws IOException {
        log = PartitionLog.open(dir.resolve("isr-0"), TP, LogConfig.defaults(), new ManualClock(0));
        Partition owner = new Partition(TP, Uuid.randomUuid(), log, LOCAL, (tp, bytes) -> { });
        isr = new IsrState(owner, LOCAL);
        isr.changer((partition, epoch, newIsr, done) -> {
            assertThat(partition).isSameAs(owner);
            assertThat(epoch).isEqualTo(EPOCH);
            proposed.add(newIsr);
            settle.add(done);
        });
    }

    @AfterEach
    void close() throws IOException {
        log.close();
    }

    @Test
    void theBoundIsTheSlowestInSyncFollowerAndOneNotHeardFromHoldsItAtMinusOne() {
        isr.lead(List.of(1, 2, 3), List.of(1, 2), true, 0);
        assertThat(isr.highWatermarkBound(100)).isEqualTo(-1);

        assertThat(isr.recordFetch(2, 40, 100, 0, EPOCH, 0)).isTrue();
        assertThat(isr.highWatermarkBound(100)).isEqualTo(40);
        assertThat(isr.recordFetch(7, 100, 100, 0, EPOCH, 0)).as("not a replica").isFalse();
    }

    @Test
    void aCaughtUpFollowerIsProposedOnceAndHoldsTheBoundUntilTheCommittedIsrComesBack() {
        isr.lead(List.of(1, 2, 3), List.of(1, 2), true, 0);
        isr.recordFetch(2, 100, 100, 90, EPOCH, 0);

        isr.recordFetch(3, 80, 100, 90, EPOCH, 0);
        assertThat(proposed).as("below the high watermark").isEmpty();
        isr.recordFetch(3, 95, 100, 90, EPOCH, 0);
        assertThat(proposed).containsExactly(List.of(1, 2, 3));
        assertThat(isr.changePending()).isTrue();
        assertThat(isr.highWatermarkBound(100)).as("the joiner counts").isEqualTo(95);

        isr.recordFetch(3, 96, 100, 90, EPOCH, 0);
        assertThat(proposed).as("one proposal at a time").hasSize(1);
        settle.get(0).run();
        assertThat(isr.changePending()).isFalse();

        isr.lead(List.of(1, 2, 3), List.of(1, 2, 3), false, 0);
        assertThat(isr.isr()).containsExactly(1, 2, 3);
        assertThat(isr.highWatermarkBound(100)).as("fetch state kept within a term").isEqualTo(96);
    }

    @Test
    void aFollowerNotCaughtUpWithinTheLagIsProposedOut() {
        isr.lead(List.of(1, 2, 3), List.of(1, 2, 3), true, 0);
        isr.recordFetch(2, 100, 100, 100, EPOCH, 5_000);

        isr.maybeShrink(LAG, LAG, EPOCH);
        assertThat(proposed).isEmpty();
        isr.maybeShrink(LAG + 1, LAG, EPOCH);
        assertThat(proposed).containsExactly(List.of(1, 2));
    }

    @Test
    void aJoinerWhoseProposalSettledUnappliedAndThatStoppedFetchingIsDropped() {
        isr.lead(List.of(1, 2), List.of(1), true, 0);
        isr.recordFetch(2, 50, 50, 50, EPOCH, 0);
        settle.get(0).run(); // refused: no committed ISR comes back
        assertThat(isr.highWatermarkBound(60)).isEqualTo(50);

        assertThat(isr.dropStaleJoiners(LAG, LAG)).isFalse();
        assertThat(isr.dropStaleJoiners(LAG + 1, LAG)).isTrue();
        assertThat(isr.highWatermarkBound(60)).isEqualTo(60);
    }

    @Test
    void aNewTermForgetsWhatFollowersFetched() {
        isr.lead(List.of(1, 2), List.of(1, 2), true, 0);
        isr.recordFetch(2, 70, 70, 0, EPOCH, 0);
        assertThat(isr.highWatermarkBound(70)).isEqualTo(70);

        isr.lead(List.of(1, 2), List.of(1, 2), true, 0);
        assertThat(isr.highWatermarkBound(70)).isEqualTo(-1);
    }
}
