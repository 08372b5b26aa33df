package dev.voltstream.broker.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.metrics.BrokerMetrics;
import dev.voltstream.broker.replica.Partition;

/**
 * A partition leader's ISR changes, proposed to the metadata quorum. A partition has at most one change in flight
 * (it waits for {@code done}), so a proposal that never settles would freeze its ISR for good: no follower could
 * rejoin, and with too few left in sync acks=all producers would stall until the leadership moved. So a proposal
 * settles after {@code timeoutMs} at the latest — the leader proposes again from its state then (on the next fetch or
 * lag check); a late commit of the first one is harmless, the applier checks the leader epoch.
 */
final class IsrProposals {
    private static final Logger LOG = LoggerFactory.getLogger(IsrProposals.class);

    private final int localId;
    private final Function<MetadataCommand, CompletableFuture<Void>> quorum;
    private final BrokerMetrics metrics;
    private final long timeoutMs;

    IsrProposals(int localId, Function<MetadataCommand, CompletableFuture<Void>> quorum, BrokerMetrics metrics,
                 long timeoutMs) {
        this.localId = localId;
        this.quorum = quorum;
        this.metrics = metrics;
        this.timeoutMs = timeoutMs;
    }

    void propose(Partition partition, int epoch, List<Integer> isr, Runnable done) {
        LOG.info("Proposing ISR {} for {} (leader epoch {})", isr, partition.topicPartition(), epoch);
        boolean shrink = isr.size() < partition.inSyncReplicas().size();
        CompletableFuture<Void> proposed;
        try {
            proposed = quorum.apply(new MetadataCommand.AlterIsr(partition.topicPartition().topic(),
                    partition.topicPartition().partition(), localId, epoch, isr));
        } catch (RuntimeException e) {
            proposed = CompletableFuture.failedFuture(e);
        }
        // Settled off the thread that completes the proposal: that is Ratis's, inside its client's lock, and the
        // settlement takes the partition's lock, which a leader holds while it submits its next proposal through
        // that same client (the two threads deadlocked: a broker stopped serving fetches for good).
        proposed.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenCompleteAsync((ok, e) -> {
            if (e instanceof TimeoutException) {
                LOG.warn("ISR change {} for {} not settled within {} ms; the leader will propose again", isr,
                        partition.topicPartition(), timeoutMs);
            } else if (e != null) {
                LOG.info("ISR change for {} refused: {}", partition.topicPartition(), e.toString());
            } else if (shrink) {
                metrics.isrShrunk();
            } else {
                metrics.isrExpanded();
            }
            done.run();
        });
    }
}
