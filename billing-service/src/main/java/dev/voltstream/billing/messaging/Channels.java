package dev.voltstream.billing.messaging;

/** Channel names of application.properties ({@code mp.messaging.incoming|outgoing.<channel>.*}). */
public final class Channels {
    /** charging-sessions → invoices. */
    public static final String CHARGING_SESSIONS_IN = "charging-sessions-in";
    /** transaction-verdicts → ledger postings. */
    public static final String TRANSACTION_VERDICTS_IN = "transaction-verdicts-in";
    /** Outbox rows for the invoices topic. */
    public static final String INVOICES_OUT = "invoices-out";
    /** Outbox rows for the transactions topic (CHARGING payments). */
    public static final String TRANSACTIONS_OUT = "transactions-out";
    /** Outbox rows for the account-updates topic. */
    public static final String ACCOUNT_UPDATES_OUT = "account-updates-out";

    private Channels() {
    }
}
