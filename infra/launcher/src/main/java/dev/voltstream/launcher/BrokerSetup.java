package dev.voltstream.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * Starts what the services talk Kafka to: the Voltstream broker of this repository ({@code infra/bin/broker-start.sh},
 * data in {@code .voltstream/data/broker}), a replicated Voltstream cluster ({@code infra/bin/cluster-start.sh},
 * {@code --brokers 3}), or Apache Kafka from Maven artifacts ({@code infra/bin/apache-kafka-start.sh},
 * {@code --kafka}). Each runs in the foreground as a child of the launcher, so stopping it is stopping a PID.
 */
public final class BrokerSetup {
    static final String CLUSTER_SCRIPT = "cluster-start.sh";

    private final RepoLayout repo;
    private final DemoSettings settings;

    public BrokerSetup(RepoLayout repo, DemoSettings settings) {
        this.repo = repo;
        this.settings = settings;
    }

    /** What runs: shown to the user. */
    public String description() {
        if (settings.apacheKafka()) {
            return "Apache Kafka " + "(single KRaft node, from Maven artifacts)";
        }
        return settings.brokers() == 1 ? "Voltstream broker" : "Voltstream cluster of " + settings.brokers() + " brokers";
    }

    /** The client ports of the brokers. */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < settings.brokers(); i++) {
            ports.add(settings.brokerPort() + i);
        }
        return ports;
    }

    public String bootstrapServers() {
        return String.join(",", ports().stream().map(p -> "localhost:" + p).toList());
    }

    public Path dataDir() {
        String name = settings.apacheKafka() ? "kafka" : settings.brokers() == 1 ? "broker" : "cluster";
        return repo.dataDir().resolve(name);
    }

    /**
     * The command that runs the broker(s) in the foreground.
     *
     * @throws LauncherException (exit code 3) when {@code --brokers 3} is asked but this checkout has no cluster
     *                           script yet
     */
    public List<String> command() {
        if (settings.apacheKafka()) {
            return List.of(repo.script("apache-kafka-start.sh").toString(), "--port",
                    String.valueOf(settings.brokerPort()), "--dir", dataDir().toString());
        }
        if (settings.brokers() > 1) {
            Path script = repo.script(CLUSTER_SCRIPT);
            if (!Files.isExecutable(script)) {
                throw new LauncherException("--brokers " + settings.brokers() + ": the replicated cluster is not "
                        + "available in this checkout (no executable infra/bin/" + CLUSTER_SCRIPT + "). Run the "
                        + "demo on one broker (without --brokers) for now.", 3);
            }
            return List.of(script.toString(), "--brokers", String.valueOf(settings.brokers()), "--base-port",
                    String.valueOf(settings.brokerPort()), "--dir", dataDir().toString());
        }
        return List.of(repo.script("broker-start.sh").toString(), repo.serverProperties().toString(),
                "--override", "log.dirs=" + dataDir(),
                "--override", "listeners=PLAINTEXT://localhost:" + settings.brokerPort(),
                "--override", "num.partitions=" + settings.partitions(),
                // the web console of brokers that have one (others keep unknown names without effect)
                "--override", "console.listener=http://localhost:" + settings.consolePort());
    }

    /** The environment of the broker process: no rebuild behind our back, modest heaps on a shared machine. */
    public Map<String, String> environment() {
        return Map.of("VOLTSTREAM_NO_BUILD", "1", "VOLTSTREAM_HEAP_OPTS", "-Xmx384m",
                "KAFKA_HEAP_OPTS", "-Xmx512m -Xms256m");
    }

    /** True when the cluster answers metadata with every broker registered. */
    public boolean isReady(Admin admin) {
        try {
            return admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size() >= settings.brokers();
        } catch (Exception e) {
            return false;
        }
    }

    /** How long to wait for the brokers: Kafka's first start resolves its jars through Maven. */
    public Duration startTimeout() {
        return settings.apacheKafka() ? settings.startTimeout().plusMinutes(5) : settings.startTimeout();
    }
}
