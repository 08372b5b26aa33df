package dev.voltstream.fraud.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A fraud alert raised for one fired fraud rule on one transaction, as emitted. */
@Entity
@Table(name = "fraud_alert")
public class AlertRecord extends PanacheEntityBase {
    @Id
    public String alertId;
    public String eventId;
    public String transactionId;
    public String accountId;
    public String rule;
    public String severity;
    public String detail;
    /** The FraudAlert JSON exactly as it went into the outbox. */
    public String payload;
    public Instant occurredAt;

    public static List<AlertRecord> recentOf(String accountId, int limit) {
        return find("accountId", Sort.descending("occurredAt").and("alertId"), accountId).page(0, limit).list();
    }
}
