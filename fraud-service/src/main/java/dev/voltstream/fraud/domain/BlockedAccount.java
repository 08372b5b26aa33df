package dev.voltstream.fraud.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An account whose transactions are declined (compliance rule ACCOUNT_BLOCKED) until it is unblocked. */
@Entity
@Table(name = "blocked_account")
public class BlockedAccount extends PanacheEntityBase {
    @Id
    public String accountId;
    public String reason;
    public Instant blockedAt;
}
