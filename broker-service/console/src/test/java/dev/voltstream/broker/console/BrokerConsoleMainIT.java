package dev.voltstream.broker.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployable main in a child JVM, as broker-start.sh runs it: broker, console, SIGTERM. */
class BrokerConsoleMainIT {
    private static final Pattern CONSOLE_URL = Pattern.compile("Voltstream console ready at (http://\\S+)");

    @TempDir
    Path dir;

    @Test
    void startsTheBrokerAndItsConsoleAndStopsBothOnSigterm() throws Exception {
        Path log = dir.resolve("broker.log");
        Process broker = start(log, "console.listener=http://127.0.0.1:0");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> CONSOLE_URL.matcher(read(log)).find());
            assertThat(read(log)).contains("Voltstream broker started");
            Matcher url = CONSOLE_URL.matcher(read(log));
            assertThat(url.find()).isTrue();
            HttpResponse<String> cluster = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url.group(1) + "/api/cluster")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(cluster.statusCode()).isEqualTo(200);
            assertThat(cluster.body()).contains("\"status\":\"HEALTHY\"");
        } finally {
            stop(broker);
        }
        assertThat(read(log)).contains("Voltstream broker stopped");
    }

    @Test
    void aConsolePortInUseOrConsoleDisabledLeavesTheBrokerRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path log = dir.resolve("taken.log");
            Process broker = start(log, "console.listener=http://127.0.0.1:" + taken.getLocalPort());
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> read(log).contains("Console not started"));
                assertThat(broker.isAlive()).isTrue();
                assertThat(read(log)).contains("Voltstream broker started");
            } finally {
                stop(broker);
            }
        }
        Path log = dir.resolve("off.log");
        Process broker = start(log, "console.enabled=false");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> read(log).contains("Voltstream broker started"));
            assertThat(read(log)).contains("console=off").doesNotContain("console ready");
        } finally {
            stop(broker);
        }
    }

    private Process start(Path log, String... overrides) throws IOException {
        Path props = dir.resolve("server.properties");
        Files.writeString(props, "node.id=1\nlisteners=PLAINTEXT://127.0.0.1:0\nlog.dirs=" + dir.resolve("logs-" + log.getFileName()) + "\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), BrokerConsoleMain.class.getName(),
                props.toString()));
        for (String override : overrides) {
            command.add("--override");
            command.add(override);
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGTERM, as broker-stop.sh sends; the shutdown hook stops the console and the broker. */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the broker did not stop within 30 s of SIGTERM");
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
