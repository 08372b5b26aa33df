package dev.voltstream.broker.group;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

/**
 * A member of a classic group: who it is, the protocols it offered (name to metadata, in its order of preference), the
 * assignment the leader gave it, and the JoinGroup/SyncGroup answers it is waiting for. Guarded by the coordinator.
 */
final class ClassicMember {
    static final byte[] EMPTY = new byte[0];

    private final String memberId;
    private final String groupInstanceId;
    private final String clientId;
    private final String clientHost;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private String protocolType;
    private Map<String, byte[]> protocols;
    private byte[] assignment = EMPTY;
    private CompletableFuture<JoinGroupResponseData> awaitingJoin;
    private CompletableFuture<SyncGroupResponseData> awaitingSync;
    private long heartbeatDeadline;

    ClassicMember(String memberId, String groupInstanceId, String clientId, String clientHost,
                  int rebalanceTimeoutMs, int sessionTimeoutMs, String protocolType, Map<String, byte[]> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocolType = protocolType;
        this.protocols = new LinkedHashMap<>(protocols);
    }

    /** The same static member under a new member id (a restarted static consumer), keeping its assignment. */
    ClassicMember replacedBy(String newMemberId, String newClientId, String newClientHost) {
        ClassicMember copy = new ClassicMember(newMemberId, groupInstanceId, newClientId, newClientHost,
                rebalanceTimeoutMs, sessionTimeoutMs, protocolType, protocols);
        copy.assignment = assignment;
        return copy;
    }

    String memberId() {
        return memberId;
    }

    String groupInstanceId() {
        return groupInstanceId;
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    String protocolType() {
        return protocolType;
    }

    Map<String, byte[]> protocols() {
        return protocols;
    }

    byte[] metadata(String protocolName) {
        byte[] metadata = protocols.get(protocolName);
        return metadata == null ? EMPTY : metadata;
    }

    /** True when the member offers exactly these protocols with exactly this metadata (a no-op rejoin). */
    boolean sameProtocols(Map<String, byte[]> other) {
        if (!protocols.keySet().equals(other.keySet())) {
            return false;
        }
        return protocols.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.get(e.getKey())));
    }

    void update(int newRebalanceTimeoutMs, int newSessionTimeoutMs, String newProtocolType,
                Map<String, byte[]> newProtocols) {
        this.rebalanceTimeoutMs = newRebalanceTimeoutMs;
        this.sessionTimeoutMs = newSessionTimeoutMs;
        this.protocolType = newProtocolType;
        this.protocols = new LinkedHashMap<>(newProtocols);
    }

    byte[] assignment() {
        return assignment;
    }

    void assignment(byte[] newAssignment) {
        this.assignment = newAssignment == null ? EMPTY : newAssignment;
    }

    CompletableFuture<JoinGroupResponseData> awaitingJoin() {
        return awaitingJoin;
    }

    void awaitingJoin(CompletableFuture<JoinGroupResponseData> future) {
        this.awaitingJoin = future;
    }

    boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    CompletableFuture<SyncGroupResponseData> awaitingSync() {
        return awaitingSync;
    }

    void awaitingSync(CompletableFuture<SyncGroupResponseData> future) {
        this.awaitingSync = future;
    }

    boolean isAwaitingSync() {
        return awaitingSync != null;
    }

    long heartbeatDeadline() {
        return heartbeatDeadline;
    }

    /** A heartbeat (or any sign of life) pushes the session expiry out by the session timeout. */
    void heartbeat(long nowMs) {
        this.heartbeatDeadline = nowMs + sessionTimeoutMs;
    }
}
