package dev.voltstream.fraud.rules;

import dev.voltstream.contracts.GeoLocation;
import dev.voltstream.contracts.Transaction;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the rules know about an account before a transaction. Immutable; {@link #record} gives the history after one.
 *
 * <p>Velocity counts every transaction (declined attempts are exactly what a burst looks like). The average, the daily
 * total and the last location only move with approved transactions: a declined fraudulent payment must neither raise
 * the "normal" amount nor become the place the card is believed to be.
 *
 * @param accountId      the account
 * @param blocked        whether the account is blocked
 * @param approvedCount  number of approved transactions so far
 * @param approvedSum    sum of their amounts
 * @param lastLocation   location of the last approved transaction with a location (null if none)
 * @param lastAt         time of that transaction (null if none)
 * @param day            the day {@code dayTotal} belongs to (null if none yet)
 * @param dayTotal       approved amount on {@code day}
 * @param recent         times of recent transactions (approved or not), oldest first, for the velocity window
 */
public record AccountHistory(String accountId, boolean blocked, long approvedCount, BigDecimal approvedSum,
                             GeoLocation lastLocation, Instant lastAt, LocalDate day, BigDecimal dayTotal,
                             List<Instant> recent) {

    public AccountHistory {
        Objects.requireNonNull(accountId, "accountId");
        approvedSum = approvedSum == null ? BigDecimal.ZERO : approvedSum;
        dayTotal = dayTotal == null ? BigDecimal.ZERO : dayTotal;
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    /** An account never seen before. */
    public static AccountHistory empty(String accountId, boolean blocked) {
        return new AccountHistory(accountId, blocked, 0, BigDecimal.ZERO, null, null, null, BigDecimal.ZERO, List.of());
    }

    /** Average approved amount, or zero with no history. */
    public BigDecimal averageAmount() {
        if (approvedCount == 0) {
            return BigDecimal.ZERO;
        }
        return approvedSum.divide(BigDecimal.valueOf(approvedCount), 2, RoundingMode.HALF_EVEN);
    }

    /** Approved amount already spent on the day of {@code at} in {@code zone}. */
    public BigDecimal spentOn(Instant at, ZoneId zone) {
        return LocalDate.ofInstant(at, zone).equals(day) ? dayTotal : BigDecimal.ZERO;
    }

    /** Recent transactions in the window {@code (at - window, at]}. */
    public long countWithin(Instant at, Duration window) {
        Instant from = at.minus(window);
        return recent.stream().filter(t -> t.isAfter(from) && !t.isAfter(at)).count();
    }

    /**
     * The history after {@code tx}: its time joins the velocity window (older entries drop out), and when approved
     * its amount joins the average and the day's total and its location becomes the last known one.
     */
    public AccountHistory record(Transaction tx, boolean approved, Duration window, ZoneId zone) {
        Instant at = tx.occurredAt();
        List<Instant> nextRecent = new ArrayList<>();
        Instant from = at.minus(window);
        for (Instant t : recent) {
            if (t.isAfter(from)) {
                nextRecent.add(t);
            }
        }
        nextRecent.add(at);
        nextRecent.sort(null);
        if (!approved) {
            return new AccountHistory(accountId, blocked, approvedCount, approvedSum, lastLocation, lastAt, day,
                    dayTotal, nextRecent);
        }
        LocalDate txDay = LocalDate.ofInstant(at, zone);
        boolean earlierDay = day != null && txDay.isBefore(day);
        // A late transaction from an earlier day does not reopen that day's total.
        LocalDate nextDay = earlierDay ? day : txDay;
        BigDecimal nextDayTotal = earlierDay ? dayTotal : spentOn(at, zone).add(tx.amount());
        boolean moves = tx.location() != null && (lastAt == null || !at.isBefore(lastAt));
        return new AccountHistory(accountId, blocked, approvedCount + 1, approvedSum.add(tx.amount()),
                moves ? tx.location() : lastLocation, moves ? at : lastAt, nextDay, nextDayTotal, nextRecent);
    }
}
