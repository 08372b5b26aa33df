package dev.voltstream.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.testkit.ManualClock;

/** {@link ReplicaManager#leaderPartition}: the one place a handler learns whether it may serve a partition. */
class ReplicaManagerTest {
    private static final int LOCAL = 1;
    private static final TopicPartition TP = new TopicPartition("orders", 0);

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(1_000_000);
    LogManager logs;
    ReplicaManager replicas;

    @BeforeEach
    void open() {
        logs = new LogManager(List.of(dir), clock.scheduler(), clock);
        replicas = new ReplicaManager(LOCAL, logs, new FetchPurgatory(clock.scheduler()));
    }

    @AfterEach
    void close() throws IOException {
        logs.close();
    }

    @Test
    void aPartitionNotHostedIsUnknownOnASingleNodeAndElsewhereInACluster() {
        assertThat(replicas.leaderPartition(TP, -1).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        replicas.clustered(true);
        assertThat(replicas.leaderPartition(TP, -1).error()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void theLeaderIsFoundAtItsEpochOrWhenTheClientSendsNoEpoch() throws IOException {
        Partition partition = leader(5);

        assertThat(replicas.leaderPartition(TP, -1).partition()).isSameAs(partition);
        PartitionLookup atEpoch = replicas.leaderPartition(TP, 5);
        assertThat(atEpoch.isFound()).isTrue();
        assertThat(atEpoch.partition()).isSameAs(partition);
    }

    @Test
    void anOlderEpochIsFencedAndANewerOneUnknown() throws IOException {
        leader(5);

        assertThat(replicas.leaderPartition(TP, 4).error()).isEqualTo(Errors.FENCED_LEADER_EPOCH);
        assertThat(replicas.leaderPartition(TP, 6).error()).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH);
        assertThat(replicas.leaderPartition(TP, 4).partition()).isNull();
    }

    @Test
    void aFollowerIsNotTheLeaderButTheEpochIsCheckedFirstAsKafkaDoes() throws IOException {
        Partition partition = replicas.getOrCreatePartition(TP, Uuid.randomUuid(), LogConfig.defaults());
        partition.makeFollower(2, 7, List.of(2, LOCAL), List.of(2, LOCAL));

        assertThat(replicas.leaderPartition(TP, 7).error()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(replicas.leaderPartition(TP, -1).error()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(replicas.leaderPartition(TP, 3).error()).isEqualTo(Errors.FENCED_LEADER_EPOCH);
    }

    private Partition leader(int epoch) throws IOException {
        Partition partition = replicas.getOrCreatePartition(TP, Uuid.randomUuid(), LogConfig.defaults());
        partition.makeLeader(epoch, List.of(LOCAL), List.of(LOCAL), clock.milliseconds());
        return partition;
    }
}
