package dev.voltstream.kit.db;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

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
}
