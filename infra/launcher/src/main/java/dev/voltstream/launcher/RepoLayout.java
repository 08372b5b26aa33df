package dev.voltstream.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are in a checkout of this repository, and where the demo keeps its state (by default
 * {@code .voltstream/}, ignored by git): data of the broker(s) and PostgreSQL under {@code data/}, process logs under {@code logs/}, the
 * bookkeeping of running processes under {@code run/}.
 */
public record RepoLayout(Path root, Path stateDir) {

    /**
     * Finds the repository: the {@code voltstream.repo.root} system property, else {@code VOLTSTREAM_HOME}, else the
     * first directory upwards from the working directory that holds {@code mvnw} and {@code infra/bin}.
     */
    public static RepoLayout locate() {
        String configured = System.getProperty("voltstream.repo.root", System.getenv("VOLTSTREAM_HOME"));
        if (configured != null && !configured.isBlank()) {
            return of(Path.of(configured));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isRepo(dir)) {
                return new RepoLayout(dir, dir.resolve(".voltstream"));
            }
        }
        throw new LauncherException("not inside a Voltstream checkout (no mvnw and infra/bin found upwards of "
                + Path.of("").toAbsolutePath() + "); set VOLTSTREAM_HOME");
    }

    /** The layout of the checkout at {@code dir}, which must be one. */
    public static RepoLayout of(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!isRepo(root)) {
            throw new LauncherException(root + " is not a Voltstream checkout (no mvnw or infra/bin)");
        }
        return new RepoLayout(root, root.resolve(".voltstream"));
    }

    /** The same checkout with the demo's state somewhere else (a second demo beside the default one, tests). */
    public RepoLayout withStateDir(Path dir) {
        return new RepoLayout(root, dir.toAbsolutePath().normalize());
    }

    private static boolean isRepo(Path dir) {
        return Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("infra/bin"));
    }

    public Path mvnw() {
        return root.resolve("mvnw");
    }

    public Path script(String name) {
        return root.resolve("infra/bin").resolve(name);
    }

    public Path serverProperties() {
        return root.resolve("config/server.properties");
    }

    /** The runnable jar of a Quarkus service (fast-jar layout). */
    public Path serviceJar(ServiceSpec service) {
        return root.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public Path dataDir() {
        return stateDir().resolve("data");
    }

    public Path logDir() {
        return stateDir().resolve("logs");
    }

    public Path runDir() {
        return stateDir().resolve("run");
    }
}
