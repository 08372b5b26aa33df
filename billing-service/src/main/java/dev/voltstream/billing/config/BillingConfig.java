package dev.voltstream.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;

/**
 * Tariffs, opening balance and the platform account ({@code billing.*} in application.properties); the outbox and the
 * consumer retries are the kit's {@code voltstream.outbox.*} and {@code voltstream.consumer.*}.
 */
@ConfigMapping(prefix = "billing")
public interface BillingConfig {

    /** Price of one kWh of energy. */
    @WithDefault("0.39")
    BigDecimal tariffPerKwh();

    /** Price of one minute plugged in after charging finished. */
    @WithDefault("0.10")
    BigDecimal idleFeePerMinute();

    /** Share of each invoice that is the platform's commission. */
    @WithDefault("0.15")
    BigDecimal commissionRate();

    /** Balance an account is opened with at first sight (an OPENING ledger entry). */
    @WithDefault("5000.00")
    BigDecimal openingBalance();

    /** Currency of accounts, invoices and charging payments. */
    @WithDefault("EUR")
    String currency();

    /** The ledger account that is credited with every approved payment. */
    @WithDefault("platform")
    String platformAccount();
}
