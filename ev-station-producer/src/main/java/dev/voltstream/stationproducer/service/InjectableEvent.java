package dev.voltstream.stationproducer.service;

/** The event types that can be injected one at a time. */
public enum InjectableEvent {
    STATION_STATUS_CHANGED, STATION_TELEMETRY, SESSION_STARTED, SESSION_PROGRESS, SESSION_COMPLETED, TRANSACTION
}
