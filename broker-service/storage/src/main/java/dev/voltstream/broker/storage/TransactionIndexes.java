package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The {@link TransactionIndex} of every segment of a partition, by segment base offset, and the read_committed
 * query over them: which aborted transactions overlap a fetched range.
 */
final class TransactionIndexes {
    private final Path dir;
    private final ConcurrentSkipListMap<Long, TransactionIndex> indexes = new ConcurrentSkipListMap<>();

    private TransactionIndexes(Path dir) {
        this.dir = dir;
    }

    /** Opens the indexes of the segments in {@code segments}; index files of no segment are deleted. */
    static TransactionIndexes load(Path dir, LogSegments segments) throws IOException {
        TransactionIndexes result = new TransactionIndexes(dir);
        for (LogSegment segment : segments.all()) {
            result.indexes.put(segment.baseOffset(), TransactionIndex.open(dir, segment.baseOffset()));
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + TransactionIndex.SUFFIX)) {
            for (Path file : files) {
                OptionalLong base = LogFileNames.baseOffset(file.getFileName().toString(), TransactionIndex.SUFFIX);
                if (base.isEmpty() || !result.indexes.containsKey(base.getAsLong())) {
                    Files.deleteIfExists(file);
                }
            }
        }
        return result;
    }

    /** Records an aborted transaction in the index of the segment holding its abort marker. */
    void append(long segmentBaseOffset, AbortedTxn txn) throws IOException {
        indexes.computeIfAbsent(segmentBaseOffset, base -> newIndex(base)).append(txn);
    }

    /** Aborted transactions with data before {@code upperBoundOffset} and their marker at or after {@code fetchOffset}. */
    List<AbortedTxn> collect(long fetchOffset, long upperBoundOffset) {
        List<AbortedTxn> found = new ArrayList<>();
        Long from = indexes.floorKey(fetchOffset);
        for (TransactionIndex index : indexes.tailMap(from == null ? Long.MIN_VALUE : from).values()) {
            for (AbortedTxn txn : index.entries()) {
                if (txn.lastOffset() >= fetchOffset && txn.firstOffset() < upperBoundOffset) {
                    found.add(txn);
                }
            }
        }
        return found;
    }

    /** Keeps only the transactions aborted before {@code offset} (the log was truncated there). */
    void truncateTo(long offset) throws IOException {
        for (TransactionIndex index : indexes.values()) {
            index.truncateTo(offset);
        }
    }

    void removeSegment(long baseOffset) throws IOException {
        TransactionIndex index = indexes.remove(baseOffset);
        if (index != null) {
            index.delete();
        } else {
            Files.deleteIfExists(TransactionIndex.file(dir, baseOffset));
        }
    }

    /**
     * Replaces the entries of every segment at or after {@code fromSegmentBaseOffset} with {@code txns} (the
     * aborted transactions a replay of the log found), each in the segment holding its marker.
     */
    void rebuild(LogSegments segments, long fromSegmentBaseOffset, List<AbortedTxn> txns) throws IOException {
        Map<Long, List<AbortedTxn>> bySegment = new HashMap<>();
        for (AbortedTxn txn : txns) {
            LogSegment segment = segments.floor(txn.lastOffset());
            if (segment != null) {
                bySegment.computeIfAbsent(segment.baseOffset(), b -> new ArrayList<>()).add(txn);
            }
        }
        for (LogSegment segment : segments.all()) {
            if (segment.baseOffset() >= fromSegmentBaseOffset) {
                indexes.computeIfAbsent(segment.baseOffset(), this::newIndex)
                        .reset(bySegment.getOrDefault(segment.baseOffset(), List.of()));
            }
        }
    }

    /**
     * Records the aborted ones of {@code completed} (transactions an append just closed) in the index of the segment
     * holding their marker; {@code firstUnstableOffset} is the log's after the append (an entry's last stable offset).
     */
    void indexAborted(List<ProducerStateManager.CompletedTxn> completed, LogSegments segments,
                      OptionalLong firstUnstableOffset) throws IOException {
        for (ProducerStateManager.CompletedTxn txn : completed) {
            if (txn.aborted()) {
                long lso = firstUnstableOffset.orElse(txn.lastOffset() + 1);
                append(segments.floor(txn.lastOffset()).baseOffset(),
                        new AbortedTxn(txn.producerId(), txn.firstOffset(), txn.lastOffset(), lso));
            }
        }
    }

    /**
     * Takes in the aborted transactions a replay of the log found: all indexes are rebuilt when the replay started at
     * the log start (after an unclean stop the indexes may miss what the stop cut off), otherwise the ones missing are
     * added.
     */
    void addReplayed(ProducerStateLoader.Replayed replayed, LogSegments segments, long logStartOffset)
            throws IOException {
        if (replayed.fromOffset() <= logStartOffset) {
            rebuild(segments, Long.MIN_VALUE, replayed.aborted());
            return;
        }
        for (AbortedTxn txn : replayed.aborted()) {
            if (!collect(txn.lastOffset(), Long.MAX_VALUE).contains(txn)) {
                append(segments.floor(txn.lastOffset()).baseOffset(), txn);
            }
        }
    }

    private TransactionIndex newIndex(long baseOffset) {
        try {
            return TransactionIndex.open(dir, baseOffset);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
