package dev.voltstream.billing.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The bill for one completed charging session (at most one per session). */
@Entity
@Table(name = "invoice")
public class Invoice extends PanacheEntityBase {

    @Id
    @Column(name = "invoice_id")
    public String invoiceId;

    @Column(name = "session_id")
    public String sessionId;

    @Column(name = "station_id")
    public String stationId;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "energy_kwh")
    public double energyKwh;

    @Column(name = "tariff_per_kwh")
    public BigDecimal tariffPerKwh;

    @Column(name = "idle_minutes")
    public int idleMinutes;

    @Column(name = "idle_fee_per_minute")
    public BigDecimal idleFeePerMinute;

    public BigDecimal amount;

    @Column(name = "platform_commission")
    public BigDecimal platformCommission;

    public String currency;

    /** The CHARGING transaction that pays this invoice (null when the amount is zero). */
    @Column(name = "transaction_id")
    public String transactionId;

    @Column(name = "issued_at")
    public Instant issuedAt;

    /** The invoice of a session, if one was issued. */
    public static Optional<Invoice> bySession(String sessionId) {
        return find("sessionId", sessionId).firstResultOptional();
    }

    /** An account's invoices, oldest first. */
    public static List<Invoice> ofAccount(String accountId, int pageIndex, int pageSize) {
        return find("accountId", Sort.by("issuedAt").and("invoiceId"), accountId)
                .page(Page.of(pageIndex, pageSize)).list();
    }
}
