package dev.voltstream.broker.group;

import static dev.voltstream.broker.group.GroupTestSupport.createTopic;
import static dev.voltstream.broker.group.GroupTestSupport.groupConsumer;
import static dev.voltstream.broker.group.GroupTestSupport.partitions;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.voltstream.broker.testkit.TestBroker;

/**
 * Classic groups behave as on Apache Kafka 4.1 for stock Java consumers (cooperative-sticky, subscribed with a
 * rebalance callback): a static member that restarts within its session gets its partitions back without the other
 * members seeing a rebalance (KIP-345), and a group one of whose members goes away without leaving converges once
 * its session ends (KIP-429). The JoinGroup v5 path librdkafka takes is in GroupCoordinatorTest and
 * LibrdkafkaCurrentIT.
 */
class ClassicGroupAsKafkaIT {
    private static final Duration REBALANCE = Duration.ofSeconds(30);
    private static final String TOPIC = "as-kafka";

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, GroupTestSupport.FAST_GROUPS);
        createTopic(broker, TOPIC, 6);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @ParameterizedTest(name = "restarting member {0}")
    @ValueSource(ints = {0, 1})
    void aRestartedStaticMemberGetsItsPartitionsBackAndTheOtherIsNotRevoked(int restarting) throws Exception {
        String group = "static-" + restarting;
        try (GroupTestSupport.Members members = new GroupTestSupport.Members()) {
            List<Callbacks> callbacks = List.of(new Callbacks(), new Callbacks());
            List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                consumers.add(members.add(broker.consumer(cooperative(group, "instance-" + i)), TOPIC,
                        callbacks.get(i)));
                // The first one is the leader: it joined alone first.
                int joined = i;
                members.pollUntil(() -> !consumers.get(joined).assignment().isEmpty(), REBALANCE, "joined");
            }
            members.pollUntil(() -> members.splitExactly(partitions(TOPIC, 6)) && settled(consumers), REBALANCE,
                    "two share");
            KafkaConsumer<String, String> stays = consumers.get(1 - restarting);
            KafkaConsumer<String, String> restarts = consumers.get(restarting);
            Set<TopicPartition> staysOwns = Set.copyOf(stays.assignment());
            Set<TopicPartition> restartedOwned = Set.copyOf(restarts.assignment());
            int generation = stays.groupMetadata().generationId();
            callbacks.get(1 - restarting).events.clear();

            members.remove(restarts);
            restarts.close(Duration.ofSeconds(5)); // a static member does not leave the group on close
            Callbacks back = new Callbacks();
            KafkaConsumer<String, String> restarted = members.add(
                    broker.consumer(cooperative(group, "instance-" + restarting)), TOPIC, back);
            members.pollUntil(() -> restarted.assignment().equals(restartedOwned), REBALANCE,
                    "the same partitions back");
            for (int i = 0; i < 10; i++) {
                members.pollOnce();
            }
            assertThat(stays.assignment()).isEqualTo(staysOwns);
            assertThat(stays.groupMetadata().generationId()).as("no new generation").isEqualTo(generation);
            assertThat(callbacks.get(1 - restarting).events).as("the other member's callbacks").isEmpty();
        }
    }

    @ParameterizedTest(name = "member {0} goes away")
    @ValueSource(ints = {0, 2})
    void aCooperativeGroupConvergesWhenAMemberGoesAwayWithoutLeaving(int doomedIndex) throws Exception {
        String group = "coop-" + doomedIndex;
        try (GroupTestSupport.Members members = new GroupTestSupport.Members()) {
            List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                consumers.add(members.add(broker.consumer(cooperative(group, null)), TOPIC, new Callbacks()));
            }
            members.pollUntil(() -> members.splitExactly(partitions(TOPIC, 6)) && settled(consumers), REBALANCE,
                    "three share");
            KafkaConsumer<String, String> doomed = consumers.get(doomedIndex);
            members.remove(doomed);
            // Gone without a LeaveGroup (index 0 is the leader): the coordinator must notice the silence.
            doomed.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                    .withTimeout(Duration.ofSeconds(2)));
            List<KafkaConsumer<String, String>> survivors = new ArrayList<>(consumers);
            survivors.remove(doomed);
            members.pollUntil(() -> members.splitExactly(partitions(TOPIC, 6)) && settled(survivors), REBALANCE,
                    "the two survivors own every partition");
        }
    }

    /** Every consumer in the same generation, none of them rejoining. */
    private static boolean settled(Collection<KafkaConsumer<String, String>> consumers) {
        int generation = consumers.iterator().next().groupMetadata().generationId();
        return generation > 0 && consumers.stream().allMatch(c -> c.groupMetadata().generationId() == generation);
    }

    private static Map<String, Object> cooperative(String group, String instanceId) {
        Map<String, Object> props = new HashMap<>(groupConsumer(group, "classic"));
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        if (instanceId != null) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
            props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        }
        return props;
    }

    /** Records what the consumer was told: revoked, lost or assigned partitions (empty calls are not news). */
    static final class Callbacks implements ConsumerRebalanceListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                events.add("revoked " + partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                events.add("assigned " + partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            events.add("lost " + partitions);
        }
    }
}
