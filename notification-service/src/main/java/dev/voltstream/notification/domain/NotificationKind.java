package dev.voltstream.notification.domain;

/** What a notification tells its account holder. */
public enum NotificationKind {
    /** The balance changed (account-updates). */
    BALANCE_CHANGED,
    /** The balance fell below the configured threshold (account-updates). */
    LOW_BALANCE,
    /** A fraud rule fired on one of the account's transactions (fraud-alerts). */
    FRAUD_ALERT,
    /** A charging session was invoiced (invoices). */
    INVOICE_ISSUED,
    /** A station the account watches became available (station-status). */
    STATION_AVAILABLE
}
