package dev.voltstream.stationproducer.messaging;

/** The outgoing channels, one per topic (topics are set in application.properties). */
public final class Channels {
    public static final String STATION_STATUS = "station-status-out";
    public static final String STATION_METRICS = "station-metrics-out";
    public static final String CHARGING_SESSIONS = "charging-sessions-out";
    public static final String TRANSACTIONS = "transactions-out";

    private Channels() {
    }
}
