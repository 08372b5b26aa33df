package dev.voltstream.broker.storage;

import java.nio.channels.FileChannel;
import org.apache.kafka.common.record.Records;

/**
 * Whole batches read from a log. {@code records} is a slice of the segment file (iterate it in tests and replication);
 * {@code channel}, {@code position} and {@code size} name the same bytes so the network layer can send them zero-copy.
 * When nothing is returned {@code size} is 0, {@code records} is empty and {@code channel} is null.
 */
public record LogReadResult(Records records, FileChannel channel, long position, int size, long logStartOffset,
                            long logEndOffset) {
}
