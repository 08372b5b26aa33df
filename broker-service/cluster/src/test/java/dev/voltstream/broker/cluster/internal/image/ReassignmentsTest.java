package dev.voltstream.broker.cluster.internal.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterIsr;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterPartitionReassignment;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.CreateTopic;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.FenceBroker;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.RegisterBroker;
import dev.voltstream.broker.metadata.PartitionState;

/** KIP-455 reassignments as the metadata state machine applies them. */
class ReassignmentsTest {
    private long offset;

    private MetadataApplier.Applied applied(ClusterImage image, MetadataCommand command) {
        // Every command goes through the log's byte form, as it does in the quorum.
        return MetadataApplier.apply(image, MetadataCodec.decode(MetadataCodec.encode(command)), ++offset);
    }

    private ClusterImage apply(ClusterImage image, MetadataCommand command) {
        MetadataApplier.Applied applied = applied(image, command);
        assertThat(applied.error()).as("applying %s: %s", command, applied.message()).isEqualTo(Errors.NONE);
        return applied.image();
    }

    /** Four brokers, topic t with one partition on 1, 2, 3 led by 1. */
    private ClusterImage cluster() {
        ClusterImage image = ClusterImage.EMPTY;
        for (int id = 1; id <= 4; id++) {
            image = apply(image, new RegisterBroker(id, "127.0.0.1", 9092 + id, null, "inc-" + id));
        }
        return apply(image, new CreateTopic("t", Uuid.randomUuid(), 1, 3, Map.of(), List.of(List.of(1, 2, 3))));
    }

    private static PartitionState p0(ClusterImage image) {
        return image.topics().get("t").partitions().get(0);
    }

    @Test
    void addsTheNewReplicaThenCompletesWhenItJoinsTheIsrMovingTheLeader() {
        ClusterImage image = apply(cluster(), new AlterPartitionReassignment("t", 0, List.of(2, 3, 4)));
        PartitionState during = p0(image);
        assertThat(during.replicas()).containsExactly(2, 3, 4, 1);
        assertThat(during.addingReplicas()).containsExactly(4);
        assertThat(during.removingReplicas()).containsExactly(1);
        assertThat(during.leader()).isEqualTo(1);
        assertThat(during.isr()).containsExactly(1, 2, 3);

        image = apply(image, new AlterIsr("t", 0, 1, during.leaderEpoch(), List.of(1, 2, 3, 4)));
        PartitionState done = p0(image);
        assertThat(done.replicas()).containsExactly(2, 3, 4);
        assertThat(done.isr()).containsExactly(2, 3, 4);
        assertThat(done.reassigning()).isFalse();
        assertThat(done.leader()).isEqualTo(2);
        assertThat(done.leaderEpoch()).isEqualTo(during.leaderEpoch() + 1);
    }

    @Test
    void keepsTheLeaderWhenItStaysAndCompletesAtOnceWhenNothingIsAdded() {
        ClusterImage image = apply(cluster(), new AlterPartitionReassignment("t", 0, List.of(1, 2)));
        PartitionState done = p0(image);
        assertThat(done.replicas()).containsExactly(1, 2);
        assertThat(done.isr()).containsExactly(1, 2);
        assertThat(done.leader()).isEqualTo(1);
        assertThat(done.leaderEpoch()).isZero();
        assertThat(done.reassigning()).isFalse();
    }

    @Test
    void cancellingRevertsToTheOriginalReplicas() {
        ClusterImage image = apply(cluster(), new AlterPartitionReassignment("t", 0, List.of(2, 3, 4)));
        image = apply(image, new AlterPartitionReassignment("t", 0, null));
        PartitionState reverted = p0(image);
        // As in Kafka, the original replicas are the current ones less those being added, in their current order.
        assertThat(reverted.replicas()).containsExactly(2, 3, 1);
        assertThat(reverted.isr()).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(reverted.leader()).isEqualTo(1);
        assertThat(reverted.reassigning()).isFalse();
    }

    @Test
    void aNewTargetReplacesTheReassignmentInProgress() {
        ClusterImage image = apply(cluster(), new AlterPartitionReassignment("t", 0, List.of(2, 3, 4)));
        image = apply(image, new AlterPartitionReassignment("t", 0, List.of(4, 1, 2)));
        PartitionState p = p0(image);
        assertThat(p.replicas()).containsExactly(4, 1, 2, 3);
        assertThat(p.addingReplicas()).containsExactly(4);
        assertThat(p.removingReplicas()).containsExactly(3);
    }

    @Test
    void refusesBadTargetsWithKafkasErrors() {
        ClusterImage image = cluster();
        assertThat(applied(image, new AlterPartitionReassignment("t", 0, List.of())).error())
                .isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(applied(image, new AlterPartitionReassignment("t", 0, List.of(1, 1, 2))).error())
                .isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(applied(image, new AlterPartitionReassignment("t", 0, List.of(1, 2, 9))).error())
                .isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        ClusterImage fenced = apply(image, new FenceBroker(4, null));
        assertThat(applied(fenced, new AlterPartitionReassignment("t", 0, List.of(2, 3, 4))).error())
                .isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(applied(image, new AlterPartitionReassignment("t", 1, List.of(1, 2, 3))).error())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(applied(image, new AlterPartitionReassignment("nope", 0, List.of(1, 2, 3))).error())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(applied(image, new AlterPartitionReassignment("t", 0, null)).error())
                .isEqualTo(Errors.NO_REASSIGNMENT_IN_PROGRESS);
    }
}
