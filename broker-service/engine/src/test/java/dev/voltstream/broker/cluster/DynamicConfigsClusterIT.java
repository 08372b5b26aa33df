package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.RawKafkaClient;

/**
 * Dynamic configs live in the metadata log. A cluster-wide broker default set through any broker reaches every broker
 * (and the logs of the topics without their own override), and a broker that was down meanwhile gets it from the log
 * when it returns; a broker's own configs are kept for it alone. One request's topic config changes are validated one
 * by one and written as one metadata log entry, and so are one CreateTopics, CreatePartitions or DeleteTopics
 * request's topics. The tests share one cluster.
 */
@Timeout(240)
class DynamicConfigsClusterIT {
    private static final ConfigResource CLUSTER_DEFAULT = new ConfigResource(ConfigResource.Type.BROKER, "");
    private static final int TOPICS = 40;

    @TempDir
    static Path dir;
    static InProcessCluster cluster;
    static Admin admin;

    @BeforeAll
    static void startCluster() {
        cluster = new InProcessCluster(dir, 3, Map.of());
        admin = cluster.admin();
    }

    @AfterAll
    static void stopCluster() {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void brokerConfigsAreReplicatedThroughTheMetadataLog() throws Exception {
        ClusterTopics.create(admin, new NewTopic("readings", 1, (short) 3));
        set(admin, CLUSTER_DEFAULT, "log.retention.ms", "3600000");
        set(admin, broker(2), "log.segment.bytes", "2097152");
        set(admin, CLUSTER_DEFAULT, "log.cleaner.threads", "2");

        for (int id = 1; id <= 3; id++) {
            awaitConfig(admin, id, "log.retention.ms", "3600000",
                    ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            awaitRetention(cluster, id, 3_600_000L);
            awaitCleanerThreads(id, 2); // every broker restarts its own cleaner from the metadata log
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
        awaitCleanerThreads(3, 2);
    }

    private static void awaitCleanerThreads(int id, int threads) {
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.broker(id).components().logs().cleaner()
                .orElseThrow().config().threads() == threads);
    }

    @Test
    void oneRequestsTopicConfigChangesAreOneMetadataEntryWithErrorsPerTopic() throws Exception {
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < TOPICS; i++) {
            topics.add("batch-" + i);
            ClusterTopics.create(admin, new NewTopic("batch-" + i, 1, (short) 3));
        }
        ClusterTopics.create(admin, new NewTopic("batch-bad", 1, (short) 3));
        for (int id = 1; id <= 3; id++) {
            int broker = id;
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.broker(broker).components().topics()
                    .registry().byName("batch-bad").isPresent());
        }

        Map<ConfigResource, List<AlterConfigOp>> changes = new LinkedHashMap<>();
        for (int i = 0; i < TOPICS; i++) {
            changes.put(topic(topics.get(i)), List.of(setOp("retention.ms", Integer.toString(100_000 + i))));
        }
        changes.put(topic("no-such-topic"), List.of(setOp("retention.ms", "1")));
        changes.put(topic("batch-bad"), List.of(setOp("retention.ms", "soon")));
        Map<ConfigResource, java.util.Collection<AlterConfigOp>> request = new LinkedHashMap<>(changes);

        // validate_only: every resource is checked, nothing is written.
        Map<ConfigResource, KafkaFuture<Void>> checked = admin.incrementalAlterConfigs(request,
                new AlterConfigsOptions().validateOnly(true)).values();
        assertResults(checked, topics);
        assertThat(registeredConfigs(1, topics.get(0))).doesNotContainKey("retention.ms");

        long before = quorum(1).image().offset();
        Map<ConfigResource, KafkaFuture<Void>> results = admin.incrementalAlterConfigs(request).values();
        assertResults(results, topics);
        await().atMost(Duration.ofSeconds(30)).until(() -> registeredConfigs(1, topics.get(TOPICS - 1))
                .containsKey("retention.ms"));
        long after = quorum(1).image().offset();
        // One entry for the request; a few more only if a broker was fenced meanwhile (a JVM pause), not one a topic.
        assertThat(after - before).as("metadata log entries for %d topic changes", TOPICS).isBetween(1L, 10L);

        for (int id = 1; id <= 3; id++) {
            int broker = id;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<String, String> retention = describeRetention(broker, topics);
                for (int i = 0; i < TOPICS; i++) {
                    assertThat(retention.get(topics.get(i))).as("retention.ms of %s on broker %d", topics.get(i),
                            broker).isEqualTo(Integer.toString(100_000 + i));
                }
                assertThat(retention.get("batch-bad")).as("the topic whose value was refused, on broker %d", broker)
                        .isNotEqualTo("soon");
                assertThat(cluster.broker(broker).components().replicas()
                        .partition(new TopicPartition(topics.get(7), 0)).orElseThrow().config().retentionMs())
                        .isEqualTo(100_007L);
            });
        }
    }

    @Test
    void oneRequestsTopicsAreCreatedGrownAndDeletedAsOneMetadataEntryEachWithErrorsPerTopic() throws Exception {
        ClusterTopics.create(admin, new NewTopic("many-taken", 1, (short) 1));
        List<String> names = new ArrayList<>();
        List<NewTopic> created = new ArrayList<>();
        for (int i = 0; i < TOPICS; i++) {
            names.add("many-" + i);
            created.add(new NewTopic("many-" + i, 1, (short) 1));
        }
        created.add(new NewTopic("many-taken", 1, (short) 1));
        created.add(new NewTopic("many-too-replicated", 1, (short) 4));

        Map<String, KafkaFuture<Void>> creations = oneEntry("new topics", names, 1,
                () -> admin.createTopics(created).values());
        assertFailsWith(creations.get("many-taken"), TopicExistsException.class);
        assertFailsWith(creations.get("many-too-replicated"), InvalidReplicationFactorException.class);

        Map<String, NewPartitions> grown = new LinkedHashMap<>();
        names.forEach(name -> grown.put(name, NewPartitions.increaseTo(2)));
        grown.put("many-missing", NewPartitions.increaseTo(2));
        assertFailsWith(oneEntry("grown topics", names, 2, () -> admin.createPartitions(grown).values())
                .get("many-missing"), UnknownTopicOrPartitionException.class);

        List<String> doomed = new ArrayList<>(names);
        doomed.add("many-missing");
        assertFailsWith(oneEntry("deleted topics", names, 0, () -> admin.deleteTopics(doomed).topicNameValues())
                .get("many-missing"), UnknownTopicOrPartitionException.class);
    }

    /**
     * Sends a request naming {@code names} (and others): each of {@code names} succeeds, every broker then has them
     * with {@code partitions} partitions, and the metadata log grew by one entry for the request — a few more only if
     * a broker was fenced meanwhile (a JVM pause), never one a topic. Returns the results of every topic.
     */
    private static Map<String, KafkaFuture<Void>> oneEntry(String what, List<String> names, int partitions,
                                                           Supplier<Map<String, KafkaFuture<Void>>> request)
            throws Exception {
        long before = quorum(1).image().offset();
        Map<String, KafkaFuture<Void>> results = request.get();
        for (String name : names) {
            results.get(name).get();
        }
        awaitOnEveryBroker(names, partitions);
        assertThat(quorum(1).image().offset() - before).as("metadata log entries for %d %s", names.size(), what)
                .isBetween(1L, 10L);
        return results;
    }

    /** Every broker's registry has each of {@code names} with {@code partitions} partitions (0: none of them). */
    private static void awaitOnEveryBroker(List<String> names, int partitions) {
        for (int id = 1; id <= 3; id++) {
            var registry = cluster.broker(id).components().topics().registry();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String name : names) {
                    assertThat(registry.byName(name).map(t -> t.partitions()).orElse(0)).as(name)
                            .isEqualTo(partitions);
                }
            });
        }
    }

    private static dev.voltstream.broker.cluster.internal.quorum.MetadataQuorum quorum(int id) {
        return cluster.broker(id).clusterNode().orElseThrow().quorum();
    }

    private static Map<String, String> registeredConfigs(int id, String topic) {
        return cluster.broker(id).components().topics().registry().byName(topic).orElseThrow().configs();
    }

    private static void assertResults(Map<ConfigResource, KafkaFuture<Void>> results, List<String> topics)
            throws Exception {
        for (String name : topics) {
            results.get(topic(name)).get();
        }
        assertFailsWith(results.get(topic("no-such-topic")), UnknownTopicOrPartitionException.class);
        assertFailsWith(results.get(topic("batch-bad")), InvalidConfigurationException.class);
    }

    private static void assertFailsWith(KafkaFuture<Void> result, Class<? extends Throwable> error) {
        try {
            result.get();
            throw new AssertionError("expected " + error.getSimpleName());
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(error);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** retention.ms of {@code topics} and batch-bad as broker {@code id} itself describes them (not any broker). */
    private static Map<String, String> describeRetention(int id, List<String> topics) throws Exception {
        DescribeConfigsRequestData request = new DescribeConfigsRequestData();
        List<String> names = new ArrayList<>(topics);
        names.add("batch-bad");
        for (String name : names) {
            request.resources().add(new DescribeConfigsRequestData.DescribeConfigsResource()
                    .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(name)
                    .setConfigurationKeys(List.of("retention.ms")));
        }
        String address = cluster.bootstrapServers(id);
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
        try (RawKafkaClient client = new RawKafkaClient(port)) {
            DescribeConfigsResponseData response = (DescribeConfigsResponseData) client.call(
                    ApiKeys.DESCRIBE_CONFIGS, (short) 4, request);
            Map<String, String> retention = new LinkedHashMap<>();
            for (DescribeConfigsResponseData.DescribeConfigsResult result : response.results()) {
                assertThat(result.errorCode()).as("describing %s on broker %d", result.resourceName(), id)
                        .isEqualTo(Errors.NONE.code());
                retention.put(result.resourceName(), result.configs().get(0).value());
            }
            return retention;
        }
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    private static AlterConfigOp setOp(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    private static ConfigResource broker(int id) {
        return new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(id));
    }

    private static void set(Admin admin, ConfigResource resource, String name, String value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(resource, List.of(setOp(name, value)))).all().get();
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
