package dev.voltstream.fraud.rules;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

import static dev.voltstream.fraud.rules.Transactions.BERLIN;
import static dev.voltstream.fraud.rules.Transactions.MADRID;
import static dev.voltstream.fraud.rules.Transactions.T0;
import static dev.voltstream.fraud.rules.Transactions.tx;
import static org.assertj.core.api.Assertions.assertThat;

class AccountHistoryTest {
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void anApprovedTransactionMovesAverageDayTotalAndLocation() {
        AccountHistory h = AccountHistory.empty("acc-1", false)
                .record(tx("acc-1", "100.00", T0, BERLIN), true, WINDOW, UTC)
                .record(tx("acc-1", "50.00", T0.plusSeconds(10), MADRID), true, WINDOW, UTC);

        assertThat(h.approvedCount()).isEqualTo(2);
        assertThat(h.averageAmount()).isEqualByComparingTo("75.00");
        assertThat(h.day()).isEqualTo(LocalDate.of(2026, 11, 25));
        assertThat(h.dayTotal()).isEqualByComparingTo("150.00");
        assertThat(h.lastLocation()).isEqualTo(MADRID);
        assertThat(h.lastAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(h.recent()).hasSize(2);
    }

    @Test
    void aDeclinedTransactionOnlyJoinsTheVelocityWindow() {
        AccountHistory approved = AccountHistory.empty("acc-1", false)
                .record(tx("acc-1", "100.00", T0, BERLIN), true, WINDOW, UTC);

        AccountHistory h = approved.record(tx("acc-1", "9999.00", T0.plusSeconds(5), MADRID), false, WINDOW, UTC);

        assertThat(h.approvedCount()).isEqualTo(1);
        assertThat(h.approvedSum()).isEqualByComparingTo("100.00");
        assertThat(h.dayTotal()).isEqualByComparingTo("100.00");
        assertThat(h.lastLocation()).isEqualTo(BERLIN);
        assertThat(h.recent()).containsExactly(T0, T0.plusSeconds(5));
    }

    @Test
    void entriesOlderThanTheWindowDropOut() {
        AccountHistory h = AccountHistory.empty("acc-1", false)
                .record(tx("acc-1", "1.00", T0), true, WINDOW, UTC)
                .record(tx("acc-1", "1.00", T0.plusSeconds(61)), true, WINDOW, UTC);

        assertThat(h.recent()).containsExactly(T0.plusSeconds(61));
    }

    @Test
    void aNewDayResetsTheDayTotal() {
        AccountHistory h = AccountHistory.empty("acc-1", false)
                .record(tx("acc-1", "4000.00", T0), true, WINDOW, UTC)
                .record(tx("acc-1", "300.00", T0.plus(Duration.ofDays(1))), true, WINDOW, UTC);

        assertThat(h.day()).isEqualTo(LocalDate.of(2026, 11, 26));
        assertThat(h.dayTotal()).isEqualByComparingTo(new BigDecimal("300.00"));
    }
}
