package dev.voltstream.kit.db;

import java.time.Instant;

/**
 * An event in the outbox: written in the same transaction as the state change it announces, deleted once the broker
 * acknowledged it (every row in the table is still to be published; the topics are the record of what was).
 *
 * @param id        the row's position in publishing order (assigned by the database; null before the insert)
 * @param eventId   the CloudEvents id (deterministic, so a re-publish after a crash is a recognisable duplicate)
 * @param topic     where it goes
 * @param key       the Kafka record key
 * @param type      the CloudEvents type
 * @param payload   the event's JSON, exactly as it goes on the wire
 * @param createdAt when it was written
 */
public record OutboxEvent(Long id, String eventId, String topic, String key, String type, String payload,
                          Instant createdAt) {
}
