package dev.voltstream.stationproducer.service;

import dev.voltstream.contracts.StationStatus;
import dev.voltstream.stationproducer.domain.Station;

/**
 * The simulated state of one station: its status, the session in progress (only while OCCUPIED) and its lifetime
 * energy meter. Mutable; owned by the {@link SimulationEngine}.
 */
final class StationState {
    final Station station;
    StationStatus status = StationStatus.AVAILABLE;
    ChargingSession session;
    double meterKwh;

    StationState(Station station) {
        this.station = station;
    }
}
