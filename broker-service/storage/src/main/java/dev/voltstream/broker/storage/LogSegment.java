package dev.voltstream.broker.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment of a partition log: the {@code %020d.log} file of batches starting at {@code baseOffset} and its sparse
 * offset and time indexes ({@link SegmentIndexes}). Appends are serialized by the owning {@link PartitionLog}; reads may run at the
 * same time and are bounded by a position the caller knows to be complete.
 */
final class LogSegment implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LogSegment.class);

    /** A byte range of whole batches in the segment file. */
    record Slice(int position, int size) {
    }

    private final long baseOffset;
    private final FileRecords log;
    private final SegmentIndexes indexes;
    /** When this segment's time-based roll clock started: the first append, or its first batch's timestamp. */
    private volatile long rollBaseMs = -1;

    private LogSegment(long baseOffset, FileRecords log, SegmentIndexes indexes) {
        this.baseOffset = baseOffset;
        this.log = log;
        this.indexes = indexes;
    }

    /** Opens (or creates) the segment files in {@code dir}; indexes are created preallocated when missing. */
    static LogSegment open(Path dir, long baseOffset, LogConfig config) throws IOException {
        FileRecords log = FileRecords.open(LogFileNames.logFile(dir, baseOffset).toFile());
        return new LogSegment(baseOffset, log, SegmentIndexes.open(LogFileNames.offsetIndexFile(dir, baseOffset),
                LogFileNames.timeIndexFile(dir, baseOffset), baseOffset, config));
    }

    /**
     * A new, empty segment whose three files carry {@code suffix} after their usual names: the log cleaner writes
     * its output there ({@link LogFileNames#CLEANED_SUFFIX}); leftovers of an earlier attempt are removed first.
     */
    static LogSegment createSuffixed(Path dir, long baseOffset, LogConfig config, String suffix) throws IOException {
        Path logFile = suffixed(LogFileNames.logFile(dir, baseOffset), suffix);
        Path offsetFile = suffixed(LogFileNames.offsetIndexFile(dir, baseOffset), suffix);
        Path timeFile = suffixed(LogFileNames.timeIndexFile(dir, baseOffset), suffix);
        Files.deleteIfExists(logFile);
        Files.deleteIfExists(offsetFile);
        Files.deleteIfExists(timeFile);
        return new LogSegment(baseOffset, FileRecords.open(logFile.toFile()),
                SegmentIndexes.open(offsetFile, timeFile, baseOffset, config));
    }

    private static Path suffixed(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /** Renames the three files from {@code <name><from>} to {@code <name><to>} (an empty suffix is the plain name). */
    void renameSuffix(String from, String to) throws IOException {
        Path logFile = log.file().toPath();
        log.renameTo(resuffixed(logFile, from, to).toFile());
        CleanerCrashPoints.reached("renamed-log-file-to-" + (to.isEmpty() ? "log" : to), logFile.getParent());
        indexes.renameTo(file -> resuffixed(file, from, to));
    }

    private static Path resuffixed(Path file, String from, String to) {
        String name = file.getFileName().toString();
        if (!name.endsWith(from)) {
            throw new IllegalStateException(file + " does not end with " + from);
        }
        return file.resolveSibling(name.substring(0, name.length() - from.length()) + to);
    }

    long lastModified() throws IOException {
        return Files.getLastModifiedTime(log.file().toPath()).toMillis();
    }

    void setLastModified(long ms) throws IOException {
        Files.setLastModifiedTime(log.file().toPath(), java.nio.file.attribute.FileTime.fromMillis(ms));
    }

    static boolean indexFilesExist(Path dir, long baseOffset) {
        return Files.exists(LogFileNames.offsetIndexFile(dir, baseOffset))
                && Files.exists(LogFileNames.timeIndexFile(dir, baseOffset));
    }

    long baseOffset() {
        return baseOffset;
    }

    int size() {
        return log.sizeInBytes();
    }

    boolean isEmpty() {
        return log.sizeInBytes() == 0;
    }

    FileRecords records() {
        return log;
    }

    /** The batches from the last indexed one at or below {@code offset} on: where a scan for {@code offset} starts. */
    Iterable<FileChannelRecordBatch> batchesFrom(long offset) {
        return offset <= baseOffset ? log.batches() : log.batchesFrom(indexes.scanStart(offset));
    }

    /** Whether the indexes can take no more entries (the log then rolls). */
    boolean indexesFull() {
        return indexes.full();
    }

    boolean indexesSane() throws IOException {
        return indexes.sane(log.sizeInBytes());
    }

    /**
     * Whether the batches after the last offset-index entry are whole, CRC-valid and end exactly at the end of the
     * file: a cheap check of where a crash tears a segment, without re-reading all of it.
     */
    boolean tailIsWhole() {
        int from = indexes.scanStart(Long.MAX_VALUE);
        if (from > log.sizeInBytes()) {
            return false;
        }
        int end = from;
        try {
            for (FileChannelRecordBatch batch : log.batchesFrom(from)) {
                if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
                    return false;
                }
                batch.ensureValid();
                end = batch.position() + batch.sizeInBytes();
            }
        } catch (CorruptRecordException | InvalidRecordException e) {
            return false;
        }
        return end == log.sizeInBytes();
    }

    long maxTimestamp() {
        return indexes.maxTimestamp().timestamp();
    }

    /** Largest timestamp for retention: the newest batch's, or the file's modification time if none has one. */
    long largestTimestampForRetention() throws IOException {
        long ts = indexes.maxTimestamp().timestamp();
        return ts != RecordBatch.NO_TIMESTAMP ? ts : Files.getLastModifiedTime(log.file().toPath()).toMillis();
    }

    /** When the time-based roll clock started, or -1 for an empty segment. */
    long rollBaseMs() {
        if (rollBaseMs < 0 && !isEmpty()) {
            for (FileChannelRecordBatch batch : log.batches()) {
                rollBaseMs = batch.maxTimestamp() >= 0 ? batch.maxTimestamp() : 0;
                break;
            }
        }
        return rollBaseMs;
    }

    /**
     * Appends batches that already carry their final offsets, adding an index entry every {@code indexIntervalBytes}.
     * On a failed write (a full disk writes part of it) the file is cut back to where it was so no torn batch stays
     * behind; cutting a file back needs no space.
     */
    void append(long largestOffset, MemoryRecords records, long nowMs) throws IOException {
        append(largestOffset, records, nowMs, WriteInterceptor.NONE);
    }

    void append(long largestOffset, MemoryRecords records, long nowMs, WriteInterceptor interceptor)
            throws IOException {
        if (records.sizeInBytes() == 0) {
            return;
        }
        relativeOffsetFits(largestOffset);
        int position = log.sizeInBytes();
        if (position == 0) {
            rollBaseMs = nowMs;
        }
        try {
            interceptor.beforeWrite(log.file().toPath(), records.sizeInBytes());
            log.append(records);
        } catch (IOException e) {
            log.truncateTo(position);
            throw e;
        }
        for (MutableRecordBatch batch : records.batches()) {
            indexes.index(batch, position);
            position += batch.sizeInBytes();
        }
    }

    private void relativeOffsetFits(long offset) {
        if (offset - baseOffset < 0 || offset - baseOffset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " does not fit segment " + baseOffset);
        }
    }

    boolean canHold(long largestOffset) {
        return largestOffset - baseOffset >= 0 && largestOffset - baseOffset <= Integer.MAX_VALUE;
    }

    /**
     * Whole batches from the one holding {@code startOffset}: at most {@code maxSize} bytes (but one whole batch when
     * {@code minOneBatch}), ending before {@code maxPosition} and before the first batch reaching
     * {@code maxOffsetExclusive}. Null when no batch here reaches {@code startOffset} (try the next segment); a
     * zero-size slice when one does but may not be returned.
     */
    Slice read(long startOffset, int maxSize, long maxPosition, long maxOffsetExclusive, boolean minOneBatch) {
        int from = indexes.scanStart(startOffset);
        int first = -1;
        int end = -1;
        for (FileChannelRecordBatch batch : log.batchesFrom(from)) {
            int batchEnd = batch.position() + batch.sizeInBytes();
            if (batchEnd > maxPosition) {
                break;
            }
            long lastOffset = batch.lastOffset();
            if (first < 0) {
                if (lastOffset < startOffset) {
                    continue;
                }
                first = batch.position();
                end = first;
            }
            if (lastOffset >= maxOffsetExclusive) {
                break;
            }
            boolean fits = batchEnd - first <= maxSize;
            if (!fits && !(minOneBatch && end == first)) {
                break;
            }
            end = batchEnd;
        }
        return first < 0 ? null : new Slice(first, end - first);
    }

    /** The offset after the last batch (the base offset when empty). */
    long readNextOffset() {
        int from = indexes.scanStart(Long.MAX_VALUE);
        long next = baseOffset;
        for (FileChannelRecordBatch batch : log.batchesFrom(from)) {
            next = batch.nextOffset();
        }
        return next;
    }

    /** Position of the first batch whose last offset is {@code >= offset}, or -1. */
    private int positionOfBatchEndingAtOrAfter(long offset) {
        int from = indexes.scanStart(offset);
        for (FileChannelRecordBatch batch : log.batchesFrom(from)) {
            if (batch.lastOffset() >= offset) {
                return batch.position();
            }
        }
        return -1;
    }

    /** The earliest record at or after {@code startingOffset} with timestamp {@code >= target}. */
    Optional<TimestampAndOffset> findOffsetByTimestamp(long target, long startingOffset) {
        int position = indexes.scanStartForTimestamp(target, startingOffset);
        FileRecords.TimestampAndOffset found = log.searchForTimestamp(target, position, startingOffset);
        return found == null ? Optional.empty()
                : Optional.of(new TimestampAndOffset(found.timestamp, found.offset, found.leaderEpoch.orElse(-1)));
    }

    /** The first record carrying this segment's largest timestamp. */
    Optional<TimestampAndOffset> readMaxTimestampAndOffset() {
        TimeIndex.TimestampOffset max = indexes.maxTimestamp();
        if (max.timestamp() == RecordBatch.NO_TIMESTAMP) {
            return Optional.empty();
        }
        int position = indexes.scanStart(max.offset());
        for (FileChannelRecordBatch batch : log.batchesFrom(position)) {
            if (batch.maxTimestamp() == max.timestamp()) {
                for (Record record : batch) {
                    if (record.timestamp() == max.timestamp()) {
                        return Optional.of(new TimestampAndOffset(max.timestamp(), record.offset(),
                                batch.partitionLeaderEpoch()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Re-reads every batch, checking header, CRC and offset order; cuts the file at the first bad or torn byte and
     * rebuilds both indexes. Returns the number of bytes dropped.
     */
    int recover(int maxIndexSize) throws IOException {
        indexes.reset(maxIndexSize);
        int validBytes = 0;
        long expectedOffset = baseOffset;
        try {
            for (FileChannelRecordBatch batch : log.batches()) {
                if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
                    throw new CorruptRecordException("unsupported magic " + batch.magic());
                }
                batch.ensureValid();
                if (batch.baseOffset() < expectedOffset || !canHold(batch.lastOffset())) {
                    throw new CorruptRecordException("batch offset " + batch.baseOffset() + " out of order");
                }
                indexes.index(batch, batch.position());
                validBytes += batch.sizeInBytes();
                expectedOffset = batch.nextOffset();
            }
        } catch (CorruptRecordException | InvalidRecordException e) {
            LOG.warn("Segment {} is corrupt at position {}: {}", log.file(), validBytes, e.getMessage());
        }
        int dropped = log.sizeInBytes() - validBytes;
        if (dropped > 0) {
            log.truncateTo(validBytes);
        }
        rollBaseMs = -1;
        return dropped;
    }

    /** Drops every batch ending at or after {@code offset} (whole batches). Returns the bytes removed. */
    int truncateTo(long offset) throws IOException {
        int position = positionOfBatchEndingAtOrAfter(offset);
        if (position < 0) {
            return 0;
        }
        indexes.truncateTo(offset);
        int removed = log.truncateTo(position);
        // The last time-index entry left holds the largest timestamp up to its offset: only the batches from there
        // on are read again, not the whole segment (a follower truncates on every leader change).
        TimeIndex.TimestampOffset max = indexes.lastTimeEntry();
        for (FileChannelRecordBatch batch : batchesFrom(max.offset())) {
            if (batch.maxTimestamp() > max.timestamp()) {
                max = new TimeIndex.TimestampOffset(batch.maxTimestamp(), batch.lastOffset());
            }
        }
        indexes.truncated(max);
        if (isEmpty()) {
            rollBaseMs = -1;
        }
        return removed;
    }

    /** Grows the indexes back to their full size (this segment becomes the active one). */
    void resizeIndexes(int maxIndexSize) throws IOException {
        indexes.resize(maxIndexSize);
    }

    /** This segment stops taking appends: record the final time-index entry and trim the indexes. */
    void onBecomeInactive() throws IOException {
        indexes.onBecomeInactive();
    }

    void flush() throws IOException {
        log.flush();
        indexes.flush();
    }

    /** Renames the files to {@code *.deleted}; open channels stay usable by in-flight reads. */
    void renameToDeleted() throws IOException {
        Path logFile = log.file().toPath();
        log.renameTo(logFile.resolveSibling(logFile.getFileName() + LogFileNames.DELETED_SUFFIX).toFile());
        indexes.renameTo(file -> file.resolveSibling(file.getFileName() + LogFileNames.DELETED_SUFFIX));
    }

    /** Closes the file and removes all three files. */
    void closeAndDelete() throws IOException {
        log.closeHandlers();
        log.deleteIfExists();
        indexes.deleteIfExists();
    }

    /** Records the final time entry, trims the indexes and closes the file. */
    @Override
    public void close() throws IOException {
        onBecomeInactive();
        indexes.flush();
        log.close();
    }

    @Override
    public String toString() {
        return "LogSegment(" + log.file() + ", size=" + size() + ")";
    }
}
