package dev.voltstream.contracts;

import java.time.Instant;

/** A station's periodic reading. Topic station-metrics, key stationId. */
public record StationTelemetry(String eventId, String stationId, double powerKw, double energyKwh,
                               double temperatureC, Instant occurredAt) implements Event {
}
