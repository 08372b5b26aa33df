package dev.voltstream.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.Cursor;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.RawKafkaClient;
import dev.voltstream.broker.testkit.TestBroker;

/**
 * DescribeTopicPartitions (Kafka 4's describe path of the Admin client and {@code kafka-topics.sh --describe}): topics
 * in name order, pages cut by the partition limit and resumed from the cursor, unknown topics and bad cursors answered
 * with Kafka's errors.
 */
class DescribeTopicPartitionsIT {
    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir);
        admin = broker.admin();
        admin.createTopics(List.of(new NewTopic("alpha", 5, (short) 1), new NewTopic("beta", 3, (short) 1)))
                .all().get();
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void theAdminClientPagesThroughEveryPartition() throws Exception {
        Map<String, TopicDescription> described = admin.describeTopics(List.of("beta", "alpha"),
                new DescribeTopicsOptions().partitionSizeLimitPerResponse(2)).allTopicNames().get();

        assertThat(described.get("alpha").partitions()).extracting(TopicPartitionInfo::partition)
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(described.get("beta").partitions()).extracting(TopicPartitionInfo::partition)
                .containsExactly(0, 1, 2);
        assertThat(described.get("alpha").partitions()).allSatisfy(p -> {
            assertThat(p.leader().id()).isEqualTo(broker.broker().components().config().nodeId());
            assertThat(p.isr()).containsExactlyElementsOf(p.replicas());
        });
        assertThat(described.get("alpha").topicId())
                .isEqualTo(broker.broker().components().topics().registry().byName("alpha").orElseThrow().id());
    }

    @Test
    void allTopicsComeInNameOrderAndTheCursorResumesMidTopic() throws Exception {
        DescribeTopicPartitionsResponseData first = call(new DescribeTopicPartitionsRequestData()
                .setResponsePartitionLimit(4));
        assertThat(first.topics()).extracting(DescribeTopicPartitionsResponseTopic::name).containsExactly("alpha");
        assertThat(first.topics().find("alpha").partitions()).hasSize(4);
        assertThat(first.nextCursor().topicName()).isEqualTo("alpha");
        assertThat(first.nextCursor().partitionIndex()).isEqualTo(4);

        DescribeTopicPartitionsResponseData second = call(new DescribeTopicPartitionsRequestData()
                .setResponsePartitionLimit(4)
                .setCursor(new Cursor().setTopicName("alpha").setPartitionIndex(4)));
        assertThat(second.topics()).extracting(DescribeTopicPartitionsResponseTopic::name)
                .containsExactly("alpha", "beta");
        assertThat(second.topics().find("alpha").partitions()).singleElement()
                .satisfies(p -> assertThat(p.partitionIndex()).isEqualTo(4));
        assertThat(second.topics().find("beta").partitions()).hasSize(3);
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void unknownTopicsAndCursorsOutsideTheRequestGetKafkasErrors() throws Exception {
        DescribeTopicPartitionsResponseData unknown = call(new DescribeTopicPartitionsRequestData()
                .setTopics(List.of(new TopicRequest().setName("missing"), new TopicRequest().setName("beta")))
                .setResponsePartitionLimit(100));
        assertThat(unknown.topics()).extracting(DescribeTopicPartitionsResponseTopic::name)
                .containsExactly("beta", "missing");
        assertThat(unknown.topics().find("missing").errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());

        DescribeTopicPartitionsResponseData badCursor = call(new DescribeTopicPartitionsRequestData()
                .setTopics(List.of(new TopicRequest().setName("beta")))
                .setResponsePartitionLimit(100)
                .setCursor(new Cursor().setTopicName("alpha").setPartitionIndex(0)));
        assertThat(badCursor.topics()).allSatisfy(t ->
                assertThat(t.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code()));
    }

    private static DescribeTopicPartitionsResponseData call(DescribeTopicPartitionsRequestData request)
            throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            return (DescribeTopicPartitionsResponseData) client.call(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, (short) 0,
                    request);
        }
    }
}
