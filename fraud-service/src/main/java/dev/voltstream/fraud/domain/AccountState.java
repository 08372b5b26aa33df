package dev.voltstream.fraud.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** Per-account rule state: running sum/count of approved amounts, last approved location and time, the day's total. */
@Entity
@Table(name = "account_state")
public class AccountState extends PanacheEntityBase {
    @Id
    public String accountId;
    public long approvedCount;
    public BigDecimal approvedSum = BigDecimal.ZERO;
    public Double lastLat;
    public Double lastLon;
    public Instant lastAt;
    public LocalDate day;
    public BigDecimal dayTotal = BigDecimal.ZERO;
    public Instant updatedAt;

    /** The row locked for update, so two deciders of the same account serialise (e.g. during a rebalance). */
    public static Optional<AccountState> findForUpdate(String accountId) {
        return findByIdOptional(accountId, LockModeType.PESSIMISTIC_WRITE);
    }
}
