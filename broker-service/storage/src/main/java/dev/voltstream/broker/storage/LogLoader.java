package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the segments of a partition directory. After an unclean stop (no clean-shutdown marker) the last segment is
 * re-read and cut at the first bad byte, and every older one has the batches after its last index entry checked (a
 * cheap look at the tail, which is where a crash tears a file); any segment whose index is missing or fails its
 * sanity check, or whose tail is torn, is rebuilt the same way. When an older segment loses bytes, the segments after
 * it are deleted, so the log stays a prefix without holes, as Kafka's recovery does. Leftovers of interrupted deletions and checkpoint writes are removed.
 */
final class LogLoader {
    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);

    /** The segments found, whether the previous stop was clean, and the next offset to assign. */
    record Loaded(LogSegments segments, boolean cleanShutdown, long nextOffset) {
    }

    private LogLoader() {
    }

    static Loaded load(Path dir, TopicPartition tp, LogConfig config, long logStartOffset) throws IOException {
        Files.createDirectories(dir);
        boolean clean = Files.deleteIfExists(dir.resolve(LogFileNames.CLEAN_SHUTDOWN));
        CleanerRecovery.finishInterruptedCleaning(dir, tp);
        TreeSet<Long> baseOffsets = scanAndCleanUp(dir);
        LogSegments segments = new LogSegments();
        long last = baseOffsets.isEmpty() ? -1 : baseOffsets.last();
        long cutAt = -1;
        for (long base : baseOffsets) {
            if (cutAt >= 0) {
                // An earlier segment lost its tail: keeping this one would leave a hole in the log.
                LOG.warn("Deleting {} segment {}: an earlier segment was cut at offset {}", tp, base, cutAt);
                deleteSegmentFiles(dir, base);
                continue;
            }
            boolean indexesMissing = !LogSegment.indexFilesExist(dir, base);
            LogSegment segment = LogSegment.open(dir, base, config);
            boolean isLast = base == last;
            String reason = indexesMissing ? "index missing"
                    : !clean && isLast ? "unclean shutdown"
                    : !clean && !segment.tailIsWhole() ? "torn tail after an unclean shutdown"
                    : !segment.indexesSane() ? "index corrupt" : null;
            if (reason != null) {
                int dropped = recover(tp, segment, config, reason);
                if (!isLast) {
                    segment.onBecomeInactive();
                    if (dropped > 0) {
                        cutAt = segment.readNextOffset();
                    }
                }
            }
            segments.add(segment);
        }
        if (segments.isEmpty()) {
            segments.add(LogSegment.open(dir, Math.max(0, logStartOffset), config));
        }
        LogSegment active = segments.active();
        active.resizeIndexes(config.segmentIndexBytes());
        return new Loaded(segments, clean, active.readNextOffset());
    }

    private static void deleteSegmentFiles(Path dir, long base) throws IOException {
        Files.deleteIfExists(LogFileNames.logFile(dir, base));
        Files.deleteIfExists(LogFileNames.offsetIndexFile(dir, base));
        Files.deleteIfExists(LogFileNames.timeIndexFile(dir, base));
    }

    private static int recover(TopicPartition tp, LogSegment segment, LogConfig config, String reason)
            throws IOException {
        int dropped = segment.recover(config.segmentIndexBytes());
        if (dropped > 0) {
            LOG.warn("Recovered {} segment {} ({}): dropped {} bytes after the last valid batch", tp,
                    segment.baseOffset(), reason, dropped);
        } else {
            LOG.info("Recovered {} segment {} ({}): all {} bytes valid", tp, segment.baseOffset(), reason,
                    segment.size());
        }
        return dropped;
    }

    /** Base offsets of the {@code .log} files; deletes {@code *.deleted}, {@code *.tmp} and orphan index files. */
    private static TreeSet<Long> scanAndCleanUp(Path dir) throws IOException {
        TreeSet<Long> baseOffsets = new TreeSet<>();
        List<Path> indexes = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(LogFileNames.DELETED_SUFFIX) || name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                    continue;
                }
                OptionalLong base = LogFileNames.baseOffset(name, LogFileNames.LOG_SUFFIX);
                if (base.isPresent()) {
                    baseOffsets.add(base.getAsLong());
                } else if (name.endsWith(LogFileNames.INDEX_SUFFIX) || name.endsWith(LogFileNames.TIME_INDEX_SUFFIX)) {
                    indexes.add(file);
                }
            }
        }
        for (Path index : indexes) {
            String name = index.getFileName().toString();
            OptionalLong base = LogFileNames.baseOffset(name, LogFileNames.INDEX_SUFFIX);
            if (base.isEmpty()) {
                base = LogFileNames.baseOffset(name, LogFileNames.TIME_INDEX_SUFFIX);
            }
            if (base.isEmpty() || !baseOffsets.contains(base.getAsLong())) {
                Files.deleteIfExists(index);
            }
        }
        return baseOffsets;
    }
}
