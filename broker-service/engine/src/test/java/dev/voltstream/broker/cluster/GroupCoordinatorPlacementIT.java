package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.RawKafkaClient;

/**
 * Where groups are coordinated in a cluster, over the wire: the first FindCoordinator creates the replicated
 * {@code __consumer_offsets} topic, every broker names the leader of the group's partition, other brokers answer
 * NOT_COORDINATOR, and after that leader shuts down its successor serves the committed offsets.
 */
@Timeout(120)
class GroupCoordinatorPlacementIT {
    private static final String GROUP = "placement-group";
    private static final String TOPIC = "placed";

    @TempDir
    Path dir;

    @Test
    void theLeaderOfTheGroupsOffsetsPartitionCoordinatesItAndOthersRefuse() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir, 3, Map.of());
             Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3))).all().get();

            int coordinator = awaitCoordinator(cluster, 1);
            TopicDescription offsets = admin.describeTopics(List.of("__consumer_offsets")).allTopicNames().get()
                    .get("__consumer_offsets");
            assertThat(offsets.isInternal()).isTrue();
            assertThatThrownBy(() -> admin.deleteTopics(List.of("__consumer_offsets")).all().get())
                    .as("internal topics are not deleted (stricter than Kafka on purpose)")
                    .hasCauseInstanceOf(PolicyViolationException.class);
            assertThat(offsets.partitions()).hasSize(3);
            TopicPartitionInfo groupPartition = offsets.partitions().get(Utils.abs(GROUP.hashCode()) % 3);
            assertThat(groupPartition.replicas()).hasSize(3);
            assertThat(coordinator).as("the leader of the group's partition").isEqualTo(groupPartition.leader().id());
            for (int id = 1; id <= 3; id++) {
                assertThat(awaitCoordinator(cluster, id)).as("broker %d's answer", id).isEqualTo(coordinator);
            }
            int other = coordinator % 3 + 1;
            assertThat(heartbeat(cluster, other)).isEqualTo(Errors.NOT_COORDINATOR);
            assertThat(fetchOffset(cluster, other).errorCode()).isEqualTo(Errors.NOT_COORDINATOR.code());

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(isr(admin, groupPartition.partition())).hasSize(3));
            assertThat(commit(cluster, coordinator, 42)).isEqualTo(Errors.NONE);
            assertThat(fetchOffset(cluster, coordinator).topics().get(0).partitions().get(0).committedOffset())
                    .isEqualTo(42);
            assertThat(listGroups(cluster, coordinator)).contains(GROUP);
            assertThat(listGroups(cluster, other)).doesNotContain(GROUP);

            cluster.stop(coordinator);
            int successor = coordinator % 3 + 1;
            int next = awaitCoordinator(cluster, successor);
            assertThat(next).isNotEqualTo(coordinator);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(fetchOffset(cluster, next).errorCode()).isEqualTo(Errors.NONE.code()));
            assertThat(fetchOffset(cluster, next).topics().get(0).partitions().get(0).committedOffset())
                    .as("the commit survived its coordinator").isEqualTo(42);
        }
    }

    /** FindCoordinator (v4) asked of one broker, until it names a coordinator. */
    private static int awaitCoordinator(InProcessCluster cluster, int askedBroker) {
        AtomicInteger found = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            try (RawKafkaClient client = new RawKafkaClient(cluster.broker(askedBroker).port())) {
                FindCoordinatorResponseData response = (FindCoordinatorResponseData) client.call(
                        ApiKeys.FIND_COORDINATOR, (short) 4, new FindCoordinatorRequestData().setKeyType((byte) 0)
                                .setCoordinatorKeys(List.of(GROUP)));
                Coordinator c = response.coordinators().get(0);
                assertThat(Errors.forCode(c.errorCode())).isEqualTo(Errors.NONE);
                found.set(c.nodeId());
            }
        });
        return found.get();
    }

    private static Errors heartbeat(InProcessCluster cluster, int broker) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(cluster.broker(broker).port())) {
            HeartbeatResponseData response = (HeartbeatResponseData) client.call(ApiKeys.HEARTBEAT, (short) 4,
                    new HeartbeatRequestData().setGroupId(GROUP).setMemberId("m").setGenerationId(1));
            return Errors.forCode(response.errorCode());
        }
    }

    private static Errors commit(InProcessCluster cluster, int broker, long offset) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(cluster.broker(broker).port())) {
            OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId(GROUP).setMemberId("")
                    .setGenerationIdOrMemberEpoch(-1).setTopics(List.of(new OffsetCommitRequestTopic().setName(TOPIC)
                            .setPartitions(List.of(new OffsetCommitRequestPartition().setPartitionIndex(0)
                                    .setCommittedOffset(offset)))));
            OffsetCommitResponseData response = (OffsetCommitResponseData) client.call(ApiKeys.OFFSET_COMMIT,
                    (short) 9, request);
            return Errors.forCode(response.topics().get(0).partitions().get(0).errorCode());
        }
    }

    private static OffsetFetchResponseGroup fetchOffset(InProcessCluster cluster, int broker) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(cluster.broker(broker).port())) {
            OffsetFetchRequestData request = new OffsetFetchRequestData().setGroups(List.of(
                    new OffsetFetchRequestGroup().setGroupId(GROUP).setTopics(List.of(
                            new OffsetFetchRequestTopics().setName(TOPIC).setPartitionIndexes(List.of(0))))));
            return ((OffsetFetchResponseData) client.call(ApiKeys.OFFSET_FETCH, (short) 9, request)).groups().get(0);
        }
    }

    private static List<String> listGroups(InProcessCluster cluster, int broker) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(cluster.broker(broker).port())) {
            ListGroupsResponseData response = (ListGroupsResponseData) client.call(ApiKeys.LIST_GROUPS, (short) 4,
                    new ListGroupsRequestData());
            return response.groups().stream().map(g -> g.groupId()).toList();
        }
    }

    private static List<Integer> isr(Admin admin, int partition) throws Exception {
        return admin.describeTopics(List.of("__consumer_offsets")).allTopicNames().get().get("__consumer_offsets")
                .partitions().get(partition).isr().stream().map(Node::id).toList();
    }
}
