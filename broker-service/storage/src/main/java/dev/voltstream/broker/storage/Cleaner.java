package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecords.RecordFilter;
import org.apache.kafka.common.record.MemoryRecords.RecordFilter.BatchRetention;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cleaner thread's work on one log, as Kafka's Cleaner: maps every key of the dirty section to its last offset
 * (as far as the dedupe buffer holds), then rewrites the log from its start up to where the map ends, group of small
 * segments by group into one {@code .cleaned} segment each, keeping a record only when it is the last of its key
 * (a tombstone also only until its delete horizon), dropping aborted transactional data and, once their transaction
 * has no data left and {@code delete.retention.ms} has passed, its markers. Offsets never change; the last batch of
 * every active producer stays (emptied if need be) so idempotent and transactional producers keep their sequence and
 * epoch. Each group is swapped in with {@link PartitionLog#swapInCleaned}; the active segment is never touched.
 */
final class Cleaner {
    private static final Logger LOG = LoggerFactory.getLogger(Cleaner.class);

    /** What one pass did: the next dirty offset, bytes read and written, and whether tombstones were kept. */
    record Result(long nextDirtyOffset, long bytesRead, long bytesWritten, long recordsRead, long recordsWritten,
                  boolean retainedDeletes, boolean aborted) {
    }

    /** The pass was given up: the cleaner stops, or the log changed under it. */
    static final class AbortedException extends RuntimeException {
        AbortedException(String message) {
            super(message, null, false, false);
        }
    }

    private final OffsetMap map;
    private final int ioBufferSize;
    private final double loadFactor;
    private final Throttler throttler;
    private final Time time;
    private final BooleanSupplier stopping;
    private final BufferSupplier decompression = BufferSupplier.create();
    private ByteBuffer readBuffer;
    private ByteBuffer writeBuffer;

    Cleaner(OffsetMap map, int ioBufferSize, double loadFactor, Throttler throttler, Time time,
            BooleanSupplier stopping) {
        this.map = map;
        this.ioBufferSize = ioBufferSize;
        this.loadFactor = loadFactor;
        this.throttler = throttler;
        this.time = time;
        this.stopping = stopping;
        this.readBuffer = ByteBuffer.allocate(ioBufferSize);
        this.writeBuffer = ByteBuffer.allocate(ioBufferSize);
    }

    Result clean(LogToClean ltc) throws IOException, InterruptedException {
        long now = time.milliseconds();
        CleaningSnapshot snap = ltc.snapshot();
        PartitionLog log = ltc.log();
        Counters counters = new Counters();
        buildOffsetMap(log, snap, ltc.firstDirtyOffset(), ltc.firstUncleanableOffset(), counters);
        long endOffset = map.latestOffset() + 1;
        Map<Long, long[]> lastRecords = lastRecordsOfActiveProducers(snap);
        for (List<LogSegment> group : groups(snap, endOffset, ltc.firstUncleanableOffset())) {
            if (!cleanGroup(log, snap, group, now, endOffset, lastRecords, counters)) {
                return new Result(ltc.firstDirtyOffset(), counters.bytesRead, counters.bytesWritten,
                        counters.recordsRead, counters.recordsWritten, counters.retainedDeletes, true);
            }
        }
        return new Result(endOffset, counters.bytesRead, counters.bytesWritten, counters.recordsRead,
                counters.recordsWritten, counters.retainedDeletes, false);
    }

    private static final class Counters {
        long bytesRead;
        long bytesWritten;
        long recordsRead;
        long recordsWritten;
        boolean retainedDeletes;
    }

    /** Producer id to {lastDataOffset (-1 when the last entry is a marker), epoch}. */
    private static Map<Long, long[]> lastRecordsOfActiveProducers(CleaningSnapshot snap) {
        Map<Long, long[]> last = new HashMap<>();
        for (ProducerStateEntry e : snap.producers().values()) {
            long lastData = e.batches().isEmpty() ? -1 : e.batches().get(e.batches().size() - 1).lastOffset();
            last.put(e.producerId(), new long[] {lastData, e.producerEpoch()});
        }
        return last;
    }

    private void buildOffsetMap(PartitionLog log, CleaningSnapshot snap, long start, long end,
                                Counters counters) throws IOException, InterruptedException {
        map.clear();
        // Everything before the dirty section is clean already: the map covers it (with no keys of its own).
        map.updateLatestOffset(start - 1);
        CleanedTransactions txns = new CleanedTransactions();
        txns.addAborted(log.abortedTransactions(start, end));
        int maxEntries = (int) (map.slots() * loadFactor);
        List<LogSegment> segments = snap.segments();
        for (int i = 0; i < segments.size(); i++) {
            LogSegment segment = segments.get(i);
            long next = i + 1 < segments.size() ? segments.get(i + 1).baseOffset() : Long.MAX_VALUE;
            if (next <= start || segment.baseOffset() >= end) {
                continue;
            }
            if (!mapSegment(segment, start, maxEntries, txns, counters)) {
                return; // the map is full: this pass cleans up to the last offset it holds
            }
            map.updateLatestOffset(Math.min(next, end) - 1);
        }
    }

    /** Adds the keys of {@code segment} from {@code start}; false when the map filled up on the way. */
    private boolean mapSegment(LogSegment segment, long start, int maxEntries, CleanedTransactions txns,
                               Counters counters) throws IOException, InterruptedException {
        int position = 0;
        while (position < segment.size()) {
            checkDone();
            MemoryRecords records = read(segment, position);
            for (MutableRecordBatch batch : records.batches()) {
                if (batch.isControlBatch()) {
                    txns.onControlBatch(batch);
                } else if (!txns.onDataBatch(batch)) {
                    try (CloseableIterator<Record> it = batch.streamingIterator(decompression)) {
                        while (it.hasNext()) {
                            Record record = it.next();
                            if (record.hasKey() && record.offset() >= start) {
                                if (map.size() >= maxEntries) {
                                    return false;
                                }
                                map.put(record.key(), record.offset());
                            }
                        }
                    }
                }
                if (batch.lastOffset() >= start) {
                    map.updateLatestOffset(batch.lastOffset());
                }
            }
            position += records.validBytes();
        }
        return true;
    }

    /** Reads whole batches from {@code position}, growing the buffers for a batch bigger than they are. */
    private MemoryRecords read(LogSegment segment, int position) throws IOException, InterruptedException {
        while (true) {
            readBuffer.clear();
            segment.records().readInto(readBuffer, position);
            MemoryRecords records = MemoryRecords.readableRecords(readBuffer);
            throttler.maybeThrottle(records.sizeInBytes());
            if (records.validBytes() > 0) {
                return records;
            }
            Integer next = records.firstBatchSize();
            if (next == null || next <= readBuffer.capacity() || next > segment.size() - position) {
                throw new CorruptRecordException("Cannot read a whole batch at position " + position + " of "
                        + segment + " (size " + next + ")");
            }
            readBuffer = ByteBuffer.allocate(next);
            writeBuffer = ByteBuffer.allocate(next);
        }
    }

    /** Segments before {@code endOffset} in groups whose total size fits one segment, as Kafka groups them. */
    private static List<List<LogSegment>> groups(CleaningSnapshot snap, long endOffset,
                                                 long firstUncleanable) {
        List<LogSegment> segments = new ArrayList<>();
        for (LogSegment segment : snap.segments()) {
            if (segment.baseOffset() < endOffset && segment.baseOffset() < firstUncleanable) {
                segments.add(segment);
            }
        }
        List<List<LogSegment>> groups = new ArrayList<>();
        int i = 0;
        while (i < segments.size()) {
            List<LogSegment> group = new ArrayList<>(List.of(segments.get(i)));
            long size = segments.get(i).size();
            i++;
            while (i < segments.size()) {
                LogSegment next = segments.get(i);
                long lastOffsetBound = (i + 1 < segments.size() ? segments.get(i + 1).baseOffset()
                        : firstUncleanable) - 1;
                if (size + next.size() > snap.config().segmentBytes()
                        || (next.size() > 0 && lastOffsetBound - group.get(0).baseOffset() > Integer.MAX_VALUE)) {
                    break;
                }
                group.add(next);
                size += next.size();
                i++;
            }
            groups.add(group);
        }
        return groups;
    }

    private boolean cleanGroup(PartitionLog log, CleaningSnapshot snap, List<LogSegment> group,
                               long now, long upperBound, Map<Long, long[]> lastRecords, Counters counters)
            throws IOException, InterruptedException {
        LogSegment cleaned = LogSegment.createSuffixed(log.dir(), group.get(0).baseOffset(), snap.config(),
                LogFileNames.CLEANED_SUFFIX);
        boolean swapped = false;
        try {
            CleanedTransactions txns = new CleanedTransactions();
            for (int i = 0; i < group.size(); i++) {
                LogSegment segment = group.get(i);
                long segmentEnd = i + 1 < group.size() ? group.get(i + 1).baseOffset() : segment.readNextOffset();
                txns.addAborted(log.abortedTransactions(segment.baseOffset(), segmentEnd));
                cleanInto(segment, cleaned, new Filter(now, snap.config().cleanup().deleteRetentionMs(), txns,
                        lastRecords, upperBound, counters));
                CleanerCrashPoints.reached("cleaned-segment-" + i, log.dir());
            }
            cleaned.onBecomeInactive();
            cleaned.flush();
            cleaned.setLastModified(group.get(group.size() - 1).lastModified());
            checkDone();
            swapped = log.swapInCleaned(cleaned, group, snap);
            if (!swapped) {
                LOG.info("Cleaning of {} given up: the log changed while it was cleaned", log.topicPartition());
            }
            return swapped;
        } finally {
            if (!swapped) {
                cleaned.closeAndDelete();
            }
        }
    }

    private void cleanInto(LogSegment source, LogSegment dest, Filter filter)
            throws IOException, InterruptedException {
        int position = 0;
        while (position < source.size()) {
            checkDone();
            MemoryRecords records = read(source, position);
            writeBuffer.clear();
            MemoryRecords.FilterResult result = records.filterTo(filter, writeBuffer, decompression);
            position += result.bytesRead();
            filter.counters.bytesRead += result.bytesRead();
            filter.counters.recordsRead += result.messagesRead();
            ByteBuffer output = result.outputBuffer();
            if (output.position() > 0) {
                output.flip();
                MemoryRecords retained = MemoryRecords.readableRecords(output);
                long lastOffset = -1;
                for (RecordBatch batch : retained.batches()) {
                    lastOffset = batch.lastOffset();
                }
                dest.append(lastOffset, retained, time.milliseconds());
                throttler.maybeThrottle(retained.sizeInBytes());
                filter.counters.bytesWritten += retained.sizeInBytes();
                filter.counters.recordsWritten += result.messagesRetained();
            }
            if (output != writeBuffer && output.capacity() > writeBuffer.capacity()) {
                writeBuffer = ByteBuffer.allocate(output.capacity());
            }
        }
        if (readBuffer.capacity() > ioBufferSize) {
            readBuffer = ByteBuffer.allocate(ioBufferSize);
            writeBuffer = ByteBuffer.allocate(ioBufferSize);
        }
    }

    private void checkDone() {
        if (stopping.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new AbortedException("the log cleaner is stopping");
        }
    }

    /** Kafka's log cleaner filter: which batches stay (perhaps emptied) and which records in them. */
    private final class Filter extends RecordFilter {
        private final CleanedTransactions txns;
        private final Map<Long, long[]> lastRecords;
        private final long upperBound;
        private final Counters counters;
        private boolean discardBatchRecords;

        Filter(long now, long deleteRetentionMs, CleanedTransactions txns, Map<Long, long[]> lastRecords,
               long upperBound, Counters counters) {
            super(now, deleteRetentionMs);
            this.txns = txns;
            this.lastRecords = lastRecords;
            this.upperBound = upperBound;
            this.counters = counters;
        }

        @Override
        protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
            boolean canDiscard = batch.isControlBatch() ? txns.onControlBatch(batch) : txns.onDataBatch(batch);
            if (batch.isControlBatch()) {
                boolean due = batch.deleteHorizonMs().isPresent()
                        && batch.deleteHorizonMs().getAsLong() <= currentTime;
                discardBatchRecords = canDiscard && due;
                if (canDiscard && !due) {
                    counters.retainedDeletes = true;
                }
            } else {
                discardBatchRecords = canDiscard;
            }
            BatchRetention retention;
            if (batch.hasProducerId() && isLastOfProducer(batch)) {
                retention = BatchRetention.RETAIN_EMPTY;
            } else if (batch.nextOffset() == upperBound) {
                retention = BatchRetention.RETAIN_EMPTY; // keeps the end of the cleaned range known
            } else if (discardBatchRecords) {
                retention = BatchRetention.DELETE;
            } else {
                retention = BatchRetention.DELETE_EMPTY;
            }
            return new BatchRetentionResult(retention, canDiscard && batch.isControlBatch());
        }

        private boolean isLastOfProducer(RecordBatch batch) {
            long[] last = lastRecords.get(batch.producerId());
            if (last == null) {
                return false;
            }
            return last[0] >= 0 ? batch.lastOffset() == last[0]
                    : batch.isControlBatch() && batch.producerEpoch() == last[1];
        }

        @Override
        protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
            if (discardBatchRecords) {
                return false;
            }
            if (batch.isControlBatch() || record.offset() > map.latestOffset()) {
                return true;
            }
            if (!record.hasKey()) {
                return false; // Kafka counts it invalid: a compacted log has no records without a key
            }
            boolean latest = record.offset() >= map.get(record.key());
            if (!latest) {
                return false;
            }
            if (record.hasValue()) {
                return true;
            }
            boolean keepTombstone = batch.deleteHorizonMs().isEmpty()
                    || currentTime < batch.deleteHorizonMs().getAsLong();
            if (keepTombstone) {
                counters.retainedDeletes = true;
            }
            return keepTombstone;
        }
    }
}
