package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.BrokerIdNotRegisteredException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.tools.ClusterTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.cluster.internal.quorum.MetadataQuorum;
import dev.voltstream.broker.testkit.KafkaTool;
import dev.voltstream.broker.tools.DecommissionCommand;

/**
 * Issue #20's decommission: an observer that holds replicas leaves the cluster — its replicas move off first (nothing
 * under-replicated, every record still there), then it stops, then Kafka's {@code kafka-cluster.sh unregister} removes
 * it from the brokers and from the metadata quorum's configuration. Alive brokers and voters are refused.
 */
@Timeout(180)
class DecommissionIT {
    @TempDir
    Path dir;

    @Test
    void aBrokerLeavesWithItsReplicasMovedOffFirst() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir, 3, Map.of());
             Admin admin = cluster.admin()) {
            cluster.start(4);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.describeCluster().nodes().get()).extracting(Node::id).contains(4));
            admin.createTopics(List.of(new NewTopic("spread", 4, (short) 3))).all().get();
            assertThat(ClusterIT.describeCreated(admin, "spread").partitions())
                    .anySatisfy(p -> assertThat(p.replicas()).extracting(Node::id).contains(4));
            ClusterMembershipIT.produce(cluster.bootstrapServers(), "spread", 0, 200);

            assertThatThrownBy(() -> admin.unregisterBroker(4).all().get())
                    .as("an alive broker is not unregistered").hasCauseInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> admin.unregisterBroker(1).all().get())
                    .as("nor a voter").hasCauseInstanceOf(InvalidRequestException.class);

            List<String> progress = new ArrayList<>();
            new DecommissionCommand(admin, progress::add).moveReplicasOff(4, Duration.ofSeconds(60));
            for (TopicPartitionInfo p : ClusterIT.describe(admin, "spread").partitions()) {
                assertThat(p.replicas()).extracting(Node::id).hasSize(3).doesNotContain(4);
                assertThat(p.isr()).hasSize(3);
            }
            assertThat(progress).last().asString().contains("No partition has a replica on broker 4");

            cluster.stop(4);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(admin.describeCluster().nodes().get()).extracting(Node::id).doesNotContain(4));
            KafkaTool.Result unregister = KafkaTool.run(ClusterTool::main, "unregister",
                    "--bootstrap-server", cluster.bootstrapServers(), "--id", "4");
            assertThat(unregister.exitCode()).as(unregister.stdout() + unregister.stderr()).isZero();

            MetadataQuorum quorum = cluster.broker(1).clusterNode().orElseThrow().quorum();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(quorum.image().brokers()).doesNotContainKey(4);
                assertThat(quorum.members(true)).doesNotContain(4);
            });
            assertThat(quorum.members(false)).containsExactly(1, 2, 3);
            assertThatThrownBy(() -> admin.unregisterBroker(4).all().get())
                    .hasCauseInstanceOf(BrokerIdNotRegisteredException.class);
            assertThat(ClusterIT.consumeAll(cluster.bootstrapServers(), "spread", 200)).hasSize(200);
        }
    }
}
