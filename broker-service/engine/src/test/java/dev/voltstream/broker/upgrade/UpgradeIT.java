package dev.voltstream.broker.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidUpdateVersionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.KafkaBroker;
import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.testkit.FreePorts;

/**
 * An upgrade never loses a cluster's metadata: this code opens data directories written by release 0.1.0 (by
 * {@link UpgradeFixtureWriter}, checked into {@code src/test/resources/upgrade/0.1.0}) and finds every topic, topic
 * id, partition count, config override, dynamic broker config, replica assignment, record and committed offset in
 * them. The cluster directory's Raft log holds 0.1.0's unversioned metadata records; the single-node directory holds
 * 0.1.0's topic files and group log. The cluster is at metadata level 1 until the level is raised, which waits for
 * the 0.1.0 broker registered in its log to go.
 */
class UpgradeIT {
    private static final String RELEASE = "upgrade/0.1.0";
    private static final String METADATA_LEVEL = "voltstream.metadata.version";

    @TempDir
    Path tmp;

    @Test
    void singleNodeDirectoryOfReleaseZeroOneKeepsAllItsMetadata() throws Exception {
        Path data = copyFixture("single", tmp);
        Properties expected = expected("single");
        Map<String, String> config = Map.of("node.id", "1", "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", data.resolve("data").toString(), "num.io.threads", "2", "num.network.threads", "1");
        try (KafkaBroker broker = KafkaBroker.start(new BrokerConfig(config));
             Admin admin = admin(broker.bootstrapServers())) {
            assertMetadata(admin, expected);
        }
    }

    @Test
    void clusterDirectoryOfReleaseZeroOneKeepsAllItsMetadata() throws Exception {
        Path data = copyFixture("cluster", tmp);
        Properties expected = expected("cluster");
        int raftPort = FreePorts.next();
        Map<String, String> config = new HashMap<>();
        config.put("node.id", "1");
        config.put("process.roles", "broker,controller");
        config.put("listeners", "PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:" + raftPort);
        config.put("controller.listener.names", "CONTROLLER");
        // Broker 2 of the written cluster is gone for good: node 1 is the only voter, now on another port.
        config.put("controller.quorum.voters", "1@127.0.0.1:" + raftPort);
        config.put("cluster.id", expected.getProperty("cluster.id"));
        config.put("log.dirs", data.resolve("broker-1").toString());
        config.put("num.io.threads", "2");
        config.put("num.network.threads", "1");
        config.put("broker.session.timeout.ms", "1500");
        try (KafkaBroker broker = KafkaBroker.start(new BrokerConfig(config));
             Admin admin = admin(broker.bootstrapServers())) {
            assertMetadata(admin, expected);
            TopicDescription payments = admin.describeTopics(List.of("payments")).allTopicNames().get()
                    .get("payments");
            assertThat(payments.partitions().get(0).replicas()).extracting(Node::id)
                    .containsExactly(1, 2);
            assertThat(admin.describeCluster().clusterId().get()).isEqualTo(expected.getProperty("cluster.id"));
            raiseMetadataLevelPastTheGoneZeroOneBroker(admin);
        }
    }

