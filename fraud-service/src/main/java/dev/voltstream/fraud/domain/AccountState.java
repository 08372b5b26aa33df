package dev.voltstream.fraud.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Per-account rule state: running sum/count of approved amounts, last approved location and time, the day's total,
 * and the times of the recent transactions (the velocity window).
 */
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
    /**
     * The velocity rule's sliding window: the times of the account's recent transactions (every attempt), oldest
     * first; times that can never be inside a window again are dropped as new ones arrive.
     */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public Instant[] recentAt = new Instant[0];
    public Instant updatedAt;
}
