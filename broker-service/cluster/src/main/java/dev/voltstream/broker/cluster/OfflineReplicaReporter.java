package dev.voltstream.broker.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.cluster.internal.image.MetadataVersions;
import dev.voltstream.broker.cluster.internal.quorum.MetadataQuorum;
import dev.voltstream.broker.cluster.internal.replication.FetcherManager;
import dev.voltstream.broker.metadata.PartitionState;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.ReplicaManager;

/**
 * Tells the controller about replicas on a failed log dir, as Kafka's broker heartbeat carries its offline log dirs:
 * every heartbeat interval, the hosted partitions whose log is offline and which the metadata image still shows this
 * broker leading or in the ISR are proposed as {@link MetadataCommand.OfflineReplicas}, so another in-sync replica
 * takes the leadership and producing goes on. Repeated until the image agrees (the quorum may be unavailable for a
 * while), and idempotent. Those partitions' replica fetchers stop too: an offline log cannot follow, and a follower
 * that kept fetching at its old log end could look caught up and be taken back into the ISR.
 */
final class OfflineReplicaReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OfflineReplicaReporter.class);

    private final int localId;
    private final String incarnation;
    private final MetadataQuorum quorum;
    private final ReplicaManager replicas;
    private final FetcherManager fetchers;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final ScheduledFuture<?> task;
    private volatile List<TopicPartition> lastReported = List.of();
    private volatile boolean belowLevelLogged;

    OfflineReplicaReporter(int localId, String incarnation, MetadataQuorum quorum, ReplicaManager replicas,
                           FetcherManager fetchers, ScheduledExecutorService scheduler, long intervalMs) {
        this.localId = localId;
        this.incarnation = incarnation;
        this.quorum = quorum;
        this.replicas = replicas;
        this.fetchers = fetchers;
        this.task = scheduler.scheduleWithFixedDelay(this::check, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    void check() {
        try {
            List<TopicPartition> report = new ArrayList<>();
            for (Partition p : replicas.partitions()) {
                if (!p.isOffline()) {
                    continue;
                }
                TopicPartition tp = p.topicPartition();
                fetchers.unfollow(tp);
                PartitionState state = quorum.image().partition(tp).orElse(null);
                if (state != null && (state.leader() == localId
                        || (state.isr().contains(localId) && state.isr().size() > 1))) {
                    report.add(tp);
                }
            }
            if (report.isEmpty() || !inFlight.compareAndSet(false, true)) {
                return;
            }
            if (!report.equals(lastReported)) {
                LOG.warn("Reporting {} replica(s) on an offline log dir to the controller, so that other in-sync "
                        + "replicas lead them: {}", report.size(), report.size() <= 10 ? report
                        : report.subList(0, 10) + "...");
                lastReported = report;
            }
            MetadataCommand.OfflineReplicas offline = new MetadataCommand.OfflineReplicas(localId, incarnation, report);
            short level = quorum.image().metadataLevel();
            if (!MetadataVersions.allows(level, offline)) {
                // 0.1.0 has no such record: until the level is raised the replicas stay where they are, as in 0.1.0.
                if (!belowLevelLogged) {
                    belowLevelLogged = true;
                    LOG.warn("Cannot report replicas on an offline log dir: the cluster's {} is {}, the record needs "
                            + "{}; they keep their leaders and ISR until it is raised", MetadataVersions.FEATURE,
                            level, MetadataVersions.since(offline));
                }
                inFlight.set(false);
                return;
            }
            quorum.submit(offline)
                    .whenComplete((r, e) -> {
                        inFlight.set(false);
                        if (e != null) {
                            LOG.info("Reporting offline replicas failed ({}); trying again", e.toString());
                        }
                    });
        } catch (RuntimeException e) {
            inFlight.set(false);
            LOG.warn("Checking for offline replicas failed", e);
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
