package dev.voltstream.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.PartitionLog;
import dev.voltstream.broker.testkit.ManualClock;

/**
 * The replication state of one partition on its own, over a log in a temp dir: high watermark, ISR changes and leader
 * epochs. Time is a number the test passes in; the ISR changes go to a recording {@link IsrChanger}.
 */
class PartitionTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final int LOCAL = 1;
    private static final int FOLLOWER = 2;
    private static final long LAG_MAX_MS = 10_000;

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(1_000_000);
    final List<List<Integer>> proposedIsrs = new ArrayList<>();
    final List<Runnable> pendingIsrChanges = new ArrayList<>();
    final List<Integer> appendedBytes = new ArrayList<>();
    boolean followerEligible = true;
    PartitionLog log;
    Partition partition;

    @BeforeEach
    void open() throws IOException {
        log = PartitionLog.open(dir.resolve("orders-0"), TP, LogConfig.defaults(), clock);
        partition = new Partition(TP, Uuid.randomUuid(), log, LOCAL, (tp, bytes) -> appendedBytes.add(bytes));
        partition.isrChanger(new IsrChanger() {
            @Override
            public void propose(Partition p, int leaderEpoch, List<Integer> newIsr, Runnable done) {
                proposedIsrs.add(newIsr);
                pendingIsrChanges.add(done);
            }

            @Override
            public boolean eligible(int brokerId) {
                return followerEligible;
            }
        });
    }

    @AfterEach
    void close() throws IOException {
        log.close();
    }

    @Test
    void aLoneLeaderCommitsEveryAppendAtOnce() throws IOException {
        partition.appendAsLeader(records("a", "b"));
        assertThat(partition.highWatermark()).isEqualTo(2);
        assertThat(partition.read(0, 1024, true).size()).isPositive();
        assertThat(appendedBytes).hasSize(1);
    }

    @Test
    void theHighWatermarkWaitsForEveryInSyncFollower() throws IOException {
        partition.makeLeader(1, List.of(LOCAL, FOLLOWER), List.of(LOCAL, FOLLOWER), clock.milliseconds());
        partition.appendAsLeader(records("a", "b", "c"));
        assertThat(partition.highWatermark()).isZero();
        assertThat(partition.read(0, 1024, true).size()).as("consumers see nothing uncommitted").isZero();

        partition.readForReplica(FOLLOWER, 2, 1024, clock.milliseconds());
        assertThat(partition.highWatermark()).isEqualTo(2);
        partition.readForReplica(FOLLOWER, 3, 1024, clock.milliseconds());
        assertThat(partition.highWatermark()).isEqualTo(3);
    }

    @Test
    void anAcksAllProduceCompletesOnceTheFollowerHasItsRecords() throws IOException {
        partition.makeLeader(1, List.of(LOCAL, FOLLOWER), List.of(LOCAL, FOLLOWER), clock.milliseconds());
        long last = partition.appendAsLeader(records("a", "b")).lastOffset();
        CompletableFuture<Errors> replicated = partition.awaitReplication(last);
        assertThat(replicated).isNotDone();

        partition.readForReplica(FOLLOWER, last + 1, 1024, clock.milliseconds());
        assertThat(replicated).isCompletedWithValue(Errors.NONE);
    }

    @Test
    void losingLeadershipFailsWaitingProducesAndRefusesAppends() throws IOException {
        partition.makeLeader(1, List.of(LOCAL, FOLLOWER), List.of(LOCAL, FOLLOWER), clock.milliseconds());
        CompletableFuture<Errors> replicated = partition.awaitReplication(
                partition.appendAsLeader(records("a")).lastOffset());

        partition.makeFollower(FOLLOWER, 2, List.of(LOCAL, FOLLOWER), List.of(LOCAL, FOLLOWER));
        assertThat(replicated).isCompletedWithValue(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(partition.isLeader()).isFalse();
        assertThat(partition.leaderEpoch()).isEqualTo(2);
        assertThatThrownBy(() -> partition.appendAsLeader(records("b")))
                .isInstanceOf(NotLeaderOrFollowerException.class);
        assertThatThrownBy(() -> partition.readForReplica(FOLLOWER, 0, 1024, clock.milliseconds()))
                .isInstanceOf(NotLeaderOrFollowerException.class);
    }

    @Test
    void aFollowerThatStopsFetchingIsProposedOutOfTheIsrOnce() throws IOException {
        long start = clock.milliseconds();
        partition.makeLeader(1, List.of(LOCAL, FOLLOWER), List.of(LOCAL, FOLLOWER), start);
        partition.appendAsLeader(records("a"));

        partition.maybeShrinkIsr(start + LAG_MAX_MS, LAG_MAX_MS);
        assertThat(proposedIsrs).as("not lagging for longer than the limit yet").isEmpty();
        partition.maybeShrinkIsr(start + LAG_MAX_MS + 1, LAG_MAX_MS);
        assertThat(proposedIsrs).containsExactly(List.of(LOCAL));
        partition.maybeShrinkIsr(start + LAG_MAX_MS + 2, LAG_MAX_MS);
        assertThat(proposedIsrs).as("one proposal at a time").hasSize(1);
        assertThat(partition.inSyncReplicas()).as("unchanged until the metadata log says so")
                .containsExactly(LOCAL, FOLLOWER);

        partition.makeLeader(1, List.of(LOCAL, FOLLOWER), List.of(LOCAL), start + LAG_MAX_MS + 3);
        assertThat(partition.inSyncReplicas()).containsExactly(LOCAL);
        assertThat(partition.highWatermark()).as("the lone in-sync leader commits what it has").isEqualTo(1);
    }

    @Test
    void aFollowerThatCatchesUpIsProposedBackIntoTheIsr() throws IOException {
        partition.makeLeader(1, List.of(LOCAL, FOLLOWER), List.of(LOCAL), clock.milliseconds());
        partition.appendAsLeader(records("a", "b"));

        partition.readForReplica(FOLLOWER, 1, 1024, clock.milliseconds());
        assertThat(proposedIsrs).as("still behind the high watermark").isEmpty();
        partition.readForReplica(FOLLOWER, 2, 1024, clock.milliseconds());
        assertThat(proposedIsrs).containsExactly(List.of(LOCAL, FOLLOWER));
    }

    @Test
    void whileAFollowerIsProposedIntoTheIsrTheHighWatermarkWaitsForItToo() throws IOException {
        int joiner = 3;
        partition.makeLeader(1, List.of(LOCAL, FOLLOWER, joiner), List.of(LOCAL, FOLLOWER), clock.milliseconds());
        partition.appendAsLeader(records("a", "b"));
        partition.readForReplica(FOLLOWER, 2, 1024, clock.milliseconds());
        partition.readForReplica(joiner, 2, 1024, clock.milliseconds());
        assertThat(proposedIsrs).containsExactly(List.of(LOCAL, FOLLOWER, joiner));

        // Not applied yet: the controller may commit it, and elect the joiner (a reassignment completing), any time.
        long last = partition.appendAsLeader(records("c", "d")).lastOffset();
        CompletableFuture<Errors> replicated = partition.awaitReplication(last);
        partition.readForReplica(FOLLOWER, 4, 1024, clock.milliseconds());
        assertThat(replicated).as("acknowledged while the joiner has not got it").isNotDone();
        assertThat(partition.highWatermark()).isEqualTo(2);
        partition.readForReplica(joiner, 4, 1024, clock.milliseconds());
        assertThat(replicated).isCompletedWithValue(Errors.NONE);
    }

    @Test
    void aProposedJoinerThatStopsFetchingNoLongerHoldsTheHighWatermark() throws IOException {
        int joiner = 3;
        partition.makeLeader(1, List.of(LOCAL, FOLLOWER, joiner), List.of(LOCAL, FOLLOWER), clock.milliseconds());
        partition.readForReplica(joiner, 0, 1024, clock.milliseconds());
        assertThat(proposedIsrs).containsExactly(List.of(LOCAL, FOLLOWER, joiner));
        pendingIsrChanges.forEach(Runnable::run); // refused: settled, never applied
        partition.appendAsLeader(records("a"));
        partition.readForReplica(FOLLOWER, 1, 1024, clock.milliseconds());
        assertThat(partition.highWatermark()).isZero();

        clock.advance(LAG_MAX_MS + 1);
        partition.readForReplica(FOLLOWER, 1, 1024, clock.milliseconds());
        partition.maybeShrinkIsr(clock.milliseconds(), LAG_MAX_MS);
        assertThat(partition.highWatermark()).isEqualTo(1);
    }

    @Test
    void aFencedFollowerStaysOutOfTheIsrHoweverCaughtUp() throws IOException {
        followerEligible = false;
        partition.makeLeader(1, List.of(LOCAL, FOLLOWER), List.of(LOCAL), clock.milliseconds());
        partition.appendAsLeader(records("a"));
        partition.readForReplica(FOLLOWER, 1, 1024, clock.milliseconds());
        assertThat(proposedIsrs).isEmpty();
    }

    @Test
    void batchesAreStampedWithTheLeaderEpochAndANewEpochSurvivesAReopen() throws IOException {
        partition.makeLeader(7, List.of(LOCAL), List.of(LOCAL), clock.milliseconds());
        partition.appendAsLeader(records("a"));
        RecordBatch batch = partition.read(0, 1024, true).records().batches().iterator().next();
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(7);

        log.close();
        log = PartitionLog.open(dir.resolve("orders-0"), TP, LogConfig.defaults(), clock);
        Partition reopened = new Partition(TP, partition.topicId(), log, LOCAL, (tp, bytes) -> { });
        assertThat(reopened.leaderEpoch()).isEqualTo(7);
        assertThat(reopened.highWatermark()).isEqualTo(1);
    }

    @Test
    void aNewLeaderTermForgetsWhatFollowersFetchedInTheOldOne() throws IOException {
        partition.makeLeader(1, List.of(LOCAL, FOLLOWER), List.of(LOCAL, FOLLOWER), clock.milliseconds());
        partition.appendAsLeader(records("a"));
        partition.readForReplica(FOLLOWER, 1, 1024, clock.milliseconds());
        partition.appendAsLeader(records("b"));

        partition.makeLeader(2, List.of(LOCAL, FOLLOWER), List.of(LOCAL, FOLLOWER), clock.milliseconds());
        partition.appendAsLeader(records("c"));
        assertThat(partition.highWatermark()).as("no follower fetched in epoch 2 yet").isEqualTo(1);
        partition.readForReplica(FOLLOWER, 3, 1024, clock.milliseconds());
        assertThat(partition.highWatermark()).isEqualTo(3);
    }

    @Test
    void aFollowerNeverTakesAHighWatermarkBeyondItsOwnLog() throws IOException {
        partition.makeFollower(FOLLOWER, 1, List.of(LOCAL, FOLLOWER), List.of(LOCAL, FOLLOWER));
        partition.followerHighWatermark(50);
        assertThat(partition.highWatermark()).isZero();
    }

    private static MemoryRecords records(String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }
}
