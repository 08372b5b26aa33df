package dev.voltstream.broker.upgrade;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;

import org.awaitility.Awaitility;

import dev.voltstream.broker.KafkaBroker;
import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.testkit.FreePorts;

/**
 * Writes the data directories that {@link UpgradeIT} opens: run it once at a release whose on-disk formats must stay
 * readable, and check the output into {@code src/test/resources/upgrade/<release>/}. It drives the release's own
 * broker through stock clients, so what lands on disk is exactly what that release writes: topics with config
 * overrides, a deleted topic, added partitions, dynamic broker configs, an idempotent producer's id block, committed
 * group offsets, and in cluster mode also ISR shrinks and expands and a completed reassignment in the Raft log. The
 * facts a test checks (topic ids among them) go to {@code expected.properties} next to the data.
 *
 * <p>Run (after {@code ./mvnw -pl broker-service/engine -am test-compile}):
 * {@code java -cp <test classpath> dev.voltstream.broker.upgrade.UpgradeFixtureWriter <output dir>}. Not a test: a
 * fixture is made once per release, by hand.
 */
public final class UpgradeFixtureWriter {
    static final String CLUSTER_ID = "upgrade-fixture-cluster";
    static final String GROUP = "billing";

    private UpgradeFixtureWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        writeSingleNode(out.resolve("single"));
        writeCluster(out.resolve("cluster"));
        System.exit(0);
    }

    private static void writeSingleNode(Path dir) throws Exception {
        Properties expected = new Properties();
        Map<String, String> config = Map.of("node.id", "1", "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dir.resolve("data").toString(), "num.io.threads", "2", "num.network.threads", "1");
        try (KafkaBroker broker = KafkaBroker.start(new BrokerConfig(config));
             Admin admin = admin(broker.bootstrapServers())) {
            writeMetadata(admin, broker.bootstrapServers(), 1, expected);
        }
        store(expected, dir.resolve("expected.properties"));
    }

    private static void writeCluster(Path dir) throws Exception {
        Properties expected = new Properties();
        int[] raft = FreePorts.next(2);
        int raft1 = raft[0];
        int raft2 = raft[1];
        String voters = "1@127.0.0.1:" + raft1;
        KafkaBroker one = KafkaBroker.start(clusterConfig(dir, 1, raft1, voters));
        KafkaBroker two = KafkaBroker.start(clusterConfig(dir, 2, raft2, voters));
        String bootstrap = one.bootstrapServers();
        try (Admin admin = admin(bootstrap)) {
            await(() -> admin.describeCluster().nodes().get().size() == 2, "both brokers registered");
            writeMetadata(admin, bootstrap, 2, expected);
            // A completed reassignment: payments-0 moves onto both brokers.
            TopicPartition moved = new TopicPartition("payments", 0);
            admin.alterPartitionReassignments(Map.of(moved, Optional.of(new NewPartitionReassignment(List.of(1, 2)))))
                    .all().get();
            await(() -> admin.listPartitionReassignments().reassignments().get().isEmpty()
                    && replicas(admin, moved).equals(List.of(1, 2)), "reassignment of payments-0 done");
            expected.setProperty("replicas.payments-0", "1,2");
            // ISR shrink: broker 2 stops, broker 1 ends up leading everything alone.
            two.close();
            await(() -> allLedAloneBy(admin, 1), "broker 1 leads every partition with ISR [1]");
            // ISR expand: broker 2 comes back and catches up.
            two = KafkaBroker.start(clusterConfig(dir, 2, raft2, voters));
            await(() -> isr(admin, new TopicPartition("orders", 0)).size() == 2, "orders-0 back to two in-sync");
            // ...and shrink again, so that the data directory of broker 1 alone has every partition's leader.
            two.close();
            await(() -> allLedAloneBy(admin, 1), "broker 1 leads every partition with ISR [1] again");
        } finally {
            one.close();
        }
        // Only broker 1's directory is kept: the Raft log is complete on every voter.
        deleteRecursively(dir.resolve("broker-2"));
        expected.setProperty("cluster.id", CLUSTER_ID);
        store(expected, dir.resolve("expected.properties"));
    }

    private static BrokerConfig clusterConfig(Path dir, int id, int raftPort, String voters) {
        Map<String, String> values = new HashMap<>();
        values.put("node.id", Integer.toString(id));
        values.put("process.roles", "broker,controller");
        values.put("listeners", "PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:" + raftPort);
        values.put("controller.listener.names", "CONTROLLER");
        values.put("controller.quorum.voters", voters);
        values.put("cluster.id", CLUSTER_ID);
        values.put("log.dirs", dir.resolve("broker-" + id).toString());
        values.put("num.io.threads", "2");
        values.put("num.network.threads", "1");
        values.put("broker.heartbeat.interval.ms", "200");
        values.put("broker.session.timeout.ms", "1500");
        values.put("replica.lag.time.max.ms", "2000");
        return new BrokerConfig(values);
    }

    /** What both modes write: topics, configs, an idempotent producer's records and a group's offsets. */
    private static void writeMetadata(Admin admin, String bootstrap, int replication, Properties expected)
            throws Exception {
        admin.createTopics(List.of(
                new NewTopic("orders", 3, (short) replication).configs(Map.of("retention.ms", "3600000")),
                new NewTopic("payments", 1, (short) 1),
                new NewTopic("doomed", 1, (short) 1))).all().get();
        admin.deleteTopics(List.of("doomed")).all().get();
        admin.createPartitions(Map.of("payments", NewPartitions.increaseTo(2))).all().get();
        admin.incrementalAlterConfigs(Map.of(
                new ConfigResource(ConfigResource.Type.TOPIC, "orders"),
                List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "2097152"), AlterConfigOp.OpType.SET)),
                new ConfigResource(ConfigResource.Type.BROKER, ""),
                List.of(new AlterConfigOp(new ConfigEntry("log.retention.ms", "86400000"), AlterConfigOp.OpType.SET)),
                new ConfigResource(ConfigResource.Type.BROKER, "1"),
                List.of(new AlterConfigOp(new ConfigEntry("log.roll.ms", "7200000"), AlterConfigOp.OpType.SET))))
                .all().get();
        Map<String, TopicDescription> topics = admin.describeTopics(List.of("orders", "payments")).allTopicNames()
                .get();
        topics.forEach((name, d) -> {
            expected.setProperty("topic." + name + ".id", d.topicId().toString());
            expected.setProperty("topic." + name + ".partitions", Integer.toString(d.partitions().size()));
        });
        expected.setProperty("topic.orders.config.retention.ms", "3600000");
        expected.setProperty("topic.orders.config.max.message.bytes", "2097152");
        expected.setProperty("broker.default.log.retention.ms", "86400000");
        expected.setProperty("broker.1.log.roll.ms", "7200000");

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("orders", i % 3, "k" + i, "v" + i)).get();
            }
        }
        expected.setProperty("records.orders", "10");

        Map<TopicPartition, OffsetAndMetadata> offsets = new TreeMap<>(
                (a, b) -> a.toString().compareTo(b.toString()));
        offsets.put(new TopicPartition("orders", 0), new OffsetAndMetadata(3, "checkpoint-a"));
        offsets.put(new TopicPartition("orders", 1), new OffsetAndMetadata(2));
        admin.alterConsumerGroupOffsets(GROUP, offsets).all().get();
        offsets.forEach((tp, o) -> expected.setProperty("group." + GROUP + "." + tp, o.offset() + ":" + o.metadata()));
    }

    private static boolean allLedAloneBy(Admin admin, int id) throws Exception {
        Collection<TopicDescription> all = admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get()
                .values();
        for (TopicDescription d : all) {
            for (TopicPartitionInfo p : d.partitions()) {
                if (p.leader() == null || p.leader().id() != id || p.isr().size() != 1) {
                    return false;
                }
            }
        }
        return !all.isEmpty();
    }

    private static List<Integer> replicas(Admin admin, TopicPartition tp) throws Exception {
        return admin.describeTopics(List.of(tp.topic())).allTopicNames().get().get(tp.topic()).partitions()
                .get(tp.partition()).replicas().stream().map(Node::id).toList();
    }

    private static List<Node> isr(Admin admin, TopicPartition tp) throws Exception {
        return admin.describeTopics(List.of(tp.topic())).allTopicNames().get().get(tp.topic()).partitions()
                .get(tp.partition()).isr();
    }

    private static void await(Callable<Boolean> condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(condition);
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static void store(Properties props, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(w, "What UpgradeIT expects to find (written by UpgradeFixtureWriter)");
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
