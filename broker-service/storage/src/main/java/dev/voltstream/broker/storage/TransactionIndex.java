package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aborted transactions whose abort marker lies in one segment: Kafka's {@code <baseOffset>.txnindex}, entries of
 * 34 bytes (version 0, producer id, first offset, last offset, last stable offset), so {@code kafka-dump-log.sh}
 * reads it. The file exists only once an entry is written. Entries are also kept in memory: fetches read them
 * without the log's lock; writes hold it.
 */
final class TransactionIndex {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionIndex.class);
    static final String SUFFIX = ".txnindex";
    private static final int ENTRY_BYTES = 34;
    private static final short VERSION = 0;

    private final Path file;
    private final List<AbortedTxn> entries = new CopyOnWriteArrayList<>();

    private TransactionIndex(Path file) {
        this.file = file;
    }

    static Path file(Path dir, long baseOffset) {
        return dir.resolve(LogFileNames.prefix(baseOffset) + SUFFIX);
    }

    /** Opens the index of the segment at {@code baseOffset}; a torn last entry is cut off. */
    static TransactionIndex open(Path dir, long baseOffset) throws IOException {
        TransactionIndex index = new TransactionIndex(file(dir, baseOffset));
        if (Files.exists(index.file)) {
            byte[] bytes = Files.readAllBytes(index.file);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.remaining() >= ENTRY_BYTES) {
                short version = buffer.getShort();
                AbortedTxn txn = new AbortedTxn(buffer.getLong(), buffer.getLong(), buffer.getLong(),
                        buffer.getLong());
                if (version != VERSION) {
                    LOG.warn("Ignoring the rest of {}: unknown entry version {}", index.file, version);
                    break;
                }
                index.entries.add(txn);
            }
            if (bytes.length != index.entries.size() * ENTRY_BYTES) {
                index.rewrite();
            }
        }
        return index;
    }

    List<AbortedTxn> entries() {
        return entries;
    }

    void append(AbortedTxn txn) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(encode(List.of(txn)));
        }
        entries.add(txn);
    }

    /** Keeps only the transactions aborted before {@code offset} (log truncation). */
    void truncateTo(long offset) throws IOException {
        if (entries.removeIf(txn -> txn.lastOffset() >= offset)) {
            rewrite();
        }
    }

    /** Replaces every entry (the index is rebuilt from the log after an unclean stop). */
    void reset(List<AbortedTxn> txns) throws IOException {
        if (txns.equals(entries)) {
            return;
        }
        entries.clear();
        entries.addAll(txns);
        rewrite();
    }

    void delete() throws IOException {
        entries.clear();
        Files.deleteIfExists(file);
    }

    private void rewrite() throws IOException {
        if (entries.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        ByteBuffer buffer = encode(new ArrayList<>(entries));
        CheckpointFile.write(file, buffer.array());
    }

    private static ByteBuffer encode(List<AbortedTxn> txns) {
        ByteBuffer buffer = ByteBuffer.allocate(txns.size() * ENTRY_BYTES);
        for (AbortedTxn txn : txns) {
            buffer.putShort(VERSION).putLong(txn.producerId()).putLong(txn.firstOffset()).putLong(txn.lastOffset())
                    .putLong(txn.lastStableOffset());
        }
        return buffer.flip();
    }
}
