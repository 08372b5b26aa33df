package dev.voltstream.fraud.rules;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static dev.voltstream.fraud.rules.Transactions.T0;
import static dev.voltstream.fraud.rules.Transactions.tx;
import static org.assertj.core.api.Assertions.assertThat;

class AmountAnomalyRuleTest {
    private final AmountAnomalyRule rule = new AmountAnomalyRule(new BigDecimal("5"), 5, new BigDecimal("500.00"),
            Severity.MEDIUM);

    private static AccountHistory history(int count, String average) {
        BigDecimal sum = new BigDecimal(average).multiply(BigDecimal.valueOf(count));
        return new AccountHistory("acc-1", false, count, sum, null, null, null, null, List.of());
    }

    @Test
    void fiveTimesTheAverageFiresOnceThereIsHistory() {
        RuleHit hit = rule.evaluate(tx("acc-1", "600.01", T0), history(5, "120.00")).orElseThrow();

        assertThat(hit.rule()).isEqualTo(RuleNames.AMOUNT_ANOMALY);
        assertThat(hit.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(hit.declines()).isFalse();
        assertThat(hit.detail()).contains("120.00");
    }

    @Test
    void exactlyFiveTimesTheAveragePasses() {
        assertThat(rule.evaluate(tx("acc-1", "600.00", T0), history(5, "120.00"))).isEmpty();
    }

    @Test
    void tooLittleHistoryNeverFires() {
        assertThat(rule.evaluate(tx("acc-1", "1900.00", T0), history(4, "10.00"))).isEmpty();
    }

    @Test
    void smallAmountsNeverFire() {
        // 50 x the average, but not above the 500 floor
        assertThat(rule.evaluate(tx("acc-1", "500.00", T0), history(10, "10.00"))).isEmpty();
    }
}
