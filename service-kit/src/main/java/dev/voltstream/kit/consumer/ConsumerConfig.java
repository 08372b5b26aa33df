package dev.voltstream.kit.consumer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code voltstream.consumer.*}: how a consumed batch whose transaction failed is retried. */
@ConfigMapping(prefix = "voltstream.consumer")
public interface ConsumerConfig {
    /** Attempts of a batch's transaction before the batch is left uncommitted for redelivery. */
    @WithDefault("5")
    int maxAttempts();

    /** Pause after the first failed attempt; it doubles after each further one, up to {@link #maxBackoff()}. */
    @WithDefault("100ms")
    Duration backoff();

    /** The longest pause between two attempts. */
    @WithDefault("2s")
    Duration maxBackoff();
}
