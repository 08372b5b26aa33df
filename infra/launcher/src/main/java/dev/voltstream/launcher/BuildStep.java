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
import java.util.function.Consumer;

/**
 * Builds, through the Maven wrapper, the jars the demo needs that are missing (all of them with {@code --rebuild}):
 * the broker and the services' {@code quarkus-run.jar}. Tests are neither compiled nor run: the demo must start even
 * while a test is broken, and a build of everything takes a few minutes on two cores. An existing jar is reused as
 * it is, so a second start is quick.
 */
public final class BuildStep {
    static final String BROKER_MODULE = "broker-service/engine";

    private final RepoLayout repo;
    private final ProcessBook book;
    private final Consumer<String> out;

    public BuildStep(RepoLayout repo, ProcessBook book, Consumer<String> out) {
        this.repo = repo;
        this.book = book;
        this.out = out;
    }

    /** The Maven modules to build for these settings, in no particular order (Maven orders them). */
    public Set<String> modulesToBuild(DemoSettings settings) {
        Set<String> modules = new LinkedHashSet<>();
        if (!settings.apacheKafka() && (settings.rebuild() || !Files.isRegularFile(repo.brokerJar()))) {
            modules.add(BROKER_MODULE);
        }
        for (ServiceSpec service : settings.services()) {
            if (settings.rebuild() || !Files.isRegularFile(repo.serviceJar(service))) {
                modules.add(service.module());
            }
        }
        return modules;
    }

    /** The Maven command line that builds {@code modules} and what they depend on. */
    public List<String> command(Set<String> modules) {
        return new ArrayList<>(List.of(repo.mvnw().toString(), "-B", "-q", "-pl", String.join(",", modules), "-am",
                "package", "-Dmaven.test.skip=true"));
    }

    /** Builds what is missing; returns without running Maven when nothing is. */
    public void run(DemoSettings settings) {
        Set<String> modules = modulesToBuild(settings);
        if (modules.isEmpty()) {
            return;
        }
        Path log = repo.logDir().resolve("build.log");
        out.accept("Building " + String.join(", ", modules) + " (./mvnw package, tests skipped; output in " + log
                + "): a few minutes on the first run...");
        ManagedProcess build = book.start("build", command(modules), repo.root(), Map.of(), log);
        if (!ManagedProcess.awaitExit(build.handle(), Duration.ofMinutes(30))) {
            throw new LauncherException("the build did not finish within 30 minutes (see " + log + ")");
        }
        int exit = build.exitValue();
        if (exit != 0) {
            throw new LauncherException("the build failed (exit " + exit + "); last lines of " + log + ":\n"
                    + tail(log, 30));
        }
        for (ServiceSpec service : settings.services()) {
            if (!Files.isRegularFile(repo.serviceJar(service))) {
                throw new LauncherException("the build produced no " + repo.serviceJar(service));
            }
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
