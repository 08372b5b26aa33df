package dev.voltstream.contracts;

import java.util.Map;

/** Topic names of the EV charging and payments system (keys in brackets). */
public final class Topics {
    /**
     * StationStatusChanged [stationId]. Compacted ({@link #configs}): the latest status of every station stays, which
     * is what notification-service rebuilds its station board from; producers must always set the key.
     */
    public static final String STATION_STATUS = "station-status";
    /** StationTelemetry [stationId]. */
    public static final String STATION_METRICS = "station-metrics";
    /** SessionStarted / SessionProgress / SessionCompleted [stationId]. */
    public static final String CHARGING_SESSIONS = "charging-sessions";
    /** Transaction [accountId]. */
    public static final String TRANSACTIONS = "transactions";
    /** TransactionVerdict [accountId]. */
    public static final String TRANSACTION_VERDICTS = "transaction-verdicts";
    /** FraudAlert [accountId]. */
    public static final String FRAUD_ALERTS = "fraud-alerts";
    /** BalanceChanged [accountId]. */
    public static final String ACCOUNT_UPDATES = "account-updates";
    /** InvoiceIssued [accountId]. */
    public static final String INVOICES = "invoices";

    /** The topic configs the system relies on, set when the topic is created. */
    private static final Map<String, Map<String, String>> CONFIGS = Map.of(
            STATION_STATUS, Map.of("cleanup.policy", "compact,delete"));

    private Topics() {
    }

    /** The configs a topic must be created with (empty: the broker's defaults do). */
    public static Map<String, String> configs(String topic) {
        return CONFIGS.getOrDefault(topic, Map.of());
    }

    /** The dead-letter topic of a topic: the poison record plus reason headers. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
