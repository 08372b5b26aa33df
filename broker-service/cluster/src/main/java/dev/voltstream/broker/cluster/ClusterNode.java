package dev.voltstream.broker.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.internal.image.BrokerEndpoint;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.cluster.internal.quorum.BrokerLifecycle;
import dev.voltstream.broker.cluster.internal.quorum.MetadataQuorum;
import dev.voltstream.broker.cluster.QuorumConfig;
import dev.voltstream.broker.cluster.internal.replication.FetcherManager;
import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.config.dynamic.DynamicBrokerConfigs;
import dev.voltstream.broker.config.Listener;
import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.metadata.FinalizedFeatures;
import dev.voltstream.broker.metrics.BrokerMetrics;
import dev.voltstream.broker.producer.ProducerIdAllocator;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.metadata.TopicService;
import dev.voltstream.broker.replica.IsrChanger;
import dev.voltstream.broker.replica.LeadershipListener;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.security.InterBrokerSecurity;
import dev.voltstream.broker.security.SecurityProtocolMap;

/**
 * A broker's cluster-mode parts, wired together: the metadata quorum, the publisher that applies each metadata image
 * to the local topics and partitions, the replica fetchers, the ISR shrink check and the broker's registration and
 * heartbeats. {@link #start} before the handlers are built, {@link #register} once the broker listeners are bound.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    /** How long a partition leader waits for the quorum to settle an ISR change before proposing again. */
    private static final long ISR_PROPOSAL_TIMEOUT_MS = 15_000;
    private static final long REGISTRATION_TIMEOUT_MS = 120_000;

    private final QuorumConfig config;
    private final MetadataQuorum quorum;
    private final FetcherManager fetchers;
    private final ClusterMetadataView view;
    private final ScheduledExecutorService scheduler;
    private final ScheduledFuture<?> isrShrink;
    private final LeadershipWatcher leadership;
    private final MetadataPublisher publisher;
    private final ReplicaManager replicas;
    private volatile BrokerLifecycle lifecycle;
    private volatile OfflineReplicaReporter offlineReplicas;
    /** Null when auto.leader.rebalance.enable=false. */
    private volatile LeaderRebalancer rebalancer;
    private volatile ClusterAcls acls;
    private volatile ClusterFeatures features;
    private volatile ClusterScramCredentials scram;
    private volatile ClusterClientQuotas quotas;

    private ClusterNode(QuorumConfig config, MetadataQuorum quorum, FetcherManager fetchers, ClusterMetadataView view,
                        ScheduledExecutorService scheduler, ScheduledFuture<?> isrShrink, LeadershipWatcher leadership,
                        MetadataPublisher publisher, ReplicaManager replicas) {
        this.config = config;
        this.replicas = replicas;
        this.quorum = quorum;
        this.publisher = publisher;
        this.fetchers = fetchers;
        this.view = view;
        this.scheduler = scheduler;
        this.isrShrink = isrShrink;
        this.leadership = leadership;
    }

    public static ClusterNode start(QuorumConfig config, String clusterId, Path metadataDir, TopicService topics,
                                    ReplicaManager replicas, ScheduledExecutorService scheduler,
                                    BrokerMetrics metrics, DynamicBrokerConfigs brokerConfigs,
                                    InterBrokerSecurity interBroker)
            throws IOException {
        quietRatisLogging();
        replicas.clustered(true);
        FetcherManager fetchers = new FetcherManager(config.nodeId(), (int) config.replicaFetchWaitMaxMs(),
                replicas.throttles(), interBroker);
        AtomicReference<MetadataQuorum> quorumRef = new AtomicReference<>();
        IsrProposals isrProposals = new IsrProposals(config.nodeId(), command -> quorumRef.get().submit(command),
                metrics, ISR_PROPOSAL_TIMEOUT_MS);
        IsrChanger isrChanger = new IsrChanger() {
            @Override
            public void propose(Partition partition, int epoch, java.util.List<Integer> isr, Runnable done) {
                if (quorumRef.get() == null) {
                    done.run();
                    return;
                }
                isrProposals.propose(partition, epoch, isr, done);
            }

            @Override
            public boolean eligible(int brokerId) {
                MetadataQuorum q = quorumRef.get();
                return q != null && q.image().alive(brokerId);
            }
        };
        MetadataPublisher publisher = new MetadataPublisher(config.nodeId(), topics, replicas, fetchers, isrChanger);
        LeadershipWatcher leadership = new LeadershipWatcher(config.nodeId(), replicas);
        ClusterAcls acls = new ClusterAcls();
        ClusterFeatures features = new ClusterFeatures(FinalizedFeatures.initial(brokerConfigs.effective()::get),
                FinalizedFeatures.unrecorded(brokerConfigs.effective()::get),
                ClusterFeatures.metadataMax(brokerConfigs.effective()::get));
        ClusterScramCredentials scram = new ClusterScramCredentials();
        ClusterClientQuotas quotas = new ClusterClientQuotas();
        MetadataQuorum quorum = MetadataQuorum.start(config, metadataDir.resolve("raft"),
                publisher.andThen(leadership)
                        .andThen(new BrokerConfigPublisher(config.nodeId(), brokerConfigs, topics)).andThen(acls)
                        .andThen(features).andThen(scram).andThen(quotas),
                scheduler);
        quorumRef.set(quorum);
        acls.useQuorum(quorum);
        features.useQuorum(quorum);
        scram.useQuorum(quorum);
        quotas.useQuorum(quorum);
        topics.useQuorum(new QuorumTopicChanges(quorum));
        brokerConfigs.replicateThrough((resource, configs) ->
                QuorumTopicChanges.await(quorum.submit(new MetadataCommand.AlterBrokerConfigs(resource, configs))));
        long lagMax = config.replicaLagTimeMaxMs();
        long period = Math.max(100, lagMax / 4);
        ScheduledFuture<?> isrShrink = scheduler.scheduleWithFixedDelay(() -> {
            long now = System.currentTimeMillis();
            for (Partition p : replicas.partitions()) {
                p.maybeShrinkIsr(now, lagMax);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        ClusterNode node = new ClusterNode(config, quorum, fetchers,
                new ClusterMetadataView(clusterId, config.nodeId(), quorum, interBroker.listenerName()), scheduler, isrShrink, leadership,
                publisher, replicas);
        node.rebalancer = LeaderRebalancer.start(brokerConfigs.effective(), quorum, scheduler);
        node.acls = acls;
        node.features = features;
        node.scram = scram;
        node.quotas = quotas;
        return node;
    }

    /** Ratis logs every setting at INFO on start; keep the broker's log readable unless asked otherwise. */
    private static void quietRatisLogging() {
        String key = "org.slf4j.simpleLogger.log.org.apache.ratis";
        if (System.getProperty(key) == null) {
            System.setProperty(key, "warn");
            // A request that reached a follower is retried at the leader, but logged as an error first.
            System.setProperty(key + ".client.impl.OrderedAsync", "off");
        }
    }

    /**
     * Registers this broker with an endpoint per broker listener, at the address clients should use (the advertised
     * listener of the same name, else the bound one; {@code boundPorts} by listener name) and its security protocol,
     * and starts heartbeating. Blocks until a quorum accepted the registration; only then are the leaderships this
     * broker sees current, and its group coordinator starts loading the partitions it leads.
     */
    public void register(BrokerConfig brokerConfig, List<Listener> listeners, ToIntFunction<String> boundPorts)
            throws InterruptedException {
        SecurityProtocolMap protocols = new SecurityProtocolMap(brokerConfig);
        List<BrokerEndpoint> endpoints = new ArrayList<>();
        for (Listener listener : listeners) {
            Listener advertised = brokerConfig.advertisedListeners().stream()
                    .filter(l -> l.name().equals(listener.name())).findFirst().orElse(listener);
            String host = advertised.host().isEmpty() || advertised.host().equals("0.0.0.0") ? "localhost"
                    : advertised.host();
            int port = advertised.port() == 0 ? boundPorts.applyAsInt(listener.name()) : advertised.port();
            endpoints.add(new BrokerEndpoint(listener.name(), host, port,
                    protocols.protocolOf(listener.name()).name));
        }
        // the inter-broker listener's first: a cluster at metadata level 1 registers only the first endpoint (0.1.0's
        // one host and port), which every broker must be able to replicate from
        endpoints.sort(java.util.Comparator.comparing(e -> !e.listener().equals(view.interBrokerListener())));
        // A new cluster's feature levels are recorded before the first registration, so that it is written at the
        // newest metadata level (every endpoint), not at level 1, 0.1.0's form, as a log without levels would be.
        lifecycle = BrokerLifecycle.register(quorum, endpoints, brokerConfig.rack().orElse(null),
                features.registered(), () -> features.recordIfNew(quorum.image()), scheduler, REGISTRATION_TIMEOUT_MS);
        // The registration is applied here, so this broker's image now includes every entry from before its start.
        publisher.caughtUp();
        leadership.arm();
        offlineReplicas = new OfflineReplicaReporter(config.nodeId(), lifecycle.incarnation(), quorum, replicas,
                fetchers, scheduler, config.heartbeatIntervalMs());
    }

    /**
     * The topic registry of cluster mode: in memory, filled by replaying the metadata log. Removes the
     * {@code cluster-topics} directory earlier releases kept (rebuilt on every start, never read).
     */
    public static TopicRegistry topicRegistry(Path metadataDir) throws IOException {
        Path dir = metadataDir.resolve("cluster-topics");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        return TopicRegistry.inMemory();
    }

    /**
     * Producer ids must be unique across the cluster: each broker allocates from its own range, node.id * 2^40 on
     * (the allocator persists its blocks, so ids never repeat across restarts either).
     */
    public static void seedProducerIds(Path blockFile, int nodeId) throws IOException {
        ProducerIdAllocator.seed(blockFile, (long) nodeId << 40);
    }

    /** Tells {@code listener} whenever this broker starts or stops leading a partition of {@code topic}. */
    public void watchLeadership(String topic, LeadershipListener listener) {
        leadership.watch(topic, listener);
    }

    /** How often this broker was fenced while running and registered again (0 while it heartbeats in time). */
    public int reRegistrations() {
        BrokerLifecycle l = lifecycle;
        return l == null ? 0 : l.reRegistrations();
    }

    public ClusterView view() {
        return view;
    }

    /** The cluster's ACLs in the metadata log. */
    public ClusterAcls acls() {
        return acls;
    }

    /** The cluster's SCRAM credentials in the metadata log. */
    public ClusterScramCredentials scram() {
        return scram;
    }

    /** The cluster's client quotas in the metadata log. */
    public ClusterClientQuotas quotas() {
        return quotas;
    }

    /** The cluster's finalized features (ApiVersions, UpdateFeatures). */
    public ClusterFeatures features() {
        return features;
    }

    public MetadataQuorum quorum() {
        return quorum;
    }

    public QuorumConfig config() {
        return config;
    }

    /** Controlled shutdown first (leaderships move while we still serve fetches), then replication and Raft. */
    @Override
    public void close() {
        long start = System.nanoTime();
        BrokerLifecycle l = lifecycle;
        if (l != null) {
            l.close();
        }
        long fenced = System.nanoTime();
        OfflineReplicaReporter o = offlineReplicas;
        if (o != null) {
            o.close();
        }
        isrShrink.cancel(false);
        LeaderRebalancer r = rebalancer;
        if (r != null) {
            r.close();
        }
        fetchers.close();
        long fetchersStopped = System.nanoTime();
        quorum.close();
        long end = System.nanoTime();
        LOG.info("Controlled shutdown of the cluster parts took {} ms: fencing {} ms, replica fetchers {} ms, "
                + "metadata quorum {} ms", ms(end - start), ms(fenced - start), ms(fetchersStopped - fenced),
                ms(end - fetchersStopped));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
