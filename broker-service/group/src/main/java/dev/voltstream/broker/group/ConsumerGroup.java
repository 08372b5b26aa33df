package dev.voltstream.broker.group;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.Uuid;

/**
 * A KIP-848 consumer group: the group epoch (bumped on every membership or subscription change), the target
 * assignment computed by a server-side assignor for that epoch, and the members converging on it.
 * Coordinator-locked; the logic lives in {@link ConsumerGroupProtocol}.
 */
final class ConsumerGroup implements Group {
    private final String groupId;
    int groupEpoch;
    int assignmentEpoch;
    final Map<String, ConsumerGroupMember> members = new LinkedHashMap<>();
    /** memberId → topic id → partitions, valid for {@link #assignmentEpoch}. */
    Map<String, Map<Uuid, Set<Integer>>> targetAssignment = new HashMap<>();
    /** Partition counts of the subscribed topics when the target was computed: a change needs a new target. */
    Map<String, Integer> subscribedPartitionCounts = Map.of();
    String assignorName;
    /** What the group log last got for this group (null: nothing yet, or that write failed): written again on change. */
    GroupRecord.ConsumerGroupSnapshot persisted;

    ConsumerGroup(String groupId, String defaultAssignor) {
        this.groupId = groupId;
        this.assignorName = defaultAssignor;
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public String type() {
        return "consumer";
    }

    @Override
    public String stateName() {
        if (members.isEmpty()) {
            return "Empty";
        }
        if (groupEpoch > assignmentEpoch) {
            return "Assigning";
        }
        boolean converged = members.values().stream().allMatch(m ->
                m.memberEpoch == assignmentEpoch && m.state == ConsumerGroupMember.State.STABLE);
        return converged ? "Stable" : "Reconciling";
    }

    @Override
    public String protocolType() {
        return ClassicGroup.CONSUMER_PROTOCOL_TYPE;
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    @Override
    public Set<String> subscribedTopics() {
        Set<String> topics = new HashSet<>();
        members.values().forEach(m -> topics.addAll(m.subscribedTopicNames));
        topics.addAll(subscribedPartitionCounts.keySet());
        return topics;
    }

    Optional<ConsumerGroupMember> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    Optional<ConsumerGroupMember> staticMember(String instanceId) {
        return members.values().stream().filter(m -> instanceId.equals(m.instanceId)).findFirst();
    }
}
