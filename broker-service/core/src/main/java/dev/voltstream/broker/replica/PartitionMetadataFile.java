package dev.voltstream.broker.replica;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.apache.kafka.common.Uuid;

/**
 * {@code partition.metadata} in a partition's log directory, as Kafka writes it ({@code version: 0} and
 * {@code topic_id: <base64 id>}): which topic the log belongs to, so a log left by a deleted topic is never taken for
 * the log of a topic created later under the same name.
 */
final class PartitionMetadataFile {
    static final String NAME = "partition.metadata";

    private PartitionMetadataFile() {
    }

    /** The topic id recorded in {@code dir}; empty when none is (a log from before ids were recorded). */
    static Optional<Uuid> read(Path dir) {
        try {
            for (String line : Files.readAllLines(dir.resolve(NAME), StandardCharsets.UTF_8)) {
                if (line.startsWith("topic_id:")) {
                    return Optional.of(Uuid.fromString(line.substring("topic_id:".length()).trim()));
                }
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Unreadable " + dir.resolve(NAME) + ": " + e.getMessage(), e);
        }
    }

    /** Records {@code topicId} in {@code dir} (written aside and renamed, so a crash leaves the old file or the new). */
    static void write(Path dir, Uuid topicId) {
        Path file = dir.resolve(NAME);
        Path tmp = dir.resolve(NAME + ".tmp");
        try {
            Files.writeString(tmp, "version: 0\ntopic_id: " + topicId + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record the topic id in " + file, e);
        }
    }
}
