package dev.voltstream.contracts;

import java.time.Instant;

/** Every event has a unique id (the CloudEvents id, used for idempotent consumption) and a time. */
public interface Event {
    String eventId();

    Instant occurredAt();
}
