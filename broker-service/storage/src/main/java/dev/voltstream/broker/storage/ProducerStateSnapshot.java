package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Crc32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code producer-state.snapshot} file written on clean close: the offset it is valid at and every producer's
 * entry, followed by a CRC32C so a torn file is ignored (the state is then rebuilt from the log).
 */
final class ProducerStateSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerStateSnapshot.class);
    /**
     * Version 2 added each producer's open transaction (its first offset, -1 when none), version 3 the coordinator
     * epoch of its last marker (-1 when none); older versions are still read.
     */
    private static final short VERSION = 3;
    private static final int BATCH_BYTES = 4 + 4 + 8 + 8 + 8;

    /** The producers as of {@code offset} (the log end offset when it was written). */
    record Contents(long offset, Map<Long, ProducerStateEntry> producers) {
    }

    private ProducerStateSnapshot() {
    }

    static void write(Path file, long offset, Map<Long, ProducerStateEntry> producers) throws IOException {
        int size = 2 + 8 + 4;
        for (ProducerStateEntry e : producers.values()) {
            size += 8 + 2 + 8 + 4 + 4 + e.batches().size() * BATCH_BYTES;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size + 4);
        buffer.putShort(VERSION).putLong(offset).putInt(producers.size());
        for (ProducerStateEntry e : producers.values()) {
            buffer.putLong(e.producerId()).putShort(e.producerEpoch()).putLong(e.currentTxnFirstOffset())
                    .putInt(e.coordinatorEpoch()).putInt(e.batches().size());
            for (ProducerStateEntry.Batch b : e.batches()) {
                buffer.putInt(b.firstSeq()).putInt(b.lastSeq()).putLong(b.firstOffset()).putLong(b.lastOffset())
                        .putLong(b.timestamp());
            }
        }
        buffer.putInt((int) Crc32C.compute(buffer.array(), 0, size));
        CheckpointFile.write(file, buffer.array());
    }

    /** The snapshot in {@code file}; empty when missing, torn or unreadable. */
    static Optional<Contents> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (bytes.length < 18 || buffer.getInt(bytes.length - 4) != (int) Crc32C.compute(bytes, 0,
                    bytes.length - 4)) {
                throw new IOException("bad checksum");
            }
            short version = buffer.getShort();
            if (version < 1 || version > VERSION) {
                throw new IOException("unknown version " + version);
            }
            long offset = buffer.getLong();
            int count = buffer.getInt();
            Map<Long, ProducerStateEntry> producers = new HashMap<>();
            for (int i = 0; i < count; i++) {
                long pid = buffer.getLong();
                short epoch = buffer.getShort();
                long txnFirstOffset = version >= 2 ? buffer.getLong() : -1L;
                int coordinatorEpoch = version >= 3 ? buffer.getInt() : -1;
                int batches = buffer.getInt();
                List<ProducerStateEntry.Batch> list = new ArrayList<>();
                for (int j = 0; j < batches; j++) {
                    list.add(new ProducerStateEntry.Batch(buffer.getInt(), buffer.getInt(), buffer.getLong(),
                            buffer.getLong(), buffer.getLong()));
                }
                producers.put(pid, new ProducerStateEntry(pid, epoch, list, txnFirstOffset, coordinatorEpoch));
            }
            return Optional.of(new Contents(offset, producers));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring unreadable producer state snapshot {}: {}", file, e.toString());
            return Optional.empty();
        }
    }
}
