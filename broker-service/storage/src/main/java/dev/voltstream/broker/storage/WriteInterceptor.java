package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Called before the log writes to a segment file, so tests can make the disk "fail" (full, or an I/O error) without
 * root or a real small filesystem. It may throw, and may itself write some bytes first to leave a torn write behind,
 * as a real disk filling up mid-write does. Production uses {@link #NONE}.
 */
@FunctionalInterface
public interface WriteInterceptor {
    /** Writes nothing and never fails. */
    WriteInterceptor NONE = (file, bytes) -> { };

    /**
     * @param file  the segment file about to be written (a new segment's {@code .log} file when a roll creates it)
     * @param bytes how many bytes the write appends (0 for a roll)
     */
    void beforeWrite(Path file, int bytes) throws IOException;
}
