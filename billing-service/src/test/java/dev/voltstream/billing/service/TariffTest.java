package dev.voltstream.billing.service;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TariffTest {
    private final Tariff tariff = new Tariff(new BigDecimal("0.39"), new BigDecimal("0.10"), new BigDecimal("0.15"));

    @Test
    void energyTimesTariffPlusIdleMinutesTimesFeeRoundedHalfEven() {
        // 32.5 × 0.39 + 12 × 0.10 = 13.875 → 13.88 (7 is odd, so half-even rounds up); commission 2.082 → 2.08
        Tariff.InvoiceAmounts amounts = tariff.price(32.5, 12);

        assertThat(amounts.amount()).isEqualByComparingTo("13.88").hasScaleOf(2);
        assertThat(amounts.platformCommission()).isEqualByComparingTo("2.08").hasScaleOf(2);
    }

    @Test
    void halfCentRoundsToTheEvenNeighbour() {
        Tariff cheap = new Tariff(new BigDecimal("0.01"), BigDecimal.ZERO, new BigDecimal("0.5"));

        // 12.5 × 0.01 = 0.125 → 0.12 (2 is even); commission 0.06
        Tariff.InvoiceAmounts amounts = cheap.price(12.5, 0);

        assertThat(amounts.amount()).isEqualByComparingTo("0.12");
        assertThat(amounts.platformCommission()).isEqualByComparingTo("0.06");
    }

    @Test
    void decimalEnergyIsPricedExactlyNotAsABinaryFraction() {
        // 0.1 + 0.2 kWh style values: 10.1 × 0.39 = 3.939 → 3.94 (a binary double would give 3.93899...)
        assertThat(tariff.price(10.1, 0).amount()).isEqualByComparingTo("3.94");
    }

    @Test
    void idleTimeAloneIsBilled() {
        assertThat(tariff.price(0, 30).amount()).isEqualByComparingTo("3.00");
    }

    @Test
    void anEmptySessionCostsNothing() {
        Tariff.InvoiceAmounts amounts = tariff.price(0, 0);

        assertThat(amounts.amount()).isEqualByComparingTo("0.00");
        assertThat(amounts.platformCommission()).isEqualByComparingTo("0.00");
    }

    @Test
    void rejectsNegativeOrNonFiniteQuantities() {
        assertThatThrownBy(() -> tariff.price(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tariff.price(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tariff.price(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsACommissionRateOutsideZeroToOne() {
        assertThatThrownBy(() -> new Tariff(BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("1.5")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
