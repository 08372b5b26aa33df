package dev.voltstream.kit.db;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code voltstream.outbox.*}: how the outbox relay publishes and when its health check turns DOWN. */
@ConfigMapping(prefix = "voltstream.outbox")
public interface OutboxConfig {
    /**
     * Whether the service has an outbox (build time): {@code false} leaves out the writer, the relay and its health
     * check, for a service that only consumes (notification-service). A service with an outbox supplies
     * {@link OutboxChannels}.
     */
    @WithDefault("true")
    boolean enabled();

    /** Pause between relay rounds when nobody woke the relay (rows left by a crash, a wake-up lost to a failure). */
    @WithDefault("100ms")
    Duration interval();

    /** Rows published per round, at most. */
    @WithDefault("1000")
    int batchSize();

    /** How long a round waits for the broker to acknowledge its rows before leaving the rest for a later round. */
    @WithDefault("10s")
    Duration ackTimeout();

    /** Readiness turns DOWN when the oldest unpublished event has waited longer than this. */
    @WithDefault("60s")
    Duration maxPendingAge();

    /**
     * Whether each round's rows go out in one Kafka transaction (the kit's own transactional producer; consumers read
     * with {@code isolation.level=read_committed}). {@code false}: through the service's outgoing channel
     * {@value OutboxRelay#CHANNEL}, each row acknowledged on its own (at-least-once; what tests with the in-memory
     * connector use).
     */
    @WithDefault("true")
    boolean transactional();

    /**
     * The relay producer's {@code transactional.id}: unique among the running instances of the service and the same
     * after a restart of the instance, so the restarted one fences its predecessor and aborts what it left open. Unset:
     * {@code <quarkus.application.name>-outbox-<host name>-<quarkus.http.port>} (one instance per host and port); set
     * it to something stable where those are not (e.g. a StatefulSet pod's name).
     */
    Optional<String> transactionalId();

    /**
     * transaction.timeout.ms of the relay's transactions: the broker aborts one a relay left open (it died mid-round
     * and did not come back) after this long, and read_committed readers of the partitions it wrote wait that long.
     * Longer than {@code ack-timeout}.
     */
    @WithDefault("30s")
    Duration transactionTimeout();
}
