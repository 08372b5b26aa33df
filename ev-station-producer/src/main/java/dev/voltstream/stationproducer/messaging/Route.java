package dev.voltstream.stationproducer.messaging;

import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.SessionProgress;
import dev.voltstream.contracts.SessionStarted;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.contracts.StationTelemetry;
import dev.voltstream.contracts.Topics;
import dev.voltstream.contracts.Transaction;

/**
 * Where an event goes: topic, channel, record key (stationId for station and session events, accountId for
 * payments, as SYSTEM.md keys them) and CloudEvents type.
 */
public record Route(String topic, String channel, String key, String type) {

    /** The route of an event this producer emits; other events are a programming error. */
    public static Route of(Event event) {
        if (event instanceof Transaction t) {
            return new Route(Topics.TRANSACTIONS, Channels.TRANSACTIONS, t.accountId(), EventTypes.TRANSACTION);
        }
        if (event instanceof StationStatusChanged s) {
            return new Route(Topics.STATION_STATUS, Channels.STATION_STATUS, s.stationId(),
                    EventTypes.STATION_STATUS_CHANGED);
        }
        if (event instanceof StationTelemetry s) {
            return new Route(Topics.STATION_METRICS, Channels.STATION_METRICS, s.stationId(),
                    EventTypes.STATION_TELEMETRY);
        }
        if (event instanceof SessionStarted s) {
            return session(s.stationId(), EventTypes.SESSION_STARTED);
        }
        if (event instanceof SessionProgress s) {
            return session(s.stationId(), EventTypes.SESSION_PROGRESS);
        }
        if (event instanceof SessionCompleted s) {
            return session(s.stationId(), EventTypes.SESSION_COMPLETED);
        }
        throw new IllegalArgumentException("ev-station-producer does not emit " + event.getClass().getSimpleName());
    }

    private static Route session(String stationId, String type) {
        return new Route(Topics.CHARGING_SESSIONS, Channels.CHARGING_SESSIONS, stationId, type);
    }
}
