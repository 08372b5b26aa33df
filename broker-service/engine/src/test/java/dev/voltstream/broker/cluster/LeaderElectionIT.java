package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker restarted after a failover leads nothing until leadership moves back to it: by an operator's preferred
 * leader election (ElectLeaders, what kafka-leader-election.sh sends), or by the controller's automatic leader
 * rebalancing.
 */
@Timeout(240)
class LeaderElectionIT {
    private static final TopicPartition P0 = new TopicPartition("meters", 0);

    @TempDir
    Path dir;

    @Test
    void preferredLeaderElectionOnRequest() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir.resolve("manual"), 3,
                Map.of("auto.leader.rebalance.enable", "false"));
             Admin admin = cluster.admin()) {
            int preferred = bounceThePreferredLeader(cluster, admin);
            assertThat(partition0(admin).leader().id()).isNotEqualTo(preferred);

            Map<TopicPartition, Optional<Throwable>> results = admin.electLeaders(ElectionType.PREFERRED, Set.of(P0))
                    .partitions().get();
            assertThat(results.get(P0)).isEmpty();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(partition0(admin).leader().id()).isEqualTo(preferred));

            assertThatThrownBy(() -> admin.electLeaders(ElectionType.PREFERRED, Set.of(P0)).all().get())
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ElectionNotNeededException.class);
            // Every partition (null): those that need no election are left out of the answer.
            assertThat(admin.electLeaders(ElectionType.PREFERRED, null).partitions().get()).isEmpty();
        }
    }

    @Test
    void theControllerRebalancesLeadersOnItsOwn() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir.resolve("auto"), 3,
                Map.of("leader.imbalance.check.interval.seconds", "1"));
             Admin admin = cluster.admin()) {
            int preferred = bounceThePreferredLeader(cluster, admin);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(partition0(admin).leader().id()).isEqualTo(preferred));
        }
    }

    /** Stops partition 0's preferred leader, waits for the failover, restarts it and waits until it is in sync. */
    private static int bounceThePreferredLeader(InProcessCluster cluster, Admin admin) throws Exception {
        admin.createTopics(List.of(new NewTopic("meters", 3, (short) 3))).all().get();
        int preferred = ClusterIT.describeCreated(admin, "meters").partitions().get(0).replicas().get(0).id();
        assertThat(partition0(admin).leader().id()).isEqualTo(preferred);
        cluster.stop(preferred);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            TopicPartitionInfo p = partition0(admin);
            assertThat(p.leader().id()).isNotEqualTo(preferred);
            assertThat(p.isr()).extracting(Node::id).doesNotContain(preferred);
        });
        cluster.start(preferred);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(partition0(admin).isr()).extracting(Node::id).contains(preferred));
        // The restarted broker heartbeats from its registration on: the controller never takes it for a silent one
        // (a fencing would move away whatever it leads, e.g. the leadership an election just gave it).
        assertThat(cluster.broker(preferred).clusterNode().orElseThrow().reRegistrations()).isZero();
        return preferred;
    }

    private static TopicPartitionInfo partition0(Admin admin) throws Exception {
        TopicDescription d = admin.describeTopics(List.of("meters")).allTopicNames().get().get("meters");
        return d.partitions().get(0);
    }
}
