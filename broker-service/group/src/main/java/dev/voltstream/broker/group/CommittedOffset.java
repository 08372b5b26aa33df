package dev.voltstream.broker.group;

/**
 * One committed offset as OffsetCommit stored it.
 *
 * @param offset          the next offset the group will read
 * @param leaderEpoch     the leader epoch of the last consumed record, -1 when unknown
 * @param metadata        the client's metadata string, returned as given (may be null)
 * @param commitTimestamp when the broker took the commit
 * @param expireTimestamp an explicit expiry from OffsetCommit v1-4 retention, -1 when none
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestamp,
                              long expireTimestamp) {
}
