package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
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

/**
 * Dynamic broker configs live in the metadata log: a cluster-wide default set through any broker reaches every
 * broker (and the logs of the topics without their own override), and a broker that was down meanwhile gets it from
 * the log when it returns; a broker's own configs are kept for it alone.
 */
@Timeout(180)
class BrokerConfigsClusterIT {
    private static final ConfigResource CLUSTER_DEFAULT = new ConfigResource(ConfigResource.Type.BROKER, "");

    @TempDir
    Path dir;

    @Test
    void brokerConfigsAreReplicatedThroughTheMetadataLog() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir, 3, Map.of());
             Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic("readings", 1, (short) 3))).all().get();
            set(admin, CLUSTER_DEFAULT, "log.retention.ms", "3600000");
            set(admin, broker(2), "log.segment.bytes", "2097152");

            for (int id = 1; id <= 3; id++) {
                awaitConfig(admin, id, "log.retention.ms", "3600000",
                        ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
                awaitRetention(cluster, id, 3_600_000L);
            }
            awaitConfig(admin, 2, "log.segment.bytes", "2097152", ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
            assertThat(describe(admin, 1).get("log.segment.bytes").source())
                    .isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);

            // Changed while broker 3 is down: only the metadata log can tell it when it returns.
            cluster.stop(3);
            set(admin, CLUSTER_DEFAULT, "log.retention.ms", "7200000");
            cluster.start(3);
            awaitConfig(admin, 3, "log.retention.ms", "7200000", ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            awaitRetention(cluster, 3, 7_200_000L);
        }
    }

    private static ConfigResource broker(int id) {
        return new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(id));
    }

    private static void set(Admin admin, ConfigResource resource, String name, String value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(name, value),
                AlterConfigOp.OpType.SET)))).all().get();
    }

    private static org.apache.kafka.clients.admin.Config describe(Admin admin, int id) throws Exception {
        return admin.describeConfigs(List.of(broker(id))).all().get().get(broker(id));
    }

    private static void awaitConfig(Admin admin, int id, String name, String value, ConfigEntry.ConfigSource source) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            ConfigEntry entry = describe(admin, id).get(name);
            assertThat(entry.value()).as("%s on broker %d", name, id).isEqualTo(value);
            assertThat(entry.source()).isEqualTo(source);
        });
    }

    private static void awaitRetention(InProcessCluster cluster, int id, long retentionMs) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster.broker(id).components()
                .replicas().partition(new TopicPartition("readings", 0)).orElseThrow().config().retentionMs())
                .as("retention.ms of readings-0 on broker %d", id).isEqualTo(retentionMs));
    }
}
