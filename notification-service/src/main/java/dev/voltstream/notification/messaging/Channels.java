package dev.voltstream.notification.messaging;

import dev.voltstream.contracts.Topics;

/** Incoming channel names (configured in application.properties); each is named after the topic it reads. */
public final class Channels {
    /** BalanceChanged. */
    public static final String ACCOUNT_UPDATES = Topics.ACCOUNT_UPDATES;
    /** FraudAlert. */
    public static final String FRAUD_ALERTS = Topics.FRAUD_ALERTS;
    /** InvoiceIssued. */
    public static final String INVOICES = Topics.INVOICES;
    /** StationStatusChanged. */
    public static final String STATION_STATUS = Topics.STATION_STATUS;

    private Channels() {
    }
}
