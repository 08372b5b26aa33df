package dev.voltstream.broker.producer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Hands out producer ids, never the same one twice across restarts: ids are reserved in blocks whose end is
 * persisted before the first id of the block is given out.
 */
public final class ProducerIdAllocator {
    private static final long BLOCK = 1000;

    private final Path file;
    private long next;
    private long reservedEnd;

    public ProducerIdAllocator(Path file) throws IOException {
        this.file = file;
        long start = Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()) : 0;
        this.next = start;
        this.reservedEnd = start;
    }

    public synchronized long nextProducerId() {
        if (next >= reservedEnd) {
            reserve(next + BLOCK);
        }
        return next++;
    }

    private void reserve(long end) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, Long.toString(end), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot persist the producer id block", e);
        }
        reservedEnd = end;
    }
}
