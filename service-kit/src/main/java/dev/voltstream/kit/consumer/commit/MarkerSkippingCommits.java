package dev.voltstream.kit.consumer.commit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Commits past transaction markers, as {@code KafkaConsumer.commitSync()} does and SmallRye's throttled strategy does
 * not. That strategy commits "last processed record + 1"; on a topic written in transactions the next offset is the
 * transaction's commit marker, which no consumer is ever given, so the group's lag stays 1 per partition at rest
 * (what {@code kafka-consumer-groups.sh}, the console and the demo's status line show, and what operators alarm on).
 * <p>
 * When the offset to commit is the one after the last record {@code poll()} returned for the partition (every record
 * this consumer was given has been processed) and the consumer's position is further on, the records between were
 * never given to it — markers, or records of aborted transactions under read_committed — so the position is
 * committed instead. The marker may be passed only by a later poll, when nothing new is left to commit: a periodic
 * {@link #catchUp} commits the position then, under the same condition. All methods run on the polling thread (the
 * consumer's position is read there); revocation and assignment reset a partition's state.
 */
final class MarkerSkippingCommits {
    private final Supplier<PolledOffsets> polled;
    /** The offset this consumer last committed per partition, while it owns the partition. */
    private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();

    /** {@code polled}: the consumer's interceptor (looked up lazily: it exists once the consumer does). */
    MarkerSkippingCommits(Supplier<PolledOffsets> polled) {
        this.polled = polled;
    }

    /** The offsets to commit instead of {@code offsets}: positions where only markers lie in between. */
    Map<TopicPartition, OffsetAndMetadata> adjust(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                  Consumer<?, ?> consumer) {
        PolledOffsets seen = polled.get();
        Map<TopicPartition, OffsetAndMetadata> adjusted = new HashMap<>(offsets);
        if (seen != null) {
            Set<TopicPartition> owned = consumer.assignment();
            offsets.forEach((tp, offset) -> {
                long position = positionPastMarkers(tp, offset.offset(), seen, owned, consumer);
                if (position > offset.offset()) {
                    adjusted.put(tp, new OffsetAndMetadata(position, offset.metadata()));
                }
            });
        }
        return adjusted;
    }

    /** Remembers what was committed (call after a successful commit of {@code offsets}). */
    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, offset) -> committed.put(tp, offset.offset()));
    }

    /**
     * The positions to commit for owned partitions whose last commit stopped before markers the consumer has passed
     * since, with nothing polled after it; empty when there is nothing to do.
     */
    Map<TopicPartition, OffsetAndMetadata> catchUp(Consumer<?, ?> consumer) {
        PolledOffsets seen = polled.get();
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        if (seen == null) {
            return toCommit;
        }
        Set<TopicPartition> owned = consumer.assignment();
        committed.forEach((tp, offset) -> {
            long position = positionPastMarkers(tp, offset, seen, owned, consumer);
            if (position > offset) {
                toCommit.put(tp, new OffsetAndMetadata(position));
            }
        });
        return toCommit;
    }

    /** Forgets partitions revoked or (re)assigned. */
    void reset(Collection<TopicPartition> partitions) {
        partitions.forEach(committed::remove);
        PolledOffsets seen = polled.get();
        if (seen != null) {
            seen.forget(partitions);
        }
    }

    private static long positionPastMarkers(TopicPartition tp, long offset, PolledOffsets seen,
                                            Set<TopicPartition> owned, Consumer<?, ?> consumer) {
        long lastPolled = seen.lastPolled(tp);
        if (lastPolled < 0 || offset != lastPolled + 1 || !owned.contains(tp)) {
            return offset; // records given to this consumer are not all processed (or none were given)
        }
        long position = consumer.position(tp);
        return Math.max(position, offset);
    }
}
