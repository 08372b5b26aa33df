package dev.voltstream.broker.cluster.internal.replication;

import dev.voltstream.broker.replica.Partition;

/**
 * A partition this broker follows, at the leader epoch the metadata gave. {@code truncated} turns true once the log's
 * divergent tail (if any) is gone; only then does the fetcher fetch it.
 */
final class FollowedPartition {
    final Partition partition;
    final int leaderEpoch;
    volatile boolean truncated;
    /** The error the leader last answered for this partition (logged once, not on every round), or null. */
    String lastError;
    /** When this broker started following the partition at this epoch (System.nanoTime). */
    final long followedAtNanos = System.nanoTime();

    FollowedPartition(Partition partition, int leaderEpoch) {
        this.partition = partition;
        this.leaderEpoch = leaderEpoch;
    }
}
