package dev.voltstream.broker.cluster.internal.image;

import static dev.voltstream.broker.cluster.internal.image.BrokerRegistration.isAlive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;

import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.EligibleLeadersNotAvailableException;
import org.apache.kafka.common.errors.PreferredLeaderNotAvailableException;

import dev.voltstream.broker.metadata.PartitionState;

/**
 * Leader elections asked for by an operator (ElectLeaders, {@code kafka-leader-election.sh}) or by the controller's
 * leader rebalancing, as pure functions of the image. Preferred: the first replica takes over when it is alive and in
 * the ISR. Unclean: only for a partition without a leader — the first alive ISR member, else the first alive replica
 * (whose log becomes the truth: records acknowledged only by the lost replicas are gone, as in Kafka).
 */
public final class LeaderElections {
    private LeaderElections() {
    }

    static PartitionState elect(Map<Integer, BrokerRegistration> brokers, PartitionState state, boolean unclean) {
        return unclean ? unclean(brokers, state) : preferred(brokers, state);
    }

    private static PartitionState preferred(Map<Integer, BrokerRegistration> brokers, PartitionState state) {
        int preferred = state.replicas().get(0);
        if (state.leader() == preferred) {
            throw new ElectionNotNeededException("Leader election not needed for this partition.");
        }
        if (!isAlive(brokers, preferred) || !state.isr().contains(preferred)) {
            throw new PreferredLeaderNotAvailableException("The preferred leader " + preferred
                    + " is not alive or not in the ISR " + state.isr() + ".");
        }
        return state.withLeader(preferred, state.isr());
    }

    private static PartitionState unclean(Map<Integer, BrokerRegistration> brokers, PartitionState state) {
        if (state.leader() >= 0) {
            throw new ElectionNotNeededException("The partition has a leader: an unclean election is not needed.");
        }
        for (int r : state.replicas()) {
            if (state.isr().contains(r) && isAlive(brokers, r)) {
                return state.withLeader(r, state.isr());
            }
        }
        for (int r : state.replicas()) {
            if (isAlive(brokers, r)) {
                return state.withLeader(r, List.of(r));
            }
        }
        throw new EligibleLeadersNotAvailableException("No replica of this partition is alive.");
    }

    /** Whether the preferred replica could lead but does not: what leader rebalancing corrects. */
    static boolean preferredLeaderIdle(Map<Integer, BrokerRegistration> brokers, PartitionState state) {
        int preferred = state.replicas().get(0);
        return state.leader() != preferred && isAlive(brokers, preferred) && state.isr().contains(preferred)
                && !state.reassigning();
    }

    /**
     * Kafka's automatic leader rebalancing: for every broker whose share of the partitions it prefers but does not lead
     * exceeds {@code percentage} (leader.imbalance.per.broker.percentage), the partitions it could lead again.
     */
    public static List<TopicPartition> rebalanceCandidates(ClusterImage image, int percentage) {
        Map<Integer, Integer> preferredCount = new TreeMap<>();
        Map<Integer, List<TopicPartition>> idle = new TreeMap<>();
        for (TopicImage topic : image.topics().values()) {
            for (int p = 0; p < topic.partitions().size(); p++) {
                PartitionState state = topic.partitions().get(p);
                int preferred = state.replicas().get(0);
                preferredCount.merge(preferred, 1, Integer::sum);
                if (state.leader() != preferred) {
                    idle.computeIfAbsent(preferred, b -> new ArrayList<>()).add(new TopicPartition(topic.name(), p));
                }
            }
        }
        List<TopicPartition> candidates = new ArrayList<>();
        idle.forEach((broker, partitions) -> {
            if (partitions.size() * 100L > (long) percentage * preferredCount.get(broker)) {
                partitions.stream().filter(tp -> preferredLeaderIdle(image.brokers(),
                        image.partition(tp).orElseThrow())).forEach(candidates::add);
            }
        });
        return candidates;
    }
}
