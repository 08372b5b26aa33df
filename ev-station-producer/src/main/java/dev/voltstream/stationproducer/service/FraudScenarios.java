package dev.voltstream.stationproducer.service;

import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionType;
import dev.voltstream.stationproducer.config.SimulatorConfig;
import dev.voltstream.stationproducer.domain.Account;
import dev.voltstream.stationproducer.domain.Fleet;
import dev.voltstream.stationproducer.domain.FleetFactory;
import dev.voltstream.stationproducer.domain.Station;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds fraud scenarios. Without an account each run gets a fresh scenario account (numbered after the fleet's,
 * e.g. {@code acc-9001} with 1,000 accounts) with no history, so exactly the scenario's rule fires: the timestamps are
 * spaced so no other rule (velocity, anomaly, daily total) is touched by accident. Scenario accounts are remembered
 * so a later run (e.g. blocked-account after blocking one) can name them.
 */
public final class FraudScenarios {
    private static final BigDecimal SMALL = new BigDecimal("12.50");
    /** Just over the fraud velocity window (60 s), so spaced payments never count together. */
    private static final Duration APART = Duration.ofSeconds(61);

    private final Fleet fleet;
    private final TransactionFactory transactions;
    private final SimulatorConfig.Scenario sizes;
    private final int firstScenarioAccount;
    private final AtomicInteger scenarioAccounts = new AtomicInteger();
    private final Map<String, Account> created = new ConcurrentHashMap<>();

    public FraudScenarios(Fleet fleet, TransactionFactory transactions, SimulatorConfig.Scenario sizes) {
        this.fleet = fleet;
        this.transactions = transactions;
        this.sizes = sizes;
        this.firstScenarioAccount = fleet.accounts().size() + 8001;
    }

    /** A fleet account or an earlier scenario account, by id. */
    public Optional<Account> knownAccount(String accountId) {
        return fleet.account(accountId).or(() -> Optional.ofNullable(created.get(accountId)));
    }

    /** A new account without history, at one of the fleet's stations. */
    public Account freshAccount() {
        int n = scenarioAccounts.getAndIncrement();
        Station home = fleet.stations().get(n % fleet.stations().size());
        Account account = new Account(FleetFactory.accountId(firstScenarioAccount + n), home);
        created.put(account.id(), account);
        return account;
    }

    /** The scenario's transactions for {@code account}, the last one stamped {@code now}. */
    public ScenarioRun run(FraudScenario scenario, Account account, Instant now) {
        List<Transaction> txs = switch (scenario) {
            case VELOCITY_BURST -> velocityBurst(account, now);
            case IMPOSSIBLE_TRAVEL -> impossibleTravel(account, now);
            case OVER_LIMIT -> List.of(card(account, sizes.overLimitAmount(), now));
            case DAILY_LIMIT -> dailyLimit(account, now);
            case AMOUNT_ANOMALY -> amountAnomaly(account, now);
            case BLOCKED_ACCOUNT -> List.of(card(account, SMALL, now));
        };
        return new ScenarioRun(scenario, account.id(), scenario.rule(), txs);
    }

    private List<Transaction> velocityBurst(Account account, Instant now) {
        int size = sizes.velocityBurstSize();
        List<Transaction> txs = new ArrayList<>(size);
        for (int i = size - 1; i >= 0; i--) {
            txs.add(card(account, SMALL, now.minusSeconds(i)));
        }
        return txs;
    }

    private List<Transaction> impossibleTravel(Account account, Instant now) {
        Station home = account.home();
        Station far = fleet.stations().stream().filter(s -> s.city().equals(home.city().farthest())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the fleet has no station in " + home.city().farthest()));
        return List.of(
                card(account, SMALL, now.minusSeconds(60)),
                transactions.create(account.id(), TransactionType.CARD, SMALL, far, now));
    }

    private List<Transaction> dailyLimit(Account account, Instant now) {
        // Seconds apart: well under the velocity limit, and all on the same day unless run at midnight.
        int count = sizes.dailyLimitCount();
        List<Transaction> txs = new ArrayList<>(count);
        for (int i = count - 1; i >= 0; i--) {
            txs.add(card(account, sizes.dailyLimitAmount(), now.minusSeconds(i)));
        }
        return txs;
    }

    private List<Transaction> amountAnomaly(Account account, Instant now) {
        List<Transaction> txs = new ArrayList<>(6);
        for (int i = 5; i >= 1; i--) {
            txs.add(card(account, SMALL, now.minus(APART.multipliedBy(i))));
        }
        txs.add(card(account, sizes.anomalyAmount(), now));
        return txs;
    }

    private Transaction card(Account account, BigDecimal amount, Instant at) {
        return transactions.create(account.id(), TransactionType.CARD, amount, account.home(), at);
    }
}
