package dev.voltstream.broker.replica;

/**
 * What a leader knows about one follower: its log end offset (from its last fetch; -1 until it fetched) and when it
 * was last caught up (fetched at or past the leader's log end), which decides whether it stays in the ISR.
 */
final class ReplicaState {
    volatile long logEndOffset = -1;
    volatile long lastCaughtUpMs;
    /** The leader's log end and the time at this follower's previous fetch (Kafka's caught-up rule). */
    long lastFetchLeaderLogEndOffset = -1;
    long lastFetchTimeMs;

    ReplicaState(long nowMs) {
        this.lastCaughtUpMs = nowMs;
    }
}
