package dev.voltstream.broker.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.record.RecordBatch;

/**
 * What the log remembers about one idempotent producer: its epoch, its last {@value #MAX_BATCHES} batches (enough
 * to answer a retried batch with its original offsets) and, for a transactional producer, the first offset of its
 * open transaction ({@code currentTxnFirstOffset}, -1 when none is open) and the coordinator epoch of its last
 * marker ({@code coordinatorEpoch}, -1 before the first), which fences the markers of a coordinator that has been
 * replaced. Immutable; each append makes a new entry.
 */
record ProducerStateEntry(long producerId, short producerEpoch, List<Batch> batches, long currentTxnFirstOffset,
                          int coordinatorEpoch) {
    /** Kafka keeps the last five batches because a producer has at most five requests in flight. */
    static final int MAX_BATCHES = 5;

    /** One appended batch of the producer. */
    record Batch(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestamp) {
    }

    ProducerStateEntry {
        batches = List.copyOf(batches);
    }

    ProducerStateEntry(long producerId, short producerEpoch, List<Batch> batches) {
        this(producerId, producerEpoch, batches, -1L, -1);
    }

    /** This producer with its open transaction starting at {@code firstOffset} (-1: none open). */
    ProducerStateEntry withTxnFirstOffset(long firstOffset) {
        return new ProducerStateEntry(producerId, producerEpoch, batches, firstOffset, coordinatorEpoch);
    }

    /**
     * A transaction marker of {@code epoch}, written by the coordinator of {@code markerCoordinatorEpoch}, closes the
     * open transaction; a newer epoch forgets the old batches.
     */
    ProducerStateEntry afterMarker(short epoch, int markerCoordinatorEpoch) {
        return new ProducerStateEntry(producerId, epoch, epoch == producerEpoch ? batches : List.of(), -1L,
                markerCoordinatorEpoch);
    }

    /** This producer after appending {@code batch} in {@code epoch}; a new epoch forgets the old batches. */
    ProducerStateEntry with(short epoch, Batch batch) {
        List<Batch> next = new ArrayList<>(epoch == producerEpoch ? batches : List.of());
        next.add(batch);
        while (next.size() > MAX_BATCHES) {
            next.remove(0);
        }
        return new ProducerStateEntry(producerId, epoch, next, currentTxnFirstOffset, coordinatorEpoch);
    }

    int lastSeq() {
        return batches.isEmpty() ? RecordBatch.NO_SEQUENCE : batches.get(batches.size() - 1).lastSeq();
    }

    long lastOffset() {
        return batches.isEmpty() ? currentTxnFirstOffset : batches.get(batches.size() - 1).lastOffset();
    }

    long lastTimestamp() {
        return batches.isEmpty() ? RecordBatch.NO_TIMESTAMP : batches.get(batches.size() - 1).timestamp();
    }

    /** The remembered batch with the same epoch and sequence range, if {@code batch} is a retry of one. */
    Optional<Batch> findDuplicate(short epoch, int firstSeq, int lastSeq) {
        if (epoch != producerEpoch) {
            return Optional.empty();
        }
        return batches.stream().filter(b -> b.firstSeq() == firstSeq && b.lastSeq() == lastSeq).findFirst();
    }
}
