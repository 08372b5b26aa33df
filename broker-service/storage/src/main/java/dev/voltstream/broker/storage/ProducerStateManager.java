package dev.voltstream.broker.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

/**
 * Producer state of one partition: per producer id its epoch, last batches and open transaction. Appends check a
 * batch against it first ({@link Append}, Kafka's ProducerAppendInfo), and the changes are committed only after the
 * write. The first offsets of open transactions give the partition's first unstable offset (its LSO).
 */
final class ProducerStateManager {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProducerStateManager.class);
    /** A transaction closed by a marker: data from {@code firstOffset}, the marker at {@code lastOffset}. */
    record CompletedTxn(long producerId, long firstOffset, long lastOffset, boolean aborted) {
    }

    private final TopicPartition topicPartition;
    private final Map<Long, ProducerStateEntry> producers = new ConcurrentHashMap<>();
    /** First offset of each open transaction -> its producer id; read without the log's lock by fetches. */
    private final ConcurrentSkipListMap<Long, Long> openTxns = new ConcurrentSkipListMap<>();

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

    /**
     * Forgets producers whose last batch is now below the log start (as Kafka; they may then restart anywhere). A
     * producer whose last record here is a marker that bumped its epoch (transaction version 2) has no batch left to
     * judge by and is kept, so its epochs stay fenced across a restart.
     */
    void removeBefore(long logStartOffset) {
        producers.values().removeIf(entry -> !entry.batches().isEmpty() && entry.lastOffset() < logStartOffset
                && entry.currentTxnFirstOffset() < 0);
    }

    void clear() {
        producers.clear();
        openTxns.clear();
    }

    /** The first offset of the oldest open transaction, empty when none is open. */
    OptionalLong firstUnstableOffset() {
        Map.Entry<Long, Long> first = openTxns.firstEntry();
        return first == null ? OptionalLong.empty() : OptionalLong.of(first.getKey());
    }

    Map<Long, ProducerStateEntry> entries() {
        return Map.copyOf(producers);
    }

    void load(Map<Long, ProducerStateEntry> entries) {
        clear();
        producers.putAll(entries);
        entries.values().forEach(e -> {
            if (e.currentTxnFirstOffset() >= 0) {
                openTxns.put(e.currentTxnFirstOffset(), e.producerId());
            }
        });
    }

    List<ProducerInfo> activeProducers() {
        List<ProducerInfo> result = new ArrayList<>();
        for (ProducerStateEntry e : producers.values()) {
            result.add(new ProducerInfo(e.producerId(), e.producerEpoch(), e.lastSeq(), e.lastTimestamp(),
                    e.currentTxnFirstOffset(), e.coordinatorEpoch()));
        }
        result.sort(Comparator.comparingLong(ProducerInfo::producerId));
        return result;
    }

    /** The producer changes of one append, checked batch by batch and applied by {@link #commit()}. */
    final class Append {
        private final Map<Long, ProducerStateEntry> updated = new HashMap<>();
        private final List<CompletedTxn> completed = new ArrayList<>();

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
            if (batch.isControlBatch()) {
                addMarker(current, batch, firstOffset, validate);
                return;
            }
            if (validate) {
                checkEpochAndSequence(current, batch, firstOffset);
                if (!batch.isTransactional() && current != null && current.currentTxnFirstOffset() >= 0) {
                    throw new InvalidTxnStateException("Producer " + pid + " sent a non-transactional batch to "
                            + topicPartition + " while its transaction from offset "
                            + current.currentTxnFirstOffset() + " is open");
                }
            }
            ProducerStateEntry base = current != null ? current
                    : new ProducerStateEntry(pid, batch.producerEpoch(), List.of());
            ProducerStateEntry next = base.with(batch.producerEpoch(), new ProducerStateEntry.Batch(
                    batch.baseSequence(), batch.lastSequence(), firstOffset, lastOffset, batch.maxTimestamp()));
            if (batch.isTransactional() && next.currentTxnFirstOffset() < 0) {
                if (validate && LOG.isDebugEnabled()) {
                    LOG.debug("Producer {} epoch {} opens a transaction at offset {} in {}", pid,
                            batch.producerEpoch(), firstOffset, topicPartition);
                }
                next = next.withTxnFirstOffset(firstOffset);
            }
            updated.put(pid, next);
        }

        /**
         * A commit or abort marker closes the producer's open transaction (if any) at {@code offset}. As leader
         * (Kafka's appendEndTxnMarker) a marker of an older producer epoch is INVALID_PRODUCER_EPOCH, and one of an
         * older coordinator epoch than the last marker's TRANSACTION_COORDINATOR_FENCED: a coordinator replaced by
         * another (its transaction-state partition moved while it was paused or fenced) may still be writing the
         * markers of a transaction the new one finished, and with transaction version 2 such a late marker has the
         * epoch of the producer's next transaction, which it would end with the old one's outcome.
         */
        private void addMarker(ProducerStateEntry current, RecordBatch batch, long offset, boolean validate) {
            short epoch = batch.producerEpoch();
            if (validate && current != null && epoch < current.producerEpoch()) {
                throw new InvalidProducerEpochException("Transaction marker of producer " + current.producerId()
                        + " has epoch " + epoch + ", older than the current " + current.producerEpoch() + " on "
                        + topicPartition);
            }
            EndTransactionMarker marker = endTxnMarker(batch);
            if (marker == null) {
                return; // other control records (e.g. Raft's) carry no transaction
            }
            if (validate && current != null && marker.coordinatorEpoch() < current.coordinatorEpoch()) {
                throw new TransactionCoordinatorFencedException("Transaction marker of producer "
                        + current.producerId() + " comes from coordinator epoch " + marker.coordinatorEpoch()
                        + ", older than the " + current.coordinatorEpoch() + " of its last marker on "
                        + topicPartition);
            }
            ProducerStateEntry base = current != null ? current
                    : new ProducerStateEntry(batch.producerId(), epoch, List.of());
            if (validate && LOG.isDebugEnabled()) {
                LOG.debug("{} marker of producer {} epoch {} (coordinator epoch {}) at offset {} in {} closes the "
                        + "transaction from {} (producer epoch here {}, coordinator epoch {})", marker.controlType(),
                        batch.producerId(), epoch, marker.coordinatorEpoch(), offset, topicPartition,
                        base.currentTxnFirstOffset(), base.producerEpoch(), base.coordinatorEpoch());
            }
            if (base.currentTxnFirstOffset() >= 0) {
                completed.add(new CompletedTxn(base.producerId(), base.currentTxnFirstOffset(), offset,
                        marker.controlType() == ControlRecordType.ABORT));
            }
            updated.put(base.producerId(), base.afterMarker(epoch, marker.coordinatorEpoch()));
        }

        /** The transactions this append closes, in log order. */
        List<CompletedTxn> completedTxns() {
            return completed;
        }

        void commit() {
            for (ProducerStateEntry e : updated.values()) {
                ProducerStateEntry old = producers.get(e.producerId());
                if (old != null && old.currentTxnFirstOffset() >= 0
                        && old.currentTxnFirstOffset() != e.currentTxnFirstOffset()) {
                    openTxns.remove(old.currentTxnFirstOffset(), e.producerId());
                }
                if (e.currentTxnFirstOffset() >= 0) {
                    openTxns.put(e.currentTxnFirstOffset(), e.producerId());
                }
            }
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

        /** The batch's COMMIT or ABORT marker, null for other control records. */
        private static EndTransactionMarker endTxnMarker(RecordBatch batch) {
            java.util.Iterator<Record> records = batch.iterator();
            if (!records.hasNext()) {
                return null;
            }
            Record record = records.next();
            ControlRecordType type = record.hasKey() ? ControlRecordType.parse(record.key())
                    : ControlRecordType.UNKNOWN;
            return type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT
                    ? EndTransactionMarker.deserialize(record) : null;
        }

        private static boolean inSequence(int lastSeq, int nextSeq) {
            return nextSeq == lastSeq + 1L || (nextSeq == 0 && lastSeq == Integer.MAX_VALUE);
        }
    }
}
