package dev.voltstream.contracts;

import java.time.Instant;

/**
 * A fraud rule fired on a transaction (VELOCITY, AMOUNT_ANOMALY, IMPOSSIBLE_TRAVEL, ...). Severity HIGH means the
 * transaction was declined. Topic fraud-alerts, key accountId.
 */
public record FraudAlert(String eventId, String alertId, String transactionId, String accountId, String rule,
                         String severity, String detail, Instant occurredAt) implements Event {
}
