package dev.voltstream.fraud.rules;

import org.junit.jupiter.api.Test;

import static dev.voltstream.fraud.rules.Transactions.T0;
import static dev.voltstream.fraud.rules.Transactions.tx;
import static org.assertj.core.api.Assertions.assertThat;

class BlockedAccountRuleTest {
    private final BlockedAccountRule rule = new BlockedAccountRule();

    @Test
    void aBlockedAccountIsDeclined() {
        RuleHit hit = rule.evaluate(tx("acc-1", "1.00", T0), AccountHistory.empty("acc-1", true)).orElseThrow();

        assertThat(hit.rule()).isEqualTo(RuleNames.ACCOUNT_BLOCKED);
        assertThat(hit.declines()).isTrue();
    }

    @Test
    void anUnblockedAccountPasses() {
        assertThat(rule.evaluate(tx("acc-1", "1.00", T0), AccountHistory.empty("acc-1", false))).isEmpty();
    }
}
