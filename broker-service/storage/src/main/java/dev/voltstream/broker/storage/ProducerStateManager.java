package dev.voltstream.broker.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.RecordBatch;

/**
 * Idempotent-producer state of one partition: per producer id its epoch and last batches. Appends check a batch
 * against it first ({@link Append}, Kafka's ProducerAppendInfo), and the changes are committed only after the write.
 */
final class ProducerStateManager {
    private final TopicPartition topicPartition;
    private final Map<Long, ProducerStateEntry> producers = new ConcurrentHashMap<>();

    ProducerStateManager(TopicPartition topicPartition) {
        this.topicPartition = topicPartition;
    }

    /** The remembered batch this one retries, if any (same producer, epoch and sequence range). */
    Optional<ProducerStateEntry.Batch> findDuplicate(RecordBatch batch) {
        if (!batch.hasProducerId()) {
            return Optional.empty();
        }
        ProducerStateEntry entry = producers.get(batch.producerId());
        return entry == null ? Optional.empty()
                : entry.findDuplicate(batch.producerEpoch(), batch.baseSequence(), batch.lastSequence());
    }

    /** Starts collecting the producer changes of one append. */
    Append begin() {
        return new Append();
    }

    /** Forgets producers whose last batch is now below the log start (as Kafka; they may then restart anywhere). */
    void removeBefore(long logStartOffset) {
        producers.values().removeIf(entry -> entry.lastOffset() < logStartOffset);
    }

    void clear() {
        producers.clear();
    }

    Map<Long, ProducerStateEntry> entries() {
        return Map.copyOf(producers);
    }

    void load(Map<Long, ProducerStateEntry> entries) {
        producers.clear();
        producers.putAll(entries);
    }

    List<ProducerInfo> activeProducers() {
        List<ProducerInfo> result = new ArrayList<>();
        for (ProducerStateEntry e : producers.values()) {
            result.add(new ProducerInfo(e.producerId(), e.producerEpoch(), e.lastSeq(), e.lastTimestamp()));
        }
        result.sort(Comparator.comparingLong(ProducerInfo::producerId));
        return result;
    }

    /** The producer changes of one append, checked batch by batch and applied by {@link #commit()}. */
    final class Append {
        private final Map<Long, ProducerStateEntry> updated = new HashMap<>();

        /**
         * Adds a batch that will get offsets {@code firstOffset..lastOffset}.
         *
         * @param validate check epoch and sequence (client appends), not for replication or recovery
         */
        void add(RecordBatch batch, long firstOffset, long lastOffset, boolean validate) {
            if (!batch.hasProducerId()) {
                return;
            }
            long pid = batch.producerId();
            ProducerStateEntry current = updated.getOrDefault(pid, producers.get(pid));
            if (validate) {
                checkEpochAndSequence(current, batch, firstOffset);
            }
            ProducerStateEntry base = current != null ? current
                    : new ProducerStateEntry(pid, batch.producerEpoch(), List.of());
            updated.put(pid, base.with(batch.producerEpoch(), new ProducerStateEntry.Batch(batch.baseSequence(),
                    batch.lastSequence(), firstOffset, lastOffset, batch.maxTimestamp())));
        }

        void commit() {
            producers.putAll(updated);
        }

        /** Kafka's ProducerAppendInfo.checkProducerEpoch + checkSequence for client appends. */
        private void checkEpochAndSequence(ProducerStateEntry current, RecordBatch batch, long offset) {
            if (current == null) {
                return; // unknown producer (new, or its records were deleted): any sequence is accepted
            }
            short epoch = batch.producerEpoch();
            int firstSeq = batch.baseSequence();
            if (epoch < current.producerEpoch()) {
                throw new InvalidProducerEpochException("Producer " + current.producerId() + "'s epoch " + epoch
                        + " is older than the current epoch " + current.producerEpoch() + " on " + topicPartition);
            }
            if (epoch != current.producerEpoch()) {
                if (firstSeq != 0) {
                    throw new OutOfOrderSequenceException("Invalid sequence number for new epoch of producer "
                            + current.producerId() + " at offset " + offset + " in partition " + topicPartition
                            + ": " + epoch + " (request epoch), " + firstSeq + " (seq. number), "
                            + current.producerEpoch() + " (current producer epoch)");
                }
            } else if (current.lastSeq() != RecordBatch.NO_SEQUENCE && !inSequence(current.lastSeq(), firstSeq)) {
                throw new OutOfOrderSequenceException("Out of order sequence number for producer "
                        + current.producerId() + " at offset " + offset + " in partition " + topicPartition + ": "
                        + firstSeq + " (incoming seq. number), " + current.lastSeq() + " (current end sequence number)");
            }
        }

        private static boolean inSequence(int lastSeq, int nextSeq) {
            return nextSeq == lastSeq + 1L || (nextSeq == 0 && lastSeq == Integer.MAX_VALUE);
        }
    }
}
