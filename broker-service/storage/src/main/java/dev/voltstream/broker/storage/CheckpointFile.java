package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Small state files written whole: to a temporary file, synced, then renamed over the old one atomically. */
final class CheckpointFile {
    private CheckpointFile() {
    }

    static void write(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void writeString(Path target, String content) throws IOException {
        write(target, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A single long written by {@link #writeLong}, or {@code fallback} when the file is missing or unreadable. */
    static long readLong(Path file, long fallback) {
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : fallback;
        } catch (IOException | NumberFormatException e) {
            return fallback;
        }
    }

    static void writeLong(Path target, long value) throws IOException {
        writeString(target, value + "\n");
    }
}
