package dev.voltstream.kit.db;

import dev.voltstream.kit.events.OutgoingEvent;

import java.net.URI;

/** An outbox row as the event the relay publishes: CloudEvents source {@code /voltstream/<application>}. */
final class OutboxRecords {
    private OutboxRecords() {
    }

    /** The CloudEvents source of a service's events. */
    static URI source(String application) {
        return URI.create("/voltstream/" + application);
    }

    static OutgoingEvent event(OutboxEvent row, URI source) {
        return new OutgoingEvent(row.eventId(), row.type(), source, row.key(), row.payload(), row.createdAt());
    }
}
