package dev.voltstream.broker.compat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our C round trip ({@code src/test/c/librdkafka_round_trip.c}, librdkafka's public API only) compiled with gcc at
 * test time into {@code target/librdkafka-harness/<source>/} against one librdkafka: Debian's librdkafka-dev found
 * through pkg-config, or a release built from its source tree outside this repository, named by
 * {@value #SOURCE_TREE_ENV} (headers and library in its {@code src/}, run with {@code LD_LIBRARY_PATH} there).
 * {@link #compile} says why it cannot when the compiler or the library is missing.
 */
final class LibrdkafkaHarness {
    static final String SOURCE_TREE_ENV = "VOLTSTREAM_LIBRDKAFKA_DIR";
    private static final Path SOURCE = Path.of("src/test/c/librdkafka_round_trip.c");
    private static final Pattern VERSION = Pattern.compile("#define RD_KAFKA_VERSION\\s+0x([0-9a-fA-F]{8})");

    /** Where the librdkafka to build against comes from. */
    enum Source {
        /** The system's development package ({@code pkg-config rdkafka}; Debian's librdkafka-dev). */
        PKG_CONFIG,
        /** A source tree with the library built in {@code src/}, named by {@value #SOURCE_TREE_ENV}. */
        SOURCE_TREE
    }

    /** A compiled harness: run {@link #command} with {@link #environment}; it was built against {@link #version}. */
    record Compiled(Path executable, String version, Map<String, String> environment) {
        /** DescribeTopics is in librdkafka's API from 2.3.0 on; the harness calls it where it is. */
        boolean hasDescribeTopics() {
            int[] parts = Arrays.stream(version.split("\\.")).mapToInt(Integer::parseInt).toArray();
            return parts[0] > 2 || parts[0] == 2 && parts[1] >= 3;
        }

        List<String> command(String... args) {
            List<String> command = new ArrayList<>(List.of(executable.toString()));
            command.addAll(List.of(args));
            return command;
        }
    }

    /** Thrown when the harness cannot be built here; the message says what is missing and how to install it. */
    static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    private LibrdkafkaHarness() {
    }

    static Compiled compile(Source source) throws Unavailable, IOException, InterruptedException {
        String gcc = onPath("gcc");
        if (gcc == null) {
            throw new Unavailable("no gcc on PATH (apt-get install -y gcc)");
        }
        Path out = Path.of("target", "librdkafka-harness", source.name().toLowerCase()).toAbsolutePath();
        Files.createDirectories(out);
        List<String> flags = new ArrayList<>();
        Path header;
        Map<String, String> environment = Map.of();
        if (source == Source.PKG_CONFIG) {
            if (onPath("pkg-config") == null) {
                throw new Unavailable("no pkg-config on PATH (apt-get install -y pkg-config librdkafka-dev)");
            }
            Output found = run(List.of("pkg-config", "--cflags", "--libs", "rdkafka"));
            if (found.exitCode != 0) {
                throw new Unavailable("no librdkafka development files (pkg-config rdkafka: " + found.text.strip()
                        + "; apt-get install -y librdkafka-dev)");
            }
            Output includeDir = run(List.of("pkg-config", "--variable=includedir", "rdkafka"));
            header = Path.of(includeDir.text.strip(), "librdkafka", "rdkafka.h");
            flags.addAll(Arrays.asList(found.text.strip().split("\\s+")));
        } else {
            String configured = System.getenv(SOURCE_TREE_ENV);
            if (configured == null || configured.isBlank()) {
                throw new Unavailable(SOURCE_TREE_ENV + " is not set: no librdkafka source tree to build against"
                        + " (build librdkafka from its source and point " + SOURCE_TREE_ENV + " at it, see"
                        + " docs/compatibility.md)");
            }
            Path lib = Path.of(configured, "src").toAbsolutePath();
            header = lib.resolve("rdkafka.h");
            if (!Files.isRegularFile(header) || !Files.exists(lib.resolve("librdkafka.so"))) {
                throw new Unavailable(SOURCE_TREE_ENV + "=" + configured + " has no built src/librdkafka.so with"
                        + " src/rdkafka.h");
            }
            // The harness includes <librdkafka/rdkafka.h>, as installed; a source tree keeps the header in src/.
            Path include = out.resolve("include");
            Path link = include.resolve("librdkafka");
            Files.createDirectories(include);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, lib);
            flags.addAll(List.of("-isystem", include.toString(), "-L" + lib, "-lrdkafka"));
            environment = Map.of("LD_LIBRARY_PATH", lib.toString());
        }
        Path executable = out.resolve("librdkafka_round_trip");
        List<String> command = new ArrayList<>(List.of(gcc, "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-Wall",
                "-Wextra", "-Werror", "-O1", "-o", executable.toString(), SOURCE.toAbsolutePath().toString()));
        command.addAll(flags); // libraries after the source that uses them
        Output compiled = run(command);
        if (compiled.exitCode != 0) {
            throw new IllegalStateException("gcc failed on " + SOURCE + ":\n" + compiled.text);
        }
        return new Compiled(executable, headerVersion(header), environment);
    }

    /** "2.15.0" from the header's {@code RD_KAFKA_VERSION 0x020f00ff} (major, minor, revision, pre-release). */
    private static String headerVersion(Path header) throws IOException {
        Matcher m = VERSION.matcher(Files.readString(header, StandardCharsets.ISO_8859_1));
        if (!m.find()) {
            throw new IllegalStateException("no RD_KAFKA_VERSION in " + header);
        }
        int hex = (int) Long.parseLong(m.group(1), 16);
        return (hex >>> 24) + "." + (hex >>> 16 & 0xff) + "." + (hex >>> 8 & 0xff);
    }

    private static Output run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Output(process.exitValue(), text);
    }

    /** The executable {@code command} on PATH, or null. */
    static String onPath(String command) {
        for (String path : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(path, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private record Output(int exitCode, String text) {
    }
}
