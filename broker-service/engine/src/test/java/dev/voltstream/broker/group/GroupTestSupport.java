package dev.voltstream.broker.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;

import dev.voltstream.broker.testkit.TestBroker;

/** Fast group settings for tests, and consumers polled in turn from the test thread. */
final class GroupTestSupport {
    static final Map<String, String> FAST_GROUPS = Map.of(
            "group.initial.rebalance.delay.ms", "0",
            "group.min.session.timeout.ms", "500",
            "group.consumer.heartbeat.interval.ms", "200",
            "group.consumer.session.timeout.ms", "2000");

    private GroupTestSupport() {
    }

    /** Consumer settings for a group under {@code protocol} (classic or consumer) with a short session. */
    static Map<String, Object> groupConsumer(String groupId, String protocol) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        if (protocol.equals("classic")) {
            props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 2000);
            props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 200);
        }
        return props;
    }

    static void createTopic(TestBroker broker, String name, int partitions) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    /** Sends {@code count} records {@code prefix-i}, round-robin over the partitions. */
    static Set<String> produce(TestBroker broker, String topic, int partitions, String prefix, int count)
            throws Exception {
        Set<String> sent = new HashSet<>();
        try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
            for (int i = 0; i < count; i++) {
                String value = prefix + "-" + i;
                producer.send(new ProducerRecord<>(topic, i % partitions, null, value)).get();
                sent.add(value);
            }
        }
        return sent;
    }

    /** Several consumers polled in turn, each committing what it read after every poll. */
    static final class Members implements AutoCloseable {
        final List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
        final Map<KafkaConsumer<String, String>, Set<String>> received = new ConcurrentHashMap<>();

        KafkaConsumer<String, String> add(KafkaConsumer<String, String> consumer, String topic) {
            consumer.subscribe(List.of(topic));
            return track(consumer);
        }

        /** Subscribes with a rebalance callback, as librdkafka programs with a rebalance_cb do. */
        KafkaConsumer<String, String> add(KafkaConsumer<String, String> consumer, String topic,
                                          ConsumerRebalanceListener listener) {
            consumer.subscribe(List.of(topic), listener);
            return track(consumer);
        }

        private KafkaConsumer<String, String> track(KafkaConsumer<String, String> consumer) {
            consumers.add(consumer);
            received.put(consumer, ConcurrentHashMap.newKeySet());
            return consumer;
        }

        void pollOnce() {
            for (KafkaConsumer<String, String> c : List.copyOf(consumers)) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(30))) {
                    received.get(c).add(r.value());
                }
                if (!c.assignment().isEmpty()) {
                    try {
                        c.commitSync();
                    } catch (RebalanceInProgressException e) {
                        // Cooperative: the member keeps its partitions while it rejoins; the next poll commits.
                    }
                }
            }
        }

        /** Polls every consumer until the condition holds, failing after {@code timeout}. */
        void pollUntil(BooleanSupplier condition, Duration timeout, String what) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Timed out waiting until " + what + "; assignments: " + assignments());
                }
                pollOnce();
            }
        }

        List<Set<TopicPartition>> assignments() {
            return consumers.stream().map(c -> Set.copyOf(c.assignment())).toList();
        }

        /** Every partition owned by exactly one member. */
        boolean splitExactly(Collection<TopicPartition> all) {
            List<TopicPartition> owned = new ArrayList<>();
            assignments().forEach(owned::addAll);
            return owned.size() == all.size() && new HashSet<>(owned).equals(new HashSet<>(all))
                    && assignments().stream().noneMatch(Set::isEmpty);
        }

        Set<String> allReceived() {
            Set<String> all = new HashSet<>();
            received.values().forEach(all::addAll);
            return all;
        }

        void remove(KafkaConsumer<String, String> consumer) {
            consumers.remove(consumer);
        }

        @Override
        public void close() {
            consumers.forEach(c -> c.close(Duration.ofSeconds(2)));
        }
    }

    static List<TopicPartition> partitions(String topic, int count) {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            all.add(new TopicPartition(topic, p));
        }
        return all;
    }
}
