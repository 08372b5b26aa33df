package dev.voltstream.contracts;

import java.util.Map;

/**
 * CloudEvents {@code type} of every event (the {@code ce_type} header in Kafka binary mode). Consumers dispatch on it;
 * an unknown type is counted and skipped.
 */
public final class EventTypes {
    public static final String STATION_STATUS_CHANGED = "dev.voltstream.station.StatusChanged";
    public static final String STATION_TELEMETRY = "dev.voltstream.station.Telemetry";
    public static final String SESSION_STARTED = "dev.voltstream.charging.SessionStarted";
    public static final String SESSION_PROGRESS = "dev.voltstream.charging.SessionProgress";
    public static final String SESSION_COMPLETED = "dev.voltstream.charging.SessionCompleted";
    public static final String TRANSACTION = "dev.voltstream.payments.Transaction";
    public static final String TRANSACTION_VERDICT = "dev.voltstream.payments.TransactionVerdict";
    public static final String FRAUD_ALERT = "dev.voltstream.payments.FraudAlert";
    public static final String BALANCE_CHANGED = "dev.voltstream.billing.BalanceChanged";
    public static final String INVOICE_ISSUED = "dev.voltstream.billing.InvoiceIssued";

    /** Event type → the record class that carries it. */
    public static final Map<String, Class<? extends Event>> CLASSES = Map.of(
            STATION_STATUS_CHANGED, StationStatusChanged.class,
            STATION_TELEMETRY, StationTelemetry.class,
            SESSION_STARTED, SessionStarted.class,
            SESSION_PROGRESS, SessionProgress.class,
            SESSION_COMPLETED, SessionCompleted.class,
            TRANSACTION, Transaction.class,
            TRANSACTION_VERDICT, TransactionVerdict.class,
            FRAUD_ALERT, FraudAlert.class,
            BALANCE_CHANGED, BalanceChanged.class,
            INVOICE_ISSUED, InvoiceIssued.class);

    private EventTypes() {
    }
}
