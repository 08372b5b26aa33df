package dev.voltstream.broker.storage;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Copies of the idempotent-producer state taken in memory every {@link #INTERVAL_BYTES} appended, at the log end
 * offset of the moment, so that a truncation rebuilds the state from the latest copy at or below its new log end and
 * replays only the batches after it — as Kafka reloads from its latest producer snapshot — rather than every batch of
 * the log. A follower truncates whenever its leader changes, on its fetcher thread: replaying a whole log there took
 * seconds on a loaded machine, and acks=all produce to the new leader waited for it (issue #20). Guarded by the log's
 * lock.
 */
final class ProducerStateCheckpoints {
    static final int INTERVAL_BYTES = 64 * 1024;
    /** Truncations cut the uncommitted tail: the last few copies cover them; an older cut replays the log. */
    private static final int KEPT = 4;

    private final NavigableMap<Long, Map<Long, ProducerStateEntry>> byOffset = new TreeMap<>();
    private long bytesSinceLast;

    /** After an append of {@code bytes} that ended the log at {@code logEndOffset}: copies the state when due. */
    void appended(int bytes, long logEndOffset, ProducerStateManager state) {
        bytesSinceLast += bytes;
        if (bytesSinceLast >= INTERVAL_BYTES) {
            byOffset.put(logEndOffset, state.entries());
            bytesSinceLast = 0;
            while (byOffset.size() > KEPT) {
                byOffset.pollFirstEntry();
            }
        }
    }

    /** The log was opened at {@code logEndOffset} with {@code state} loaded: the first copy. */
    void opened(long logEndOffset, ProducerStateManager state) {
        byOffset.put(logEndOffset, state.entries());
    }

    /**
     * After the log was truncated to {@code logEndOffset}: forgets the copies above it and returns the latest one at
     * or below it, unless that lies below {@code logStartOffset} (then the log must be replayed from its start).
     */
    Optional<Map.Entry<Long, Map<Long, ProducerStateEntry>>> truncatedTo(long logEndOffset, long logStartOffset) {
        byOffset.tailMap(logEndOffset, false).clear();
        bytesSinceLast = 0;
        Map.Entry<Long, Map<Long, ProducerStateEntry>> latest = byOffset.floorEntry(logEndOffset);
        return latest == null || latest.getKey() < logStartOffset ? Optional.empty() : Optional.of(latest);
    }

    void clear() {
        byOffset.clear();
        bytesSinceLast = 0;
    }
}
