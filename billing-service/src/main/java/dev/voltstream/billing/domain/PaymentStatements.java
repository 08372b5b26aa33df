package dev.voltstream.billing.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The set-at-a-time statements of a payment batch, in plain JDBC on the transaction's connection with array
 * parameters ({@code = any(?)}, {@code unnest(?)}): one statement text whatever the batch size. Hibernate's
 * {@code in (:list)} queries were translated to SQL again for every list length (the SQM-to-SQL converter showed in
 * billing's CPU profile) and planned again by PostgreSQL (4–9 % of their time), and the locked payers were loaded as
 * managed entities only to write each balance back with its own UPDATE; the ledger lines, the accounts opened at first
 * sight and the platform's credit go the same way (Hibernate's persist, flush and HQL update were a sixth of billing's
 * CPU in the pipeline profile). Must run inside a transaction.
 */
@ApplicationScoped
public class PaymentStatements {
    private final EntityManager entityManager;
    private final String schema;

    public PaymentStatements(EntityManager entityManager,
                             @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") String schema) {
        this.entityManager = entityManager;
        this.schema = schema;
    }

    /** A payer's balance as locked for this transaction. */
    public record Balance(BigDecimal amount, String currency) {
    }

    /** Which of the postings already have ledger entries. */
    public Set<String> existingPostings(Collection<String> postingIds) {
        if (postingIds.isEmpty()) {
            return new HashSet<>();
        }
        String sql = "select distinct posting_id from " + schema + ".ledger_entry where posting_id = any(?)";
        return work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, textArray(connection, postingIds));
                return strings(statement);
            }
        });
    }

    /**
     * The accounts' balances, their rows locked for update until the transaction ends, in id order (the same order in
     * every transaction, so concurrent batches cannot deadlock on each other's accounts; the platform account, which
     * every batch credits, must not be among them: it is locked last, by {@link #credit}).
     */
    public Map<String, Balance> lockBalances(Collection<String> accountIds) {
        Map<String, Balance> locked = new LinkedHashMap<>();
        if (accountIds.isEmpty()) {
            return locked;
        }
        String sql = "select account_id, balance, currency from " + schema + ".account where account_id = any(?)"
                + " order by account_id for update";
        return work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, textArray(connection, accountIds));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        locked.put(rows.getString(1), new Balance(rows.getBigDecimal(2), rows.getString(3)));
                    }
                }
            }
            return locked;
        });
    }

    /**
     * Opens, in one statement, every account of {@code accountIds} that does not exist yet — customers with
     * {@code customerOpening}, the platform account with zero — and returns the ids it opened (each needs its OPENING
     * ledger entry). The existing accounts are filtered out before the insert (an index probe each instead of a
     * speculative insertion that conflicts); ON CONFLICT still covers an account another transaction opens meanwhile.
     * Sorted ids: concurrent batches insert (and wait for each other's uncommitted inserts) in the same order.
     */
    public List<String> openAbsent(Collection<String> accountIds, String platformId, BigDecimal customerOpening,
                                   String currency, Instant now) {
        List<String> opened = new ArrayList<>();
        if (accountIds.isEmpty()) {
            return opened;
        }
        String sql = "insert into " + schema + ".account (account_id, kind, balance, currency, opened_at, updated_at)"
                + " select id, case when id = ? then 'PLATFORM' else 'CUSTOMER' end,"
                + " case when id = ? then 0 else ?::numeric end, ?, ?, ?"
                + " from unnest(?::text[]) as id"
                + " where not exists (select 1 from " + schema + ".account a where a.account_id = id)"
                + " order by id on conflict (account_id) do nothing returning account_id";
        return work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
                statement.setString(1, platformId);
                statement.setString(2, platformId);
                statement.setBigDecimal(3, customerOpening);
                statement.setString(4, currency);
                statement.setObject(5, at);
                statement.setObject(6, at);
                statement.setArray(7, textArray(connection, accountIds));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        opened.add(rows.getString(1));
                    }
                }
            }
            return opened;
        });
    }

    /** Inserts the entries with one JDBC batch; their ids come from the ledger's sequence. */
    public void insertEntries(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        String sql = "insert into " + schema + ".ledger_entry (id, posting_id, account_id, entry_type, amount, currency,"
                + " description, created_at) values (nextval('" + schema + ".ledger_entry_seq'), ?, ?, ?, ?, ?, ?, ?)";
        work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (LedgerEntry entry : entries) {
                    statement.setString(1, entry.postingId);
                    statement.setString(2, entry.accountId);
                    statement.setString(3, entry.entryType.name());
                    statement.setBigDecimal(4, entry.amount);
                    statement.setString(5, entry.currency);
                    statement.setString(6, entry.description);
                    statement.setObject(7, OffsetDateTime.ofInstant(entry.createdAt, ZoneOffset.UTC));
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        });
    }

    /** Adds {@code amount} to the account's balance in one UPDATE (locking its row until the transaction ends). */
    public void credit(String accountId, BigDecimal amount, Instant now) {
        String sql = "update " + schema + ".account set balance = balance + ?, updated_at = ? where account_id = ?";
        int updated = work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setBigDecimal(1, amount);
                statement.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                statement.setString(3, accountId);
                return statement.executeUpdate();
            }
        });
        if (updated != 1) {
            throw new IllegalStateException("no account " + accountId + " to credit");
        }
    }

    /** Sets each account's balance (rows this transaction locked) in one UPDATE. */
    public void setBalances(Map<String, BigDecimal> balances, Instant now) {
        if (balances.isEmpty()) {
            return;
        }
        String sql = "update " + schema + ".account a set balance = v.balance::numeric, updated_at = ?"
                + " from unnest(?::text[], ?::text[]) as v(id, balance) where a.account_id = v.id";
        int updated = work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                statement.setArray(2, textArray(connection, balances.keySet()));
                statement.setArray(3, connection.createArrayOf("text",
                        balances.values().stream().map(BigDecimal::toPlainString).toArray()));
                return statement.executeUpdate();
            }
        });
        if (updated != balances.size()) {
            throw new IllegalStateException("updated " + updated + " of " + balances.size() + " account balances");
        }
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T work(Work<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }

    private static java.sql.Array textArray(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    private static Set<String> strings(PreparedStatement statement) throws SQLException {
        Set<String> values = new HashSet<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
