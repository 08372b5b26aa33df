package dev.voltstream.fraud.rules;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static dev.voltstream.fraud.rules.Transactions.T0;
import static dev.voltstream.fraud.rules.Transactions.tx;
import static org.assertj.core.api.Assertions.assertThat;

class DailyLimitRuleTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private final DailyLimitRule rule = new DailyLimitRule(new BigDecimal("5000.00"), UTC);

    private static AccountHistory spent(String amount, LocalDate day) {
        return new AccountHistory("acc-1", false, 3, new BigDecimal(amount), null, null, day, new BigDecimal(amount),
                List.of());
    }

    @Test
    void reachingTheLimitExactlyPasses() {
        assertThat(rule.evaluate(tx("acc-1", "1000.00", T0), spent("4000.00", LocalDate.of(2026, 11, 25)))).isEmpty();
    }

    @Test
    void goingOverTheLimitOnTheSameDayFires() {
        RuleHit hit = rule.evaluate(tx("acc-1", "1000.01", T0), spent("4000.00", LocalDate.of(2026, 11, 25)))
                .orElseThrow();

        assertThat(hit.rule()).isEqualTo(RuleNames.DAILY_LIMIT);
        assertThat(hit.declines()).isTrue();
    }

    @Test
    void aNewDayStartsFromZero() {
        AccountHistory yesterday = spent("4900.00", LocalDate.of(2026, 11, 24));

        assertThat(rule.evaluate(tx("acc-1", "1500.00", T0), yesterday)).isEmpty();
    }

    @Test
    void theDayIsCountedInTheConfiguredZone() {
        // 23:30 UTC on the 25th is already the 26th in Tokyo: yesterday's Tokyo total does not count.
        DailyLimitRule tokyo = new DailyLimitRule(new BigDecimal("5000.00"), ZoneId.of("Asia/Tokyo"));
        AccountHistory tokyo25th = spent("4900.00", LocalDate.of(2026, 11, 25));

        assertThat(tokyo.evaluate(tx("acc-1", "500.00", T0.plus(Duration.ofMinutes(810))), tokyo25th)).isEmpty();
        assertThat(rule.evaluate(tx("acc-1", "500.00", T0.plus(Duration.ofMinutes(810))),
                spent("4900.00", LocalDate.of(2026, 11, 25)))).isPresent();
    }
}
