package dev.voltstream.broker.producer;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import dev.voltstream.broker.metadata.FormatVersion;

/**
 * Hands out producer ids, never the same one twice across restarts: ids are reserved in blocks whose end is
 * persisted before the first id of the block is given out.
 *
 * <p>The block file is a properties file: {@code version=0} ({@link FormatVersion}) and {@code block.end}, the first
 * id not reserved yet. Release 0.1.0 wrote the bare number; a file that is only digits is read as that.
 */
public final class ProducerIdAllocator {
    private static final long BLOCK = 1000;
    private static final int FORMAT_VERSION = 0;
    private static final String BLOCK_END = "block.end";

    private final Path file;
    private long next;
    private long reservedEnd;

    public ProducerIdAllocator(Path file) throws IOException {
        this.file = file;
        long start = Files.exists(file) ? read(file) : 0;
        this.next = start;
        this.reservedEnd = start;
    }

    /** Starts the ids of a fresh block file at {@code start} (cluster mode: each broker its own range). */
    public static void seed(Path file, long start) throws IOException {
        if (!Files.exists(file)) {
            write(file, start);
        }
    }

    public synchronized long nextProducerId() {
        if (next >= reservedEnd) {
            reserve(next + BLOCK);
        }
        return next++;
    }

    private void reserve(long end) {
        try {
            write(file, end);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot persist the producer id block", e);
        }
        reservedEnd = end;
    }

    static long read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (text.matches("\\d+")) {
            return Long.parseLong(text);
        }
        Properties props = new Properties();
        try (Reader in = new StringReader(text)) {
            props.load(in);
        }
        FormatVersion.check(props, FORMAT_VERSION, file);
        String end = props.getProperty(BLOCK_END);
        if (end == null) {
            throw new IllegalStateException(file + " has no " + BLOCK_END);
        }
        return Long.parseLong(end.trim());
    }

    private static void write(Path file, long end) throws IOException {
        Properties props = new Properties();
        FormatVersion.stamp(props, FORMAT_VERSION);
        props.setProperty(BLOCK_END, Long.toString(end));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(out, "Producer ids below block.end may have been handed out");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
