package dev.voltstream.notification.messaging;

import dev.voltstream.notification.TestEvents;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * A batch exactly as the Kafka connector hands it to a {@code batch=true} consumer — an
 * {@link IncomingKafkaRecordBatch} of records with CloudEvents binary headers, on partition 0 from offset 0 — whose
 * commit handler and failure (dead-letter) handler only record what they were given: the acked offsets and, per
 * nacked offset, the reason.
 */
final class KafkaBatchFixture {
    private final String topic;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();
    final Set<Long> acked = ConcurrentHashMap.newKeySet();
    final Map<Long, Throwable> nacked = new ConcurrentHashMap<>();

    KafkaBatchFixture(String topic) {
        this.topic = topic;
    }

    /** Adds a record (type null: no CloudEvents headers) at the next offset. */
    KafkaBatchFixture add(String key, String type, String json) {
        records.add(new ConsumerRecord<>(topic, 0, records.size(), System.currentTimeMillis(),
                TimestampType.CREATE_TIME, -1, -1, key, json, TestEvents.cloudEventHeaders(type), Optional.empty()));
        return this;
    }

    /** The batch of the records added so far. */
    IncomingKafkaRecordBatch<String, String> batch() {
        KafkaCommitHandler commits = new KafkaCommitHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
                acked.add(record.getOffset());
                return Uni.createFrom().voidItem();
            }
        };
        KafkaFailureHandler deadLetters = new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                nacked.put(record.getOffset(), reason);
                return Uni.createFrom().voidItem();
            }
        };
        return new IncomingKafkaRecordBatch<>(new ConsumerRecords<>(Map.of(new TopicPartition(topic, 0), records),
                Map.of()), topic, 0, commits, deadLetters, true, false);
    }
}
