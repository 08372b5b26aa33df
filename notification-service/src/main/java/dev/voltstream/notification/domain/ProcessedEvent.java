package dev.voltstream.notification.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
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
     * inserted in sorted order so two transactions with overlapping ids lock them in the same order.
     * {@code {h-schema}} is Hibernate's placeholder for the default schema, which native SQL does not get otherwise.
     * Must run inside a transaction.
     *
     * @param topicByEventId each distinct event id of the batch with the topic it came from
     */
    public static Set<String> markProcessed(Map<String, String> topicByEventId) {
        if (topicByEventId.isEmpty()) {
            return Set.of();
        }
        String[] ids = topicByEventId.keySet().stream().sorted().toArray(String[]::new);
        String[] topics = Arrays.stream(ids).map(topicByEventId::get).toArray(String[]::new);
        @SuppressWarnings("unchecked")
        List<String> inserted = getEntityManager()
                .createNativeQuery("insert into {h-schema}processed_event (event_id, topic, processed_at)"
                        + " select e.id, e.topic, ?3"
                        + " from unnest(cast(?1 as text[]), cast(?2 as text[])) as e(id, topic)"
                        + " order by e.id on conflict do nothing returning event_id", String.class)
                .setParameter(1, ids)
                .setParameter(2, topics)
                .setParameter(3, Instant.now())
                .getResultList();
        return new HashSet<>(inserted);
    }
}
