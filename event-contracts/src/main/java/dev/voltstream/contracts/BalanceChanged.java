package dev.voltstream.contracts;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An account balance changed by delta (negative for a payment), with the new balance and what caused it (cause =
 * TRANSACTION, causeId = the transaction id). Topic account-updates, key accountId.
 */
public record BalanceChanged(String eventId, String accountId, BigDecimal delta, BigDecimal newBalance,
                             String currency, String cause, String causeId, Instant occurredAt) implements Event {
}
