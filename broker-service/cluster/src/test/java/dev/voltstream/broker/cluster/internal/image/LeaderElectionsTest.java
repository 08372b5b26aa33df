package dev.voltstream.broker.cluster.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.EligibleLeadersNotAvailableException;
import org.apache.kafka.common.errors.PreferredLeaderNotAvailableException;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.metadata.PartitionState;

class LeaderElectionsTest {
    private static Map<Integer, BrokerRegistration> brokers(int... fenced) {
        Map<Integer, BrokerRegistration> brokers = new TreeMap<>();
        for (int id = 1; id <= 3; id++) {
            boolean isFenced = false;
            for (int f : fenced) {
                isFenced |= f == id;
            }
            brokers.put(id, new BrokerRegistration(id, "127.0.0.1", 9090 + id, null, "inc-" + id, isFenced));
        }
        return brokers;
    }

    @Test
    void preferredElectionMovesLeadershipToTheFirstReplicaWithANewEpoch() {
        PartitionState state = new PartitionState(List.of(1, 2, 3), List.of(1, 2, 3), 2, 4, 9);
        PartitionState elected = LeaderElections.elect(brokers(), state, false);
        assertThat(elected.leader()).isEqualTo(1);
        assertThat(elected.leaderEpoch()).isEqualTo(5);
        assertThat(elected.isr()).containsExactly(1, 2, 3);
    }

    @Test
    void preferredElectionIsRefusedWhenNotNeededOrNotPossible() {
        assertThatThrownBy(() -> LeaderElections.elect(brokers(),
                new PartitionState(List.of(1, 2, 3), List.of(1, 2, 3), 1, 4, 9), false))
                .isInstanceOf(ElectionNotNeededException.class);
        assertThatThrownBy(() -> LeaderElections.elect(brokers(),
                new PartitionState(List.of(1, 2, 3), List.of(2, 3), 2, 4, 9), false))
                .isInstanceOf(PreferredLeaderNotAvailableException.class);
        assertThatThrownBy(() -> LeaderElections.elect(brokers(1),
                new PartitionState(List.of(1, 2, 3), List.of(1, 2, 3), 2, 4, 9), false))
                .isInstanceOf(PreferredLeaderNotAvailableException.class);
    }

    @Test
    void uncleanElectionOnlyForALeaderlessPartitionPreferringTheIsr() {
        assertThatThrownBy(() -> LeaderElections.elect(brokers(),
                new PartitionState(List.of(1, 2, 3), List.of(1), 1, 4, 9), true))
                .isInstanceOf(ElectionNotNeededException.class);
        // The last ISR member (1) is dead: an alive out-of-sync replica takes over, alone in the ISR.
        PartitionState elected = LeaderElections.elect(brokers(1),
                new PartitionState(List.of(1, 2, 3), List.of(1), -1, 4, 9), true);
        assertThat(elected.leader()).isEqualTo(2);
        assertThat(elected.isr()).containsExactly(2);
        assertThat(elected.leaderEpoch()).isEqualTo(5);
        assertThatThrownBy(() -> LeaderElections.elect(brokers(1, 2, 3),
                new PartitionState(List.of(1, 2, 3), List.of(1), -1, 4, 9), true))
                .isInstanceOf(EligibleLeadersNotAvailableException.class);
    }

    @Test
    void rebalancingPicksThePartitionsOfBrokersAboveTheImbalanceThreshold() {
        ClusterImage image = ClusterImage.EMPTY.with(1, brokers(), Map.of("t", new TopicImage("t", Uuid.randomUuid(),
                Map.of(), List.of(
                        new PartitionState(List.of(1, 2, 3), List.of(1, 2, 3), 2, 1, 1), // 1 prefers, 2 leads
                        new PartitionState(List.of(1, 3, 2), List.of(3, 2), 3, 1, 1),    // 1 not in ISR
                        new PartitionState(List.of(2, 3, 1), List.of(1, 2, 3), 2, 0, 0),
                        new PartitionState(List.of(3, 1, 2), List.of(1, 2, 3), 3, 0, 0)))));
        assertThat(LeaderElections.rebalanceCandidates(image, 10)).containsExactly(new TopicPartition("t", 0));
        // Broker 1 leads none of the 2 it prefers: 100 % > 10 % but not > 100 %.
        assertThat(LeaderElections.rebalanceCandidates(image, 100)).isEmpty();
    }
}
