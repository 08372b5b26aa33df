package dev.voltstream.contracts;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The bill for a completed session: energy × tariff + idle minutes × idle fee = amount; the platform's commission is
 * part of the amount. Topic invoices, key accountId.
 */
public record InvoiceIssued(String eventId, String invoiceId, String sessionId, String stationId, String accountId,
                            double energyKwh, BigDecimal tariffPerKwh, int idleMinutes, BigDecimal idleFeePerMinute,
                            BigDecimal amount, BigDecimal platformCommission, String currency, Instant occurredAt)
        implements Event {
}
