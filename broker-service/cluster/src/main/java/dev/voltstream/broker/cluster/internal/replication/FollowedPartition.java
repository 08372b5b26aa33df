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

    FollowedPartition(Partition partition, int leaderEpoch) {
        this.partition = partition;
        this.leaderEpoch = leaderEpoch;
    }
}
