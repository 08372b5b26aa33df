package dev.voltstream.fraud.messaging;

import dev.voltstream.fraud.config.FraudConfig;
import dev.voltstream.fraud.domain.OutboxEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes the outbox: right after each committed batch ({@link #wake}), and every {@code fraud.outbox.interval} as a
 * fallback (rows left by a crash, a wake-up lost to a failed round), it locks the oldest unpublished rows (skipping rows another
 * instance holds), sends them in sequence order, waits for every broker ack, then deletes them with one DELETE —
 * all in one database transaction. A crash between ack and commit republishes those rows: delivery is at-least-once, and the
 * deterministic event ids make such a duplicate recognisable. Rows of one account are published in the order they
 * were decided.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final EventPublisher publisher;
    private final FraudConfig config;
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private final AtomicBoolean woken = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;

    public OutboxRelay(EventPublisher publisher, FraudConfig config) {
        this.publisher = publisher;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fraud-outbox-relay");
            t.setDaemon(true);
            return t;
        });
        long interval = config.outbox().interval().toMillis();
        executor.scheduleWithFixedDelay(this::drain, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Asks for a drain as soon as possible (after a commit put rows in the outbox). Coalescing: wake-ups while a
     * drain is queued add nothing; a wake-up while one runs queues exactly one more.
     */
    public void wake() {
        ScheduledExecutorService running = executor;
        if (running != null && woken.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    woken.set(false);
                    drain();
                });
            } catch (RejectedExecutionException shuttingDown) {
                woken.set(false);
            }
        }
    }

    /** Publishes until the outbox is empty (or a round fails); never throws, so the schedule keeps running. */
    void drain() {
        try {
            int sent;
            do {
                sent = relayOnce();
            } while (sent == config.outbox().batchSize() && !executor.isShutdown());
            lastFailure.set(null);
        } catch (Exception e) {
            lastFailure.set(e.toString());
            LOG.warnf("outbox relay round failed, will retry: %s", e.toString());
        }
    }

    /** One round: publish and delete at most batch-size rows; the number published. */
    public int relayOnce() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<OutboxEvent> rows = OutboxEvent.lockOldest(config.outbox().batchSize());
            if (rows.isEmpty()) {
                return 0;
            }
            CompletableFuture<?>[] acks = rows.stream()
                    .map(row -> publisher.publish(row).toCompletableFuture())
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(acks).get(config.outbox().ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
            OutboxEvent.deletePublished(rows.stream().map(row -> row.seq).toList());
            return rows.size();
        });
    }

    /** The last round's failure, or null when the last round succeeded. */
    public String lastFailure() {
        return lastFailure.get();
    }
}
