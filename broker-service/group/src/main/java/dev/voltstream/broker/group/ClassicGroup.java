package dev.voltstream.broker.group;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;

/**
 * A classic-protocol group: Kafka's state machine (Empty, PreparingRebalance, CompletingRebalance, Stable, Dead), its
 * generation, chosen protocol, leader and members. Plain data with the state transitions; the request logic lives in
 * {@link ClassicGroupProtocol}. Guarded by the coordinator's lock.
 */
final class ClassicGroup implements Group {
    static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private final String groupId;
    private ClassicGroupState state = ClassicGroupState.EMPTY;
    private long stateTimestamp;
    private int generationId;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private final Map<String, ClassicMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    /** Members told MEMBER_ID_REQUIRED, with the time by which they must rejoin. */
    private final Map<String, Long> pendingMembers = new HashMap<>();
    /** End of the join phase (rebalance timeout or initial delay). */
    private long joinDeadline;
    /** While the initial delay runs: when it started, so it never exceeds the rebalance timeout. */
    private long initialDelayStart = -1;
    /** End of the sync phase: members that have not synced by then are removed. */
    private long syncDeadline;
    /** Members that got their JoinGroup answer for this generation but have not sent SyncGroup yet. */
    private final Set<String> pendingSync = new HashSet<>();

