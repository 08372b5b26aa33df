package dev.voltstream.broker.cluster.internal.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.cluster.internal.image.MetadataCommand.CreatePartitions;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.CreateTopic;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.RegisterBroker;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.TopicRef;

/** The batched topic changes of one request (record types 18-20): one log entry, each topic refused alone. */
class TopicBatchesTest {
    private static final Uuid A = Uuid.randomUuid();
    private static final Uuid B = Uuid.randomUuid();
    private static final Uuid C = Uuid.randomUuid();

    private long offset;

    private MetadataApplier.Applied apply(ClusterImage image, MetadataCommand command) {
        return MetadataApplier.apply(image, command, ++offset);
    }

    private ClusterImage twoBrokersAndTopicA() {
        ClusterImage image = ClusterImage.EMPTY;
        image = apply(image, new RegisterBroker(1, "127.0.0.1", 9092, null, "inc-1")).image();
        image = apply(image, new RegisterBroker(2, "127.0.0.1", 9093, null, "inc-2")).image();
        return apply(image, new CreateTopic("a", A, 1, 2, Map.of())).image();
    }

    @Test
    void aCreationBatchAppliesItsValidTopicsInOneStepAndRefusesTheOthersByPosition() {
        ClusterImage before = twoBrokersAndTopicA();
        MetadataApplier.Applied applied = apply(before, new MetadataCommand.CreateTopicsBatch(List.of(
                new CreateTopic("b", B, 2, 2, Map.of("retention.ms", "1000")),
                new CreateTopic("a", Uuid.randomUuid(), 1, 1, Map.of()),
                new CreateTopic("c", C, 1, 3, Map.of()),
                new CreateTopic("d", Uuid.randomUuid(), 1, 1, Map.of(), List.of(List.of(1), List.of(7))))));

        assertThat(applied.error()).isEqualTo(Errors.NONE);
        assertThat(applied.refused()).extracting(MetadataApplier.Refusal::index, MetadataApplier.Refusal::error)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Errors.TOPIC_ALREADY_EXISTS),
                        org.assertj.core.groups.Tuple.tuple(2, Errors.INVALID_REPLICATION_FACTOR),
                        org.assertj.core.groups.Tuple.tuple(3, Errors.INVALID_REPLICA_ASSIGNMENT));
        ClusterImage image = applied.image();
        assertThat(image.offset()).isEqualTo(offset);
        assertThat(image.topics()).containsOnlyKeys("a", "b");
        assertThat(image.topics().get("a").id()).isEqualTo(A);
        assertThat(image.topics().get("b").id()).isEqualTo(B);
        assertThat(image.topics().get("b").configs()).containsEntry("retention.ms", "1000");
        assertThat(image.topics().get("b").partitions()).hasSize(2)
                .allSatisfy(p -> assertThat(p.replicas()).containsExactlyInAnyOrder(1, 2));
    }

    @Test
    void laterTopicsOfABatchSeeTheEarlierOnes() {
        MetadataApplier.Applied applied = apply(twoBrokersAndTopicA(), new MetadataCommand.CreateTopicsBatch(List.of(
                new CreateTopic("b", B, 1, 1, Map.of()), new CreateTopic("b", C, 1, 1, Map.of()))));

        assertThat(applied.refused()).extracting(MetadataApplier.Refusal::index).containsExactly(1);
        assertThat(applied.image().topics().get("b").id()).isEqualTo(B);
    }

    @Test
    void aDeletionBatchRemovesTopicsAsResolvedAndRefusesOnesGoneOrRecreated() {
        ClusterImage image = apply(twoBrokersAndTopicA(), new CreateTopic("b", B, 1, 1, Map.of())).image();
        MetadataApplier.Applied applied = apply(image, new MetadataCommand.DeleteTopicsBatch(List.of(
                new TopicRef("a", A), new TopicRef("b", Uuid.randomUuid()), new TopicRef("gone", C))));

        assertThat(applied.refused()).extracting(MetadataApplier.Refusal::index, MetadataApplier.Refusal::error)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Errors.UNKNOWN_TOPIC_OR_PARTITION),
                        org.assertj.core.groups.Tuple.tuple(2, Errors.UNKNOWN_TOPIC_OR_PARTITION));
        assertThat(applied.image().topics()).containsOnlyKeys("b");
    }

    @Test
    void aPartitionBatchGrowsTheValidTopics() {
        ClusterImage image = apply(twoBrokersAndTopicA(), new CreateTopic("b", B, 2, 1, Map.of())).image();
        MetadataApplier.Applied applied = apply(image, new MetadataCommand.CreatePartitionsBatch(List.of(
                new CreatePartitions("a", 3), new CreatePartitions("b", 2), new CreatePartitions("gone", 4))));

        assertThat(applied.refused()).extracting(MetadataApplier.Refusal::index, MetadataApplier.Refusal::error)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Errors.INVALID_PARTITIONS),
                        org.assertj.core.groups.Tuple.tuple(2, Errors.UNKNOWN_TOPIC_OR_PARTITION));
        assertThat(applied.image().topics().get("a").partitions()).hasSize(3)
                .allSatisfy(p -> assertThat(p.replicas()).hasSize(2));
        assertThat(applied.image().topics().get("b").partitions()).hasSize(2);
    }

    @Test
    void eachBatchSurvivesItsFramedFormUnderItsOwnRecordType() {
        List<MetadataCommand> batches = List.of(
                new MetadataCommand.CreateTopicsBatch(List.of(new CreateTopic("b", B, 2, 2, Map.of("x", "y")),
                        new CreateTopic("c", C, 2, 2, Map.of(), List.of(List.of(1, 2), List.of(2, 1))))),
                new MetadataCommand.CreatePartitionsBatch(List.of(new CreatePartitions("a", 3),
                        new CreatePartitions("b", 9))),
                new MetadataCommand.DeleteTopicsBatch(List.of(new TopicRef("a", A), new TopicRef("b", B))));
        List<Short> types = List.of(MetadataCodec.CREATE_TOPICS_BATCH, MetadataCodec.CREATE_PARTITIONS_BATCH,
                MetadataCodec.DELETE_TOPICS_BATCH);
        for (int i = 0; i < batches.size(); i++) {
            byte[] record = MetadataCodec.encode(batches.get(i));
            assertThat(MetadataCodec.decode(record)).isEqualTo(batches.get(i));
            ByteBuffer frame = ByteBuffer.wrap(record, 2, 4);
            assertThat(frame.getShort()).isEqualTo(types.get(i)).isEqualTo((short) (19 + i));
            assertThat(frame.getShort()).as("version").isZero();
        }
        assertThat(MetadataCodec.TOPIC_BATCH_TYPES).containsExactlyInAnyOrderElementsOf(types);
    }
}
