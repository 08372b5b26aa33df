package dev.voltstream.broker.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KIP-848 consumer protocol on one {@link ConsumerGroup}: ConsumerGroupHeartbeat joins, leaves (epoch -1, or -2
 * for a static member that will be back), and reconciles each member toward the target assignment the server-side
 * assignor computed for the current group epoch. A member first gives up the partitions it no longer gets, and only
 * then receives partitions once their previous owner has released them, so no partition has two owners. The timer
 * removes members that stop heartbeating or do not revoke in time.
 */
final class ConsumerGroupProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroupProtocol.class);

    private final GroupConfig config;
    private final GroupCoordinator.TopicLookup topics;

    ConsumerGroupProtocol(GroupConfig config, GroupCoordinator.TopicLookup topics) {
        this.config = config;
        this.topics = topics;
    }

    ConsumerGroupHeartbeatResponseData heartbeat(ConsumerGroup group, ConsumerGroupHeartbeatRequestData r,
                                                 String clientId, String clientHost, long now) {
        int epoch = r.memberEpoch();
        if (epoch == -1 || epoch == -2) {
            return leave(group, r, epoch, now);
        }
        ConsumerGroupMember member;
        boolean changed = false;
        if (epoch == 0) {
            if (r.subscribedTopicNames() == null && r.subscribedTopicRegex() == null) {
                return error(Errors.INVALID_REQUEST, "SubscribedTopicNames or SubscribedTopicRegex must be set.");
            }
            if (r.serverAssignor() != null && !config.consumerAssignors().contains(r.serverAssignor())) {
                return error(Errors.UNSUPPORTED_ASSIGNOR, "Unknown assignor " + r.serverAssignor());
            }
            String memberId = r.memberId() == null || r.memberId().isEmpty() ? Uuid.randomUuid().toString()
                    : r.memberId();
            if (!group.members.containsKey(memberId) && group.members.size() >= config.consumerMaxSize()) {
                return error(Errors.GROUP_MAX_SIZE_REACHED, "The consumer group has reached its maximum capacity of "
                        + config.consumerMaxSize() + " members.");
            }
            member = joining(group, memberId, r.instanceId());
            if (member == null) {
                return error(Errors.UNRELEASED_INSTANCE_ID, "Static member " + r.instanceId()
                        + " is still in use by another member.");
            }
            changed = !group.members.containsKey(memberId);
            group.members.put(memberId, member);
            member.assignmentDirty = true;
        } else {
            member = group.members.get(r.memberId());
            if (member == null) {
                return error(Errors.UNKNOWN_MEMBER_ID, null);
            }
            if (epoch != member.memberEpoch && !(epoch == member.previousMemberEpoch
                    && ownsOnly(r.topicPartitions(), member.assigned))) {
                return error(Errors.FENCED_MEMBER_EPOCH, "Member epoch " + epoch + " is not "
                        + member.memberEpoch);
            }
        }
        member.temporarilyLeft = false;
        member.clientId = clientId;
        member.clientHost = clientHost;
        member.sessionDeadline = now + config.consumerSessionTimeoutMs();
        changed |= updateSubscription(member, r);
        if (changed) {
            group.groupEpoch++;
        }
        refreshTarget(group, now);
        reconcile(group, member, owned(r.topicPartitions()), now);
        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
                .setMemberId(member.memberId()).setMemberEpoch(member.memberEpoch)
                .setHeartbeatIntervalMs(config.consumerHeartbeatIntervalMs());
        if (member.assignmentDirty || r.topicPartitions() != null && !sameAs(r.topicPartitions(), member.assigned)) {
            response.setAssignment(assignment(member.assigned));
            member.assignmentDirty = false;
        }
        return response;
    }

    /** The member joining with epoch 0: new, rejoining, or a static member taking over its previous identity. */
    private static ConsumerGroupMember joining(ConsumerGroup group, String memberId, String instanceId) {
        if (instanceId != null) {
            ConsumerGroupMember previous = group.staticMember(instanceId).orElse(null);
            if (previous != null && !previous.memberId().equals(memberId)) {
                if (!previous.temporarilyLeft) {
                    return null;
                }
                // KIP-345 under KIP-848: the restarted static member inherits the assignment and epoch.
                ConsumerGroupMember replacement = new ConsumerGroupMember(memberId, instanceId);
                replacement.subscribedTopicNames = previous.subscribedTopicNames;
                replacement.subscribedTopicRegex = previous.subscribedTopicRegex;
                replacement.serverAssignor = previous.serverAssignor;
                replacement.rebalanceTimeoutMs = previous.rebalanceTimeoutMs;
                replacement.memberEpoch = previous.memberEpoch;
                replacement.previousMemberEpoch = previous.previousMemberEpoch;
                replacement.assigned = previous.assigned;
                replacement.state = previous.state;
                group.members.remove(previous.memberId());
                group.members.put(memberId, replacement);
                Map<Uuid, Set<Integer>> target = group.targetAssignment.remove(previous.memberId());
                if (target != null) {
                    group.targetAssignment.put(memberId, target);
                }
                return replacement;
            }
        }
        ConsumerGroupMember existing = group.members.get(memberId);
        if (existing != null) {
            // A member rejoining with epoch 0 starts over: it owns nothing until reconciled again.
            existing.assigned = new HashMap<>();
            existing.pendingRevocation = new HashMap<>();
            existing.state = ConsumerGroupMember.State.STABLE;
            existing.memberEpoch = 0;
            return existing;
        }
        return new ConsumerGroupMember(memberId, instanceId);
    }

    private ConsumerGroupHeartbeatResponseData leave(ConsumerGroup group, ConsumerGroupHeartbeatRequestData r,
                                                     int epoch, long now) {
        ConsumerGroupMember member = group.members.get(r.memberId());
        if (member == null) {
            return error(Errors.UNKNOWN_MEMBER_ID, null);
        }
        if (epoch == -2 && member.instanceId != null) {
            member.temporarilyLeft = true;
            member.sessionDeadline = now + config.consumerSessionTimeoutMs();
            LOG.info("Static member {} of group {} left temporarily", member.instanceId, group.groupId());
        } else {
            remove(group, member, "left the group", now);
        }
        return new ConsumerGroupHeartbeatResponseData().setMemberId(r.memberId()).setMemberEpoch(epoch)
                .setHeartbeatIntervalMs(0);
    }

    private void remove(ConsumerGroup group, ConsumerGroupMember member, String why, long now) {
        group.members.remove(member.memberId());
        group.targetAssignment.remove(member.memberId());
        group.groupEpoch++;
        LOG.info("Member {} of group {} {}; group epoch {}", member.memberId(), group.groupId(), why,
                group.groupEpoch);
        refreshTarget(group, now);
    }

    private static boolean updateSubscription(ConsumerGroupMember m, ConsumerGroupHeartbeatRequestData r) {
        boolean changed = false;
        if (r.subscribedTopicNames() != null
                && !new HashSet<>(r.subscribedTopicNames()).equals(new HashSet<>(m.subscribedTopicNames))) {
            m.subscribedTopicNames = List.copyOf(r.subscribedTopicNames());
            changed = true;
        }
        if (r.subscribedTopicRegex() != null && !r.subscribedTopicRegex().equals(m.subscribedTopicRegex)) {
            m.subscribedTopicRegex = r.subscribedTopicRegex().isEmpty() ? null : r.subscribedTopicRegex();
            changed = true;
        }
        if (r.serverAssignor() != null && !r.serverAssignor().equals(m.serverAssignor)) {
            m.serverAssignor = r.serverAssignor();
            changed = true;
        }
        if (r.rackId() != null) {
            m.rackId = r.rackId();
        }
        if (r.rebalanceTimeoutMs() > 0) {
            m.rebalanceTimeoutMs = r.rebalanceTimeoutMs();
        }
        return changed;
    }

    /** Recomputes the target when the group epoch moved on or a subscribed topic's partitions changed. */
    private void refreshTarget(ConsumerGroup group, long now) {
        Map<String, Set<String>> subscribed = new HashMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (ConsumerGroupMember m : group.members.values()) {
            Set<String> names = resolve(m);
            subscribed.put(m.memberId(), names);
            names.forEach(t -> counts.put(t, topics.partitionCount(t)));
        }
        if (!counts.equals(group.subscribedPartitionCounts)) {
            group.subscribedPartitionCounts = counts;
            group.groupEpoch++;
        }
        if (group.groupEpoch <= group.assignmentEpoch) {
            return;
        }
        Map<String, Set<Uuid>> subscriptions = new HashMap<>();
        Map<Uuid, Integer> partitions = new HashMap<>();
        subscribed.forEach((member, names) -> {
            Set<Uuid> ids = new HashSet<>();
            for (String name : names) {
                Uuid id = topics.topicId(name);
                ids.add(id);
                partitions.put(id, counts.get(name));
            }
            subscriptions.put(member, ids);
        });
        String assignor = group.members.values().stream().map(m -> m.serverAssignor).filter(Objects::nonNull)
                .findFirst().orElse(config.consumerAssignors().get(0));
        group.assignorName = assignor;
        group.targetAssignment = PartitionAssignor.named(assignor).assign(subscriptions, partitions,
                group.targetAssignment);
        group.assignmentEpoch = group.groupEpoch;
        LOG.info("Group {} epoch {}: new target assignment by {} for {} members", group.groupId(),
                group.groupEpoch, assignor, group.members.size());
    }

    /** The member's subscribed topics that exist: its names plus the topics its regex matches. */
    private Set<String> resolve(ConsumerGroupMember m) {
        Set<String> names = new LinkedHashSet<>();
        for (String t : m.subscribedTopicNames) {
            if (topics.partitionCount(t) > 0) {
                names.add(t);
            }
        }
        if (m.subscribedTopicRegex != null) {
            try {
                Pattern pattern = Pattern.compile(m.subscribedTopicRegex);
                topics.topicNames().stream().filter(t -> !t.startsWith("__"))
                        .filter(t -> pattern.matcher(t).matches()).forEach(names::add);
            } catch (PatternSyntaxException e) {
                LOG.debug("Invalid regex {} of member {}", m.subscribedTopicRegex, m.memberId());
            }
        }
        return names;
    }

    /**
     * Moves the member toward its target: first revoke what it must give up (its epoch waits until it confirms),
     * then take the target partitions no other member still holds.
     */
    private void reconcile(ConsumerGroup group, ConsumerGroupMember m, Map<Uuid, Set<Integer>> owned, long now) {
        if (m.state == ConsumerGroupMember.State.UNREVOKED_PARTITIONS) {
            if (owned == null || intersects(owned, m.pendingRevocation)) {
                return;
            }
            m.pendingRevocation = new HashMap<>();
            m.revocationDeadline = -1;
            m.state = ConsumerGroupMember.State.STABLE;
        }
        Map<Uuid, Set<Integer>> target = group.targetAssignment.getOrDefault(m.memberId(), Map.of());
        Map<Uuid, Set<Integer>> keep = new HashMap<>();
        Map<Uuid, Set<Integer>> revoke = new HashMap<>();
        m.assigned.forEach((t, ps) -> ps.forEach(p ->
                (ConsumerGroupMember.contains(target, t, p) ? keep : revoke)
                        .computeIfAbsent(t, x -> new HashSet<>()).add(p)));
        if (!revoke.isEmpty()) {
            m.assigned = keep;
            m.pendingRevocation = revoke;
            m.state = ConsumerGroupMember.State.UNREVOKED_PARTITIONS;
            m.revocationDeadline = now + Math.max(m.rebalanceTimeoutMs, config.consumerSessionTimeoutMs());
            m.assignmentDirty = true;
            return;
        }
        boolean unreleased = false;
        Map<Uuid, Set<Integer>> next = copy(m.assigned);
        for (Map.Entry<Uuid, Set<Integer>> e : target.entrySet()) {
            for (int p : e.getValue()) {
                if (ConsumerGroupMember.contains(next, e.getKey(), p)) {
                    continue;
                }
                boolean heldElsewhere = group.members.values().stream()
                        .anyMatch(o -> o != m && o.holds(e.getKey(), p));
                if (heldElsewhere) {
                    unreleased = true;
                } else {
                    next.computeIfAbsent(e.getKey(), x -> new HashSet<>()).add(p);
                }
            }
        }
        if (!next.equals(m.assigned)) {
            m.assigned = next;
            m.assignmentDirty = true;
        }
        if (m.memberEpoch != group.assignmentEpoch) {
            m.previousMemberEpoch = m.memberEpoch;
            m.memberEpoch = group.assignmentEpoch;
        }
        m.state = unreleased ? ConsumerGroupMember.State.UNRELEASED_PARTITIONS : ConsumerGroupMember.State.STABLE;
    }

    /** Removes members whose session expired or who kept partitions past their revocation deadline. */
    void expire(ConsumerGroup group, long now) {
        for (ConsumerGroupMember m : new ArrayList<>(group.members.values())) {
            if (now >= m.sessionDeadline) {
                remove(group, m, "expired (no heartbeat within " + config.consumerSessionTimeoutMs() + " ms)", now);
            } else if (m.revocationDeadline >= 0 && now >= m.revocationDeadline) {
                remove(group, m, "did not revoke its partitions in time", now);
            }
        }
    }

    private static Map<Uuid, Set<Integer>> owned(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> tps) {
        if (tps == null) {
            return null;
        }
        Map<Uuid, Set<Integer>> owned = new HashMap<>();
        tps.forEach(t -> owned.computeIfAbsent(t.topicId(), x -> new HashSet<>()).addAll(t.partitions()));
        return owned;
    }

    private static boolean ownsOnly(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> tps,
                                    Map<Uuid, Set<Integer>> assigned) {
        Map<Uuid, Set<Integer>> owned = owned(tps);
        if (owned == null) {
            return false;
        }
        return owned.entrySet().stream().allMatch(e -> e.getValue().stream()
                .allMatch(p -> ConsumerGroupMember.contains(assigned, e.getKey(), p)));
    }

    private static boolean sameAs(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> tps,
                                  Map<Uuid, Set<Integer>> assigned) {
        Map<Uuid, Set<Integer>> owned = owned(tps);
        owned.values().removeIf(Set::isEmpty);
        Map<Uuid, Set<Integer>> mine = copy(assigned);
        mine.values().removeIf(Set::isEmpty);
        return owned.equals(mine);
    }

    private static boolean intersects(Map<Uuid, Set<Integer>> a, Map<Uuid, Set<Integer>> b) {
        return a.entrySet().stream().anyMatch(e -> e.getValue().stream()
                .anyMatch(p -> ConsumerGroupMember.contains(b, e.getKey(), p)));
    }

    private static Map<Uuid, Set<Integer>> copy(Map<Uuid, Set<Integer>> m) {
        Map<Uuid, Set<Integer>> c = new HashMap<>();
        m.forEach((t, ps) -> c.put(t, new HashSet<>(ps)));
        return c;
    }

    private static ConsumerGroupHeartbeatResponseData.Assignment assignment(Map<Uuid, Set<Integer>> assigned) {
        ConsumerGroupHeartbeatResponseData.Assignment a = new ConsumerGroupHeartbeatResponseData.Assignment();
        assigned.forEach((t, ps) -> {
            if (!ps.isEmpty()) {
                a.topicPartitions().add(new ConsumerGroupHeartbeatResponseData.TopicPartitions().setTopicId(t)
                        .setPartitions(ps.stream().sorted().toList()));
            }
        });
        return a;
    }

    static ConsumerGroupHeartbeatResponseData error(Errors error, String message) {
        return new ConsumerGroupHeartbeatResponseData().setErrorCode(error.code())
                .setErrorMessage(message != null ? message : error.message()).setMemberEpoch(-1);
    }
}
