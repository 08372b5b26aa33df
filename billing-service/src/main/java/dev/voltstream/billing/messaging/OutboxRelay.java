package dev.voltstream.billing.messaging;

import dev.voltstream.billing.config.BillingConfig;
import dev.voltstream.billing.domain.OutboxEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes the outbox: the oldest unpublished rows in id order, all sent at once (the producer keeps their order per
 * partition), then deletes only the rows up to the first one the broker did not acknowledge. The rest are
 * sent again on the next run, so a row may be published twice but never lost; its event id makes the copy
 * recognisable. It runs on its own thread, started with the application and stopped before the database goes away:
 * woken by {@link #wake()} right after a consumer committed new rows (wake-ups while a run is going coalesce into one
 * more run), and every {@code billing.outbox.relay-interval} as a fallback for rows nobody woke it for (left by a
 * crash, or written by a path that does not wake it). Quarkus' scheduler cannot run more often than once a second.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxPublisher publisher;
    private final BillingConfig config;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;

    public OutboxRelay(OutboxPublisher publisher, BillingConfig config) {
        this.publisher = publisher;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "billing-outbox-relay");
            t.setDaemon(true);
            return t;
        });
        long interval = Math.max(1, config.outbox().relayInterval().toMillis());
        executor.scheduleWithFixedDelay(this::relay, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Asks for a relay run soon, on the relay's thread. Cheap and non-blocking; many calls before the run starts
     * cause one run, a call during a run causes one more after it.
     */
    public void wake() {
        ScheduledExecutorService relayThread = executor;
        if (relayThread != null && !relayThread.isShutdown() && wakePending.compareAndSet(false, true)) {
            try {
                relayThread.execute(() -> {
                    wakePending.set(false);
                    relay();
                });
            } catch (RejectedExecutionException e) {
                wakePending.set(false); // shutting down; the rows wait for the next start
            }
        }
    }

    /** Drains the outbox; never throws, so the schedule keeps running (a failed run is retried on the next). */
    void relay() {
        try {
            while (relayBatch() == config.outbox().batchSize() && !executor.isShutdown()) {
                // a full batch suggests a backlog: keep draining instead of waiting for the next tick
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay run failed, will retry: %s", e.toString());
        }
    }

    /** Publishes one batch; returns how many rows were acknowledged and deleted. */
    int relayBatch() {
        List<OutboxEvent> rows = QuarkusTransaction.requiringNew()
                .call(() -> OutboxEvent.oldest(config.outbox().batchSize()));
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (OutboxEvent row : rows) {
            acks.add(publisher.publish(row).subscribeAsCompletionStage());
        }
        List<Long> acknowledged = acknowledgedPrefix(rows, acks);
        if (!acknowledged.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> OutboxEvent.deletePublished(acknowledged));
        }
        return acknowledged.size();
    }

    private List<Long> acknowledgedPrefix(List<OutboxEvent> rows, List<CompletableFuture<Void>> acks) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.outbox().ackTimeoutSeconds());
        List<Long> acknowledged = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            OutboxEvent row = rows.get(i);
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(row.id);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                LOG.warnf("outbox publish not acknowledged, will retry: id=%d eventId=%s topic=%s cause=%s",
                        row.id, row.eventId, row.topic, e.toString());
                break;
            }
        }
        return acknowledged;
    }
}
