package dev.voltstream.kit.consumer.commit;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers when each partition was last revoked, so that offsets chosen before a revocation are not committed after
 * it. One per consumer: {@link #now()} when the offsets are chosen, {@link #revoked} on the polling thread once the
 * revocation's own commit is done, {@link #stillOwned} on the polling thread just before committing.
 */
final class RevocationFence {
    private final AtomicLong clock = new AtomicLong();
    private final Map<TopicPartition, Long> revokedAt = new ConcurrentHashMap<>();

    /** The point in time offsets chosen now are stamped with. */
    long now() {
        return clock.get();
    }

    void revoked(Collection<TopicPartition> partitions) {
        long at = clock.incrementAndGet();
        partitions.forEach(tp -> revokedAt.put(tp, at));
    }

    /** The offsets whose partition was not revoked since {@code chosenAt}. */
    Map<TopicPartition, OffsetAndMetadata> stillOwned(Map<TopicPartition, OffsetAndMetadata> offsets, long chosenAt) {
        Map<TopicPartition, OffsetAndMetadata> owned = new HashMap<>(offsets.size());
        offsets.forEach((tp, offset) -> {
            if (revokedAt.getOrDefault(tp, Long.MIN_VALUE) <= chosenAt) {
                owned.put(tp, offset);
            }
        });
        return owned;
    }
}
