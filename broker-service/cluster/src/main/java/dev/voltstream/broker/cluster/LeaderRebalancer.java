package dev.voltstream.broker.cluster;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.internal.image.LeaderElections;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.cluster.internal.quorum.MetadataQuorum;
import dev.voltstream.broker.config.BrokerConfig;

/**
 * The controller's automatic leader rebalancing (Kafka's {@code auto.leader.rebalance.enable}, default true): every
 * {@code leader.imbalance.check.interval.seconds} (default 300) it moves leadership back to preferred replicas that
 * returned, for brokers above {@code leader.imbalance.per.broker.percentage} (default 10) — so a broker restarted
 * after a failover leads its share again instead of idling as a follower.
 */
final class LeaderRebalancer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderRebalancer.class);

    private final MetadataQuorum quorum;
    private final int percentage;
    private final ScheduledFuture<?> task;

    private LeaderRebalancer(MetadataQuorum quorum, int percentage, ScheduledExecutorService scheduler,
                             long intervalMs) {
        this.quorum = quorum;
        this.percentage = percentage;
        this.task = scheduler.scheduleWithFixedDelay(this::check, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Null when {@code auto.leader.rebalance.enable=false}. */
    static LeaderRebalancer start(BrokerConfig config, MetadataQuorum quorum, ScheduledExecutorService scheduler) {
        if (!Boolean.parseBoolean(config.getString("auto.leader.rebalance.enable", "true"))) {
            return null;
        }
        long intervalMs = TimeUnit.SECONDS.toMillis(config.getLong("leader.imbalance.check.interval.seconds", 300));
        int percentage = config.getInt("leader.imbalance.per.broker.percentage", 10);
        return new LeaderRebalancer(quorum, percentage, scheduler, Math.max(100, intervalMs));
    }

    private void check() {
        if (!quorum.isController()) {
            return;
        }
        for (TopicPartition tp : LeaderElections.rebalanceCandidates(quorum.image(), percentage)) {
            LOG.info("Moving the leadership of {} back to its preferred replica", tp);
            quorum.submit(new MetadataCommand.ElectLeader(tp.topic(), tp.partition(), false))
                    .whenComplete((ok, e) -> {
                        if (e != null) {
                            LOG.debug("Preferred leader election of {} refused: {}", tp, e.toString());
                        }
                    });
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
