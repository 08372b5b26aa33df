package dev.voltstream.fraud.messaging;

/** Channel names (configured in application.properties; each maps to the topic of the same name). */
public final class Channels {
    /** Incoming Transaction events. */
    public static final String TRANSACTIONS = "transactions";
    /** Outgoing TransactionVerdict events. */
    public static final String VERDICTS = "transaction-verdicts";
    /** Outgoing FraudAlert events. */
    public static final String ALERTS = "fraud-alerts";
    /** CloudEvents source of everything this service emits. */
    public static final String SOURCE = "/voltstream/fraud-service";

    private Channels() {
    }
}