    /**
     * The log formed by 0.1.0 has no metadata level: 1, at which a quota (a newer record) is refused. Broker 2
     * registered in 0.1.0's log, and a 0.1.0 broker supports only level 1, so the level cannot be raised until it is
     * unregistered (it is fenced once its session times out, never having heartbeated to this controller).
     */
    private static void raiseMetadataLevelPastTheGoneZeroOneBroker(Admin admin) throws Exception {
        assertThat(admin.describeFeatures().featureMetadata().get().finalizedFeatures().get(METADATA_LEVEL)
                .maxVersionLevel()).isEqualTo((short) 1);
        assertThatThrownBy(() -> setQuota(admin)).hasCauseInstanceOf(UnsupportedVersionException.class);
        assertThatThrownBy(() -> raiseMetadataLevel(admin)).hasCauseInstanceOf(InvalidUpdateVersionException.class)
                .hasMessageContaining("Broker 2 only supports versions 1");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                admin.unregisterBroker(2).all().get());
        raiseMetadataLevel(admin);
        setQuota(admin);
        assertThat(admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get()).hasSize(1);
    }

    private static void raiseMetadataLevel(Admin admin) throws Exception {
        admin.updateFeatures(Map.of(METADATA_LEVEL, new FeatureUpdate((short) 2, FeatureUpdate.UpgradeType.UPGRADE)),
                new UpdateFeaturesOptions()).all().get();
    }

    private static void setQuota(Admin admin) throws Exception {
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
                new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "alice")),
                List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1024.0))))).all().get();
    }

    private static void assertMetadata(Admin admin, Properties expected) throws Exception {
        // Formed before the levels were recorded at formation: it keeps the transaction version it ran at (1), not
        // the default of a new node or cluster (2).
        assertThat(admin.describeFeatures().featureMetadata().get().finalizedFeatures().get("transaction.version")
                .maxVersionLevel()).isEqualTo((short) 1);
        assertThat(admin.listTopics().names().get()).containsExactlyInAnyOrder("orders", "payments");
        Map<String, TopicDescription> topics = admin.describeTopics(List.of("orders", "payments")).allTopicNames()
                .get();
        for (String name : List.of("orders", "payments")) {
            assertThat(topics.get(name).topicId().toString()).isEqualTo(expected.getProperty("topic." + name + ".id"));
            assertThat(topics.get(name).partitions()).hasSize(
                    Integer.parseInt(expected.getProperty("topic." + name + ".partitions")));
        }

        ConfigResource orders = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
        ConfigResource clusterDefault = new ConfigResource(ConfigResource.Type.BROKER, "");
        ConfigResource broker1 = new ConfigResource(ConfigResource.Type.BROKER, "1");
        Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(orders, clusterDefault, broker1)).all()
                .get();
        assertThat(configs.get(orders).get("retention.ms").value())
                .isEqualTo(expected.getProperty("topic.orders.config.retention.ms"));
        assertThat(configs.get(orders).get("max.message.bytes").value())
                .isEqualTo(expected.getProperty("topic.orders.config.max.message.bytes"));
        assertThat(configs.get(clusterDefault).get("log.retention.ms").value())
                .isEqualTo(expected.getProperty("broker.default.log.retention.ms"));
        assertThat(configs.get(broker1).get("log.roll.ms").value())
                .isEqualTo(expected.getProperty("broker.1.log.roll.ms"));

        // Leaders may need a moment after a cluster broker registers again; the records and offsets must all be there.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition("orders", p), OffsetSpec.latest());
            }
            long records = admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
            assertThat(records).isEqualTo(Long.parseLong(expected.getProperty("records.orders")));

            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(UpgradeFixtureWriter.GROUP).partitionsToOffsetAndMetadata().get();
            Map<String, String> found = new HashMap<>();
            committed.forEach((tp, o) -> found.put("group." + UpgradeFixtureWriter.GROUP + "." + tp,
                    o.offset() + ":" + o.metadata()));
            Map<String, String> want = new HashMap<>();
            for (String key : expected.stringPropertyNames()) {
                if (key.startsWith("group.")) {
                    want.put(key, expected.getProperty(key));
                }
            }
            assertThat(found).isEqualTo(want);
        });
        assertThat(Set.copyOf(admin.listConsumerGroups().all().get().stream().map(g -> g.groupId()).toList()))
                .contains(UpgradeFixtureWriter.GROUP);
    }

    private static Properties expected(String mode) throws IOException, URISyntaxException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(fixture(mode).resolve("expected.properties"), StandardCharsets.UTF_8)) {
            props.load(in);
        }
        return props;
    }

    /** A fresh copy: the broker writes to its directories, the checked-in fixture must stay as the release left it. */
    private static Path copyFixture(String mode, Path target) throws IOException, URISyntaxException {
        Path source = fixture(mode);
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path p : paths.toList()) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                    if (p.getFileName().toString().equals("current")) {
                        // Git keeps no empty directories: Ratis' (empty) snapshot directory next to its log.
                        Files.createDirectories(dest.resolveSibling("sm"));
                    }
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }

    private static Path fixture(String mode) throws URISyntaxException {
        return Path.of(UpgradeIT.class.getClassLoader().getResource(RELEASE + "/" + mode).toURI());
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }
}
