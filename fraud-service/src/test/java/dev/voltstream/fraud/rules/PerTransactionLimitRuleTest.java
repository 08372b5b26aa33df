package dev.voltstream.fraud.rules;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static dev.voltstream.fraud.rules.Transactions.T0;
import static dev.voltstream.fraud.rules.Transactions.tx;
import static org.assertj.core.api.Assertions.assertThat;

class PerTransactionLimitRuleTest {
    private final PerTransactionLimitRule rule = new PerTransactionLimitRule(new BigDecimal("2000.00"));
    private final AccountHistory history = AccountHistory.empty("acc-1", false);

    @Test
    void anAmountAtTheLimitPasses() {
        assertThat(rule.evaluate(tx("acc-1", "2000.00", T0), history)).isEmpty();
    }

    @Test
    void anAmountAboveTheLimitIsACompliancehit() {
        RuleHit hit = rule.evaluate(tx("acc-1", "2000.01", T0), history).orElseThrow();

        assertThat(hit.rule()).isEqualTo(RuleNames.PER_TRANSACTION_LIMIT);
        assertThat(hit.kind()).isEqualTo(RuleKind.COMPLIANCE);
        assertThat(hit.declines()).isTrue();
        assertThat(hit.detail()).contains("2000.01", "2000.00");
    }
}
