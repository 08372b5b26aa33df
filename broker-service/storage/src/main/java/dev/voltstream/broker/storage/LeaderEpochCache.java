package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader epoch → first offset written in that epoch, persisted in Kafka's {@code leader-epoch-checkpoint} format
 * (version line, count line, then "epoch offset" lines). Answers OffsetsForLeaderEpoch.
 */
final class LeaderEpochCache {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderEpochCache.class);
    private static final int VERSION = 0;

    private final Path file;
    private final TreeMap<Integer, Long> epochs = new TreeMap<>();

    private LeaderEpochCache(Path file) {
        this.file = file;
    }

    /** Reads the checkpoint; an unreadable one is logged and treated as empty. */
    static LeaderEpochCache load(Path file) {
        LeaderEpochCache cache = new LeaderEpochCache(file);
        if (Files.exists(file)) {
            try {
                List<String> lines = Files.readAllLines(file);
                if (Integer.parseInt(lines.get(0).trim()) != VERSION) {
                    throw new IOException("unknown version " + lines.get(0));
                }
                int count = Integer.parseInt(lines.get(1).trim());
                for (int i = 0; i < count; i++) {
                    String[] parts = lines.get(2 + i).trim().split("\\s+");
                    cache.epochs.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Ignoring unreadable leader epoch checkpoint {}: {}", file, e.toString());
                cache.epochs.clear();
            }
        }
        return cache;
    }

    /** Records that {@code epoch} starts at {@code startOffset} when it is newer than every cached epoch. */
    synchronized void assign(int epoch, long startOffset) throws IOException {
        if (epoch < 0 || (!epochs.isEmpty() && epoch <= epochs.lastKey())) {
            return;
        }
        epochs.put(epoch, startOffset);
        persist();
    }

    synchronized int latestEpoch() {
        return epochs.isEmpty() ? -1 : epochs.lastKey();
    }

    /** Kafka's LeaderEpochFileCache.endOffsetFor. */
    synchronized EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        if (requestedEpoch < 0 || epochs.isEmpty()) {
            return EpochEndOffset.UNDEFINED;
        }
        if (requestedEpoch == epochs.lastKey()) {
            return new EpochEndOffset(requestedEpoch, logEndOffset);
        }
        Map.Entry<Integer, Long> higher = epochs.higherEntry(requestedEpoch);
        if (higher == null) {
            return EpochEndOffset.UNDEFINED;
        }
        Map.Entry<Integer, Long> floor = epochs.floorEntry(requestedEpoch);
        return floor == null ? new EpochEndOffset(requestedEpoch, higher.getValue())
                : new EpochEndOffset(floor.getKey(), higher.getValue());
    }

    /** Forgets epochs that start at or after {@code endOffset} (the log was truncated there). */
    synchronized void truncateFromEnd(long endOffset) throws IOException {
        if (epochs.values().removeIf(start -> start >= endOffset)) {
            persist();
        }
    }

    /** The log now starts at {@code startOffset}: older epochs go, the one covering it starts there. */
    synchronized void truncateFromStart(long startOffset) throws IOException {
        Map.Entry<Integer, Long> covering = null;
        for (Map.Entry<Integer, Long> e : epochs.entrySet()) {
            if (e.getValue() <= startOffset) {
                covering = e;
            }
        }
        if (covering == null || covering.getValue() == startOffset && covering.getKey().equals(epochs.firstKey())) {
            return;
        }
        int epoch = covering.getKey();
        epochs.headMap(epoch, false).clear();
        epochs.put(epoch, startOffset);
        persist();
    }

    /** Forgets every epoch (the log was emptied). */
    synchronized void clear() throws IOException {
        if (!epochs.isEmpty()) {
            epochs.clear();
            persist();
        }
    }

    synchronized Map<Integer, Long> entries() {
        return new TreeMap<>(epochs);
    }

    private void persist() throws IOException {
        StringBuilder text = new StringBuilder().append(VERSION).append('\n').append(epochs.size()).append('\n');
        epochs.forEach((epoch, offset) -> text.append(epoch).append(' ').append(offset).append('\n'));
        CheckpointFile.writeString(file, text.toString());
    }
}
