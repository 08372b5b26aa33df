package dev.voltstream.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.metadata.BrokerNode;
import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.metadata.PartitionState;
import dev.voltstream.broker.testkit.StubClusterView;

/**
 * A partition as a client on one listener is told about it (Kafka's metadata cache): brokers 1 and 2 serve PLAINTEXT,
 * only broker 1 serves EXTERNAL, broker 3 is fenced.
 */
class PartitionDescriberTest {
    private static final TopicPartition LED_BY_1 = new TopicPartition("t", 0);
    private static final TopicPartition LED_BY_2 = new TopicPartition("t", 1);
    private static final TopicPartition LEADERLESS = new TopicPartition("t", 2);

    private final PartitionDescriber describer = new PartitionDescriber(cluster(), null);

    @Test
    void aLeaderWithTheClientsListenerIsReportedWithReplicasLackingItOffline() {
        PartitionDescriber.Description d = describer.describe(LED_BY_1, "EXTERNAL", true);
        assertThat(d.error()).isEqualTo(Errors.NONE);
        assertThat(d.leader()).isEqualTo(1);
        assertThat(d.replicas()).containsExactly(1, 2, 3);
        assertThat(d.offline()).containsExactly(2, 3);

        PartitionDescriber.Description plain = describer.describe(LED_BY_1, "PLAINTEXT", true);
        assertThat(plain.offline()).containsExactly(3);
    }

    @Test
    void aLeaderWithoutTheClientsListenerIsNoLeaderWithListenerNotFoundFromMetadataVersionSix() {
        PartitionDescriber.Description d = describer.describe(LED_BY_2, "EXTERNAL", true);
        assertThat(d.error()).isEqualTo(Errors.LISTENER_NOT_FOUND);
        assertThat(d.leader()).isEqualTo(-1);
        assertThat(d.leaderEpoch()).isEqualTo(4);
        assertThat(d.isr()).containsExactly(2, 1);

        assertThat(describer.describe(LED_BY_2, "EXTERNAL", false).error()).as("Metadata v0-5")
                .isEqualTo(Errors.LEADER_NOT_AVAILABLE);
        assertThat(describer.describe(LED_BY_2, "PLAINTEXT", true).leader()).isEqualTo(2);
    }

    @Test
    void aPartitionWithoutALeaderIsLeaderNotAvailableOnEveryListener() {
        assertThat(describer.describe(LEADERLESS, "EXTERNAL", true).error()).isEqualTo(Errors.LEADER_NOT_AVAILABLE);
        assertThat(describer.describe(LEADERLESS, "PLAINTEXT", true).error()).isEqualTo(Errors.LEADER_NOT_AVAILABLE);
    }

    private static ClusterView cluster() {
        Map<TopicPartition, PartitionState> states = Map.of(
                LED_BY_1, new PartitionState(List.of(1, 2, 3), List.of(1, 2), 1, 3, 0),
                LED_BY_2, new PartitionState(List.of(2, 1), List.of(2, 1), 2, 4, 0),
                LEADERLESS, new PartitionState(List.of(3), List.of(3), -1, 5, 0));
        return new StubClusterView() {
            @Override
            public List<BrokerNode> brokers(String listenerName) {
                BrokerNode one = new BrokerNode(1, "h1", listenerName.equals("EXTERNAL") ? 9094 : 9092, null);
                return listenerName.equals("EXTERNAL") ? List.of(one)
                        : List.of(one, new BrokerNode(2, "h2", 9092, null));
            }

            @Override
            public boolean isAlive(int brokerId) {
                return brokerId == 1 || brokerId == 2;
            }

            @Override
            public Optional<PartitionState> partitionState(TopicPartition partition) {
                return Optional.ofNullable(states.get(partition));
            }
        };
    }
}
