package dev.voltstream.broker.transaction;

/** An offset committed by TxnOffsetCommit, applied to its group only when the transaction commits. */
public record PendingOffset(long offset, int leaderEpoch, String metadata) {
}
