package dev.voltstream.kit.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The SQL of the idempotent consumer's memory, on a connection the caller's transaction owns. The table each service
 * creates:
 * <pre>
 * processed_event (event_id     varchar primary key,
 *                  event_type   varchar not null,
 *                  processed_at timestamptz not null)
 * </pre>
 */
public final class ProcessedEventTable {
    private final String claim;

    /** The table {@code processed_event} in {@code schema}. */
    public ProcessedEventTable(String schema) {
        // ON CONFLICT DO NOTHING: a concurrent duplicate (another instance, after a rebalance) waits for the first
        // transaction and then counts as processed instead of failing; sorted ids lock in the same order everywhere.
        this.claim = "insert into " + schema + ".processed_event (event_id, event_type, processed_at)"
                + " select e.id, e.type, ? from unnest(?::text[], ?::text[]) as e(id, type)"
                + " order by e.id on conflict do nothing returning event_id";
    }

    /**
     * Records every event id not recorded before as processed, in one statement, and returns those ids; the others
     * were processed before (duplicates: change nothing for them).
     *
     * @param typeByEventId each distinct event id with its CloudEvents type
     */
    public Set<String> claim(Connection connection, Map<String, String> typeByEventId, Instant now)
            throws SQLException {
        Set<String> fresh = new HashSet<>();
        if (typeByEventId.isEmpty()) {
            return fresh;
        }
        String[] ids = typeByEventId.keySet().stream().sorted().toArray(String[]::new);
        String[] types = Arrays.stream(ids).map(typeByEventId::get).toArray(String[]::new);
        try (PreparedStatement statement = connection.prepareStatement(claim)) {
            statement.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            statement.setArray(2, connection.createArrayOf("text", ids));
            statement.setArray(3, connection.createArrayOf("text", types));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getString(1));
                }
            }
        }
        return fresh;
    }
}
