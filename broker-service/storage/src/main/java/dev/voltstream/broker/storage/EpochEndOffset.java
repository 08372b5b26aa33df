package dev.voltstream.broker.storage;

/** Answer to OffsetsForLeaderEpoch: the epoch found and the offset where it ended; (-1, -1) when undefined. */
public record EpochEndOffset(int leaderEpoch, long endOffset) {
    /** The "undefined" answer, as Kafka's UNDEFINED_EPOCH / UNDEFINED_EPOCH_OFFSET. */
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(-1, -1L);
}
