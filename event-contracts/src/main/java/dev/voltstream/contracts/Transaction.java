package dev.voltstream.contracts;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A payment from an account: amount (positive, two decimals) in currency, where it happened (a station or terminal
 * location), and for CHARGING payments the invoice it pays. Topic transactions, key accountId.
 */
public record Transaction(String eventId, String transactionId, String accountId, TransactionType type,
                          BigDecimal amount, String currency, String terminalId, GeoLocation location,
                          String invoiceId, Instant occurredAt) implements Event {
}
