package dev.voltstream.broker.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DecommissionPlanTest {
    private static TopicPartition tp(int p) {
        return new TopicPartition("t", p);
    }

    @Test
    void eachReplicaOfTheLeavingBrokerGoesToTheLeastLoadedBrokerThatLacksOneInTheSamePosition() {
        Map<TopicPartition, List<Integer>> assignments = Map.of(
                tp(0), List.of(4, 1, 2),
                tp(1), List.of(1, 4, 3),
                tp(2), List.of(2, 3, 1));

        Map<TopicPartition, List<Integer>> moves = DecommissionPlan.plan(assignments, Set.of(1, 2, 3), 4);

        assertThat(moves).containsOnlyKeys(tp(0), tp(1));
        assertThat(moves.get(tp(0))).containsExactly(3, 1, 2); // 3 holds the fewest and lacks t-0
        assertThat(moves.get(tp(1))).containsExactly(1, 2, 3); // 2 is the only broker lacking t-1
    }

    @Test
    void neverShrinksAReplicationFactor() {
        assertThatThrownBy(() -> DecommissionPlan.plan(Map.of(tp(0), List.of(1, 2, 3)), Set.of(1, 2), 3))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("t-0");
    }
}
