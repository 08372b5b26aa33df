package dev.voltstream.broker.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;

/**
 * The coordinator of cluster mode over one {@code __consumer_offsets} partition led by broker 1 with broker 2 in its
 * ISR: nothing is served before the election, a commit is answered (and visible) only once the follower has it, and
 * losing the leadership or the follower fails the write with the error a client retries.
 */
@Timeout(30)
class ReplicatedGroupCoordinatorTest {
    private static final TopicPartition OFFSETS_0 = new TopicPartition("__consumer_offsets", 0);
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @TempDir
    Path dir;
    ScheduledThreadPoolExecutor scheduler;
    LogManager logs;
    Partition partition;
    GroupCoordinator coordinator;

    @BeforeEach
    void open() throws Exception {
        scheduler = new ScheduledThreadPoolExecutor(1);
        logs = new LogManager(List.of(dir), scheduler, Time.SYSTEM);
        logs.loadLogs(tp -> LogConfig.defaults());
        partition = new Partition(OFFSETS_0, Uuid.randomUuid(), logs.getOrCreateLog(OFFSETS_0, LogConfig.defaults()),
                1, (tp, bytes) -> { });
        partition.makeLeader(1, List.of(1, 2), List.of(1, 2), System.currentTimeMillis());
        coordinator = coordinator(30_000);
    }

    private GroupCoordinator coordinator(long commitTimeoutMs) {
        GroupConfig config = GroupConfig.from(new BrokerConfig(Map.of("offsets.commit.timeout.ms",
                Long.toString(commitTimeoutMs))));
        return GroupCoordinator.clustered(config, new GroupCoordinatorTest.FixedTopics(), () -> 1, () -> 1,
                scheduler, Time.SYSTEM);
    }

    @AfterEach
    void close() throws Exception {
        coordinator.close();
        logs.close();
        scheduler.shutdownNow();
    }

    @Test
    void groupsOfAPartitionThisBrokerDoesNotLeadAreNotCoordinatedHere() {
        assertThat(commit(5).join()).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(coordinator.fetchOffsets("g", null, -1, null).error()).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(coordinator.heartbeat("g", "m", null, 1)).isEqualTo(Errors.NOT_COORDINATOR);
    }

    @Test
    void aCommitIsAnsweredAndVisibleOnlyOnceTheFollowerHasIt() throws Exception {
        elect();
        CompletableFuture<Errors> commit = commit(5);
        assertThat(commit).as("waiting for the follower").isNotDone();
        assertThat(committed()).as("not visible before it is replicated").isNull();

        partition.readForReplica(2, partition.logEndOffset(), 1024, System.currentTimeMillis());

        assertThat(commit.get()).isEqualTo(Errors.NONE);
        assertThat(committed()).isEqualTo(5);
    }

    @Test
    void aCommitPendingWhenLeadershipMovesFailsWithNotCoordinator() throws Exception {
        elect();
        CompletableFuture<Errors> commit = commit(5);

        partition.makeFollower(2, 2, List.of(1, 2), List.of(1, 2));
        coordinator.resigned(OFFSETS_0);

        assertThat(commit.get()).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(commit(6).join()).isEqualTo(Errors.NOT_COORDINATOR);
    }

    @Test
    void aCommitTheFollowerNeverFetchesTimesOutAsCoordinatorNotAvailable() throws Exception {
        coordinator.close();
        coordinator = coordinator(200);
        elect();
        assertThat(commit(5).get()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
    }

    @Test
    void aNewLeaderLoadsTheCommitsOfItsPartition() throws Exception {
        elect();
        CompletableFuture<Errors> commit = commit(7);
        partition.readForReplica(2, partition.logEndOffset(), 1024, System.currentTimeMillis());
        assertThat(commit.get()).isEqualTo(Errors.NONE);
        partition.makeFollower(2, 2, List.of(1, 2), List.of(1, 2));
        coordinator.resigned(OFFSETS_0);

        partition.makeLeader(3, List.of(1, 2), List.of(1, 2), System.currentTimeMillis());
        elect();

        assertThat(committed()).isEqualTo(7);
    }

    private void elect() {
        coordinator.elected(partition, partition.leaderEpoch());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                coordinator.fetchOffsets("g", null, -1, null).error() == Errors.NONE);
    }

    private CompletableFuture<Errors> commit(long offset) {
        return coordinator.commitOffsets("g", "", null, -1, (short) 9, -1,
                Map.of(TP, new CommittedOffset(offset, 1, "", -1, -1)));
    }

    private Long committed() {
        CommittedOffset c = coordinator.fetchOffsets("g", null, -1, null).offsets().get(TP);
        return c == null ? null : c.offset();
    }
}
