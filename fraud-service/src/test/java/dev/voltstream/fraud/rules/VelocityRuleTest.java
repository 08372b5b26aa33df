package dev.voltstream.fraud.rules;

import dev.voltstream.contracts.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;

import static dev.voltstream.fraud.rules.Transactions.T0;
import static dev.voltstream.fraud.rules.Transactions.tx;
import static org.assertj.core.api.Assertions.assertThat;

class VelocityRuleTest {
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private final VelocityRule rule = new VelocityRule(5, WINDOW, Severity.HIGH);

    /** The history after one transaction every {@code step} starting at T0. */
    private static AccountHistory after(int count, Duration step) {
        AccountHistory h = AccountHistory.empty("acc-1", false);
        for (int i = 0; i < count; i++) {
            h = h.record(tx("acc-1", "10.00", T0.plus(step.multipliedBy(i))), true, WINDOW, ZoneId.of("UTC"));
        }
        return h;
    }

    @Test
    void theFifthTransactionInTheWindowPasses() {
        Transaction fifth = tx("acc-1", "10.00", T0.plusSeconds(40));

        assertThat(rule.evaluate(fifth, after(4, Duration.ofSeconds(10)))).isEmpty();
    }

    @Test
    void theSixthTransactionInTheWindowFires() {
        Transaction sixth = tx("acc-1", "10.00", T0.plusSeconds(50));

        RuleHit hit = rule.evaluate(sixth, after(5, Duration.ofSeconds(10))).orElseThrow();

        assertThat(hit.rule()).isEqualTo(RuleNames.VELOCITY);
        assertThat(hit.kind()).isEqualTo(RuleKind.FRAUD);
        assertThat(hit.severity()).isEqualTo(Severity.HIGH);
        assertThat(hit.detail()).startsWith("6 transactions within 60 s");
    }

    @Test
    void theWindowSlides() {
        // five at T0..T0+40s; at T0+60s the one at T0 has left the (t-60s, t] window
        Transaction later = tx("acc-1", "10.00", T0.plusSeconds(60));

        assertThat(rule.evaluate(later, after(5, Duration.ofSeconds(10)))).isEmpty();
    }

    @Test
    void declinedAttemptsCountToo() {
        AccountHistory h = AccountHistory.empty("acc-1", false);
        for (int i = 0; i < 5; i++) {
            h = h.record(tx("acc-1", "10.00", T0.plusSeconds(i)), false, WINDOW, ZoneId.of("UTC"));
        }

        assertThat(rule.evaluate(tx("acc-1", "10.00", T0.plusSeconds(5)), h)).isPresent();
    }
}
