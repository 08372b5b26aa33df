package dev.voltstream.contracts;

import java.time.Instant;

/** Energy delivered so far in a session. Topic charging-sessions, key stationId. */
public record SessionProgress(String eventId, String sessionId, String stationId, String accountId,
                              double energyKwh, double powerKw, Instant occurredAt) implements Event {
}
