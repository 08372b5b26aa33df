package dev.voltstream.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingPartitionReassignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.metadata.BrokerNode;
import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.metadata.PartitionState;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.testkit.StubClusterView;

/** ListPartitionReassignments reports exactly the partitions whose metadata records a reassignment in progress. */
class ListPartitionReassignmentsHandlerTest {
    @TempDir
    Path dir;

    @Test
    void listsOnlyReassignmentsInProgressWithAddingAndRemovingReplicas() throws Exception {
        TopicRegistry registry = new TopicRegistry(dir);
        registry.create("t", 2, Map.of());
        PartitionState moving = new PartitionState(List.of(2, 3, 4, 1), List.of(1, 2, 3), 1, 0, 1, List.of(4),
                List.of(1));
        PartitionState still = new PartitionState(List.of(1, 2, 3), List.of(1, 2, 3), 1, 0, 0);
        ListPartitionReassignmentsHandler handler = new ListPartitionReassignmentsHandler(registry,
                cluster(Map.of(new TopicPartition("t", 0), moving, new TopicPartition("t", 1), still)));

        ListPartitionReassignmentsResponseData all = handler.handle(null,
                new ListPartitionReassignmentsRequestData().setTopics(null)).toCompletableFuture().get();
        assertThat(all.topics()).hasSize(1);
        assertThat(all.topics().get(0).name()).isEqualTo("t");
        OngoingPartitionReassignment ongoing = all.topics().get(0).partitions().get(0);
        assertThat(all.topics().get(0).partitions()).hasSize(1);
        assertThat(ongoing.partitionIndex()).isZero();
        assertThat(ongoing.replicas()).containsExactly(2, 3, 4, 1);
        assertThat(ongoing.addingReplicas()).containsExactly(4);
        assertThat(ongoing.removingReplicas()).containsExactly(1);

        ListPartitionReassignmentsResponseData some = handler.handle(null, new ListPartitionReassignmentsRequestData()
                .setTopics(List.of(new ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics()
                        .setName("t").setPartitionIndexes(List.of(1, 7))))).toCompletableFuture().get();
        assertThat(some.topics()).isEmpty();
    }

    private static ClusterView cluster(Map<TopicPartition, PartitionState> states) {
        return new StubClusterView() {
            @Override
            public List<BrokerNode> brokers(String listenerName) {
                return List.of();
            }

            @Override
            public Optional<PartitionState> partitionState(TopicPartition partition) {
                return Optional.ofNullable(states.get(partition));
            }
        };
    }
}
