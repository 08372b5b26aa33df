package dev.voltstream.broker.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.common.Uuid;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.config.Listener;
import dev.voltstream.broker.security.ControllerTls;

/**
 * Cluster mode's settings, read with KRaft's names: {@code controller.quorum.voters=1@host:port,2@host:port,...} (the
 * Raft peers), {@code node.id}, {@code controller.listener.names}; {@code broker.heartbeat.interval.ms} and
 * {@code broker.session.timeout.ms} (shorter defaults than Kafka's 2 s / 9 s, for failover within seconds) and
 * {@code replica.lag.time.max.ms}; {@code metadata.log.max.records.between.snapshots} (ours: Kafka counts bytes,
 * Ratis counts entries) sets how often the metadata image is snapshotted and the log before it purged (whole
 * segments of {@code metadata.log.segment.bytes}, 1 MiB by default where Kafka's are 1 GiB: metadata entries are small);
 * {@code metadata.proposal.timeout.ms} (ours, default 10 s) bounds how long a proposal or heartbeat is retried
 * before it fails as REQUEST_TIMED_OUT (no controller, or too few voters to commit). A node.id not among the voters
 * makes the broker an observer (see {@link #observer}). {@code tls}: the metadata quorum's TLS when the (first)
 * controller listener speaks SSL.
 */
public record QuorumConfig(int nodeId, List<Voter> voters, Voter self, Set<String> controllerListeners,
                           long heartbeatIntervalMs, long sessionTimeoutMs, long replicaLagTimeMaxMs,
                           long replicaFetchWaitMaxMs, long snapshotEveryRecords, long segmentBytes,
                           long proposalTimeoutMs, Optional<ControllerTls> tls) {

    /** One Raft peer. */
    public record Voter(int id, String host, int port) {
        public String address() {
            return host + ":" + port;
        }
    }

    /** Empty unless {@code controller.quorum.voters} is set: then the broker runs in cluster mode. */
    public static Optional<QuorumConfig> from(BrokerConfig config) {
        String spec = config.getString("controller.quorum.voters", "");
        if (spec.isBlank()) {
            return Optional.empty();
        }
        List<Voter> voters = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            int at = p.indexOf('@');
            int colon = p.lastIndexOf(':');
            if (at <= 0 || colon < at) {
                throw new IllegalArgumentException("Invalid controller.quorum.voters entry '" + p
                        + "': expected id@host:port");
            }
            voters.add(new Voter(Integer.parseInt(p.substring(0, at)), p.substring(at + 1, colon),
                    Integer.parseInt(p.substring(colon + 1))));
        }
        int nodeId = config.nodeId();
        String[] controllerNames = config.getString("controller.listener.names", "CONTROLLER").split("\\s*,\\s*");
        Set<String> controllerListeners = Set.of(controllerNames);
        Voter self = voters.stream().filter(v -> v.id() == nodeId).findFirst()
                .orElseGet(() -> observerAddress(config, nodeId, controllerListeners, spec));
        return Optional.of(new QuorumConfig(nodeId, List.copyOf(voters), self, controllerListeners,
                config.getLong("broker.heartbeat.interval.ms", 500),
                config.getLong("broker.session.timeout.ms", 2500),
                config.getLong("replica.lag.time.max.ms", 10_000),
                config.getLong("replica.fetch.wait.max.ms", 500),
                config.getLong("metadata.log.max.records.between.snapshots", 20_000),
                config.getLong("metadata.log.segment.bytes", 1 << 20),
                config.getLong("metadata.proposal.timeout.ms", 10_000),
                ControllerTls.from(config, controllerNames[0])));
    }

    /**
     * A broker whose node.id is not among the voters joins as an observer: a non-voting (Ratis listener) replica of
     * the metadata log, reached by the leader on its controller listener, which must have a fixed port.
     */
    private static Voter observerAddress(BrokerConfig config, int nodeId, Set<String> controllerListeners,
                                         String spec) {
        Listener listener = config.listeners().stream().filter(l -> controllerListeners.contains(l.name()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("node.id " + nodeId
                        + " is not among controller.quorum.voters " + spec + ", so it joins as an observer, which "
                        + "needs a controller listener (" + controllerListeners + ") in listeners to receive the "
                        + "metadata log on"));
        if (listener.port() == 0) {
            throw new IllegalArgumentException("The observer's controller listener " + listener.name()
                    + " needs a fixed port: the metadata quorum connects to it");
        }
        String host = listener.host().isEmpty() || listener.host().equals("0.0.0.0") ? "localhost" : listener.host();
        return new Voter(nodeId, host, listener.port());
    }

    public QuorumConfig {
        if (proposalTimeoutMs <= 0) {
            throw new IllegalArgumentException("metadata.proposal.timeout.ms must be positive, got "
                    + proposalTimeoutMs);
        }
    }

    /** Whether this broker is an observer of the metadata log (not a voter). */
    public boolean observer() {
        return voters.stream().noneMatch(v -> v.id() == nodeId);
    }

    /** All voters share one cluster id, derived from the voter list when none is configured. */
    public String derivedClusterId() {
        StringBuilder sb = new StringBuilder("voltstream:");
        voters.forEach(v -> sb.append(v.id()).append('@').append(v.address()).append(','));
        UUID uuid = UUID.nameUUIDFromBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        return new Uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()).toString();
    }
}
