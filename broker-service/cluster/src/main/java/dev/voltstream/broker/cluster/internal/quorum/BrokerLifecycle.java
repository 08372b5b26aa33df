package dev.voltstream.broker.cluster.internal.quorum;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.errors.UnknownServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.internal.image.BrokerEndpoint;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;

/**
 * This broker's membership: registers (a new incarnation per process start), heartbeats to the controller, registers
 * again when the controller fenced it, and on a clean shutdown fences itself first so its leaderships move at once
 * (Kafka's controlled shutdown) instead of after the session timeout.
 */
public final class BrokerLifecycle implements AutoCloseable {
    /** How long a re-registration may take before the next heartbeat tries again. */
    private static final long REREGISTRATION_TIMEOUT_MS = 15_000;
    private static final Logger LOG = LoggerFactory.getLogger(BrokerLifecycle.class);

    private final MetadataQuorum quorum;
    private final MetadataCommand.RegisterBroker registration;
    private final AtomicBoolean registering = new AtomicBoolean();
    private final AtomicInteger reRegistrations = new AtomicInteger();
    private final ScheduledFuture<?> heartbeats;

    private BrokerLifecycle(MetadataQuorum quorum, MetadataCommand.RegisterBroker registration,
                            ScheduledExecutorService scheduler) {
        this.quorum = quorum;
        this.registration = registration;
        long interval = quorum.config().heartbeatIntervalMs();
        this.heartbeats = scheduler.scheduleWithFixedDelay(this::heartbeat, interval, interval,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Registers and waits (up to {@code timeoutMs}) until the registration is in the local image. Heartbeats start
     * before the wait: the controller may apply the registration well before this broker's own log has caught up to
     * it (a restarted broker replays first), and it judges the new incarnation's session from the moment it sees it.
     */
    public static BrokerLifecycle register(MetadataQuorum quorum, List<BrokerEndpoint> endpoints, String rack,
                                           Map<String, MetadataCommand.FeatureRange> supported,
                                           Runnable beforeRegistration, ScheduledExecutorService scheduler,
                                           long timeoutMs)
            throws InterruptedException {
        MetadataCommand.RegisterBroker registration = new MetadataCommand.RegisterBroker(quorum.config().nodeId(),
                endpoints, rack, UUID.randomUUID().toString());
        // The supported levels go first: from the moment this incarnation is registered, UpdateFeatures counts them.
        MetadataCommand.BrokerFeatures features = new MetadataCommand.BrokerFeatures(registration.id(),
                registration.incarnation(), supported);
        BrokerLifecycle lifecycle = new BrokerLifecycle(quorum, registration, scheduler);
        lifecycle.registering.set(true); // until registered, a "not registered" answer is expected, not a fencing
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                quorum.submit(features).exceptionallyCompose(e -> refusedByOldLeader(e)
                                ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(e))
                        .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                // applied here, so the image holds every entry before it: a new cluster's levels can be recorded
                // now, and the registration is then written at the cluster's metadata level
                beforeRegistration.run();
                quorum.submit(registration).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (TimeoutException e) {
                lifecycle.heartbeats.cancel(false);
                throw new IllegalStateException("No metadata quorum within " + timeoutMs + " ms: are a majority of "
                        + "controller.quorum.voters running?", e);
            } catch (java.util.concurrent.ExecutionException e) {
                // A proposal gives up after metadata.proposal.timeout.ms while too few voters are up (they may still
                // be starting): keep trying until the registration timeout, as Kafka's brokers wait for the quorum.
                if (!(e.getCause() instanceof ProposalTimeoutException) || System.nanoTime() > deadline) {
                    lifecycle.heartbeats.cancel(false);
                    throw new IllegalStateException("Broker registration failed", e.getCause());
                }
                LOG.info("No metadata quorum yet ({}); still trying to register", e.getCause().getMessage());
            } catch (InterruptedException e) {
                lifecycle.heartbeats.cancel(false);
                throw e;
            }
        }
        lifecycle.registering.set(false);
        LOG.info("Registered broker {} ({}) with the metadata quorum", registration.id(), endpoints);
        return lifecycle;
    }

    /**
     * A Kafka error for the BrokerFeatures record: written and applied, but answered by a Raft leader of release
     * 0.1.0, which skips a framed record it cannot read and answers UNKNOWN_SERVER_ERROR. The newer brokers have it.
     */
    private static boolean refusedByOldLeader(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause() : e;
        if (cause instanceof UnknownServerException) {
            LOG.info("The metadata quorum's leader answered this broker's supported features with {}: a leader of "
                    + "release 0.1.0 skips the record, the others keep it", cause.toString());
            return true;
        }
        return false;
    }

    private void heartbeat() {
        quorum.heartbeat(registration.incarnation()).whenComplete((answer, e) -> {
            if (e == null && answer == HeartbeatAnswer.FENCED && registering.compareAndSet(false, true)) {
                LOG.info("The controller fenced this broker: registering again");
                reRegistrations.incrementAndGet();
                // bounded: a registration that never settled would keep this broker fenced for good
                quorum.submit(registration).orTimeout(REREGISTRATION_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                        .whenComplete((r, e2) -> {
                            if (e2 != null) {
                                LOG.warn("Registering again failed ({}); retrying on the next heartbeat", e2.toString());
                            }
                            registering.set(false);
                        });
            }
        });
    }

    /** This process's incarnation: what the controller knows this run of the broker by. */
    public String incarnation() {
        return registration.incarnation();
    }

    /** How often the controller fenced this process (missed heartbeats) and it had to register again. */
    public int reRegistrations() {
        return reRegistrations.get();
    }

    /** Controlled shutdown: stop heartbeating and fence ourselves (best effort: the quorum may be gone). */
    @Override
    public void close() {
        heartbeats.cancel(false);
        try {
            quorum.submit(new MetadataCommand.FenceBroker(registration.id(), registration.incarnation()))
                    .get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.info("Controlled shutdown could not fence this broker ({}); the controller will", e.toString());
        }
    }
}
