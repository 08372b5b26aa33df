package dev.voltstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where the testkit writes: scratch directories under the module's {@code target/} (so {@code mvn clean} removes
 * them and nothing lands in a shared /tmp), and a cache under {@code ~/.cache/voltstream} for what is worth keeping
 * between runs (the unpacked PostgreSQL binaries).
 */
public final class TestDirs {
    private TestDirs() {
    }

    /** {@code ~/.cache/voltstream/<name>}, created. */
    public static Path cache(String name) {
        return create(Path.of(System.getProperty("user.home"), ".cache", "voltstream", name));
    }

    /**
     * A new, empty directory {@code target/<prefix>-<random>} of the current module, or under
     * {@code ~/.cache/voltstream/tmp} when there is no {@code target/} (e.g. run from an IDE elsewhere).
     */
    public static Path scratch(String prefix) {
        Path target = Path.of(System.getProperty("user.dir"), "target");
        Path base = Files.isDirectory(target) ? target.resolve("testkit") : cache("tmp");
        return create(base.resolve(prefix + "-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    /** Deletes a directory tree; quietly, since it runs on the way out. */
    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover directory under target/ is harmless
        }
    }

    private static Path create(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
