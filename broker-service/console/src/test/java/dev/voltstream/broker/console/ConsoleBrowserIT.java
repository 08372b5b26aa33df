package dev.voltstream.broker.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real browser: Debian's headless chromium driven by playwright-core (src/test/browser/
 * console-ui.mjs). Creates a topic in the UI, produces JSON records from the form, sees them pretty-printed, and sees a
 * consumer group's lag change after this test commits offsets with a real consumer. Screenshots go to
 * target/browser-screenshots. Skipped when chromium, node or the npm packages are absent
 * ({@code apt-get install -y chromium nodejs npm} and {@code npm ci --prefix broker-service/console/src/test/browser}).
 */
class ConsoleBrowserIT {
    private static final Path SCRIPT_DIR = Path.of("src/test/browser");
    private static final String TOPIC = "ui-charging-sessions";
    private static final String GROUP = "ui-billing";
    private static final String COMPACTED = "ui-station-board";

    @TempDir
    Path logDir;

    @Test
    void createTopicProduceBrowseAndWatchLagInChromium() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        assumeTrue(Files.isExecutable(chromium), "no chromium at " + chromium + " (apt-get install -y chromium)");
        String node = onPath("node");
        assumeTrue(node != null, "no node on PATH (apt-get install -y nodejs npm)");
        assumeTrue(Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core")),
                "playwright-core not installed (npm ci --prefix broker-service/console/src/test/browser)");
        Path screenshots = Files.createDirectories(Path.of("target/browser-screenshots"));

        // the cleaner looks at the logs every 100 ms, so the compacted topic's dirty ratio is there at once
        try (ConsoleCluster cluster = new ConsoleCluster(logDir, Map.of("log.cleaner.backoff.ms", "100"), null)) {
            assertThat(cluster.post("/api/topics", Map.of("name", COMPACTED, "partitions", 1, "configs",
                    Map.of("cleanup.policy", "compact"))).status()).isEqualTo(201);
            ProcessBuilder builder = new ProcessBuilder(node, "console-ui.mjs").directory(SCRIPT_DIR.toFile())
                    .redirectError(screenshots.resolve("browser.log").toFile());
            builder.environment().putAll(Map.of("CONSOLE_URL", cluster.url(), "CHROMIUM", chromium.toString(),
                    "SCREENSHOTS", screenshots.toAbsolutePath().toString(), "TOPIC", TOPIC, "GROUP", GROUP,
                    "COMPACTED", COMPACTED));
            Process process = builder.start();
            List<String> output = new CopyOnWriteArrayList<>();
            try {
                CompletableFuture<Void> conversation = CompletableFuture.runAsync(() -> converse(process, cluster, output));
                boolean exited = process.waitFor(120, TimeUnit.SECONDS);
                assertThat(exited).as("browser script finished within 2 minutes; see %s", screenshots.resolve("browser.log"))
                        .isTrue();
                conversation.get(5, TimeUnit.SECONDS);
                assertThat(process.exitValue()).as("browser script exit code; log: %s",
                        Files.readString(screenshots.resolve("browser.log"))).isZero();
                assertThat(output).contains("PRODUCED " + TOPIC, "DONE");
            } finally {
                // chromium is the script's child: stop it and the script by their pids if the script did not finish
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
        for (String shot : List.of("01-overview", "02-create-topic-validation", "03-messages", "04-group-lag-before",
                "05-group-lag-after", "06-topics", "07-compacted-topic")) {
            assertThat(screenshots.resolve(shot + ".png")).isNotEmptyFile();
        }
    }

    /** Reads the script's lines; on PRODUCED, commits offset 1 for the group on partition 0 (lag 2) and answers. */
    private static void converse(Process process, ConsoleCluster cluster, List<String> output) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             Writer out = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                if (line.startsWith("PRODUCED ")) {
                    commitOne(cluster);
                    out.write("COMMITTED\n");
                    out.flush();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void commitOne(ConsoleCluster cluster) {
        try (KafkaConsumer<String, String> consumer = cluster.consumer(GROUP)) {
            consumer.subscribe(List.of(TOPIC));
            int seen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (seen < 3 && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                seen += records.count();
            }
            assertThat(seen).isEqualTo(3);
            consumer.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(1)));
        }
    }

    private static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
