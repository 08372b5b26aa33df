package dev.voltstream.kit.db;

import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * The one piece of the outbox a service supplies: the emitter of each topic it writes to the outbox (its outgoing
 * channels are configured in application.properties, with acks=all and idempotence, like any other channel).
 */
public interface OutboxChannels {
    /** The emitter of {@code topic}; throws {@link IllegalStateException} for a topic the service has no channel for. */
    Emitter<String> emitterFor(String topic);
}
