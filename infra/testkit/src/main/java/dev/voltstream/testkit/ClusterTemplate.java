package dev.voltstream.testkit;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A cleanly stopped, freshly initialised PostgreSQL cluster kept in {@code ~/.cache/voltstream/embedded-postgres}:
 * copying it takes a fraction of a second where initdb takes 5-10 s on a busy 2-core machine, and every test JVM
 * needs a cluster. Made once (initdb, start, stop), published by an atomic rename so concurrent JVMs never see half
 * of one.
 */
final class ClusterTemplate {
    /** Tied to the binaries zonky ships: a template from other binaries would not start (then we initdb instead). */
    static final String NAME = "template-zonky-2.2.2";

    private ClusterTemplate() {
    }

    /**
     * Copies the template into {@code dataDir} (made by {@code initCluster} in a temp dir when missing).
     *
     * @param initCluster runs initdb on the directory given, and leaves a stopped cluster there
     * @return false when there is no template and none could be made; the caller then runs initdb itself
     */
    static boolean copyTo(Path dataDir, Consumer<Path> initCluster) {
        Path template = TestDirs.cache("embedded-postgres").resolve(NAME);
        try {
            if (!Files.isRegularFile(template.resolve("postgresql.conf"))) {
                publish(template, initCluster);
            }
            copyTree(template, dataDir);
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            return true;
        } catch (IOException | RuntimeException e) {
            TestDirs.deleteQuietly(dataDir);
            return false;
        }
    }

    private static void publish(Path template, Consumer<Path> initCluster) throws IOException {
        Path scratch = template.resolveSibling(NAME + ".tmp-" + UUID.randomUUID());
        try {
            initCluster.accept(scratch);
            Files.move(scratch, template, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // another JVM published first; theirs is as good as ours
        } catch (IOException e) {
            if (!Files.isRegularFile(template.resolve("postgresql.conf"))) {
                throw e;
            }
        } finally {
            TestDirs.deleteQuietly(scratch);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (source.getFileName().toString().equals("epg-lock")) {
                    continue;
                }
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