    ClassicGroup(String groupId, long nowMs) {
        this.groupId = groupId;
        this.stateTimestamp = nowMs;
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public String type() {
        return "classic";
    }

    @Override
    public String stateName() {
        return state.kafkaName();
    }

    @Override
    public String protocolType() {
        return protocolType == null ? "" : protocolType;
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    ClassicGroupState state() {
        return state;
    }

    boolean isIn(ClassicGroupState s) {
        return state == s;
    }

    void transitionTo(ClassicGroupState next, long nowMs) {
        state = next;
        stateTimestamp = nowMs;
    }

    long stateTimestamp() {
        return stateTimestamp;
    }

    int generationId() {
        return generationId;
    }

    String protocolName() {
        return protocolName;
    }

    String leaderId() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return memberId.equals(leaderId);
    }

    Collection<ClassicMember> members() {
        return members.values();
    }

    Optional<ClassicMember> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    boolean has(String memberId) {
        return members.containsKey(memberId);
    }

    Optional<ClassicMember> staticMember(String instanceId) {
        String memberId = instanceId == null ? null : staticMembers.get(instanceId);
        return memberId == null ? Optional.empty() : member(memberId);
    }

    /** A static member is fenced when its instance id now belongs to another member id. */
    boolean isStaticMemberFenced(String instanceId, String memberId) {
        String current = instanceId == null ? null : staticMembers.get(instanceId);
        return current != null && !current.equals(memberId);
    }

    void add(ClassicMember member) {
        if (members.isEmpty()) {
            protocolType = member.protocolType();
        }
        members.put(member.memberId(), member);
        if (member.isStatic()) {
            staticMembers.put(member.groupInstanceId(), member.memberId());
        }
        if (leaderId == null) {
            leaderId = member.memberId();
        }
        pendingMembers.remove(member.memberId());
    }

    void remove(String memberId) {
        pendingSync.remove(memberId);
        ClassicMember removed = members.remove(memberId);
        if (removed != null && removed.isStatic()) {
            staticMembers.remove(removed.groupInstanceId(), memberId);
        }
        if (memberId.equals(leaderId)) {
            leaderId = members.values().stream().filter(ClassicMember::isAwaitingJoin).findFirst()
                    .or(() -> members.values().stream().findFirst())
                    .map(ClassicMember::memberId).orElse(null);
        }
    }

    /**
     * Kafka's maybeElectNewJoinedLeader: a leader that did not rejoin (a static member, kept through the rebalance)
     * cannot compute the assignment, so the first member that rejoined leads instead.
     *
     * @return false when no member rejoined
     */
    boolean electJoinedLeader() {
        ClassicMember leader = leaderId == null ? null : members.get(leaderId);
        if (leader != null && leader.isAwaitingJoin()) {
            return true;
        }
        Optional<ClassicMember> joined = members.values().stream().filter(ClassicMember::isAwaitingJoin).findFirst();
        joined.ifPresent(m -> leaderId = m.memberId());
        return joined.isPresent();
    }

    /** Puts the new member object in the place of the old one (static member restarted with a new member id). */
    void replaceStatic(ClassicMember old, ClassicMember replacement) {
        boolean wasLeader = isLeader(old.memberId());
        members.remove(old.memberId());
        members.put(replacement.memberId(), replacement);
        staticMembers.put(replacement.groupInstanceId(), replacement.memberId());
        if (pendingSync.remove(old.memberId())) {
            pendingSync.add(replacement.memberId());
        }
        if (wasLeader) {
            leaderId = replacement.memberId();
        }
    }

    Map<String, Long> pendingMembers() {
        return pendingMembers;
    }

    boolean hasAllMembersJoined() {
        return members.values().stream().allMatch(ClassicMember::isAwaitingJoin) && pendingMembers.isEmpty();
    }

    int rebalanceTimeoutMs() {
        return members.values().stream().mapToInt(ClassicMember::rebalanceTimeoutMs).max().orElse(0);
    }

    /** Whether a joining member's protocols can work with the group's (same type, one protocol all support). */
    boolean supportsProtocols(String type, Set<String> names) {
        if (members.isEmpty()) {
            return type != null && !type.isEmpty() && !names.isEmpty();
        }
        if (!type.equals(protocolType)) {
            return false;
        }
        Set<String> common = candidateProtocols();
        common.retainAll(names);
        return !common.isEmpty();
    }

    private Set<String> candidateProtocols() {
        Set<String> common = null;
        for (ClassicMember m : members.values()) {
            if (common == null) {
                common = new HashSet<>(m.protocols().keySet());
            } else {
                common.retainAll(m.protocols().keySet());
            }
        }
        return common == null ? new HashSet<>() : common;
    }

    /** Kafka's vote: every member picks its most preferred protocol that all support; the most votes wins. */
    String selectProtocol() {
        Set<String> candidates = candidateProtocols();
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (ClassicMember m : members.values()) {
            m.protocols().keySet().stream().filter(candidates::contains).findFirst()
                    .ifPresent(p -> votes.merge(p, 1, Integer::sum));
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    /** Starts the next generation after the join phase; the group then waits for the leader's assignment. */
    void initNextGeneration(long nowMs) {
        generationId++;
        if (members.isEmpty()) {
            protocolName = null;
            transitionTo(ClassicGroupState.EMPTY, nowMs);
        } else {
            protocolName = selectProtocol();
            transitionTo(ClassicGroupState.COMPLETING_REBALANCE, nowMs);
        }
    }

    /** Restores a generation replayed from the log. */
    void restore(int generation, String type, String protocol, String leader, long stateTime) {
        this.generationId = generation;
        this.protocolType = type;
        this.protocolName = protocol;
        this.leaderId = leader;
        this.stateTimestamp = stateTime;
        this.state = members.isEmpty() ? ClassicGroupState.EMPTY : ClassicGroupState.STABLE;
    }

    long joinDeadline() {
        return joinDeadline;
    }

    void joinDeadline(long deadline) {
        this.joinDeadline = deadline;
    }

    long initialDelayStart() {
        return initialDelayStart;
    }

    void initialDelayStart(long start) {
        this.initialDelayStart = start;
    }

    long syncDeadline() {
        return syncDeadline;
    }

    void syncDeadline(long deadline) {
        this.syncDeadline = deadline;
    }

    Set<String> pendingSync() {
        return pendingSync;
    }

    @Override
    public Set<String> subscribedTopics() {
        Set<String> topics = new HashSet<>();
        if (!CONSUMER_PROTOCOL_TYPE.equals(protocolType) || protocolName == null) {
            return topics;
        }
        for (ClassicMember m : members.values()) {
            try {
                ConsumerPartitionAssignor.Subscription subscription =
                        ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(m.metadata(protocolName)));
                topics.addAll(subscription.topics());
            } catch (RuntimeException e) {
                // Not a consumer's subscription: it subscribes to nothing we can tell.
            }
        }
        return topics;
    }

    List<ClassicMember> membersAwaitingJoin() {
        return members.values().stream().filter(ClassicMember::isAwaitingJoin).toList();
    }
}
