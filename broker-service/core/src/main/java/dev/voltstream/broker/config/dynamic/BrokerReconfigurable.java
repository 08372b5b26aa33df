package dev.voltstream.broker.config.dynamic;

import dev.voltstream.broker.config.BrokerConfig;

/**
 * A part of the broker whose settings change at runtime with the dynamic broker configs, as Kafka's
 * {@code BrokerReconfigurable}: a proposed change is validated against what the part runs with now before it is
 * accepted, and applied once it is.
 */
public interface BrokerReconfigurable {
    /**
     * Checks that the broker could run with {@code next}, changing nothing.
     *
     * @throws IllegalArgumentException naming the config and why (answered INVALID_REQUEST, as Kafka)
     */
    void validateReconfiguration(BrokerConfig next);

    /** Applies {@code next}, which the broker now runs with (it may not concern this part at all). */
    void reconfigure(BrokerConfig next);
}
