package dev.voltstream.kit.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of the outbox table, on a connection the caller's transaction owns. The table each service creates:
 * <pre>
 * outbox_event (id          bigint primary key, assigned by the database in insert order (identity or sequence default),
 *               event_id    varchar not null unique,
 *               topic       varchar not null,
 *               record_key  varchar not null,
 *               type        varchar not null,
 *               payload     text not null,
 *               created_at  timestamptz not null)
 * </pre>
 */
public final class OutboxTable {
    private final String insert;
    private final String lockOldest;
    private final String delete;
    private final String pending;

    /** The table {@code outbox_event} in {@code schema}. */
    public OutboxTable(String schema) {
        String table = schema + ".outbox_event";
        this.insert = "insert into " + table + " (event_id, topic, record_key, type, payload, created_at)"
                + " values (?, ?, ?, ?, ?, ?)";
        // SKIP LOCKED: a second relay (another instance) takes the next rows instead of the same ones, so no row is
        // published twice by two live relays, and neither waits for the other.
        // Planned on every round (a plain statement, the limit in its text): the table swings between empty and a
        // backlog of thousands of rows plus the dead ones of published rounds, and PostgreSQL plans this query by the
        // table's size (a sequential scan and sort when nearly empty), so a plan cached for one state can be wrong for
        // the other. A round plans once, which costs little next to a scan of the wrong kind.
        this.lockOldest = "select id, event_id, topic, record_key, type, payload, created_at from " + table
                + " order by id limit %d for update skip locked";
        // one DELETE: cheaper for PostgreSQL than updating a published_at, which rewrote each row with its payload
        this.delete = "delete from " + table + " where id = any(?)";
        this.pending = "select count(*), min(created_at) from " + table;
    }

    /** Inserts {@code rows} in list order with one JDBC batch (so the ids follow the order). */
    public void insert(Connection connection, List<OutboxEvent> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            for (OutboxEvent row : rows) {
                statement.setString(1, row.eventId());
                statement.setString(2, row.topic());
                statement.setString(3, row.key());
                statement.setString(4, row.type());
                statement.setString(5, row.payload());
                statement.setObject(6, OffsetDateTime.ofInstant(row.createdAt(), ZoneOffset.UTC));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** The oldest rows no other transaction holds, locked until this transaction ends, in id order. */
    public List<OutboxEvent> lockOldest(Connection connection, int limit) throws SQLException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(lockOldest.formatted(limit))) {
                List<OutboxEvent> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new OutboxEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant()));
                }
                return rows;
            }
        }
    }

    /** Deletes the published rows {@code ids}. */
    public void delete(Connection connection, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(delete)) {
            statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            statement.executeUpdate();
        }
    }

    /** How many rows wait, and since when the oldest does (null when none). */
    public Pending pending(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(pending);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            Timestamp oldest = rs.getTimestamp(2);
            return new Pending(rs.getLong(1), oldest == null ? null : oldest.toInstant());
        }
    }

    /** The outbox's backlog. */
    public record Pending(long count, Instant oldestCreatedAt) {
    }
}
