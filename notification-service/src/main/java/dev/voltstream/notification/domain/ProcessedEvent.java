package dev.voltstream.notification.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.Session;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** A consumed event id: recorded in the same transaction as its effects, so redelivery changes nothing. */
@Entity
@Table(name = "processed_event")
public class ProcessedEvent extends PanacheEntityBase {
    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;

    /**
     * Records a batch's events as processed in one statement and returns the ids that were not processed before (the
     * others are duplicates: change nothing for them). INSERT .. ON CONFLICT DO NOTHING, so a concurrent duplicate
     * waits for the first transaction and then counts as processed instead of failing on the primary key; the ids are
     * inserted in sorted order so two transactions with overlapping ids lock them in the same order. Plain JDBC on the
     * transaction's connection: as a Hibernate native query, resolving its query plan (the cache key holds the two
     * arrays) took a third of the service's CPU under load. Must run inside a transaction.
     *
     * @param schema         the schema of the table (the service's default schema)
     * @param topicByEventId each distinct event id of the batch with the topic it came from
     */
    public static Set<String> markProcessed(String schema, Map<String, String> topicByEventId) {
        if (topicByEventId.isEmpty()) {
            return Set.of();
        }
        String[] ids = topicByEventId.keySet().stream().sorted().toArray(String[]::new);
        String[] topics = Arrays.stream(ids).map(topicByEventId::get).toArray(String[]::new);
        String sql = "insert into " + schema + ".processed_event (event_id, topic, processed_at)"
                + " select e.id, e.topic, ? from unnest(?::text[], ?::text[]) as e(id, topic)"
                + " order by e.id on conflict do nothing returning event_id";
        Session session = getEntityManager().unwrap(Session.class);
        return session.doReturningWork(connection -> {
            Set<String> inserted = new HashSet<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
                statement.setArray(2, connection.createArrayOf("text", ids));
                statement.setArray(3, connection.createArrayOf("text", topics));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        inserted.add(rows.getString(1));
                    }
                }
            }
            return inserted;
        });
    }
}
