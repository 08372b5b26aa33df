package dev.voltstream.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.RawKafkaClient;
import dev.voltstream.broker.testkit.TestBroker;

/** Topic and partition administration through the stock Admin client (and OffsetForLeaderEpoch raw). */
class AdminTopicsIT {
    @TempDir
    Path dir;
    TestBroker broker;
    Admin admin;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(dir);
        admin = broker.admin();
        admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
    }

    @AfterEach
    void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void aSingleNodeReassignsOnlyToItselfAndHasNoReassignmentInProgress() throws Exception {
        int self = broker.broker().components().config().nodeId();
        TopicPartition tp = new TopicPartition("t", 0);
        admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(self)))))
                .all().get();
        assertThat(admin.listPartitionReassignments().reassignments().get()).isEmpty();
        assertThatThrownBy(() -> admin.alterPartitionReassignments(Map.of(tp,
                Optional.of(new NewPartitionReassignment(List.of(self + 1))))).all().get())
                .hasCauseInstanceOf(org.apache.kafka.common.errors.InvalidReplicaAssignmentException.class);
        assertThatThrownBy(() -> admin.alterPartitionReassignments(Map.of(new TopicPartition("t", 3),
                Optional.of(new NewPartitionReassignment(List.of(self))))).all().get())
                .hasCauseInstanceOf(org.apache.kafka.common.errors.UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> admin.alterPartitionReassignments(Map.of(tp, Optional.empty())).all().get())
                .hasCauseInstanceOf(org.apache.kafka.common.errors.NoReassignmentInProgressException.class);
    }

    @Test
    void createPartitionsIncreasesOnlyAndHonoursValidateOnly() throws Exception {
        admin.createPartitions(Map.of("t", NewPartitions.increaseTo(5)), new CreatePartitionsOptions()
                .validateOnly(true)).all().get();
        assertThat(partitionCount("t")).isEqualTo(1);

        admin.createPartitions(Map.of("t", NewPartitions.increaseTo(3))).all().get();
        assertThat(partitionCount("t")).isEqualTo(3);
        assertThat(broker.broker().components().replicas().partition(new TopicPartition("t", 2))).isPresent();

        assertThatThrownBy(() -> admin.createPartitions(Map.of("t", NewPartitions.increaseTo(2))).all().get())
                .hasCauseInstanceOf(InvalidPartitionsException.class)
                .hasMessageContaining("The topic t currently has 3 partition(s); 2 would not be an increase.");
        assertThatThrownBy(() -> admin.createPartitions(Map.of("t", NewPartitions.increaseTo(3))).all().get())
                .hasCauseInstanceOf(InvalidPartitionsException.class)
                .hasMessageContaining("Topic already has 3 partition(s).");
        assertThatThrownBy(() -> admin.createPartitions(Map.of("nope", NewPartitions.increaseTo(3))).all().get())
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void deleteTopicsByNameAndById() throws Exception {
        Uuid id = admin.createTopics(List.of(new NewTopic("u", 1, (short) 1))).topicId("u").get();

        admin.deleteTopics(TopicCollection.ofTopicNames(List.of("t"))).all().get();
        admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all().get();

        assertThat(admin.listTopics().names().get()).doesNotContain("t", "u");
        assertThat(broker.broker().components().replicas().partition(new TopicPartition("t", 0))).isEmpty();
        assertThatThrownBy(() -> admin.deleteTopics(TopicCollection.ofTopicNames(List.of("t"))).all().get())
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all().get())
                .hasCauseInstanceOf(UnknownTopicIdException.class);
    }

    @Test
    void describeClusterNamesThisBrokerAsTheController() throws Exception {
        DescribeClusterResult cluster = admin.describeCluster();

        assertThat(cluster.clusterId().get()).isEqualTo(broker.broker().clusterId());
        assertThat(cluster.controller().get().id()).isEqualTo(1);
        assertThat(cluster.nodes().get()).singleElement().satisfies(node -> {
            assertThat(node.id()).isEqualTo(1);
            assertThat(node.port()).isEqualTo(broker.port());
        });
    }

    @Test
    void describeLogDirsReportsPartitionSizesAndSpace() throws Exception {
        produce("t", 10, false);

        Map<String, LogDirDescription> dirs = admin.describeLogDirs(Set.of(1)).allDescriptions().get().get(1);

        assertThat(dirs).hasSize(1);
        LogDirDescription description = dirs.values().iterator().next();
        assertThat(description.error()).isNull();
        assertThat(description.totalBytes().orElseThrow()).isPositive();
        assertThat(description.usableBytes().orElseThrow()).isPositive();
        assertThat(description.replicaInfos().get(new TopicPartition("t", 0)).size()).isPositive();
        assertThat(description.replicaInfos().get(new TopicPartition("t", 0)).offsetLag()).isZero();
    }

    @Test
    void deleteRecordsRaisesTheLowWatermark() throws Exception {
        produce("t", 10, false);
        TopicPartition tp = new TopicPartition("t", 0);

        long low = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(4))).lowWatermarks().get(tp).get()
                .lowWatermark();
        assertThat(low).isEqualTo(4);
        assertThatThrownBy(() -> admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(11))).all().get())
                .hasCauseInstanceOf(OffsetOutOfRangeException.class);
        long all = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(-1))).lowWatermarks().get(tp).get()
                .lowWatermark();
        assertThat(all).isEqualTo(10);
    }

    @Test
    void describeProducersShowsAnIdempotentProducer() throws Exception {
        long producerId = produce("t", 3, true);
        TopicPartition tp = new TopicPartition("t", 0);

        List<ProducerState> producers = admin.describeProducers(List.of(tp)).partitionResult(tp).get()
                .activeProducers();

        assertThat(producers).singleElement().satisfies(p -> {
            assertThat(p.producerId()).isEqualTo(producerId);
            assertThat(p.lastSequence()).isEqualTo(2);
        });
    }

    @Test
    void offsetForLeaderEpochAnswersTheEpochsEndOffset() throws Exception {
        produce("t", 5, false);
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            EpochEndOffset current = offsetFor(client, 0, -1);
            assertThat(current.errorCode()).isZero();
            assertThat(current.leaderEpoch()).isZero();
            assertThat(current.endOffset()).isEqualTo(5);

            assertThat(offsetFor(client, 0, 3).errorCode()).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH.code());
        }
    }

    private static EpochEndOffset offsetFor(RawKafkaClient client, int epoch, int currentLeaderEpoch)
            throws Exception {
        OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData().setReplicaId(-1);
        OffsetForLeaderTopic topic = new OffsetForLeaderTopic().setTopic("t");
        topic.partitions().add(new OffsetForLeaderPartition().setPartition(0).setLeaderEpoch(epoch)
                .setCurrentLeaderEpoch(currentLeaderEpoch));
        request.topics().add(topic);
        OffsetForLeaderEpochResponseData response = (OffsetForLeaderEpochResponseData) client.call(
                ApiKeys.OFFSET_FOR_LEADER_EPOCH, (short) 4, request);
        return response.topics().find("t").partitions().get(0);
    }

    private int partitionCount(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    /** Sends {@code count} records to partition 0; returns the producer id when idempotent. */
    private long produce(String topic, int count, boolean idempotent) throws Exception {
        try (KafkaProducer<String, String> producer = broker.producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent, ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)).get();
            }
        }
        return idempotent ? admin.describeProducers(List.of(new TopicPartition(topic, 0)))
                .partitionResult(new TopicPartition(topic, 0)).get().activeProducers().get(0).producerId() : -1;
    }
}
