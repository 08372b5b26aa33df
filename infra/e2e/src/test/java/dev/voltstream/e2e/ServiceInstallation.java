package dev.voltstream.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The services' runnable apps ({@code <module>/target/quarkus-app}), copied into this module's work directory so a
 * build of a service elsewhere in the tree during the run cannot swap its jars under a running (or restarting) JVM.
 */
public final class ServiceInstallation {
    private final Map<ServiceApp, Path> runJars;

    private ServiceInstallation(Map<ServiceApp, Path> runJars) {
        this.runJars = runJars;
    }

    /**
     * Copies every service's quarkus-app from {@code servicesRoot} into {@code workDir}.
     *
     * @throws IllegalStateException naming every service whose quarkus-run.jar is missing
     */
    public static ServiceInstallation copy(Path servicesRoot, Path workDir) {
        List<String> missing = new ArrayList<>();
        for (ServiceApp app : ServiceApp.values()) {
            Path jar = quarkusApp(servicesRoot, app).resolve("quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                missing.add(app.module() + " (" + jar + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("services not runnable, no quarkus-run.jar for: " + String.join(", ", missing)
                    + " — build them first: ./mvnw -B -pl infra/e2e -am verify");
        }
        Map<ServiceApp, Path> jars = new EnumMap<>(ServiceApp.class);
        for (ServiceApp app : ServiceApp.values()) {
            Path target = workDir.resolve("apps").resolve(app.module());
            deleteTree(target);
            copyTree(quarkusApp(servicesRoot, app), target);
            jars.put(app, target.resolve("quarkus-run.jar"));
        }
        return new ServiceInstallation(jars);
    }

    public Path runJar(ServiceApp app) {
        return runJars.get(app);
    }

    private static Path quarkusApp(Path servicesRoot, ServiceApp app) {
        return servicesRoot.resolve(app.module()).resolve("target").resolve("quarkus-app");
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path dest = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(source, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + from + " to " + to, e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted((a, b) -> b.getNameCount() - a.getNameCount())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + dir, e);
        }
    }
}
