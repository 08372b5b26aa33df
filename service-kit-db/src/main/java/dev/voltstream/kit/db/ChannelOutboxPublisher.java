package dev.voltstream.kit.db;

import dev.voltstream.kit.events.OutgoingEvent;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.net.URI;
import java.util.concurrent.CompletionStage;

/**
 * The non-transactional publisher ({@code voltstream.outbox.transactional=false}): each row goes through the service's
 * outgoing channel {@value OutboxRelay#CHANNEL} and is acknowledged on its own, so a round that fails midway leaves its
 * first rows published (at-least-once: they may show again when the rest is retried). Also what service tests use with
 * the in-memory connector.
 */
public final class ChannelOutboxPublisher implements OutboxPublisher {
    private final Emitter<String> emitter;
    private final URI source;

    public ChannelOutboxPublisher(Emitter<String> emitter, URI source) {
        this.emitter = emitter;
        this.source = source;
    }

    @Override
    public CompletionStage<Void> send(OutboxEvent row) {
        return OutboxRecords.event(row, source).sendThrough(emitter, row.topic());
    }
}
