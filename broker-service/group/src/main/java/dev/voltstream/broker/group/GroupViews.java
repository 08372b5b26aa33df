package dev.voltstream.broker.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.TopicPartitions;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.Errors;

/** What DescribeGroups, ConsumerGroupDescribe and ListGroups show of the groups, built as Kafka builds it. */
final class GroupViews {
    private static final int UNKNOWN_OPERATIONS = Integer.MIN_VALUE;

    private final GroupCoordinator.TopicLookup topics;

    GroupViews(GroupCoordinator.TopicLookup topics) {
        this.topics = topics;
    }

    DescribedGroup describeClassicGroup(String groupId, Group group, short version) {
        DescribedGroup described = new DescribedGroup().setGroupId(groupId)
                .setAuthorizedOperations(UNKNOWN_OPERATIONS);
        if (!(group instanceof ClassicGroup cg)) {
            described.setGroupState(ClassicGroupState.DEAD.kafkaName()).setProtocolType("").setProtocolData("");
            if (version >= 6) {
                described.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage(group == null
                        ? "Group " + groupId + " not found." : "Group " + groupId + " is not a classic group.");
            }
            return described;
        }
        boolean stable = cg.isIn(ClassicGroupState.STABLE);
        described.setGroupState(cg.stateName()).setProtocolType(cg.protocolType())
                .setProtocolData(stable && cg.protocolName() != null ? cg.protocolName() : "");
        for (ClassicMember m : cg.members()) {
            described.members().add(new DescribedGroupMember().setMemberId(m.memberId())
                    .setGroupInstanceId(m.groupInstanceId()).setClientId(m.clientId()).setClientHost(m.clientHost())
                    .setMemberMetadata(stable ? m.metadata(cg.protocolName()) : ClassicMember.EMPTY)
                    .setMemberAssignment(stable ? m.assignment() : ClassicMember.EMPTY));
        }
        return described;
    }

    ConsumerGroupDescribeResponseData.DescribedGroup describeConsumerGroup(String groupId, Group group) {
        ConsumerGroupDescribeResponseData.DescribedGroup described =
                new ConsumerGroupDescribeResponseData.DescribedGroup().setGroupId(groupId)
                        .setAuthorizedOperations(UNKNOWN_OPERATIONS);
        if (!(group instanceof ConsumerGroup cg)) {
            return described.setGroupState("Dead").setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                    .setErrorMessage(group == null ? "Group " + groupId + " not found."
                            : "Group " + groupId + " is not a consumer group.");
        }
        described.setGroupState(cg.stateName()).setGroupEpoch(cg.groupEpoch)
                .setAssignmentEpoch(cg.assignmentEpoch).setAssignorName(cg.assignorName);
        for (ConsumerGroupMember m : cg.members.values()) {
            described.members().add(new ConsumerGroupDescribeResponseData.Member()
                    .setMemberId(m.memberId()).setInstanceId(m.instanceId).setRackId(m.rackId)
                    .setMemberEpoch(m.memberEpoch).setClientId(m.clientId).setClientHost(m.clientHost)
                    .setSubscribedTopicNames(new ArrayList<>(m.subscribedTopicNames))
                    .setSubscribedTopicRegex(m.subscribedTopicRegex)
                    .setAssignment(new ConsumerGroupDescribeResponseData.Assignment()
                            .setTopicPartitions(topicPartitions(m.assigned)))
                    .setTargetAssignment(new ConsumerGroupDescribeResponseData.Assignment()
                            .setTopicPartitions(topicPartitions(cg.targetAssignment.getOrDefault(m.memberId(),
                                    Map.of()))))
                    .setMemberType((byte) 1));
        }
        return described;
    }

    private List<TopicPartitions> topicPartitions(Map<Uuid, Set<Integer>> assignment) {
        List<TopicPartitions> result = new ArrayList<>();
        new TreeMap<>(assignment).forEach((id, partitions) -> {
            String name = topics.topicName(id);
            if (name != null && !partitions.isEmpty()) {
                result.add(new TopicPartitions().setTopicId(id).setTopicName(name)
                        .setPartitions(partitions.stream().sorted().collect(Collectors.toList())));
            }
        });
        return result;
    }

    List<ListedGroup> list(Collection<Group> groups, Set<String> states, Set<String> types) {
        Set<String> lowerStates = lower(states);
        Set<String> lowerTypes = lower(types);
        List<ListedGroup> listed = new ArrayList<>();
        for (Group g : groups) {
            if ((lowerStates.isEmpty() || lowerStates.contains(g.stateName().toLowerCase(Locale.ROOT)))
                    && (lowerTypes.isEmpty() || lowerTypes.contains(g.type()))) {
                listed.add(new ListedGroup().setGroupId(g.groupId()).setProtocolType(g.protocolType())
                        .setGroupState(g.stateName()).setGroupType(g.type()));
            }
        }
        return listed;
    }

    private static Set<String> lower(Set<String> values) {
        return values.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
