package dev.voltstream.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.function.Consumer;

/**
 * Builds, through the Maven wrapper, the jars the demo needs: the services' {@code quarkus-run.jar} when missing or
 * older than their sources (all of them with {@code --rebuild}; the previous jars run if that build fails), and the broker through {@code infra/lib/common.sh}'s {@code ensure_broker_jar},
 * the very check {@code broker-start.sh} makes (missing or older than the broker's sources; a failed build falls back
 * to the last good jar). Tests are neither compiled nor run: the demo must start even while a test is broken, and a
 * build of everything takes a few minutes on two cores. An up-to-date jar is reused, so a second start is quick.
 */
public final class BuildStep {
    private final RepoLayout repo;
    private final ProcessBook book;
    private final Consumer<String> out;

    public BuildStep(RepoLayout repo, ProcessBook book, Consumer<String> out) {
        this.repo = repo;
        this.book = book;
        this.out = out;
    }

    /** The service modules to build for these settings, in start order (Maven orders the build). */
    public Set<String> modulesToBuild(DemoSettings settings) {
        Set<String> modules = new LinkedHashSet<>();
        for (ServiceSpec service : settings.services()) {
            if (settings.rebuild() || isStale(service)) {
                modules.add(service.module());
            }
        }
        return modules;
    }

    /** Missing, or older than a main source or the pom of the service or of the event contracts it is built on. */
    boolean isStale(ServiceSpec service) {
        Path jar = repo.serviceJar(service);
        if (!Files.isRegularFile(jar)) {
            return true;
        }
        try {
            long built = Files.getLastModifiedTime(jar).toMillis();
            for (Path source : List.of(repo.root().resolve(service.module()), repo.root().resolve("event-contracts"))) {
                if (newerThan(source.resolve("pom.xml"), built) || newerThan(source.resolve("src/main"), built)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean newerThan(Path path, long millis) throws IOException {
        if (!Files.exists(path)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).anyMatch(f -> {
                try {
                    return Files.getLastModifiedTime(f).toMillis() > millis;
                } catch (IOException e) {
                    return true;
                }
            });
        }
    }

    /** The Maven command line that builds {@code modules} and what they depend on. */
    public List<String> command(Set<String> modules) {
        return new ArrayList<>(List.of(repo.mvnw().toString(), "-B", "-q", "-pl", String.join(",", modules), "-am",
                "package", "-Dmaven.test.skip=true"));
    }

    /** The command that builds the broker when its jar is missing or stale, as broker-start.sh would. */
    public List<String> brokerCommand() {
        return List.of("bash", "-c", "source infra/lib/common.sh && ensure_broker_jar");
    }

    /** Builds what is missing; returns without running Maven when nothing is. */
    public void run(DemoSettings settings) {
        Path log = repo.logDir().resolve("build.log");
        if (!settings.apacheKafka()) {
            // quick when the jar is up to date (a find over the sources); says itself when it builds
            Map<String, String> env = settings.rebuild() ? Map.of("VOLTSTREAM_REBUILD", "1") : Map.of();
            out.accept("Checking the broker's build (rebuilt when older than its sources; output in " + log + ")...");
            await(book.start("broker-build", brokerCommand(), repo.root(), env, log), log);
        }
        Set<String> modules = modulesToBuild(settings);
        if (modules.isEmpty()) {
            return;
        }
        out.accept("Building " + String.join(", ", modules) + " (missing or older than their sources; ./mvnw package,"
                + " tests skipped; output in " + log + "): a few minutes on the first run...");
        try {
            await(book.start("build", command(modules), repo.root(), Map.of(), log), log);
        } catch (LauncherException e) {
            boolean allThere = settings.services().stream().allMatch(s -> Files.isRegularFile(repo.serviceJar(s)));
            if (settings.rebuild() || !allThere) {
                throw e;
            }
            // sources being edited need not stop a demo: run the jars of the last good build, as broker-start.sh does
            out.accept("WARNING: the build failed (see " + log + "); running the services' previous jars");
        }
        for (ServiceSpec service : settings.services()) {
            if (!Files.isRegularFile(repo.serviceJar(service))) {
                throw new LauncherException("the build produced no " + repo.serviceJar(service));
            }
        }
    }

    private static void await(ManagedProcess build, Path log) {
        if (!ManagedProcess.awaitExit(build.handle(), Duration.ofMinutes(30))) {
            throw new LauncherException("the build did not finish within 30 minutes (see " + log + ")");
        }
        int exit = build.exitValue();
        if (exit != 0) {
            throw new LauncherException("the build failed (exit " + exit + "); last lines of " + log + ":\n"
                    + tail(log, 30));
        }
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
