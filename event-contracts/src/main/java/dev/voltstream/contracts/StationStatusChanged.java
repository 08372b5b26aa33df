package dev.voltstream.contracts;

import java.time.Instant;

/** A station became AVAILABLE, OCCUPIED or OUT_OF_SERVICE. Topic station-status, key stationId. */
public record StationStatusChanged(String eventId, String stationId, StationStatus status, StationStatus previous,
                                   GeoLocation location, Instant occurredAt) implements Event {
}
