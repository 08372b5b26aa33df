package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4 on three broker processes: a consumer group commits with commitSync, the broker coordinating it is killed
 * with SIGKILL, and a new consumer of the group still sees every committed offset and resumes from it. Once with the
 * classic protocol and once with KIP-848's; the victim is restarted in between and catches up. Then a KIP-848 member
 * keeps its partitions, without a rebalance, while its coordinator is killed under it.
 */
@Timeout(300)
class GroupCoordinatorFailoverIT {
    private static final String TOPIC = "ledger";
    private static final String OFFSETS = "__consumer_offsets";
    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition(TOPIC, 0),
            new TopicPartition(TOPIC, 1), new TopicPartition(TOPIC, 2));

    @TempDir
    Path dir;

    @Test
    void committedOffsetsSurviveASigkillOfTheGroupCoordinator() throws Exception {
        try (BrokerProcesses cluster = new BrokerProcesses(dir, 3);
             Admin admin = cluster.admin()) {
            cluster.awaitFormed(admin);
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3))).all().get();
            produce(cluster);
            // The first group request creates the offsets topic; commits are safe once every replica is in sync.
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    admin.listConsumerGroupOffsets("warm-up").partitionsToOffsetAndMetadata().get());
            BrokerProcesses.awaitFullIsr(admin, OFFSETS);

            for (String protocol : List.of("classic", "consumer")) {
                String group = "failover-" + protocol;
                Map<TopicPartition, OffsetAndMetadata> committed = consumeAndCommit(cluster, group, protocol);
                int coordinator = admin.describeConsumerGroups(List.of(group)).all().get().get(group)
                        .coordinator().id();
                assertThat(coordinator).as("the leader of the group's offsets partition")
                        .isEqualTo(offsetsLeader(admin, group));

                BrokerProcesses.awaitFullIsr(admin, OFFSETS); // a busy machine may have shrunk an ISR meanwhile
                cluster.kill(coordinator);
                try (KafkaConsumer<String, String> successor = consumer(cluster, group, protocol)) {
                    assertThat(successor.committed(Set.copyOf(PARTITIONS), Duration.ofSeconds(60)))
                            .as("%s commits after the coordinator was killed", protocol).isEqualTo(committed);
                    assertThat(firstOffsets(successor)).as("where the new consumer resumed")
                            .isEqualTo(offsetsOf(committed));
                }
                cluster.start(coordinator);
                BrokerProcesses.awaitFullIsr(admin, OFFSETS);
                BrokerProcesses.awaitFullIsr(admin, TOPIC);
            }
            aKip848MemberKeepsItsAssignmentWhenItsCoordinatorIsKilled(cluster, admin);
        }
    }

    /**
     * The member stays in the group across the kill: the new coordinator loads the group (epochs, members,
     * assignments) from {@code __consumer_offsets} and accepts the member's next heartbeat at its epoch, so the member
     * neither loses nor gives up a partition and keeps consuming. Without the group's state in the log, the new
     * coordinator would answer UNKNOWN_MEMBER_ID and the client would drop its partitions (onPartitionsLost).
     */
    private static void aKip848MemberKeepsItsAssignmentWhenItsCoordinatorIsKilled(BrokerProcesses cluster,
                                                                                 Admin admin) throws Exception {
        String group = "steady-consumer";
        List<String> revokedOrLost = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, String> member = consumer(cluster, group, "consumer")) {
            member.subscribe(List.of(TOPIC), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        revokedOrLost.add("revoked " + partitions);
                    }
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsLost(java.util.Collection<TopicPartition> partitions) {
                    revokedOrLost.add("lost " + partitions);
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                member.poll(Duration.ofMillis(200));
                return member.assignment().size() == 3;
            });
            var before = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            String memberId = before.members().iterator().next().consumerId();
            BrokerProcesses.awaitFullIsr(admin, OFFSETS);
            cluster.kill(before.coordinator().id());

            produce(cluster);
            Set<Integer> partitionsSeen = new java.util.HashSet<>();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                member.poll(Duration.ofMillis(200)).forEach(r -> partitionsSeen.add(r.partition()));
                return partitionsSeen.size() == 3;
            });
            var after = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            assertThat(after.coordinator().id()).as("a new coordinator").isNotEqualTo(before.coordinator().id());
            assertThat(after.members()).extracting(m -> m.consumerId()).as("the same member")
                    .containsExactly(memberId);
            assertThat(member.assignment()).hasSize(3);
            assertThat(revokedOrLost).as("no partition revoked or lost across the coordinator kill").isEmpty();
        }
    }

    /** Polls some records, commits with commitSync twice, and returns what the group committed (its positions). */
    private static Map<TopicPartition, OffsetAndMetadata> consumeAndCommit(BrokerProcesses cluster, String group,
                                                                           String protocol) {
        try (KafkaConsumer<String, String> consumer = consumer(cluster, group, protocol)) {
            consumer.subscribe(List.of(TOPIC));
            for (int round = 1; round <= 2; round++) {
                int[] seen = {0};
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    seen[0] += consumer.poll(Duration.ofMillis(200)).count();
                    return consumer.assignment().size() == 3 && seen[0] >= 40;
                });
                consumer.commitSync(Duration.ofSeconds(30));
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(PARTITIONS),
                    Duration.ofSeconds(30));
            for (TopicPartition tp : PARTITIONS) {
                assertThat(committed.get(tp)).as("commit of %s", tp).isNotNull();
                assertThat(committed.get(tp).offset()).isEqualTo(consumer.position(tp));
            }
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                    .isGreaterThanOrEqualTo(80);
            return committed;
        }
    }

    /** The offset of the first record the consumer gets from each partition after joining the group. */
    private static Map<TopicPartition, Long> firstOffsets(KafkaConsumer<String, String> consumer) {
        Map<TopicPartition, Long> first = new HashMap<>();
        consumer.subscribe(List.of(TOPIC));
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
            }
            return first.size() == 3;
        });
        return first;
    }

    private static Map<TopicPartition, Long> offsetsOf(Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        committed.forEach((tp, o) -> offsets.put(tp, o.offset()));
        return offsets;
    }

    private static int offsetsLeader(Admin admin, String group) throws Exception {
        TopicDescription offsets = BrokerProcesses.describe(admin, OFFSETS);
        return offsets.partitions().get(Utils.abs(group.hashCode()) % offsets.partitions().size()).leader().id();
    }

    private static void produce(BrokerProcesses cluster) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 3, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    private static KafkaConsumer<String, String> consumer(BrokerProcesses cluster, String group, String protocol) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5);
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return new KafkaConsumer<>(props);
    }
}
