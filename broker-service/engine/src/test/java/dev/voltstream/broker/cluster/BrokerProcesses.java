package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.voltstream.broker.testkit.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Brokers as separate JVMs (BrokerMain on the test class path) forming one cluster over loopback, so a test can
 * SIGKILL one. Each broker's output goes to {@code broker-N.out} in the cluster dir. Ids 1..size are voters, started
 * at once; ids size+1..size+observers are configured as observers and started by {@link #start}.
 */
final class BrokerProcesses implements AutoCloseable {
    private final Path dir;
    private final int size;
    private final int[] kafkaPorts;
    private final int[] raftPorts;
    private final Process[] processes;

    BrokerProcesses(Path dir, int size) throws IOException {
        this(dir, size, 0);
    }

    BrokerProcesses(Path dir, int size, int observers) throws IOException {
        this.dir = dir;
        this.size = size;
        int[] ports = FreePorts.next(2 * (size + observers));
        this.kafkaPorts = Arrays.copyOfRange(ports, 0, size + observers);
        this.raftPorts = Arrays.copyOfRange(ports, size + observers, ports.length);
        this.processes = new Process[size + observers + 1];
        List<String> voters = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            voters.add(id + "@127.0.0.1:" + raftPorts[id - 1]);
        }
        for (int id = 1; id <= size + observers; id++) {
            String props = String.join("\n",
                    "node.id=" + id,
                    "process.roles=" + (id <= size ? "broker,controller" : "broker"),
                    "listeners=PLAINTEXT://127.0.0.1:" + kafkaPorts[id - 1] + ",CONTROLLER://127.0.0.1:"
                            + raftPorts[id - 1],
                    "controller.listener.names=CONTROLLER",
                    "controller.quorum.voters=" + String.join(",", voters),
                    "log.dirs=" + dir.resolve("broker-" + id + "-data"),
                    "num.io.threads=2",
                    "num.network.threads=1",
                    "default.replication.factor=3",
                    "broker.heartbeat.interval.ms=250",
                    "broker.session.timeout.ms=1500",
                    "replica.lag.time.max.ms=5000",
                    "replica.fetch.wait.max.ms=200",
                    "");
            Files.writeString(config(id), props);
        }
        for (int id = 1; id <= size; id++) {
            start(id);
        }
    }

    private Path config(int id) {
        return dir.resolve("broker-" + id + ".properties");
    }

    void start(int id) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.voltstream.broker.BrokerMain",
                config(id).toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker-" + id + ".out").toFile()));
        try {
            processes[id] = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until broker {@code id}'s current process has finished starting (registered, metadata replayed): its
     * output holds {@code started} + 1 "Voltstream broker started" lines. On a loaded machine a JVM takes 10-20 s to
     * start, and other brokers may see it in every ISR (its fetchers run while it replays) well before; a fault
     * injected meanwhile would take a second broker down.
     */
    void awaitStarted(int id, long started, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> timesStarted(id) > started || processes[id] == null || !processes[id].isAlive());
    }

    /** How many times broker {@code id} logged that it started (all its processes in this run). */
    long timesStarted(int id) throws IOException {
        Path out = dir.resolve("broker-" + id + ".out");
        if (!Files.exists(out)) {
            return 0;
        }
        try (var lines = Files.lines(out, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains("Voltstream broker started")).count();
        }
    }

    /** SIGKILL: no controlled shutdown, no flush. */
    void kill(int id) throws InterruptedException {
        Process p = processes[id];
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        processes[id] = null;
    }

    /** SIGTERM and wait: a controlled shutdown. */
    void stop(int id) throws InterruptedException {
        Process p = processes[id];
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        processes[id] = null;
    }

    /** SIGSTOP: the broker freezes with its sockets open, as in a long GC pause or a stalled VM. */
    void pause(int id) throws IOException, InterruptedException {
        signal(id, "STOP");
    }

    /** SIGCONT after {@link #pause}. */
    void resume(int id) throws IOException, InterruptedException {
        signal(id, "CONT");
    }

    private void signal(int id, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(processes[id].pid()))
                .redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " of broker " + id + " failed");
        }
    }

    boolean running(int id) {
        return processes[id] != null && processes[id].isAlive();
    }

    String bootstrapServers(int id) {
        return "127.0.0.1:" + kafkaPorts[id - 1];
    }

    String bootstrapServers() {
        List<String> servers = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            servers.add("127.0.0.1:" + kafkaPorts[id - 1]);
        }
        return String.join(",", servers);
    }

    Path dir() {
        return dir;
    }

    /** An admin client with short timeouts, so awaits notice a dead broker quickly. */
    Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(props);
    }

    /**
     * Waits until all {@code size} voters are registered, failing at once, with the broker's last output lines, when
     * one of their processes has exited (a port taken meanwhile, a bad config) instead of waiting out the timeout.
     */
    void awaitFormed(Admin admin) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .failFast(() -> {
                    for (int id = 1; id <= size; id++) {
                        if (processes[id] != null && !processes[id].isAlive()) {
                            throw new AssertionError("broker " + id + " exited with " + processes[id].exitValue()
                                    + "; its output ends with:\n" + tail(id, 30));
                        }
                    }
                })
                .untilAsserted(() -> assertThat(admin.describeCluster().nodes().get()).hasSize(size));
    }

    private String tail(int id, int lines) throws IOException {
        List<String> all = Files.readAllLines(dir.resolve("broker-" + id + ".out"),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Waits until every partition of the topic has a leader and all three brokers in its ISR. */
    static void awaitFullIsr(Admin admin, String topic) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> {
                    for (TopicPartitionInfo p : describe(admin, topic).partitions()) {
                        assertThat(p.leader()).isNotNull();
                        assertThat(p.isr()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
                    }
                });
    }

    static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    }

    @Override
    public void close() throws InterruptedException {
        for (int id = 1; id < processes.length; id++) {
            if (processes[id] != null) {
                try {
                    resume(id); // a paused broker cannot handle SIGTERM
                } catch (IOException e) {
                    // it may have exited already
                }
                processes[id].destroy();
            }
        }
        for (int id = 1; id < processes.length; id++) {
            if (processes[id] != null && !processes[id].waitFor(15, TimeUnit.SECONDS)) {
                processes[id].destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
