package dev.voltstream.contracts;

/** Topic names of the EV charging and payments system (keys in brackets). */
public final class Topics {
    /** StationStatusChanged [stationId]. */
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

    private Topics() {
    }

    /** The dead-letter topic of a topic: the poison record plus reason headers. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
