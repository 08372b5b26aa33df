package dev.voltstream.fraud.service;

import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.contracts.Verdict;
import dev.voltstream.fraud.rules.Decision;
import dev.voltstream.fraud.rules.RuleHit;
import dev.voltstream.fraud.rules.RuleNames;
import dev.voltstream.fraud.rules.Severity;
import dev.voltstream.fraud.rules.Transactions;
import dev.voltstream.testkit.EventSchemas;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictAssemblerTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:01Z");
    private final VerdictAssembler assembler = new VerdictAssembler(Clock.fixed(NOW, ZoneOffset.UTC));
    private final Transaction tx = Transactions.tx("acc-0001", "700.00", Transactions.T0);
    private final Decision decision = Decision.of(List.of(
            RuleHit.compliance(RuleNames.ACCOUNT_BLOCKED, "blocked"),
            RuleHit.fraud(RuleNames.AMOUNT_ANOMALY, Severity.MEDIUM, "big")));

    @Test
    void theVerdictIdDependsOnlyOnTheTransaction() {
        TransactionVerdict v = assembler.verdict(tx, decision);

        assertThat(v.eventId()).isEqualTo("verdict-" + tx.transactionId());
        assertThat(v.verdict()).isEqualTo(Verdict.DECLINED);
        assertThat(v.reasons()).containsExactly(RuleNames.ACCOUNT_BLOCKED, RuleNames.AMOUNT_ANOMALY);
        assertThat(v.transaction()).isEqualTo(tx);
        assertThat(v.occurredAt()).isEqualTo(NOW);
    }

    @Test
    void onlyFraudHitsBecomeAlerts() {
        List<FraudAlert> alerts = assembler.alerts(tx, decision);

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.eventId()).isEqualTo("alert-" + tx.transactionId() + "-AMOUNT_ANOMALY");
            assertThat(a.alertId()).isEqualTo(tx.transactionId() + ":AMOUNT_ANOMALY");
            assertThat(a.severity()).isEqualTo("MEDIUM");
            assertThat(a.occurredAt()).isEqualTo(NOW);
        });
    }

    @Test
    void verdictsAndAlertsValidateAgainstTheirSchemas() {
        EventSchemas.assertValid(assembler.verdict(tx, decision));
        assembler.alerts(tx, decision).forEach(EventSchemas::assertValid);
    }
}
