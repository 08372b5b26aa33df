package dev.voltstream.contracts;

import java.time.Instant;

/** A driver plugged in. Topic charging-sessions, key stationId. */
public record SessionStarted(String eventId, String sessionId, String stationId, String accountId,
                             Instant occurredAt) implements Event {
}
