package dev.voltstream.billing.service;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money is a BigDecimal with two decimals, rounded half-even (banker's rounding, no drift over many invoices). */
public final class Money {
    /** Decimals of every amount. */
    public static final int SCALE = 2;

    private Money() {
    }

    /** The amount rounded to cents. */
    public static BigDecimal of(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_EVEN);
    }
}
