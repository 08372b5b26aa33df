package dev.voltstream.fraud.domain;

import dev.voltstream.kit.db.ServiceSchema;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statements of a decision batch, in plain JDBC on the transaction's connection: ids travel as one array
 * parameter ({@code = any(?)}), so each statement has one text and one plan whatever the batch size, and the rows
 * go in as JDBC batches. No managed entities on this path: Hibernate's native queries, entity loading and the dirty
 * check at flush were about a quarter of fraud-service's CPU in the pipeline profile. Must run inside a transaction.
 */
@ApplicationScoped
public class DecisionStatements {
    private final ServiceSchema schema;
    private final String storedVerdicts;
    private final String lockStates;
    private final String blocked;
    private final String insertState;
    private final String updateState;
    private final String insertVerdict;
    private final String insertAlert;

    public DecisionStatements(ServiceSchema schema) {
        this.schema = schema;
        String s = schema.name() + ".";
        this.storedVerdicts = "select transaction_id, payload from " + s + "verdict where transaction_id = any(?)";
        this.lockStates = "select account_id, approved_count, approved_sum, last_lat, last_lon, last_at, day, day_total,"
                + " recent_at, updated_at from " + s + "account_state where account_id = any(?)"
                + " order by account_id for update";
        this.blocked = "select account_id from " + s + "blocked_account where account_id = any(?)";
        // the same parameter order in both: approved_count .. updated_at, then account_id
        this.insertState = "insert into " + s + "account_state (approved_count, approved_sum, last_lat, last_lon,"
                + " last_at, day, day_total, recent_at, updated_at, account_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        this.updateState = "update " + s + "account_state set approved_count = ?, approved_sum = ?, last_lat = ?,"
                + " last_lon = ?, last_at = ?, day = ?, day_total = ?, recent_at = ?, updated_at = ?"
                + " where account_id = ?";
        this.insertVerdict = "insert into " + s + "verdict (transaction_id, event_id, account_id, verdict, reasons,"
                + " payload, decided_at) values (?, ?, ?, ?, ?, ?, ?)";
        this.insertAlert = "insert into " + s + "fraud_alert (alert_id, event_id, transaction_id, account_id, rule,"
                + " severity, detail, payload, occurred_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /** The stored verdict JSON of each of {@code transactionIds} decided before. */
    public Map<String, String> storedVerdicts(Collection<String> transactionIds) {
        Map<String, String> payloads = new HashMap<>();
        query(storedVerdicts, transactionIds, rows -> payloads.put(rows.getString(1), rows.getString(2)));
        return payloads;
    }

    /**
     * The existing state rows of {@code accountIds}, locked for update in account order (so two deciders of the same
     * accounts serialise instead of deadlocking, e.g. during a rebalance). Plain values, not managed entities.
     */
    public List<AccountState> lockStates(Collection<String> accountIds) {
        List<AccountState> states = new ArrayList<>();
        query(lockStates, accountIds, rows -> states.add(state(rows)));
        return states;
    }

    /** Which of {@code accountIds} are blocked. */
    public Set<String> blockedAmong(Collection<String> accountIds) {
        Set<String> ids = new HashSet<>();
        query(blocked, accountIds, rows -> ids.add(rows.getString(1)));
        return ids;
    }

    /**
     * Writes the states: {@code inserted} as new rows (a row another transaction created meanwhile makes the batch
     * fail and be retried, never overwritten), {@code updated} over the rows this transaction locked; one JDBC batch
     * each.
     */
    public void saveStates(Collection<AccountState> inserted, Collection<AccountState> updated) {
        schema.work(connection -> {
            writeStates(connection, insertState, inserted, "inserted");
            writeStates(connection, updateState, updated, "updated");
            return null;
        });
    }

    /** Inserts the verdicts, one JDBC batch. */
    public void insertVerdicts(List<VerdictRecord> verdicts) {
        insert(insertVerdict, verdicts, (statement, v) -> {
            statement.setString(1, v.transactionId);
            statement.setString(2, v.eventId);
            statement.setString(3, v.accountId);
            statement.setString(4, v.verdict);
            statement.setString(5, v.reasons);
            statement.setString(6, v.payload);
            statement.setObject(7, at(v.decidedAt));
        });
    }

    /** Inserts the alerts, one JDBC batch. */
    public void insertAlerts(List<AlertRecord> alerts) {
        insert(insertAlert, alerts, (statement, a) -> {
            statement.setString(1, a.alertId);
            statement.setString(2, a.eventId);
            statement.setString(3, a.transactionId);
            statement.setString(4, a.accountId);
            statement.setString(5, a.rule);
            statement.setString(6, a.severity);
            statement.setString(7, a.detail);
            statement.setString(8, a.payload);
            statement.setObject(9, at(a.occurredAt));
        });
    }

    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    private interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    /** Runs {@code sql} with {@code ids} as its one array parameter, each result row to {@code reader}. */
    private void query(String sql, Collection<String> ids, RowReader reader) {
        if (ids.isEmpty()) {
            return;
        }
        schema.work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        reader.read(rows);
                    }
                }
            }
            return null;
        });
    }

    /** Inserts {@code rows} with one JDBC batch. */
    private <T> void insert(String sql, List<T> rows, Binder<T> binder) {
        if (rows.isEmpty()) {
            return;
        }
        schema.work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (T row : rows) {
                    binder.bind(statement, row);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        });
    }

    private static void writeStates(Connection connection, String sql, Collection<AccountState> states, String what)
            throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (AccountState s : states) {
                statement.setLong(1, s.approvedCount);
                statement.setBigDecimal(2, s.approvedSum);
                statement.setObject(3, s.lastLat, Types.DOUBLE);
                statement.setObject(4, s.lastLon, Types.DOUBLE);
                statement.setObject(5, at(s.lastAt), Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setObject(6, s.day, Types.DATE);
                statement.setBigDecimal(7, s.dayTotal);
                // ISO-8601 instants (with Z): PostgreSQL reads them as timestamptz whatever the session's time zone
                statement.setArray(8, connection.createArrayOf("timestamptz",
                        Arrays.stream(s.recentAt).map(Instant::toString).toArray()));
                statement.setObject(9, at(s.updatedAt));
                statement.setString(10, s.accountId);
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            long written = Arrays.stream(counts).filter(c -> c == 1 || c == PreparedStatement.SUCCESS_NO_INFO).count();
            if (written != states.size()) {
                throw new IllegalStateException(what + " " + written + " of " + states.size() + " account states");
            }
        }
    }

    private static AccountState state(ResultSet rows) throws SQLException {
        AccountState s = new AccountState();
        s.accountId = rows.getString(1);
        s.approvedCount = rows.getLong(2);
        s.approvedSum = rows.getBigDecimal(3);
        s.lastLat = (Double) rows.getObject(4);
        s.lastLon = (Double) rows.getObject(5);
        s.lastAt = instant(rows.getObject(6, OffsetDateTime.class));
        s.day = rows.getObject(7, LocalDate.class);
        s.dayTotal = rows.getBigDecimal(8);
        Array recent = rows.getArray(9);
        s.recentAt = recent == null ? new Instant[0]
                : Arrays.stream((Timestamp[]) recent.getArray()).map(Timestamp::toInstant).toArray(Instant[]::new);
        s.updatedAt = instant(rows.getObject(10, OffsetDateTime.class));
        return s;
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
