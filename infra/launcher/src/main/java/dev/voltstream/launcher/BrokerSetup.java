package dev.voltstream.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
    /** The secure demo's settings, or null. */
    private final DemoSecurity security;

    public BrokerSetup(RepoLayout repo, DemoSettings settings) {
        this(repo, settings, null);
    }

    /** @param security the secure demo's settings ({@code --secure}), or null */
    public BrokerSetup(RepoLayout repo, DemoSettings settings, DemoSecurity security) {
        this.repo = repo;
        this.settings = settings;
        this.security = security;
    }

    /** What runs: shown to the user. */
    public String description() {
        if (settings.apacheKafka()) {
            return "Apache Kafka " + "(single KRaft node, from Maven artifacts)";
        }
        if (security != null) {
            return "Voltstream broker (SASL_SSL, SCRAM-SHA-512, ACLs)";
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
     * The command that runs the broker(s): a single broker or Apache Kafka in the foreground; for a cluster,
     * {@code cluster-start.sh}, which starts the brokers in the background, records their PIDs and exits once they
     * all logged their start.
     *
     * @throws LauncherException (exit code 3) when {@code --brokers 3} is asked but this checkout has no cluster
     *                           script yet
     */
    public List<String> command() {
        if (settings.apacheKafka()) {
            return List.of(repo.script("apache-kafka-start.sh").toString(), "--port",
                    String.valueOf(settings.brokerPort()), "--dir", dataDir().toString());
        }
        if (clustered()) {
            Path script = repo.script(CLUSTER_SCRIPT);
            if (!Files.isExecutable(script)) {
                throw new LauncherException("--brokers " + settings.brokers() + ": the replicated cluster is not "
                        + "available in this checkout (no executable infra/bin/" + CLUSTER_SCRIPT + "). Run the "
                        + "demo on one broker (without --brokers) for now.", 3);
            }
            return List.of(script.toString(), String.valueOf(settings.brokers()));
        }
        // --secure: config/server.properties plus the security settings, in a file of their own (passwords)
        Path properties = security == null ? repo.serverProperties() : security.brokerProperties();
        return List.of(repo.script("broker-start.sh").toString(), properties.toString(),
                "--override", "log.dirs=" + dataDir(),
                "--override", "listeners=" + (security == null ? "PLAINTEXT" : "SASL_SSL") + "://localhost:"
                        + settings.brokerPort(),
                "--override", "num.partitions=" + settings.partitions(),
                // an idle cleaner looks for dirty compacted logs every second, not every 15 s: the walkthrough's
                // compaction step shows its result within seconds
                "--override", "log.cleaner.backoff.ms=1000",
                // the web console of brokers that have one (others keep unknown names without effect)
                "--override", "console.listener=" + consoleUrl().replaceAll("/$", ""));
    }

    /** The web console of the (first) broker: HTTPS behind a login with {@code --secure}. */
    public String consoleUrl() {
        return (security == null ? "http" : "https") + "://localhost:" + settings.consolePort() + "/";
    }

    public boolean clustered() {
        return !settings.apacheKafka() && settings.brokers() > 1;
    }

    /**
     * The environment of the broker process: the jar was built by {@link BuildStep}, so no build behind our back;
     * modest heaps on a shared machine, or for either broker the heap options in {@code VOLTSTREAM_DEMO_BROKER_HEAP}
     * (the pipeline load test gives both the same); for a cluster, its directory and first port.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(Map.of("VOLTSTREAM_NO_BUILD", "1", "VOLTSTREAM_HEAP_OPTS",
                "-Xmx384m", "KAFKA_HEAP_OPTS", "-Xmx512m -Xms256m"));
        String heap = System.getenv("VOLTSTREAM_DEMO_BROKER_HEAP");
        if (heap != null && !heap.isBlank()) {
            env.put("VOLTSTREAM_HEAP_OPTS", heap);
            env.put("KAFKA_HEAP_OPTS", heap);
        }
        if (!settings.apacheKafka() && !clustered()) {
            // the broker writes and rolls the file the demo also appends its (few) JVM messages to: capped by size
            env.put("VOLTSTREAM_LOG_FILE", repo.logDir().resolve("broker.log").toString());
        }
        if (clustered()) {
            env.put("VOLTSTREAM_CLUSTER_DIR", dataDir().toString());
            env.put("VOLTSTREAM_CLUSTER_PORT", String.valueOf(settings.brokerPort()));
            env.put("VOLTSTREAM_START_TIMEOUT", String.valueOf(settings.startTimeout().toSeconds()));
        }
        return env;
    }

    /**
     * Waits until the brokers serve metadata with every broker registered, and returns the broker processes to
     * watch: {@code launched} itself, or for a cluster the brokers {@code cluster-start.sh} recorded in
     * {@code <dir>/pids}, booked so that they are stopped like the rest (even when the cluster did not come up).
     *
     * @throws LauncherException (exit code 3 for a cluster) when they are not ready in time
     */
    public List<ManagedProcess> awaitReady(Admin admin, ManagedProcess launched, ProcessBook book) {
        if (!clustered()) {
            Readiness.await(description(), () -> isReady(admin), launched, startTimeout());
            return List.of(launched);
        }
        List<ManagedProcess> brokers = new ArrayList<>();
        try {
            Readiness.await(description() + " (" + CLUSTER_SCRIPT + ")", () -> !launched.isAlive(), null,
                    startTimeout().plusSeconds(10));
        } finally {
            brokers.addAll(adoptClusterBrokers(book));
        }
        if (launched.exitValue() != 0) {
            throw new LauncherException("the replicated cluster did not start (" + CLUSTER_SCRIPT + " exit "
                    + launched.exitValue() + "); last lines of " + launched.log() + ":\n"
                    + BuildStep.tail(launched.log(), 15), 3);
        }
        try {
            Readiness.await(description(), () -> isReady(admin), null, startTimeout());
        } catch (LauncherException e) {
            throw new LauncherException("the replicated cluster is not ready: " + e.getMessage(), 3);
        }
        return brokers;
    }

    private List<ManagedProcess> adoptClusterBrokers(ProcessBook book) {
        List<ManagedProcess> brokers = new ArrayList<>();
        try {
            List<String> pids = Files.readAllLines(dataDir().resolve("pids"));
            for (int i = 0; i < pids.size(); i++) {
                String pid = pids.get(i).trim();
                if (pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).isPresent()) {
                    brokers.add(book.adopt("broker-" + (i + 1), Long.parseLong(pid),
                            dataDir().resolve("broker-" + (i + 1)).resolve("broker.out")));
                }
            }
        } catch (IOException e) {
            // no pids file: the script failed before starting any broker
        }
        return brokers;
    }

    /** True when the cluster answers metadata with every broker registered. */
    boolean isReady(Admin admin) {
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
