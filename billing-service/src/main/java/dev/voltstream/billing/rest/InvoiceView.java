package dev.voltstream.billing.rest;

import dev.voltstream.billing.domain.Invoice;

import java.math.BigDecimal;
import java.time.Instant;

/** An invoice as the API shows it. */
public record InvoiceView(String invoiceId, String sessionId, String stationId, String accountId, double energyKwh,
                          BigDecimal tariffPerKwh, int idleMinutes, BigDecimal idleFeePerMinute, BigDecimal amount,
                          BigDecimal platformCommission, String currency, String transactionId, Instant issuedAt) {
    static InvoiceView of(Invoice i) {
        return new InvoiceView(i.invoiceId, i.sessionId, i.stationId, i.accountId, i.energyKwh, i.tariffPerKwh,
                i.idleMinutes, i.idleFeePerMinute, i.amount, i.platformCommission, i.currency, i.transactionId,
                i.issuedAt);
    }
}
