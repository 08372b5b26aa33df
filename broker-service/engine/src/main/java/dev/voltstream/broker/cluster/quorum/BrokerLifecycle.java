package dev.voltstream.broker.cluster.quorum;

import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.image.MetadataCommand;

/**
 * This broker's membership: registers (a new incarnation per process start), heartbeats to the controller, registers
 * again when the controller fenced it, and on a clean shutdown fences itself first so its leaderships move at once
 * (Kafka's controlled shutdown) instead of after the session timeout.
 */
public final class BrokerLifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerLifecycle.class);

    private final MetadataQuorum quorum;
    private final MetadataCommand.RegisterBroker registration;
    private final AtomicBoolean registering = new AtomicBoolean();
    private final ScheduledFuture<?> heartbeats;

    private BrokerLifecycle(MetadataQuorum quorum, MetadataCommand.RegisterBroker registration,
                            ScheduledExecutorService scheduler) {
        this.quorum = quorum;
        this.registration = registration;
        long interval = quorum.config().heartbeatIntervalMs();
        this.heartbeats = scheduler.scheduleWithFixedDelay(this::heartbeat, interval, interval,
                TimeUnit.MILLISECONDS);
    }

    /** Registers and waits (up to {@code timeoutMs}) until the registration is in the local image. */
    public static BrokerLifecycle register(MetadataQuorum quorum, String host, int port, String rack,
                                           ScheduledExecutorService scheduler, long timeoutMs)
            throws InterruptedException {
        MetadataCommand.RegisterBroker registration = new MetadataCommand.RegisterBroker(quorum.config().nodeId(),
                host, port, rack, UUID.randomUUID().toString());
        try {
            quorum.submit(registration).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("No metadata quorum within " + timeoutMs + " ms: are a majority of "
                    + "controller.quorum.voters running?", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Broker registration failed", e.getCause());
        }
        LOG.info("Registered broker {} ({}:{}) with the metadata quorum", registration.id(), host, port);
        return new BrokerLifecycle(quorum, registration, scheduler);
    }

    private void heartbeat() {
        quorum.heartbeat(registration.incarnation()).whenComplete((ok, e) -> {
            if (e == null && !ok && registering.compareAndSet(false, true)) {
                LOG.info("The controller fenced this broker: registering again");
                quorum.submit(registration).whenComplete((r, e2) -> registering.set(false));
            }
        });
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
