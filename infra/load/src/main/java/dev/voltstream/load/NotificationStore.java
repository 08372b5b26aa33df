package dev.voltstream.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * notification-service's table {@code notification.notification}, read-only: the BALANCE_CHANGED notifications whose
 * subject (the BalanceChanged cause id, i.e. the transaction id) starts with a prefix, and when each was stored
 * ({@code created_at}, set by the service just before its insert commits).
 */
final class NotificationStore implements AutoCloseable {
    /**
     * The created_at bound lets PostgreSQL read only the step's rows through the (created_at, id) index instead of
     * scanning the whole table on every poll, which took PostgreSQL time from the pipeline being measured.
     */
    private static final String WHERE = " FROM notification.notification"
            + " WHERE created_at >= ? AND kind = 'BALANCE_CHANGED' AND subject_id LIKE ?";

    private final Connection connection;

    NotificationStore(String jdbcUrl, String user, String password) throws SQLException {
        this.connection = DriverManager.getConnection(jdbcUrl, user, password);
        this.connection.setAutoCommit(true);
    }

    /** The connection, for other read-only queries of the same database. */
    Connection connection() {
        return connection;
    }

    /** How many of the transactions with this id prefix have been notified (stored at or after {@code since}). */
    long count(String transactionIdPrefix, Instant since) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT count(*)" + WHERE)) {
            bind(st, transactionIdPrefix, since);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Transaction id → when its notification was stored (epoch µs), for the transactions with this id prefix (stored
     * at or after {@code since}).
     */
    Map<String, Long> storedTimes(String transactionIdPrefix, Instant since) throws SQLException {
        Map<String, Long> times = new HashMap<>();
        try (PreparedStatement st = connection.prepareStatement("SELECT subject_id, created_at" + WHERE)) {
            bind(st, transactionIdPrefix, since);
            st.setFetchSize(10_000);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
                    times.merge(rs.getString(1), ChronoUnit.MICROS.between(Instant.EPOCH, at.toInstant()),
                            Math::min);
                }
            }
        }
        return times;
    }

    private static void bind(PreparedStatement st, String transactionIdPrefix, Instant since) throws SQLException {
        st.setObject(1, since.atOffset(ZoneOffset.UTC));
        st.setString(2, transactionIdPrefix + "%");
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
