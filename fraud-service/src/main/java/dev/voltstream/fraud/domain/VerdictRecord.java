package dev.voltstream.fraud.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** The decided verdict of one transaction (primary key transactionId: one verdict per transaction), as emitted. */
@Entity
@Table(name = "verdict")
public class VerdictRecord extends PanacheEntityBase {
    @Id
    public String transactionId;
    /** verdict-<transactionId>: derived from the primary key, so not indexed on its own. */
    public String eventId;
    public String accountId;
    public String verdict;
    /** Rule names, comma-separated. */
    public String reasons;
    /** The TransactionVerdict JSON exactly as it went into the outbox. */
    public String payload;
    public Instant decidedAt;

    public static List<VerdictRecord> recentOf(String accountId, int limit) {
        return find("accountId", Sort.descending("decidedAt"), accountId).page(0, limit).list();
    }

    public static boolean anyFor(String accountId) {
        return count("accountId", accountId) > 0;
    }
}
