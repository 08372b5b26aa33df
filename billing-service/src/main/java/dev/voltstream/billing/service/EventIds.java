package dev.voltstream.billing.service;

/**
 * Deterministic ids for everything billing creates, derived from what caused it, so a redelivered input or a
 * re-published outbox row is recognisable as the same thing.
 */
public final class EventIds {
    private EventIds() {
    }

    /** The invoice of a charging session. */
    public static String invoiceId(String sessionId) {
        return "inv-" + sessionId;
    }

    /** The CHARGING transaction that pays an invoice. */
    public static String chargingTransactionId(String invoiceId) {
        return "chg-" + invoiceId;
    }

    /** The InvoiceIssued event of an invoice. */
    public static String invoiceIssuedEventId(String invoiceId) {
        return "invoice-" + invoiceId;
    }

    /** The Transaction event of a transaction billing emits: one event per transaction, so the same id. */
    public static String transactionEventId(String transactionId) {
        return transactionId;
    }

    /** The BalanceChanged event caused by a transaction. */
    public static String balanceChangedEventId(String transactionId) {
        return "balance-" + transactionId;
    }

    /** The ledger posting of a transaction. */
    public static String postingId(String transactionId) {
        return "tx:" + transactionId;
    }

    /** The opening entry of an account. */
    public static String openingPostingId(String accountId) {
        return "opening:" + accountId;
    }
}
