package dev.voltstream.billing.messaging;

/**
 * Incoming channel names of application.properties ({@code mp.messaging.incoming.<channel>.*}); the outbox's rows go
 * out through the kit's one outgoing channel ({@code OutboxRelay.CHANNEL}).
 */
public final class Channels {
    /** charging-sessions → invoices. */
    public static final String CHARGING_SESSIONS_IN = "charging-sessions-in";
    /** transaction-verdicts → ledger postings. */
    public static final String TRANSACTION_VERDICTS_IN = "transaction-verdicts-in";

    private Channels() {
    }
}
