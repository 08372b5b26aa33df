package dev.voltstream.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs each service from a copy of its {@code target/quarkus-app} under the demo's state directory: a build of the
 * service while the demo runs ({@code ./mvnw package}, dev mode, another engineer's test in a shared tree) rewrites
 * the jars under a starting JVM, which then hangs or fails on a half-written class. The copy is refreshed only when
 * the build is newer than it, so a second start copies nothing.
 */
public final class AppStaging {
    static final String STAMP = ".built-at";

    private final RepoLayout repo;

    public AppStaging(RepoLayout repo) {
        this.repo = repo;
    }

    /** Where the copy of a service's application lives. */
    public Path stagedDir(ServiceSpec service) {
        return repo.stateDir().resolve("apps").resolve(service.module());
    }

    /** Makes sure the copy is the current build and returns its {@code quarkus-run.jar}. */
    public Path stage(ServiceSpec service) {
        Path built = repo.serviceJar(service);
        Path source = built.getParent();
        Path target = stagedDir(service);
        try {
            String stamp = String.valueOf(Files.getLastModifiedTime(built).toMillis());
            Path stampFile = target.resolve(STAMP);
            if (!Files.isRegularFile(stampFile) || !Files.readString(stampFile).equals(stamp)) {
                Demo.wipe(target);
                copyTree(source, target);
                Files.writeString(stampFile, stamp);
            }
            return target.resolve(built.getFileName());
        } catch (IOException e) {
            throw new LauncherException("cannot copy " + source + " to " + target + ": " + e.getMessage());
        }
    }

    static void copyTree(Path source, Path target) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(source)) {
            paths = walk.toList();
        }
        for (Path path : paths) {
            Path dest = target.resolve(source.relativize(path).toString());
            if (Files.isDirectory(path)) {
                Files.createDirectories(dest);
            } else {
                try {
                    Files.copy(path, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
