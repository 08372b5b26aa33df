package dev.voltstream.stationproducer.service;

import dev.voltstream.contracts.GeoLocation;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionType;
import dev.voltstream.stationproducer.domain.Account;
import dev.voltstream.stationproducer.domain.Station;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Builds payment transactions. Ordinary amounts stay small (at most 250.00, about 12.00 on average) so ordinary traffic
 * stays clear of the amount-anomaly floor (500.00) and an account takes hours to reach the daily limit (5000.00).
 */
public final class TransactionFactory {
    /** Currency of every simulated payment. */
    public static final String CURRENCY = "EUR";
    private static final BigDecimal MAX_ORDINARY = new BigDecimal("250.00");
    private static final BigDecimal MIN_ORDINARY = new BigDecimal("0.50");

    private final EventIds ids;

    public TransactionFactory(EventIds ids) {
        this.ids = ids;
    }

    /** A CARD (60 %), UPI (30 %) or ATM (10 %) payment of the account at its home station. */
    public Transaction ordinary(Account account, SplittableRandom random, Instant at) {
        double pick = random.nextDouble();
        TransactionType type = pick < 0.6 ? TransactionType.CARD : pick < 0.9 ? TransactionType.UPI : TransactionType.ATM;
        BigDecimal amount = switch (type) {
            case ATM -> BigDecimal.valueOf(20L * (1 + random.nextInt(3))).setScale(2, RoundingMode.HALF_EVEN);
            case UPI -> exponential(random, 6);
            default -> exponential(random, 10);
        };
        return create(account.id(), type, amount, account.home(), at);
    }

    /** A payment of {@code amount} by {@code accountId} at the terminal of {@code station}. */
    public Transaction create(String accountId, TransactionType type, BigDecimal amount, Station station, Instant at) {
        return create(accountId, type, amount, terminalId(type, station), station.location(), at);
    }

    /** A payment of {@code amount} by {@code accountId} at a given terminal and location. */
    public Transaction create(String accountId, TransactionType type, BigDecimal amount, String terminalId,
                              GeoLocation location, Instant at) {
        return new Transaction(ids.eventId(), ids.transactionId(), accountId, type,
                amount.setScale(2, RoundingMode.HALF_EVEN), CURRENCY, terminalId, location, null, at);
    }

    /** {@code pos-st-001}, {@code upi-st-001}, {@code atm-st-001}: the payment terminal at a station. */
    public static String terminalId(TransactionType type, Station station) {
        String prefix = switch (type) {
            case CARD -> "pos";
            case UPI -> "upi";
            case ATM -> "atm";
            case CHARGING -> "chg";
        };
        return prefix + "-" + station.id();
    }

    private static BigDecimal exponential(SplittableRandom random, double mean) {
        BigDecimal amount = BigDecimal.valueOf(-mean * Math.log(1 - random.nextDouble()))
                .setScale(2, RoundingMode.HALF_EVEN);
        return amount.max(MIN_ORDINARY).min(MAX_ORDINARY);
    }
}
