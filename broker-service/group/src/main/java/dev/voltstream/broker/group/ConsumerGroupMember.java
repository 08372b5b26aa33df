package dev.voltstream.broker.group;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.Uuid;

/**
 * A member of a KIP-848 consumer group: its subscription, its epoch and the partitions it owns now, plus those it
 * must give up before it may move to the group's target assignment. Coordinator-locked.
 */
final class ConsumerGroupMember {
    /** Kafka's member states while it converges on its target assignment. */
    enum State { STABLE, UNREVOKED_PARTITIONS, UNRELEASED_PARTITIONS }

    private final String memberId;
    final String instanceId;
    String rackId;
    String clientId;
    String clientHost;
    List<String> subscribedTopicNames = List.of();
    String subscribedTopicRegex;
    String serverAssignor;
    int rebalanceTimeoutMs;
    int memberEpoch;
    int previousMemberEpoch;
    State state = State.STABLE;
    Map<Uuid, Set<Integer>> assigned = new HashMap<>();
    Map<Uuid, Set<Integer>> pendingRevocation = new HashMap<>();
    long sessionDeadline;
    /** When the member must have revoked its pending partitions; -1 when it owes none. */
    long revocationDeadline = -1;
    /** Left with epoch -2 (a static member restarting): its partitions stay reserved until the session ends. */
    boolean temporarilyLeft;
    /** The assignment changed since the member was last told it. */
    boolean assignmentDirty = true;

    ConsumerGroupMember(String memberId, String instanceId) {
        this.memberId = memberId;
        this.instanceId = instanceId;
    }

    String memberId() {
        return memberId;
    }

    /** Every partition this member may still be using: owned plus awaiting revocation. */
    boolean holds(Uuid topicId, int partition) {
        return contains(assigned, topicId, partition) || contains(pendingRevocation, topicId, partition);
    }

    static boolean contains(Map<Uuid, Set<Integer>> map, Uuid topicId, int partition) {
        Set<Integer> partitions = map.get(topicId);
        return partitions != null && partitions.contains(partition);
    }
}
