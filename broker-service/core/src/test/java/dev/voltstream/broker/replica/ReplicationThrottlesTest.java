package dev.voltstream.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.PartitionLog;
import dev.voltstream.broker.testkit.ManualClock;

/** KIP-73's throttled replica lists, the out-of-sync rule and the windowed rate against the limit. */
class ReplicationThrottlesTest {
    private static final int LOCAL = 2;
    private static final TopicPartition TP = new TopicPartition("moving", 3);

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(1_000_000);
    final Map<String, String> topicConfigs = new HashMap<>();
    final AtomicLong leaderRate = new AtomicLong(ReplicationThrottles.UNLIMITED);
    final ReplicationThrottles throttles = new ReplicationThrottles(LOCAL, topic -> topicConfigs, leaderRate::get,
            () -> ReplicationThrottles.UNLIMITED, clock::milliseconds);
    PartitionLog log;

    @AfterEach
    void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    @Test
    void aReplicaIsThrottledWhenItsPartitionAndThisBrokerAreListedOrEverythingIs() {
        assertThat(throttles.listed(TP, ReplicationThrottles.LEADER_REPLICAS)).isFalse();
        topicConfigs.put(ReplicationThrottles.LEADER_REPLICAS, "0:2, 3:1");
        assertThat(throttles.listed(TP, ReplicationThrottles.LEADER_REPLICAS)).as("3 is listed for broker 1 only")
                .isFalse();
        topicConfigs.put(ReplicationThrottles.LEADER_REPLICAS, "0:2, 3 : 2");
        assertThat(throttles.listed(TP, ReplicationThrottles.LEADER_REPLICAS)).isTrue();
        assertThat(throttles.listed(TP, ReplicationThrottles.FOLLOWER_REPLICAS)).isFalse();
        topicConfigs.put(ReplicationThrottles.FOLLOWER_REPLICAS, "*");
        assertThat(throttles.listed(TP, ReplicationThrottles.FOLLOWER_REPLICAS)).isTrue();
    }

    @Test
    void onlyOutOfSyncReplicasAreThrottled() throws IOException {
        log = PartitionLog.open(dir.resolve("moving-3"), TP, LogConfig.defaults(), clock);
        Partition partition = new Partition(TP, Uuid.randomUuid(), log, LOCAL, (tp, bytes) -> { });
        partition.makeLeader(1, List.of(LOCAL, 1, 3), List.of(LOCAL, 1), clock.milliseconds());
        topicConfigs.put(ReplicationThrottles.LEADER_REPLICAS, "*");
        assertThat(throttles.leaderQuotaFor(partition, 1)).as("in sync").isNull();
        assertThat(throttles.leaderQuotaFor(partition, 3)).as("catching up").isNotNull();
        assertThat(throttles.followerQuotaFor(partition)).as("no follower list").isNull();
    }

    @Test
    void theQuotaIsExceededWhileTheWindowsRateIsAboveTheLimit() {
        ReplicationThrottles.Quota quota = new ReplicationThrottles.Quota(leaderRate::get, clock::milliseconds);
        quota.record(5_000_000);
        assertThat(quota.exceeded()).as("no rate set").isFalse();
        leaderRate.set(100_000);
        // 5 MB over the minimum window of 10 s is 500 kB/s: above 100 kB/s until the sample leaves the window
        assertThat(quota.exceeded()).isTrue();
        clock.advance(10_000);
        assertThat(quota.exceeded()).as("the burst is still inside the 11 s window").isTrue();
        clock.advance(2_000);
        assertThat(quota.exceeded()).as("the burst left the window").isFalse();
        quota.record(900_000); // 900 kB over the 10 s minimum window: 90 kB/s
        assertThat(quota.exceeded()).isFalse();
        quota.record(200_000);
        assertThat(quota.exceeded()).isTrue();
    }
}
