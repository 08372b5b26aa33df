package dev.voltstream.fraud.rules;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static dev.voltstream.fraud.rules.Transactions.BERLIN;
import static dev.voltstream.fraud.rules.Transactions.BERLIN_MITTE;
import static dev.voltstream.fraud.rules.Transactions.MADRID;
import static dev.voltstream.fraud.rules.Transactions.T0;
import static dev.voltstream.fraud.rules.Transactions.tx;
import static org.assertj.core.api.Assertions.assertThat;

class ImpossibleTravelRuleTest {
    private final ImpossibleTravelRule rule = new ImpossibleTravelRule(900, 50, Severity.HIGH);
    private final AccountHistory inBerlinAtT0 = new AccountHistory("acc-1", false, 1, new BigDecimal("10.00"), BERLIN,
            T0, null, null, List.of());

    @Test
    void berlinToMadridInTenMinutesFires() {
        // ~1,870 km in 10 minutes
        RuleHit hit = rule.evaluate(tx("acc-1", "10.00", T0.plus(Duration.ofMinutes(10)), MADRID), inBerlinAtT0)
                .orElseThrow();

        assertThat(hit.rule()).isEqualTo(RuleNames.IMPOSSIBLE_TRAVEL);
        assertThat(hit.declines()).isTrue();
        assertThat(hit.detail()).contains("km/h");
    }

    @Test
    void berlinToMadridByPlanePasses() {
        // ~1,870 km in 3 hours is ~620 km/h
        assertThat(rule.evaluate(tx("acc-1", "10.00", T0.plus(Duration.ofHours(3)), MADRID), inBerlinAtT0)).isEmpty();
    }

    @Test
    void farApartAtTheSameInstantFires() {
        assertThat(rule.evaluate(tx("acc-1", "10.00", T0, MADRID), inBerlinAtT0)).isPresent();
    }

    @Test
    void nearbyTerminalsNeverFire() {
        // under a kilometre apart, one second later
        assertThat(rule.evaluate(tx("acc-1", "10.00", T0.plusSeconds(1), BERLIN_MITTE), inBerlinAtT0)).isEmpty();
    }

    @Test
    void noPreviousLocationNeverFires() {
        assertThat(rule.evaluate(tx("acc-1", "10.00", T0, MADRID), AccountHistory.empty("acc-1", false))).isEmpty();
    }
}
