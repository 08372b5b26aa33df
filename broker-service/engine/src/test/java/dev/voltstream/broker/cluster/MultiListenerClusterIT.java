package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.TlsMaterial;

/**
 * Kafka's multiple listeners (KIP-103) in cluster mode: three brokers, each serving PLAINTEXT (the inter-broker
 * listener: replication and the brokers' calls to each other) and EXTERNAL (SASL_SSL with SCRAM-SHA-512). Every broker
 * registers both endpoints; a client on either listener is told only that listener's addresses (DescribeCluster,
 * Metadata, DescribeTopicPartitions, FindCoordinator), so it produces with acks=all and consumes in a group through
 * either. A fourth broker started without EXTERNAL is left out of EXTERNAL's brokers, and the partition it leads has
 * no leader for EXTERNAL's clients (Metadata's LISTENER_NOT_FOUND) while PLAINTEXT's see it.
 */
class MultiListenerClusterIT {
    private static final String PASSWORD = "app-secret";

    @TempDir
    Path dir;
    private TlsMaterial tls;

    private Map<String, String> config() throws Exception {
        tls = TlsMaterial.create(dir.resolve("tls"));
        Map<String, String> config = new HashMap<>();
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,EXTERNAL:SASL_SSL,CONTROLLER:PLAINTEXT");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.name.external.sasl.enabled.mechanisms", "SCRAM-SHA-512");
        config.put("listener.name.external.ssl.keystore.location", tls.serverKeystore().toString());
        config.put("listener.name.external.ssl.keystore.password", TlsMaterial.PASSWORD);
        config.put("voltstream.scram.bootstrap", "SCRAM-SHA-512=[name=app,password=" + PASSWORD + "]");
        config.put("offsets.topic.replication.factor", "3");
        return config;
    }

    /** A client's settings on {@code listener}, with {@code bootstrap} of that listener. */
    private Map<String, Object> client(String listener, String bootstrap) {
        if (listener.equals("EXTERNAL")) {
            return tls.scramSha512Client(bootstrap, "app", PASSWORD);
        }
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        return props;
    }

    private Admin admin(InProcessCluster cluster, String listener) {
        Properties props = new Properties();
        props.putAll(client(listener, cluster.bootstrapServers(listener)));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        return Admin.create(props);
    }

    private static Set<String> addresses(java.util.Collection<Node> nodes) {
        Set<String> result = new HashSet<>();
        nodes.forEach(n -> result.add(n.host() + ":" + n.port()));
        return result;
    }

    private static Set<String> addressesOf(InProcessCluster cluster, String listener, int... ids) {
        Set<String> result = new HashSet<>();
        for (int id : ids) {
            result.add(cluster.bootstrapServers(listener, id));
        }
        return result;
    }

    @Test
    void eachListenerSeesItsOwnEndpointsAndCarriesProduceConsumeAndGroups() throws Exception {
        try (InProcessCluster cluster = InProcessCluster.withListeners(dir, 3, config(), List.of("EXTERNAL"))) {
            try (Admin admin = admin(cluster, "PLAINTEXT")) {
                admin.createTopics(List.of(new NewTopic("payments", 3, (short) 3))).all().get(20, TimeUnit.SECONDS);
            }
            for (String listener : List.of("PLAINTEXT", "EXTERNAL")) {
                Set<String> own = addressesOf(cluster, listener, 1, 2, 3);
                try (Admin admin = admin(cluster, listener)) {
                    assertThat(addresses(admin.describeCluster().nodes().get(20, TimeUnit.SECONDS)))
                            .as("DescribeCluster on %s", listener).isEqualTo(own);
                    assertThat(own).contains(address(admin.describeCluster().controller().get(20, TimeUnit.SECONDS)));
                    // the topic reaches each broker's image when it applies the entry: any broker may answer
                    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                        TopicDescription payments = admin.describeTopics(List.of("payments")).allTopicNames()
                                .get(20, TimeUnit.SECONDS).get("payments");
                        payments.partitions().forEach(p -> assertThat(own).as("leader on %s", listener)
                                .contains(address(p.leader())));
                    });
                }
                produce(cluster, listener, 30);
            }
            for (String listener : List.of("PLAINTEXT", "EXTERNAL")) {
                assertThat(consumeInGroup(cluster, listener, "group-" + listener, 60))
                        .as("records read through %s", listener).hasSize(60);
            }
            try (Admin admin = admin(cluster, "EXTERNAL")) {
                for (String listener : List.of("PLAINTEXT", "EXTERNAL")) {
                    long committed = admin.listConsumerGroupOffsets("group-" + listener).partitionsToOffsetAndMetadata()
                            .get(20, TimeUnit.SECONDS).values().stream().mapToLong(OffsetAndMetadata::offset).sum();
                    assertThat(committed).as("offsets committed by the group on %s", listener).isEqualTo(60);
                }
            }

            // A broker without EXTERNAL: left out of EXTERNAL's brokers; what it leads has no leader there.
            cluster.override(4, Map.of("listeners", cluster.listenersWithout(4, "EXTERNAL")));
            cluster.start(4);
            try (Admin plain = admin(cluster, "PLAINTEXT"); Admin external = admin(cluster, "EXTERNAL")) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(addresses(
                        plain.describeCluster().nodes().get(20, TimeUnit.SECONDS)))
                        .isEqualTo(addressesOf(cluster, "PLAINTEXT", 1, 2, 3, 4)));
                assertThat(addresses(external.describeCluster().nodes().get(20, TimeUnit.SECONDS)))
                        .isEqualTo(addressesOf(cluster, "EXTERNAL", 1, 2, 3));
                plain.createTopics(List.of(new NewTopic("on-four", Map.of(0, List.of(4))))).all()
                        .get(20, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(partitionsFor(cluster, "PLAINTEXT", "on-four").get(0).leader().id()).isEqualTo(4));
            PartitionInfo external = partitionsFor(cluster, "EXTERNAL", "on-four").get(0);
            assertThat(external.leader()).as("no leader on EXTERNAL (LISTENER_NOT_FOUND)").isNull();
            assertThat(external.offlineReplicas()).extracting(Node::id).containsExactly(4);
        }
    }

    private static String address(Node node) {
        return node.host() + ":" + node.port();
    }

    private void produce(InProcessCluster cluster, String listener, int count) throws Exception {
        Map<String, Object> props = client(listener, cluster.bootstrapServers(listener, 1));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>("payments", i % 3, listener + "-" + i, "v" + i))
                        .get(20, TimeUnit.SECONDS);
            }
        }
    }

    private List<String> consumeInGroup(InProcessCluster cluster, String listener, String group, int expected) {
        Map<String, Object> props = client(listener, cluster.bootstrapServers(listener, 2));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("payments"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(r.key());
                }
                return keys.size() >= expected;
            });
            consumer.commitSync(Duration.ofSeconds(20));
        }
        return keys;
    }

    private List<PartitionInfo> partitionsFor(InProcessCluster cluster, String listener, String topic) {
        Map<String, Object> props = client(listener, cluster.bootstrapServers(listener, 1));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            return consumer.partitionsFor(topic, Duration.ofSeconds(20));
        }
    }
}
