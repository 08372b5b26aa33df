package dev.voltstream.broker.storage;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The transactions a cleaning pass walks through, as Kafka's CleanedTransactionMetadata: batches of aborted
 * transactions are discarded, and a marker may go once no data of its transaction is left.
 */
final class CleanedTransactions {
    private final Set<Long> ongoingCommitted = new HashSet<>();
    /** Producer id to whether a batch of its aborted transaction was seen. */
    private final Map<Long, boolean[]> ongoingAborted = new HashMap<>();
    private final PriorityQueue<AbortedTxn> aborted = new PriorityQueue<>(
            (a, b) -> Long.compare(a.firstOffset(), b.firstOffset()));

    void addAborted(List<AbortedTxn> txns) {
        aborted.addAll(txns);
    }

    /** A control batch was read; true when it may be discarded (its transaction has no data left). */
    boolean onControlBatch(RecordBatch batch) {
        consumeAbortedUpTo(batch.lastOffset());
        Iterator<Record> records = batch.iterator();
        if (!records.hasNext()) {
            return true;
        }
        ControlRecordType type = ControlRecordType.parse(records.next().key());
        long producerId = batch.producerId();
        return switch (type) {
            case ABORT -> {
                boolean[] seen = ongoingAborted.remove(producerId);
                yield seen == null || !seen[0];
            }
            case COMMIT -> !ongoingCommitted.remove(producerId);
            default -> false;
        };
    }

    /** A data batch was read; true when it belongs to an aborted transaction (and may be discarded). */
    boolean onDataBatch(RecordBatch batch) {
        consumeAbortedUpTo(batch.lastOffset());
        if (!batch.isTransactional()) {
            return false;
        }
        boolean[] seen = ongoingAborted.get(batch.producerId());
        if (seen != null) {
            seen[0] = true;
            return true;
        }
        ongoingCommitted.add(batch.producerId());
        return false;
    }

    private void consumeAbortedUpTo(long offset) {
        while (!aborted.isEmpty() && aborted.peek().firstOffset() <= offset) {
            ongoingAborted.putIfAbsent(aborted.poll().producerId(), new boolean[1]);
        }
    }
}
