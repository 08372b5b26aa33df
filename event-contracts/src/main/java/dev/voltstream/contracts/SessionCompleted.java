package dev.voltstream.contracts;

import java.time.Instant;

/**
 * A session ended: total energy, and the minutes the car stayed plugged in after charging finished (billed as idle
 * fee). Topic charging-sessions, key stationId.
 */
public record SessionCompleted(String eventId, String sessionId, String stationId, String accountId,
                               double energyKwh, int idleMinutes, Instant startedAt, Instant occurredAt)
        implements Event {
}
