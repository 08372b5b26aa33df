package dev.voltstream.fraud.rules;

import dev.voltstream.contracts.Verdict;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static dev.voltstream.fraud.rules.Transactions.T0;
import static dev.voltstream.fraud.rules.Transactions.tx;
import static org.assertj.core.api.Assertions.assertThat;

class RuleEngineTest {
    private final RuleEngine engine = RuleEngine.standard(Thresholds.defaults());

    private static AccountHistory steadyHistory() {
        return new AccountHistory("acc-1", false, 10, new BigDecimal("1000.00"), Transactions.BERLIN,
                T0.minusSeconds(3600), null, null, List.of());
    }

    @Test
    void anOrdinaryPaymentIsApprovedWithNoReasons() {
        Decision d = engine.evaluate(tx("acc-1", "42.50", T0), steadyHistory());

        assertThat(d.verdict()).isEqualTo(Verdict.APPROVED);
        assertThat(d.reasons()).isEmpty();
    }

    @Test
    void aMediumFraudHitAloneApprovesButIsReported() {
        // average 100, 600 is above 5 x 100 and above 500: AMOUNT_ANOMALY (MEDIUM)
        Decision d = engine.evaluate(tx("acc-1", "600.00", T0), steadyHistory());

        assertThat(d.verdict()).isEqualTo(Verdict.APPROVED);
        assertThat(d.reasons()).containsExactly(RuleNames.AMOUNT_ANOMALY);
        assertThat(d.fraudHits()).hasSize(1);
    }

    @Test
    void aComplianceHitDeclinesAndEveryHitIsCollected() {
        Decision d = engine.evaluate(tx("acc-1", "2500.00", T0), steadyHistory());

        assertThat(d.verdict()).isEqualTo(Verdict.DECLINED);
        assertThat(d.reasons()).containsExactly(RuleNames.PER_TRANSACTION_LIMIT, RuleNames.AMOUNT_ANOMALY);
        assertThat(d.fraudHits()).extracting(RuleHit::rule).containsExactly(RuleNames.AMOUNT_ANOMALY);
    }

    @Test
    void aHighFraudHitDeclines() {
        Decision d = engine.evaluate(tx("acc-1", "10.00", T0, Transactions.MADRID), steadyHistory());

        assertThat(d.verdict()).isEqualTo(Verdict.DECLINED);
        assertThat(d.reasons()).containsExactly(RuleNames.IMPOSSIBLE_TRAVEL);
    }

    @Test
    void severityIsConfigurable() {
        Thresholds d = Thresholds.defaults();
        Thresholds lenientTravel = new Thresholds(d.perTransactionLimit(), d.dailyLimit(), d.dayZone(),
                d.velocityMaxCount(), d.velocityWindow(), d.velocitySeverity(), d.anomalyFactor(),
                d.anomalyMinHistory(), d.anomalyMinAmount(), d.anomalySeverity(), d.travelMaxSpeedKmh(),
                d.travelMinDistanceKm(), Severity.LOW);

        Decision decision = RuleEngine.standard(lenientTravel)
                .evaluate(tx("acc-1", "10.00", T0, Transactions.MADRID), steadyHistory());

        assertThat(decision.verdict()).isEqualTo(Verdict.APPROVED);
        assertThat(decision.reasons()).containsExactly(RuleNames.IMPOSSIBLE_TRAVEL);
    }
}
