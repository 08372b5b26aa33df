package dev.voltstream.stationproducer.service;

import dev.voltstream.contracts.Transaction;
import dev.voltstream.stationproducer.domain.Account;
import dev.voltstream.stationproducer.domain.Fleet;
import dev.voltstream.stationproducer.domain.FleetFactory;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each scenario clearly exceeds fraud-service's default threshold for its rule (fraud.* in the shared design) and, on a
 * fresh account, stays clear of every other rule.
 */
class FraudScenariosTest {
    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");
    private static final BigDecimal PER_TRANSACTION_LIMIT = new BigDecimal("2000.00");
    private static final BigDecimal DAILY_LIMIT = new BigDecimal("5000.00");
    private static final int VELOCITY_MAX = 5;
    private static final Duration VELOCITY_WINDOW = Duration.ofSeconds(60);
    private static final double MAX_SPEED_KMH = 900;

    private final Fleet fleet = FleetFactory.build(42, 200, 1000);
    private final FraudScenarios scenarios = new FraudScenarios(fleet,
            new TransactionFactory(new EventIds("t")), new ScenarioSizes());

    private List<Transaction> run(FraudScenario scenario) {
        ScenarioRun run = scenarios.run(scenario, scenarios.freshAccount(), NOON);
        assertThat(run.expectedRule()).isEqualTo(scenario.rule());
        assertThat(run.transactions()).allSatisfy(tx -> assertThat(tx.accountId()).isEqualTo(run.accountId()));
        assertThat(run.transactions().get(run.transactions().size() - 1).occurredAt()).isEqualTo(NOON);
        return run.transactions();
    }

    @Test
    void freshScenarioAccountsAreNumberedAfterTheFleetAndRemembered() {
        Account first = scenarios.freshAccount();
        Account second = scenarios.freshAccount();

        assertThat(first.id()).isEqualTo("acc-9001");
        assertThat(second.id()).isEqualTo("acc-9002");
        assertThat(scenarios.knownAccount("acc-9002")).contains(second);
        assertThat(scenarios.knownAccount("acc-0500")).isPresent();
        assertThat(scenarios.knownAccount("acc-9003")).isEmpty();
    }

    @Test
    void aVelocityBurstIsOverTwiceTheLimitWithinTheWindow() {
        List<Transaction> txs = run(FraudScenario.VELOCITY_BURST);

        assertThat(txs).hasSizeGreaterThan(2 * VELOCITY_MAX);
        assertThat(Duration.between(txs.get(0).occurredAt(), txs.get(txs.size() - 1).occurredAt()))
                .isLessThan(VELOCITY_WINDOW);
        assertThat(txs).allSatisfy(tx -> assertThat(tx.amount()).isLessThan(new BigDecimal("500")));
        assertThat(txs.stream().map(Transaction::location).distinct()).hasSize(1);
    }

    @Test
    void impossibleTravelCrossesOverAThousandKilometresInAMinute() {
        List<Transaction> txs = run(FraudScenario.IMPOSSIBLE_TRAVEL);

        assertThat(txs).hasSize(2);
        double km = txs.get(0).location().distanceKm(txs.get(1).location());
        double hours = Duration.between(txs.get(0).occurredAt(), txs.get(1).occurredAt()).toMillis() / 3_600_000.0;
        assertThat(km).isGreaterThan(1000);
        assertThat(km / hours).isGreaterThan(10 * MAX_SPEED_KMH);
    }

    @Test
    void overLimitIsOnePaymentWellOverThePerTransactionLimitAndUnderTheDailyOne() {
        List<Transaction> txs = run(FraudScenario.OVER_LIMIT);

        assertThat(txs).singleElement().satisfies(tx -> assertThat(tx.amount())
                .isGreaterThan(PER_TRANSACTION_LIMIT.multiply(new BigDecimal("2")))
                .isLessThanOrEqualTo(DAILY_LIMIT));
    }

    @Test
    void dailyLimitPaymentsAreEachAllowedButTogetherOverTheDailyLimitOnOneDay() {
        List<Transaction> txs = run(FraudScenario.DAILY_LIMIT);

        assertThat(txs).hasSizeLessThanOrEqualTo(VELOCITY_MAX)
                .allSatisfy(tx -> assertThat(tx.amount()).isLessThanOrEqualTo(PER_TRANSACTION_LIMIT));
        BigDecimal total = txs.stream().map(Transaction::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal beforeLast = total.subtract(txs.get(txs.size() - 1).amount());
        assertThat(beforeLast).isLessThanOrEqualTo(DAILY_LIMIT);
        assertThat(total).isGreaterThan(DAILY_LIMIT);
        assertThat(txs.stream().map(tx -> LocalDate.ofInstant(tx.occurredAt(), ZoneOffset.UTC)).distinct()).hasSize(1);
    }

    @Test
    void anAmountAnomalyFollowsFiveSmallPaymentsSpacedBeyondTheVelocityWindow() {
        List<Transaction> txs = run(FraudScenario.AMOUNT_ANOMALY);

        assertThat(txs).hasSize(6);
        List<Transaction> history = txs.subList(0, 5);
        Transaction anomaly = txs.get(5);
        BigDecimal average = history.stream().map(Transaction::amount).reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(BigDecimal.valueOf(history.size()), 2, RoundingMode.HALF_EVEN);
        assertThat(anomaly.amount()).isGreaterThan(average.multiply(BigDecimal.valueOf(5)))
                .isGreaterThan(new BigDecimal("500")).isLessThanOrEqualTo(PER_TRANSACTION_LIMIT);
        for (int i = 1; i < txs.size(); i++) {
            assertThat(Duration.between(txs.get(i - 1).occurredAt(), txs.get(i).occurredAt()))
                    .isGreaterThan(VELOCITY_WINDOW);
        }
    }

    @Test
    void aBlockedAccountScenarioIsOneOrdinaryPaymentOfTheNamedAccount() {
        Account account = fleet.account("acc-0042").orElseThrow();

        ScenarioRun run = scenarios.run(FraudScenario.BLOCKED_ACCOUNT, account, NOON);

        assertThat(run.transactions()).singleElement().satisfies(tx -> {
            assertThat(tx.accountId()).isEqualTo("acc-0042");
            assertThat(tx.location()).isEqualTo(account.home().location());
            assertThat(tx.amount()).isLessThan(PER_TRANSACTION_LIMIT);
        });
    }

    @Test
    void scenariosAreFoundByTheirSlug() {
        assertThat(FraudScenario.bySlug("impossible-travel")).contains(FraudScenario.IMPOSSIBLE_TRAVEL);
        assertThat(FraudScenario.bySlug("nope")).isEmpty();
        assertThat(FraudScenario.slugs()).hasSize(FraudScenario.values().length);
    }
}
