package dev.voltstream.broker.cluster.internal.quorum;

import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    public static BrokerLifecycle register(MetadataQuorum quorum, String host, int port, String rack,
                                           ScheduledExecutorService scheduler, long timeoutMs)
            throws InterruptedException {
        MetadataCommand.RegisterBroker registration = new MetadataCommand.RegisterBroker(quorum.config().nodeId(),
                host, port, rack, UUID.randomUUID().toString());
        BrokerLifecycle lifecycle = new BrokerLifecycle(quorum, registration, scheduler);
        lifecycle.registering.set(true); // until registered, a "not registered" answer is expected, not a fencing
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
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
        LOG.info("Registered broker {} ({}:{}) with the metadata quorum", registration.id(), host, port);
        return lifecycle;
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
