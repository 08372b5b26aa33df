package dev.voltstream.billing.service;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How a charging session is priced: energy × price per kWh plus idle minutes × idle fee, of which the platform keeps
 * a commission.
 */
public record Tariff(BigDecimal pricePerKwh, BigDecimal idleFeePerMinute, BigDecimal commissionRate) {

    public Tariff {
        Objects.requireNonNull(pricePerKwh, "pricePerKwh");
        Objects.requireNonNull(idleFeePerMinute, "idleFeePerMinute");
        Objects.requireNonNull(commissionRate, "commissionRate");
        if (pricePerKwh.signum() < 0 || idleFeePerMinute.signum() < 0) {
            throw new IllegalArgumentException("prices must not be negative");
        }
        if (commissionRate.signum() < 0 || commissionRate.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("commission rate must be within [0, 1]: " + commissionRate);
        }
    }

    /** The invoice amount and commission for a session, rounded to cents. */
    public InvoiceAmounts price(double energyKwh, int idleMinutes) {
        if (!Double.isFinite(energyKwh) || energyKwh < 0) {
            throw new IllegalArgumentException("energy must be a finite, non-negative number: " + energyKwh);
        }
        if (idleMinutes < 0) {
            throw new IllegalArgumentException("idle minutes must not be negative: " + idleMinutes);
        }
        // BigDecimal.valueOf uses the double's shortest decimal form (12.3 stays 12.3, not 12.2999...).
        BigDecimal energyCost = BigDecimal.valueOf(energyKwh).multiply(pricePerKwh);
        BigDecimal idleCost = idleFeePerMinute.multiply(BigDecimal.valueOf(idleMinutes));
        BigDecimal amount = Money.of(energyCost.add(idleCost));
        return new InvoiceAmounts(amount, Money.of(amount.multiply(commissionRate)));
    }

    /** What a session costs and the platform's part of it. */
    public record InvoiceAmounts(BigDecimal amount, BigDecimal platformCommission) {
    }
}
