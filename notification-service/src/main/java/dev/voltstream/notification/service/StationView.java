package dev.voltstream.notification.service;

import dev.voltstream.contracts.StationStatus;
import dev.voltstream.notification.domain.StationState;
import java.time.Instant;

/** A station's current status as the REST API and the live stream show it. */
public record StationView(String stationId, StationStatus status, StationStatus previous, Double lat, Double lon,
                          Instant changedAt) {

    /** The view of a stored station state. */
    public static StationView of(StationState s) {
        return new StationView(s.stationId, s.status, s.previous, s.lat, s.lon, s.changedAt);
    }
}
