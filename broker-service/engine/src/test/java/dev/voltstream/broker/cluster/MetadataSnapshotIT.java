package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.cluster.internal.quorum.MetadataQuorum;

/**
 * Issue #20's metadata snapshots: the quorum snapshots its image every few records and purges the Raft log before it;
 * a broker that was down while the log it missed was purged gets the snapshot from the leader (and deletes the log of
 * a topic deleted meanwhile); a restart loads its own snapshot and replays only the tail.
 */
@Timeout(180)
class MetadataSnapshotIT {
    private static final int EVERY = 40;

    @TempDir
    Path dir;

    @Test
    void brokersCatchUpFromSnapshotsAndRestartsReplayOnlyTheTail() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir, 3,
                Map.of("metadata.log.max.records.between.snapshots", Integer.toString(EVERY),
                        "metadata.log.segment.bytes", "4096"));
             Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic("kept", 1, (short) 3), new NewTopic("doomed", 1, (short) 3)))
                    .all().get();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    dir.resolve("broker-3").resolve("doomed-0").toFile().isDirectory());
            cluster.stop(3);

            ConfigResource kept = new ConfigResource(ConfigResource.Type.TOPIC, "kept");
            for (int i = 0; i < 4 * EVERY; i++) {
                Collection<AlterConfigOp> ops = List.of(new AlterConfigOp(
                        new ConfigEntry("retention.ms", Integer.toString(100_000 + i)), AlterConfigOp.OpType.SET));
                admin.incrementalAlterConfigs(Map.of(kept, ops)).all().get();
            }
            admin.deleteTopics(List.of("doomed")).all().get();
            MetadataQuorum one = quorum(cluster, 1);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(one.logStartIndex()).as("log purged up to a snapshot").isGreaterThan(EVERY));

            // Broker 3 missed entries the others no longer have: it installs the leader's snapshot.
            cluster.start(3);
            MetadataQuorum three = quorum(cluster, 3);
            assertThat(three.loadedSnapshotIndex()).isGreaterThan(0);
            assertThat(three.image().topics().get("kept").configs()).containsEntry("retention.ms",
                    Integer.toString(100_000 + 4 * EVERY - 1));
            assertThat(three.image().topics()).doesNotContainKey("doomed");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(cluster.broker(3).components().replicas().hasReplica(new TopicPartition("doomed", 0)))
                        .isFalse();
                assertThat(dir.resolve("broker-3").resolve("doomed-0")).doesNotExist();
            });

            // A restart loads the broker's own latest snapshot and replays fewer entries than lie between two.
            long history = quorum(cluster, 2).image().offset();
            cluster.stop(2);
            cluster.start(2);
            MetadataQuorum two = quorum(cluster, 2);
            assertThat(two.loadedSnapshotIndex()).isGreaterThan(0);
            assertThat(two.appliedEntries()).as("entries replayed after a history of %d", history)
                    .isLessThan(EVERY + 10);
            assertThat(two.image().topics().get("kept").configs()).containsEntry("retention.ms",
                    Integer.toString(100_000 + 4 * EVERY - 1));
        }
    }

    private static MetadataQuorum quorum(InProcessCluster cluster, int id) {
        return cluster.broker(id).clusterNode().orElseThrow().quorum();
    }
}
