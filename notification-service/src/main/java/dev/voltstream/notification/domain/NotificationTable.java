package dev.voltstream.notification.domain;

import dev.voltstream.kit.db.ServiceSchema;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Stores a batch's notifications with one set-based INSERT in plain JDBC on the transaction's connection (each column
 * one array parameter, so one statement text and plan whatever the batch size). Hibernate's persist and flush of these
 * rows were about a sixth of notification-service's CPU in the pipeline profile. Ids come from
 * {@code notification_id_seq}, one value per row: the sequence's increment of 50 never hands out a value inside a
 * block an older instance's Hibernate allocated, so instances of both versions can run side by side.
 */
@ApplicationScoped
public class NotificationTable {
    private final ServiceSchema schema;
    private final String insert;

    public NotificationTable(ServiceSchema schema) {
        this.schema = schema;
        String table = schema.name() + ".notification";
        this.insert = "insert into " + table + " (id, account_id, kind, source_event_id, subject_id, title, message,"
                + " occurred_at, created_at)"
                + " select nextval('" + schema.name() + ".notification_id_seq'), r.a, r.k, r.s, r.sub, r.t, r.m,"
                + " r.o::timestamptz, ?"
                + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                + " as r(a, k, s, sub, t, m, o)"
                + " returning id, source_event_id, kind, account_id";
    }

    /**
     * Inserts {@code rows} (all with the same {@code createdAt}) and sets each one's id. A row is identified by
     * (source event, kind, account), unique in the table.
     */
    public void insert(List<Notification> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Notification> byKey = new HashMap<>();
        for (Notification n : rows) {
            if (byKey.put(key(n.sourceEventId, n.kind.name(), n.accountId), n) != null) {
                throw new IllegalArgumentException("two notifications of " + n.sourceEventId + " " + n.kind + " for "
                        + n.accountId);
            }
        }
        int returned = schema.work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                statement.setObject(1, OffsetDateTime.ofInstant(rows.get(0).createdAt, ZoneOffset.UTC));
                statement.setArray(2, column(connection, rows, n -> n.accountId));
                statement.setArray(3, column(connection, rows, n -> n.kind.name()));
                statement.setArray(4, column(connection, rows, n -> n.sourceEventId));
                statement.setArray(5, column(connection, rows, n -> n.subjectId));
                statement.setArray(6, column(connection, rows, n -> n.title));
                statement.setArray(7, column(connection, rows, n -> n.message));
                // ISO-8601 instants (with Z): read as timestamptz whatever the session's time zone
                statement.setArray(8, column(connection, rows, n -> n.occurredAt.toString()));
                int count = 0;
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        byKey.get(key(rs.getString(2), rs.getString(3), rs.getString(4))).id = rs.getLong(1);
                        count++;
                    }
                }
                return count;
            }
        });
        if (returned != rows.size()) {
            throw new IllegalStateException("inserted " + returned + " of " + rows.size() + " notifications");
        }
    }

    private static Array column(Connection connection, List<Notification> rows, Function<Notification, String> value)
            throws SQLException {
        return connection.createArrayOf("text", rows.stream().map(value).toArray());
    }

    private static String key(String sourceEventId, String kind, String accountId) {
        return sourceEventId + '\u0000' + kind + '\u0000' + accountId;
    }
}
