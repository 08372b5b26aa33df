package dev.voltstream.broker.group;

import static dev.voltstream.broker.group.GroupTestSupport.createTopic;
import static dev.voltstream.broker.group.GroupTestSupport.groupConsumer;
import static dev.voltstream.broker.group.GroupTestSupport.partitions;
import static dev.voltstream.broker.group.GroupTestSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.voltstream.broker.testkit.TestBroker;

/** Stock consumers in groups, under the classic protocol and KIP-848's consumer protocol. */
class ConsumerGroupIT {
    private static final Duration REBALANCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start(dir, GroupTestSupport.FAST_GROUPS);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void membersOfOneGroupSplitThePartitionsWithNoOverlapAndReadEverythingOnce(String protocol) throws Exception {
        createTopic(broker, "split", 6);
        Set<String> sent = produce(broker, "split", 6, "r", 300);
        try (GroupTestSupport.Members members = new GroupTestSupport.Members()) {
            for (int i = 0; i < 3; i++) {
                members.add(broker.consumer(groupConsumer("g-split", protocol)), "split");
            }
            members.pollUntil(() -> members.splitExactly(partitions("split", 6)), REBALANCE, "3 members share 6");
            members.pollUntil(() -> members.allReceived().size() == sent.size(), REBALANCE, "all records read");
            assertThat(members.allReceived()).isEqualTo(sent);
            int total = members.received.values().stream().mapToInt(Set::size).sum();
            assertThat(total).as("no record read by two members").isEqualTo(sent.size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void aJoiningAndALeavingMemberTriggerRebalances(String protocol) throws Exception {
        createTopic(broker, "churn", 4);
        try (GroupTestSupport.Members members = new GroupTestSupport.Members()) {
            KafkaConsumer<String, String> first = members.add(broker.consumer(groupConsumer("g-churn", protocol)),
                    "churn");
            members.pollUntil(() -> first.assignment().size() == 4, REBALANCE, "the first member owns all");
            KafkaConsumer<String, String> second = members.add(broker.consumer(groupConsumer("g-churn", protocol)),
                    "churn");
            members.pollUntil(() -> members.splitExactly(partitions("churn", 4)), REBALANCE, "two members share");
            members.remove(second);
            second.close(Duration.ofSeconds(5));
            members.pollUntil(() -> first.assignment().size() == 4, REBALANCE, "the first member owns all again");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void aMemberThatDiesWithoutLeavingIsEvictedAndTheOthersContinueFromItsCommits(String protocol)
            throws Exception {
        createTopic(broker, "deaths", 4);
        try (GroupTestSupport.Members members = new GroupTestSupport.Members()) {
            KafkaConsumer<String, String> survivor = members.add(
                    broker.consumer(groupConsumer("g-death", protocol)), "deaths");
            KafkaConsumer<String, String> doomed = members.add(broker.consumer(groupConsumer("g-death", protocol)),
                    "deaths");
            members.pollUntil(() -> members.splitExactly(partitions("deaths", 4)), REBALANCE, "two members share");
            Set<String> first = produce(broker, "deaths", 4, "a", 200);
            members.pollUntil(() -> members.allReceived().containsAll(first), REBALANCE, "first batch read");
            Set<String> readByDoomed = Set.copyOf(members.received.get(doomed));
            assertThat(readByDoomed).isNotEmpty();
            members.remove(doomed);
            // No LeaveGroup: the coordinator must notice the silence (session timeout 2 s).
            doomed.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                    .withTimeout(Duration.ofSeconds(2)));
            long died = System.nanoTime();
            Set<String> second = produce(broker, "deaths", 4, "b", 200);
            members.pollUntil(() -> survivor.assignment().size() == 4, REBALANCE, "survivor owns all");
            assertThat(Duration.ofNanos(System.nanoTime() - died)).isLessThan(Duration.ofSeconds(12));
            members.pollUntil(() -> members.received.get(survivor).containsAll(second), REBALANCE,
                    "survivor reads the rest");
            Set<String> readBySurvivor = members.received.get(survivor);
            assertThat(readBySurvivor).as("the dead member's committed records are not read again")
                    .doesNotContainAnyElementsOf(readByDoomed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void twoGroupsEachReadEverything(String protocol) throws Exception {
        createTopic(broker, "shared", 3);
        Set<String> sent = produce(broker, "shared", 3, "s", 90);
        try (GroupTestSupport.Members one = new GroupTestSupport.Members();
             GroupTestSupport.Members two = new GroupTestSupport.Members()) {
            one.add(broker.consumer(groupConsumer("g-one", protocol)), "shared");
            two.add(broker.consumer(groupConsumer("g-two", protocol)), "shared");
            one.pollUntil(() -> one.allReceived().size() == sent.size(), REBALANCE, "group one read all");
            two.pollUntil(() -> two.allReceived().size() == sent.size(), REBALANCE, "group two read all");
            assertThat(one.allReceived()).isEqualTo(sent);
            assertThat(two.allReceived()).isEqualTo(sent);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void committedOffsetsAndTheirMetadataSurviveARestart(String protocol) throws Exception {
        createTopic(broker, "durable", 2);
        Set<String> before = produce(broker, "durable", 2, "x", 40);
        try (KafkaConsumer<String, String> consumer = broker.consumer(groupConsumer("g-durable", protocol))) {
            GroupTestSupport.Members members = new GroupTestSupport.Members();
            members.add(consumer, "durable");
            members.pollUntil(() -> members.allReceived().equals(before), REBALANCE, "first batch read");
            consumer.commitSync(Map.of(new TopicPartition("durable", 0), new OffsetAndMetadata(20, "note-0")));
        }
        broker.restart();
        Set<String> after = produce(broker, "durable", 2, "y", 40);
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets("g-durable").partitionsToOffsetAndMetadata().get();
            assertThat(committed.get(new TopicPartition("durable", 0)).offset()).isEqualTo(20);
            assertThat(committed.get(new TopicPartition("durable", 0)).metadata()).isEqualTo("note-0");
            assertThat(committed.get(new TopicPartition("durable", 1)).offset()).isEqualTo(20);
        }
        try (GroupTestSupport.Members members = new GroupTestSupport.Members()) {
            members.add(broker.consumer(groupConsumer("g-durable", protocol)), "durable");
            members.pollUntil(() -> members.allReceived().containsAll(after), REBALANCE, "second batch read");
            assertThat(members.allReceived()).as("nothing committed before the restart is read again")
                    .isEqualTo(after);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void aStaticMemberRejoinsWithoutARebalance(String protocol) throws Exception {
        createTopic(broker, "statics", 4);
        try (GroupTestSupport.Members members = new GroupTestSupport.Members()) {
            KafkaConsumer<String, String> stays = members.add(broker.consumer(staticConsumer(protocol, "s-1")),
                    "statics");
            KafkaConsumer<String, String> restarts = members.add(broker.consumer(staticConsumer(protocol, "s-2")),
                    "statics");
            members.pollUntil(() -> members.splitExactly(partitions("statics", 4)), REBALANCE, "two share");
            members.pollUntil(() -> stays.groupMetadata().generationId() > 0
                    && restarts.groupMetadata().generationId() == stays.groupMetadata().generationId()
                    || protocol.equals("consumer"), REBALANCE, "a settled generation");
            Set<TopicPartition> staysOwns = Set.copyOf(stays.assignment());
            Set<TopicPartition> restartedOwned = Set.copyOf(restarts.assignment());
            int generation = stays.groupMetadata().generationId();
            members.remove(restarts);
            restarts.close(Duration.ofSeconds(5));
            KafkaConsumer<String, String> back = members.add(broker.consumer(staticConsumer(protocol, "s-2")),
                    "statics");
            members.pollUntil(() -> back.assignment().equals(restartedOwned), REBALANCE, "the same partitions back");
            for (int i = 0; i < 10; i++) {
                members.pollOnce();
            }
            assertThat(stays.assignment()).isEqualTo(staysOwns);
            assertThat(stays.groupMetadata().generationId()).as("no new generation").isEqualTo(generation);
        }
    }

    private static Map<String, Object> staticConsumer(String protocol, String instanceId) {
        Map<String, Object> props = new HashMap<>(groupConsumer("g-static", protocol));
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        if (protocol.equals("classic")) {
            props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        }
        return props;
    }

}
