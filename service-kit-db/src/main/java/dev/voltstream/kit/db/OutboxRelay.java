package dev.voltstream.kit.db;

import dev.voltstream.kit.events.OutgoingEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes the outbox on its own thread: right after a commit put rows there ({@link #wake}), and every
 * {@code voltstream.outbox.interval} as a fallback. Each round ({@link OutboxRound}) is one database transaction that
 * locks the oldest rows with {@code FOR UPDATE SKIP LOCKED}, so any number of service instances relay the same table
 * without publishing a row twice while they live; delivery is at-least-once across crashes, and the deterministic
 * event ids make such a duplicate recognisable. Records go out through one outgoing channel,
 * {@value #CHANNEL}, each to its row's topic (the record metadata names it), with CloudEvents binary-mode headers,
 * source {@code /voltstream/<quarkus.application.name>}; the service configures that channel (connector, String
 * serializers, acks=all, idempotence) in application.properties. Counts {@code voltstream_outbox_published_total{topic}} and
 * {@code voltstream_outbox_relay_failures_total}.
 */
@ApplicationScoped
@IfBuildProperty(name = "voltstream.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class OutboxRelay {
    /** The outgoing channel every outbox row is sent through, to the topic its row names. */
    public static final String CHANNEL = "voltstream-outbox";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Room for a few rounds of rows waiting for the producer (a round sends at most batch-size rows). */
    @Inject
    @Channel(CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    Emitter<String> emitter;
    private final OutboxConfig config;
    private final ServiceSchema schema;
    private final URI source;
    private final MeterRegistry registry;
    private final Counter failures;
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final OutboxRound round;
    private volatile ScheduledExecutorService executor;

    public OutboxRelay(OutboxConfig config, ServiceSchema schema, MeterRegistry registry,
                       @ConfigProperty(name = "quarkus.application.name") String application) {
        this.config = config;
        this.schema = schema;
        this.source = URI.create("/voltstream/" + application);
        this.registry = registry;
        this.failures = registry.counter("voltstream.outbox.relay.failures");
        this.round = new OutboxRound(new OutboxTable(schema.name()), this::send, config.batchSize(),
                config.ackTimeout());
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-relay");
            t.setDaemon(true);
            return t;
        });
        long interval = Math.max(1, config.interval().toMillis());
        executor.scheduleWithFixedDelay(this::drain, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Asks for a drain as soon as possible (after a commit put rows in the outbox). Cheap and non-blocking; wake-ups
     * while a drain is queued add nothing, a wake-up while one runs queues exactly one more.
     */
    public void wake() {
        ScheduledExecutorService running = executor;
        if (running != null && wakePending.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    wakePending.set(false);
                    drain();
                });
            } catch (RejectedExecutionException shuttingDown) {
                wakePending.set(false); // the rows wait for the next start
            }
        }
    }

    /** Publishes until the outbox is empty or a round fails; never throws, so the schedule keeps running. */
    void drain() {
        try {
            OutboxRound.Result result;
            do {
                result = relayOnce();
            } while (result.full(config.batchSize()) && !executor.isShutdown());
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** One round in its own transaction; what it published. */
    public OutboxRound.Result relayOnce() {
        OutboxRound.Result result = QuarkusTransaction.requiringNew().call(() -> schema.work(round::run));
        for (OutboxEvent row : result.published()) {
            published.computeIfAbsent(row.topic(),
                    topic -> registry.counter("voltstream.outbox.published", "topic", topic)).increment();
        }
        if (result.failure() != null) {
            fail(result.failure());
        } else {
            lastFailure.set(null);
        }
        return result;
    }

    private void fail(Exception e) {
        failures.increment();
        lastFailure.set(e.toString());
        LOG.warnf("outbox relay round failed, will retry: %s", e.toString());
    }

    private CompletionStage<Void> send(OutboxEvent row) {
        return new OutgoingEvent(row.eventId(), row.type(), source, row.key(), row.payload(), row.createdAt())
                .sendThrough(emitter, row.topic());
    }

    /** The last round's failure, or null when the last round succeeded. */
    public String lastFailure() {
        return lastFailure.get();
    }
}
