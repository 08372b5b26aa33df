package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link WriteInterceptor} standing in for a small disk: it lets {@code capacity} bytes through, then writes what
 * still fits (junk, as a torn write leaves) and fails with ENOSPC's message. {@link #free} gives space back;
 * {@link #breakDisk} makes every later write fail with EIO instead.
 */
final class FullDisk implements WriteInterceptor {
    private long available;
    private boolean broken;
    int refusals;

    FullDisk(long capacity) {
        this.available = capacity;
    }

    synchronized void free(long bytes) {
        available += bytes;
    }

    synchronized void breakDisk() {
        broken = true;
    }

    @Override
    public synchronized void beforeWrite(Path file, int bytes) throws IOException {
        if (broken) {
            throw new IOException("Input/output error");
        }
        if (bytes <= available) {
            available -= bytes;
            return;
        }
        refusals++;
        if (available > 0) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                channel.write(ByteBuffer.wrap(new byte[(int) available]));
            }
            available = 0;
        }
        throw new IOException("No space left on device");
    }
}
