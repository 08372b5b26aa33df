package dev.voltstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code voltstream demo} end to end, as a user runs it ({@link DemoProcess}) on shifted ports, until events flow through
 * every service; then every shell block of README.md's walkthrough (bar the cluster, Docker and interactive ones)
 * against it; then SIGTERM, after which no process it started may be left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {
    /** Ports 10792 (broker), 7132 (PostgreSQL), 9781-9784 (services): beside a demo on the default ports. */
    static final int OFFSET = 1700;
    /** Events per second of the simulation: a tenth of the default, see {@link #startDemo()}. */
    static final int RATE = 10;
    private static final Pattern RATE_BODY = Pattern.compile("\\{\"eventsPerSecond\": (\\d+)}");

    private DemoProcess demo;
    private RepoLayout repo;
    private Process launcher;

    @BeforeAll
    void startDemo() throws IOException {
        demo = DemoProcess.start("demo-it", "--port-offset", String.valueOf(OFFSET),
                "--status-interval", "1", "--start-timeout", "240",
                // a tenth of the default: fraud-service keeps up on a loaded 2-core machine, so the walkthrough's
                // payment gets its verdict within seconds instead of queueing behind thousands
                "--rate", String.valueOf(RATE),
                "--run-for", "1200");
        repo = demo.repo;
        launcher = demo.launcher;
    }

    @Test
    @Order(1)
    void reachesASteadyStateWithEventsFlowingEndToEnd() throws IOException {
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            assertThat(launcher.isAlive()).as("launcher running; its output:\n%s", out()).isTrue();
            return lastStatus().filter(StatusLine::flowsEndToEnd).isPresent();
        });
        String out = out();
        assertThat(out).contains("Voltstream demo is up.",
                "Dashboard      http://localhost:" + (8084 + OFFSET) + "/",
                "Kafka bootstrap localhost:" + (9092 + OFFSET),
                "jdbc:postgresql://localhost:" + (5432 + OFFSET) + "/voltstream");
        for (ServiceSpec service : ServiceSpec.ALL) {
            assertThat(out).contains(service.module() + " is ready");
        }
        // keeps flowing: the count of events grows between two readings
        long before = lastStatus().orElseThrow().eventsIn();
        await().atMost(Duration.ofSeconds(30)).until(() -> lastStatus().orElseThrow().eventsIn() > before);
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> everyWalkthroughCommandWorksOnTheRunningDemo() throws IOException {
        assumeTrue(launcher.isAlive() && lastStatus().isPresent(), "the demo did not come up");
        return WalkthroughBlocks.read(repo.root().resolve("README.md")).stream()
                .map(block -> DynamicTest.dynamicTest(block.step() + ": " + block.firstLine(), () -> run(block)));
    }

    private void run(WalkthroughBlocks.Block block) throws Exception {
        String script = scaleRates(WalkthroughBlocks.shiftPorts(block.script(), OFFSET));
        DemoProcess.Script run = demo.bash(script);
        String out = run.out();
        assertThat(run.done()).as("finished within 3 minutes:\n%s\n--- output:\n%s", script, out).isTrue();
        assertThat(run.exitCode()).as("exit code of\n%s\n--- output:\n%s", script, out).isZero();
        if (script.contains("kafka-topics.sh --bootstrap-server localhost:" + (9092 + OFFSET) + " --list")) {
            assertThat(out).contains("transactions", "transaction-verdicts", "account-updates");
        }
        if (script.contains("print.headers=true")) {
            assertThat(out).contains("ce_type:", "ce_id:");
        }
        if (script.contains("kafka-console-producer.sh") && script.contains("--topic walkthrough ")) {
            assertThat(partitionsOf("acc-0001", out)).as("partitions of acc-0001 in\n%s", out).hasSize(1);
        }
        if (script.contains("--topic walkthrough-status")) {
            // station-status is compacted, and the cleaner left the last value of each key, offsets kept
            assertThat(out).contains("cleanup.policy=compact,delete", "Offset:1\tst-0007\tAVAILABLE",
                    "Offset:4\tst-0042\tAVAILABLE").doesNotContain("Offset:0\t", "OUT_OF_SERVICE");
        }
        if (script.contains("--add-config retention.ms")) {
            assertThat(out).contains("retention.ms=3600000");
        }
        if (script.contains("--group billing-service")) {
            assertThat(out).contains("billing-service", "LAG");
        }
        if (script.contains("--reset-offsets")) {
            assertThat(out).contains("walkthrough");
        }
        if (script.contains("/api/invoices/by-session/")) {
            assertThat(out).contains("\"invoiceId\"", "verdict-chg-inv-", "acc-0042", "INVOICE_ISSUED");
        }
        if (script.contains("./voltstream transaction")) {
            String committed = out.substring(0, out.indexOf("--- read_uncommitted:"));
            String uncommitted = out.substring(out.indexOf("--- read_uncommitted:"));
            assertThat(committed).contains("kept-1", "kept-2", "later-1").doesNotContain("dropped-");
            assertThat(uncommitted).contains("kept-1", "dropped-1", "dropped-2", "dropped-3", "later-1");
        }
        if (script.contains("/api/scenarios/velocity-burst")) {
            assertThat(out).contains("VELOCITY", "DECLINED");
        }
    }

    /** The walkthrough's rates (written for the default 100 events/s) scaled to this test's {@link #RATE}. */
    static String scaleRates(String script) {
        Matcher m = RATE_BODY.matcher(script);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, "{\"eventsPerSecond\": " + Integer.parseInt(m.group(1)) * RATE / 100 + "}");
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The partitions ConsoleConsumer printed ({@code Partition:N<TAB>key<TAB>value}) for a key. */
    private static Set<String> partitionsOf(String key, String out) {
        Set<String> partitions = new HashSet<>();
        Matcher m = Pattern.compile("Partition:(\\d+)\\s+" + key + "\\s").matcher(out);
        while (m.find()) {
            partitions.add(m.group(1));
        }
        return partitions;
    }

    @Test
    @Order(3)
    void sigtermStopsEveryProcessItStarted() throws Exception {
        assumeTrue(launcher.isAlive(), "the demo is not running");
        Path pidFile = demo.state.resolve("run/pids");
        List<ProcessHandle> started = new ArrayList<>();
        for (String line : Files.readAllLines(pidFile)) {
            ProcessBook.parse(line).filter(l -> !l.isLauncher())
                    .flatMap(l -> ProcessHandle.of(l.pid())).ifPresent(started::add);
        }
        started.addAll(launcher.descendants().toList());
        assertThat(started).as("broker, PostgreSQL (+ postmaster) and four services").hasSizeGreaterThanOrEqualTo(7);

        launcher.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops everything

        assertThat(launcher.waitFor(3, TimeUnit.MINUTES)).as("launcher exited").isTrue();
        assertThat(started.stream().filter(ProcessHandle::isAlive).toList()).as("still alive").isEmpty();
        assertThat(pidFile).doesNotExist();
        assertThat(out()).contains("Stopped.");
    }

    @AfterAll
    void stopWhateverIsLeft() {
        if (demo != null) {
            demo.stopWhateverIsLeft();
        }
    }

    private String out() throws IOException {
        return demo.out();
    }

    private Optional<StatusLine> lastStatus() throws IOException {
        return demo.lastStatus();
    }
}
