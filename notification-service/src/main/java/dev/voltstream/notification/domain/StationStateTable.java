package dev.voltstream.notification.domain;

import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.kit.db.ServiceSchema;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Upserts stations' latest statuses into {@code station_state} with one set-based statement, newer wins: a stored
 * status is replaced only by an event that is not older (the live path's rule, {@code StationTransition}) and is not
 * the stored event itself. The rows are written in station-id order, the order in which the live path locks them, so
 * the two never deadlock; a row the live path holds is waited for and the condition checked on its committed state.
 */
@ApplicationScoped
public class StationStateTable {
    private final ServiceSchema schema;
    private final String upsert;

    public StationStateTable(ServiceSchema schema) {
        this.schema = schema;
        String table = schema.name() + ".station_state";
        this.upsert = "insert into " + table + " as s"
                + " (station_id, status, previous, lat, lon, last_event_id, changed_at)"
                + " select r.id, r.st, r.prev, r.lat, r.lon, r.ev, r.at::timestamptz"
                + " from unnest(?::text[], ?::text[], ?::text[], ?::float8[], ?::float8[], ?::text[], ?::text[])"
                + " with ordinality as r(id, st, prev, lat, lon, ev, at, n) order by r.n"
                + " on conflict (station_id) do update set status = excluded.status, previous = s.status,"
                + " lat = coalesce(excluded.lat, s.lat), lon = coalesce(excluded.lon, s.lon),"
                + " last_event_id = excluded.last_event_id, changed_at = excluded.changed_at"
                + " where s.changed_at <= excluded.changed_at and s.last_event_id <> excluded.last_event_id";
    }

    /**
     * Upserts the events, at most one per station (a transaction must be active); returns how many rows were
     * inserted or changed.
     */
    public int upsertNewer(Collection<StationStatusChanged> latestPerStation) {
        if (latestPerStation.isEmpty()) {
            return 0;
        }
        List<StationStatusChanged> rows = latestPerStation.stream()
                .sorted(Comparator.comparing(StationStatusChanged::stationId)).toList();
        return schema.work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(upsert)) {
                statement.setArray(1, column(connection, "text", rows, StationStatusChanged::stationId));
                statement.setArray(2, column(connection, "text", rows, e -> e.status().name()));
                statement.setArray(3, column(connection, "text", rows,
                        e -> e.previous() == null ? null : e.previous().name()));
                statement.setArray(4, column(connection, "float8", rows,
                        e -> e.location() == null ? null : e.location().lat()));
                statement.setArray(5, column(connection, "float8", rows,
                        e -> e.location() == null ? null : e.location().lon()));
                statement.setArray(6, column(connection, "text", rows, StationStatusChanged::eventId));
                // ISO-8601 instants (with Z): read as timestamptz whatever the session's time zone
                statement.setArray(7, column(connection, "text", rows, e -> e.occurredAt().toString()));
                return statement.executeUpdate();
            }
        });
    }

    private static Array column(Connection connection, String type, List<StationStatusChanged> rows,
                                Function<StationStatusChanged, Object> value) throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(value).toArray());
    }
}
