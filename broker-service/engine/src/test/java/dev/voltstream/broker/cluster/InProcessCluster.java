package dev.voltstream.broker.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import dev.voltstream.broker.testkit.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import dev.voltstream.broker.KafkaBroker;
import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.storage.WriteInterceptor;

/**
 * Several brokers in this JVM forming one cluster over loopback: each with its own Kafka port, Raft port and log dir.
 * Brokers start in parallel, because each waits for a quorum to register. Ids 1..size are the voters; up to
 * {@link #SPARE} more brokers (ids size+1...) can be started later: they join as observers.
 */
final class InProcessCluster implements AutoCloseable {
    static final int SPARE = 2;
    private final Path dir;
    private final int size;
    private final int[] raftPorts;
    private final int[] kafkaPorts;
    private final Map<String, String> overrides;
    private final KafkaBroker[] brokers;
    private final Map<Integer, WriteInterceptor> disks;
    private final Map<Integer, Map<String, String>> brokerOverrides = new java.util.concurrent.ConcurrentHashMap<>();

    InProcessCluster(Path dir, int size, Map<String, String> overrides) {
        this(dir, size, overrides, Map.of());
    }

    /** A cluster whose broker {@code id}'s partition logs write through {@code disks.get(id)} (disk faults). */
    InProcessCluster(Path dir, int size, Map<String, String> overrides, Map<Integer, WriteInterceptor> disks) {
        this.disks = Map.copyOf(disks);
        this.dir = dir;
        this.size = size;
        this.overrides = overrides;
        int[] ports = FreePorts.next(2 * (size + SPARE));
        this.raftPorts = Arrays.copyOfRange(ports, 0, size + SPARE);
        this.kafkaPorts = Arrays.copyOfRange(ports, size + SPARE, ports.length);
        this.brokers = new KafkaBroker[size + SPARE + 1];
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            int node = id;
            starts.add(CompletableFuture.runAsync(() -> start(node)));
        }
        starts.forEach(CompletableFuture::join);
    }

    BrokerConfig config(int id) {
        return new BrokerConfig(properties(id));
    }

    /** Broker {@code id}'s configuration as a properties map (what a server.properties file would hold). */
    Map<String, String> properties(int id) {
        Map<String, String> values = new HashMap<>();
        values.put("node.id", Integer.toString(id));
        values.put("process.roles", "broker,controller");
        values.put("listeners", "PLAINTEXT://127.0.0.1:" + kafkaPorts[id - 1] + ",CONTROLLER://127.0.0.1:"
                + raftPorts[id - 1]);
        values.put("controller.listener.names", "CONTROLLER");
        values.put("controller.quorum.voters", voters());
        values.put("log.dirs", dir.resolve("broker-" + id).toString());
        values.put("num.io.threads", "4");
        values.put("num.network.threads", "1");
        values.put("broker.heartbeat.interval.ms", "200");
        values.put("broker.session.timeout.ms", "1500");
        values.put("replica.lag.time.max.ms", "3000");
        values.put("default.replication.factor", "3");
        values.putAll(overrides);
        values.putAll(brokerOverrides.getOrDefault(id, Map.of()));
        return values;
    }

    /** Broker {@code id}'s own settings over the cluster's from its next start (a restart on another release). */
    void override(int id, Map<String, String> settings) {
        brokerOverrides.put(id, Map.copyOf(settings));
    }

    private String voters() {
        List<String> voters = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            voters.add(id + "@127.0.0.1:" + raftPorts[id - 1]);
        }
        return String.join(",", voters);
    }

    Path logDir(int id) {
        return dir.resolve("broker-" + id);
    }

    void start(int id) {
        try {
            brokers[id] = KafkaBroker.start(config(id), disks.getOrDefault(id, WriteInterceptor.NONE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void stop(int id) {
        brokers[id].close();
        brokers[id] = null;
    }

    KafkaBroker broker(int id) {
        return brokers[id];
    }

    String bootstrapServers(int id) {
        return "127.0.0.1:" + kafkaPorts[id - 1];
    }

    String bootstrapServers() {
        List<String> servers = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            servers.add("127.0.0.1:" + kafkaPorts[id - 1]);
        }
        return servers.stream().collect(Collectors.joining(","));
    }

    Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (int id = 1; id < brokers.length; id++) {
            KafkaBroker b = brokers[id];
            if (b != null) {
                stops.add(CompletableFuture.runAsync(b::close));
            }
        }
        stops.forEach(CompletableFuture::join);
    }
}
