package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's replication_test "hard bounce", on three broker processes: RF=3, min.insync.replicas=2, a continuous
 * idempotent acks=all producer of keyed records, and the leader of partition 0 killed with SIGKILL several times
 * (each victim restarted and back in every ISR before the next kill). Afterwards every acknowledged record is read
 * back exactly once, at the offset it was acknowledged with, in order per key. The failover time (kill to the first
 * acknowledged record sent after the kill to a partition the victim led) is measured each time and written to
 * {@code target/cluster-failover.txt}.
 */
@Timeout(240)
class ClusterFailoverIT {
    private static final String TOPIC = "bounce";
    private static final int KILLS = Integer.getInteger("failover.kills", 5);

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesRepeatedLeaderKills() throws Exception {
        try (BrokerProcesses cluster = new BrokerProcesses(dir, 3);
             Admin admin = cluster.admin()) {
            cluster.awaitFormed(admin);
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
            BrokerProcesses.awaitFullIsr(admin, TOPIC);

            Map<String, Ack> acked = new ConcurrentHashMap<>();
            AtomicBoolean producing = new AtomicBoolean(true);
            AtomicLong killNanos = new AtomicLong(Long.MAX_VALUE);
            AtomicLong firstAckAfterKill = new AtomicLong();
            AtomicReference<Set<Integer>> victimPartitions = new AtomicReference<>(Set.of());
            AtomicReference<Exception> sendError = new AtomicReference<>();
            Thread producer = new Thread(() -> produce(cluster, acked, producing, killNanos, firstAckAfterKill,
                    victimPartitions, sendError), "bounce-producer");
            producer.start();

            List<Long> failoverMs = new ArrayList<>();
            List<Integer> controllerKills = new ArrayList<>();
            for (int kill = 0; kill < KILLS; kill++) {
                int before = acked.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() > before + 200);
                TopicDescription topic = BrokerProcesses.describe(admin, TOPIC);
                int victim = topic.partitions().get(0).leader().id();
                Set<Integer> led = new HashSet<>();
                for (TopicPartitionInfo p : topic.partitions()) {
                    if (p.leader() != null && p.leader().id() == victim) {
                        led.add(p.partition());
                    }
                }
                victimPartitions.set(led);
                if (admin.describeCluster().controller().get().id() == victim) {
                    controllerKills.add(kill);
                }
                firstAckAfterKill.set(0);
                long killedAt = System.nanoTime();
                killNanos.set(killedAt);
                cluster.kill(victim);
                await().atMost(Duration.ofSeconds(30)).until(() -> firstAckAfterKill.get() != 0);
                failoverMs.add((firstAckAfterKill.get() - killedAt) / 1_000_000);

                cluster.start(victim);
                BrokerProcesses.awaitFullIsr(admin, TOPIC);
            }
            int last = acked.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() > last + 200);
            producing.set(false);
            producer.join(60_000);
            assertThat(sendError.get()).as("producer error").isNull();

            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "cluster-failover.txt"), "failover ms (SIGKILL of the leader to the "
                    + "first acks=all record acknowledged after it): " + failoverMs + System.lineSeparator()
                    + "kills (0-based) whose victim was also the controller: " + controllerKills
                    + System.lineSeparator()
                    + "acknowledged records: " + acked.size() + System.lineSeparator());
            System.out.println("Failover times (ms): " + failoverMs + ", acknowledged records: " + acked.size());
            assertThat(failoverMs).hasSize(KILLS).allSatisfy(ms -> assertThat(ms).isLessThan(15_000));

            verify(cluster, acked);
        }
    }

    private record Ack(int partition, long offset) {
    }

    private static void produce(BrokerProcesses cluster, Map<String, Ack> acked, AtomicBoolean producing,
                                AtomicLong killNanos, AtomicLong firstAckAfterKill,
                                AtomicReference<Set<Integer>> victimPartitions, AtomicReference<Exception> error) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        int[] perKey = new int[30];
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            long seq = 0;
            while (producing.get()) {
                int k = (int) (seq++ % perKey.length);
                String key = "k" + k;
                String value = key + ":" + perKey[k]++;
                long sentAt = System.nanoTime();
                producer.send(new ProducerRecord<>(TOPIC, key, value), (metadata, e) -> {
                    if (e != null) {
                        return; // not acknowledged: allowed to be missing, never allowed twice
                    }
                    acked.put(value, new Ack(metadata.partition(), metadata.offset()));
                    if (sentAt > killNanos.get() && victimPartitions.get().contains(metadata.partition())) {
                        firstAckAfterKill.compareAndSet(0, System.nanoTime());
                    }
                });
                Thread.sleep(2); // pace: a steady stream, not a flood that starves the brokers of CPU
            }
            producer.flush();
        } catch (Exception e) {
            error.set(e);
        }
    }

    private static void verify(BrokerProcesses cluster, Map<String, Ack> acked) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
                    new TopicPartition(TOPIC, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
        Map<String, ConsumerRecord<String, String>> byValue = new HashMap<>();
        Map<String, Integer> lastPerKey = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            assertThat(byValue.put(r.value(), r)).as("duplicate of %s", r.value()).isNull();
            int n = Integer.parseInt(r.value().substring(r.value().indexOf(':') + 1));
            Integer previous = lastPerKey.put(r.key(), n);
            assertThat(previous == null || previous < n).as("order of key %s: %s after %s", r.key(), n, previous)
                    .isTrue();
        }
        for (Map.Entry<String, Ack> e : acked.entrySet()) {
            ConsumerRecord<String, String> r = byValue.get(e.getKey());
            assertThat(r).as("acknowledged record %s", e.getKey()).isNotNull();
            assertThat(r.partition()).isEqualTo(e.getValue().partition());
            assertThat(r.offset()).as("offset of %s", e.getKey()).isEqualTo(e.getValue().offset());
        }
    }
}
