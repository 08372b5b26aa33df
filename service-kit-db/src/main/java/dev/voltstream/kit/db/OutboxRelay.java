package dev.voltstream.kit.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
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
 * without publishing a row twice while they live. With {@code voltstream.outbox.transactional=true} (the default) a
 * round is one Kafka transaction of the kit's own producer ({@link TransactionalOutboxProducer}, to
 * every {@code kafka.*} setting, {@code transactional.id} per instance): read_committed readers see a batch whole or
 * not at all, and once. Otherwise records go out one by one through the outgoing channel {@value #CHANNEL}, which the
 * service configures (connector, String serializers, acks=all, idempotence) in application.properties. Each record goes
 * to its row's topic with CloudEvents binary-mode headers, source {@code /voltstream/<quarkus.application.name>}; the
 * deterministic event ids make a duplicate after a crash recognisable. Counts
 * {@code voltstream_outbox_published_total{topic}} and {@code voltstream_outbox_relay_failures_total}.
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
    private final MeterRegistry registry;
    private final Counter failures;
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final String application;
    private final Map<String, Object> kafkaDefaults;
    private final int httpPort;
    private OutboxPublisher publisher;
    private OutboxRound round;
    private volatile ScheduledExecutorService executor;

    public OutboxRelay(OutboxConfig config, ServiceSchema schema, MeterRegistry registry,
                       @ConfigProperty(name = "quarkus.application.name") String application,
                       @Identifier("default-kafka-broker") Map<String, Object> kafkaDefaults,
                       @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
        if (config.transactional() && config.transactionTimeout().compareTo(config.ackTimeout()) <= 0) {
            throw new IllegalArgumentException("voltstream.outbox.transaction-timeout (" + config.transactionTimeout()
                    + ") must be longer than voltstream.outbox.ack-timeout (" + config.ackTimeout() + ")");
        }
        this.config = config;
        this.schema = schema;
        this.registry = registry;
        this.application = application;
        this.kafkaDefaults = Map.copyOf(kafkaDefaults);
        this.httpPort = httpPort;
        this.failures = registry.counter("voltstream.outbox.relay.failures");
    }

    void start(@Observes StartupEvent event) {
        URI source = OutboxRecords.source(application);
        if (config.transactional()) {
            String transactionalId = config.transactionalId().orElseGet(this::defaultTransactionalId);
            LOG.infof("outbox relay publishes in Kafka transactions, transactional.id %s", transactionalId);
            publisher = new TransactionalOutboxProducer(TransactionalOutboxProducer.config(kafkaDefaults,
                    transactionalId, config.ackTimeout(), config.transactionTimeout()), source);
        } else {
            publisher = new ChannelOutboxPublisher(emitter, source);
        }
        round = new OutboxRound(new OutboxTable(schema.name()), publisher, config.batchSize(), config.ackTimeout());
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
        closePublisher();
    }

    /** After the last round (waits for one still running). */
    private synchronized void closePublisher() {
        if (publisher != null) {
            publisher.close();
        }
    }

    /** {@code <application>-outbox-<host name>-<http port>}: one running instance per host and port. */
    private String defaultTransactionalId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return application + "-outbox-" + host + "-" + httpPort;
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

    /** One round in its own transaction; what it published. One round at a time (one producer, one transaction). */
    public synchronized OutboxRound.Result relayOnce() {
        OutboxRound.Result result = QuarkusTransaction.requiringNew().call(() -> schema.work(round::run));
        round.confirm(result);
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

    /** The last round's failure, or null when the last round succeeded. */
    public String lastFailure() {
        return lastFailure.get();
    }
}
