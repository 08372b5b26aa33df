package dev.voltstream.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.CatchUpGate;
import dev.voltstream.broker.cluster.ClusterNode;
import dev.voltstream.broker.cluster.QuorumConfig;
import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.config.Listener;
import dev.voltstream.broker.config.dynamic.DynamicBrokerConfigs;
import dev.voltstream.broker.config.dynamic.LogCleanerReconfiguration;
import dev.voltstream.broker.handler.ApiDispatcher;
import dev.voltstream.broker.metadata.ClusterIdentity;
import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.metadata.FinalizedFeatures;
import dev.voltstream.broker.metadata.LocalFeatures;
import dev.voltstream.broker.metadata.LocalCluster;
import dev.voltstream.broker.metadata.OffsetsTopic;
import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.metadata.TopicService;
import dev.voltstream.broker.metrics.BrokerMetrics;
import dev.voltstream.broker.network.BrokerServer;
import dev.voltstream.broker.security.InterBrokerSecurity;
import dev.voltstream.broker.security.audit.AuditLog;
import dev.voltstream.broker.security.authz.AclAuthorizer;
import dev.voltstream.broker.network.NetworkLimits;
import dev.voltstream.broker.producer.ProducerIdAllocator;
import dev.voltstream.broker.replica.FetchPurgatory;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.replica.ReplicationThrottles;
import dev.voltstream.broker.storage.CleanerConfig;
import dev.voltstream.broker.storage.LogCleaner;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.storage.WriteInterceptor;
import dev.voltstream.broker.transaction.TransactionCoordinator;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A running broker. Plain Java, so a test can start one in-process on port 0:
 * {@code try (KafkaBroker broker = KafkaBroker.start(config)) { ... broker.bootstrapServers() ... }}.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    /** Where the broker keeps its own metadata (topics, producer ids) inside the first log dir. */
    static final String METADATA_DIR = "__voltstream_metadata";

    private final BrokerComponents components;
    private final BrokerServer server;
    private final Listener listener;
    private final BrokerMetrics metrics;
    /** Every listener's server by listener name, the first one {@link #server}. */
    private Map<String, BrokerServer> servers = Map.of();
    private Map<String, Listener> listeners = Map.of();
    private BrokerSecurity security;
    private AclAuthorizer authorizer;
    private AuditLog audit = AuditLog.NONE;
    /** Cluster mode only (controller.quorum.voters set): the metadata quorum and replication. */
    private volatile ClusterNode clusterNode;

    private KafkaBroker(BrokerComponents components, BrokerServer server, Listener listener, BrokerMetrics metrics) {
        this.components = components;
        this.server = server;
        this.listener = listener;
        this.metrics = metrics;
    }

    public static KafkaBroker start(BrokerConfig config) throws IOException, InterruptedException {
        return start(config, WriteInterceptor.NONE);
    }

    /** With a write interceptor under every partition log: tests inject disk faults with it. */
    public static KafkaBroker start(BrokerConfig config, WriteInterceptor interceptor)
            throws IOException, InterruptedException {
        Time time = Time.SYSTEM;
        Optional<QuorumConfig> quorumConfig = QuorumConfig.from(config);
        ClusterIdentity identity = ClusterIdentity.loadOrCreate(config.logDirs(), config.nodeId(),
                config.get("cluster.id").orElse(quorumConfig.map(QuorumConfig::derivedClusterId).orElse(null)));
        boolean newNode = !Files.exists(config.logDirs().get(0).resolve(METADATA_DIR));
        Path metadataDir = Files.createDirectories(config.logDirs().get(0).resolve(METADATA_DIR));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                new DefaultThreadFactory("broker-scheduler", true));
        scheduler.setRemoveOnCancelPolicy(true);
        ExecutorService workers = Executors.newFixedThreadPool(config.ioThreads(),
                new DefaultThreadFactory("kafka-request-handler", true));
        LogManager logs = new LogManager(config.logDirs(), scheduler, time, interceptor);
        ClusterNode clusterNode = null;
        Map<String, BrokerServer> servers = new ConcurrentHashMap<>();
        AuditLog audit = AuditLog.NONE;
        try {
            audit = auditLog(config);
            TopicRegistry registry = quorumConfig.isPresent() ? ClusterNode.topicRegistry(metadataDir)
                    : new TopicRegistry(metadataDir.resolve("topics"));
            ReplicaManager replicas = new ReplicaManager(config.nodeId(), logs, new FetchPurgatory(scheduler));
            DynamicBrokerConfigs brokerConfigs = DynamicBrokerConfigs.load(metadataDir, config);
            TopicService topics = new TopicService(registry, replicas, config, brokerConfigs::logDefaults);
            logs.loadLogs(tp -> registry.byName(tp.topic()).map(topics::logConfig)
                    .orElse(tp.topic().equals(OffsetsTopic.NAME)
                            ? brokerConfigs.logDefaults().withOverrides(OffsetsTopic.LOG_CONFIGS)
                            : tp.topic().equals(TransactionCoordinator.TOPIC)
                            ? brokerConfigs.logDefaults().withOverrides(OffsetsTopic.LOG_CONFIGS)
                            : brokerConfigs.logDefaults()));
            if (quorumConfig.isEmpty()) {
                topics.openAll();
            }
            logs.startRetentionChecks(config.retentionCheckIntervalMs());
            // With the dynamic log.cleaner.* values this broker last had: they survive a restart.
            LogCleaner cleaner = logs.startCleaner(CleanerConfig.from(brokerConfigs.effective()::get));
            brokerConfigs.register(new LogCleanerReconfiguration(cleaner));
            List<Listener> listeners = clientListeners(config);
            Listener listener = listeners.get(0);
            BrokerSecurity security;
            InterBrokerSecurity interBroker = InterBrokerSecurity.plaintext();
            BrokerMetrics metrics = new BrokerMetrics();
            if (quorumConfig.isPresent()) {
                interBroker = InterBrokerSecurity.from(config, listeners.stream().map(Listener::name).toList());
                replicas.throttles(replicationThrottles(config.nodeId(), registry, brokerConfigs));
                clusterNode = ClusterNode.start(quorumConfig.get(), identity.clusterId(), metadataDir, topics,
                        replicas, scheduler, metrics, brokerConfigs, interBroker);
                ClusterNode.seedProducerIds(metadataDir.resolve("producer-id-block"), config.nodeId());
                security = BrokerSecurity.clustered(config, clusterNode.scram());
            } else {
                security = BrokerSecurity.start(config, metadataDir);
            }
            ClusterView cluster = clusterNode != null ? clusterNode.view()
                    : new LocalCluster(identity, config, name -> servers.containsKey(name) ? servers.get(name).port()
                            : servers.get(listener.name()).port());
            ProducerIdAllocator producerIds = new ProducerIdAllocator(metadataDir.resolve("producer-id-block"));
            Coordinators coordinators = Coordinators.start(config, clusterNode, cluster, interBroker, topics,
                    replicas, logs, producerIds, scheduler, time);
            BrokerComponents components = new BrokerComponents(config, cluster, topics, replicas, logs,
                    producerIds, scheduler, workers, time, metadataDir, brokerConfigs, coordinators.groups(),
                    coordinators.transactions(), coordinators.clusterTransactions(),
                    clusterNode != null ? clusterNode.features()
                            : LocalFeatures.load(metadataDir, newNode, FinalizedFeatures.initial(config::get),
                                    FinalizedFeatures.unrecorded(config::get)));
            RequestPath path = RequestPath.assemble(components, security, clusterNode, registry, metrics, audit);
            ApiDispatcher dispatcher = path.dispatcher();
            CatchUpGate gate = path.gate();
            AclAuthorizer authorizer = path.authorizer();
            Map<String, Listener> byName = new LinkedHashMap<>();
            for (Listener l : listeners) {
                servers.put(l.name(), BrokerServer.start(l, security.listener(l), security.sessions(),
                        config.networkThreads(), NetworkLimits.from(config), dispatcher.versions(), gate, workers));
                byName.put(l.name(), l);
            }
            BrokerServer server = servers.get(listener.name());
            KafkaBroker broker = new KafkaBroker(components, server, listener, metrics);
            broker.servers = Map.copyOf(servers);
            broker.listeners = Map.copyOf(byName);
            broker.security = security;
            broker.authorizer = authorizer;
            broker.audit = audit;
            if (clusterNode != null) {
                broker.clusterNode = clusterNode;
                clusterNode.register(config, listeners, name -> servers.get(name).port());
                security.bootstrapCredentials();
                gate.open();
            }
            return broker;
        } catch (IOException | InterruptedException | RuntimeException e) {
            // A start that failed after the listener was bound (e.g. no quorum to register with) must not leave it
            // accepting connections that nothing serves.
            servers.values().forEach(BrokerServer::close);
            if (clusterNode != null) {
                clusterNode.close();
            }
            workers.shutdownNow();
            scheduler.shutdownNow();
            logs.close();
            audit.close();
            throw e;
        }
    }

    /** The audit log file {@code voltstream.audit.log.*} asks for, size-rotated like the broker's own log. */
    private static AuditLog auditLog(BrokerConfig config) throws IOException {
        Optional<AuditLog.Settings> settings = AuditLog.Settings.from(config);
        if (settings.isEmpty()) {
            return AuditLog.NONE;
        }
        AuditLog.Settings s = settings.get();
        return new AuditLog(new RollingLogFile(s.path(), s.maxBytes(), s.backups()), s.path(), s.grants());
    }

    /** KIP-73's throttles: each topic's throttled replicas, this broker's current dynamic rates. */
    private static ReplicationThrottles replicationThrottles(int nodeId, TopicRegistry registry,
                                                             DynamicBrokerConfigs brokerConfigs) {
        return new ReplicationThrottles(nodeId,
                topic -> registry.byName(topic).map(TopicMetadata::configs).orElse(Map.of()),
                () -> brokerConfigs.effective().getLong(ReplicationThrottles.LEADER_RATE, ReplicationThrottles.UNLIMITED),
                () -> brokerConfigs.effective().getLong(ReplicationThrottles.FOLLOWER_RATE,
                        ReplicationThrottles.UNLIMITED),
                System::currentTimeMillis);
    }

    /**
     * The listeners a broker serves clients (and, in cluster mode, the other brokers) on: all of {@code listeners} but
     * the controller ones ({@code controller.listener.names}, default CONTROLLER as in QuorumConfig), each with its own
     * security protocol. A cluster-mode broker registers an endpoint for each.
     */
    private static List<Listener> clientListeners(BrokerConfig config) {
        Set<String> controller = Arrays.stream(config.getString("controller.listener.names", "CONTROLLER")
                .split("\\s*,\\s*")).collect(Collectors.toSet());
        List<Listener> result = config.listeners().stream().filter(l -> !controller.contains(l.name())).toList();
        if (result.isEmpty()) {
            throw new IllegalArgumentException("listeners has no listener for clients: all are controller.listener.names");
        }
        return result;
    }

    /** The Kafka listener (its open connections and queued request bytes, for tests and metrics). */
    public BrokerServer server() {
        return server;
    }

    /** The server of listener {@code name}. */
    public BrokerServer server(String name) {
        BrokerServer found = servers.get(name);
        if (found == null) {
            throw new IllegalArgumentException("No listener " + name + " (have " + servers.keySet() + ")");
        }
        return found;
    }

    /** {@code host:port} of listener {@code name}, for a client's {@code bootstrap.servers}. */
    public String bootstrapServers(String name) {
        Listener l = listeners.getOrDefault(name, listener);
        String host = l.host().isEmpty() || l.host().equals("0.0.0.0") ? "localhost" : l.host();
        return host + ":" + server(name).port();
    }

    /** TLS, SASL and the SCRAM credentials of this broker. */
    public BrokerSecurity security() {
        return security;
    }

    /** The ACL authorizer every request goes through; empty when {@code authorizer.class.name} is unset. */
    public Optional<AclAuthorizer> authorizer() {
        return Optional.ofNullable(authorizer);
    }

    /** The audit log file the authorizer writes to ({@link AuditLog#NONE} when none is configured). */
    public AuditLog auditLog() {
        return audit;
    }

    /** The port the Kafka listener is bound to (useful with port 0). */
    public int port() {
        return server.port();
    }

    /** {@code host:port} for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        String host = listener.host().isEmpty() || listener.host().equals("0.0.0.0") ? "localhost" : listener.host();
        return host + ":" + port();
    }

    /** Cluster mode's parts (metadata quorum, replication); empty on a single node. */
    public Optional<ClusterNode> clusterNode() {
        return Optional.ofNullable(clusterNode);
    }

    public BrokerComponents components() {
        return components;
    }

    /** Request, traffic and group counters, read by exporters such as the console's Prometheus endpoint. */
    public BrokerMetrics metrics() {
        return metrics;
    }

    public String clusterId() {
        return components.cluster().clusterId();
    }

    /** Stops accepting requests, finishes the work in hand, and closes every log cleanly. */
    @Override
    public void close() {
        if (clusterNode != null) {
            clusterNode.close();
        }
        servers.values().forEach(BrokerServer::close);
        if (servers.isEmpty()) {
            server.close();
        }
        components.groups().close();
        if (components.transactions() != null) {
            components.transactions().close();
        }
        if (components.clusterTransactions() != null) {
            try {
                components.clusterTransactions().channels().close();
            } catch (Exception e) {
                LOG.warn("Error closing the connections to other brokers: {}", e.toString());
            }
        }
        components.workers().shutdown();
        components.scheduler().shutdown();
        try {
            components.workers().awaitTermination(5, TimeUnit.SECONDS);
            components.scheduler().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            components.logs().close();
        } catch (IOException e) {
            LOG.error("Error closing logs", e);
        }
        audit.close();
    }
}
