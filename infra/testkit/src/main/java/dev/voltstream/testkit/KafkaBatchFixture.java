package dev.voltstream.testkit;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A batch exactly as the Kafka connector hands it to a {@code batch=true} consumer — an
 * {@link IncomingKafkaRecordBatch} of records with CloudEvents binary headers, on partition 0 from offset 0 — whose
 * commit handler and failure (dead-letter) handler only record what they were given: the acknowledged offsets (what
 * the connector would commit) and, per nacked offset, the reason (what the dead-letter strategy would put in the
 * {@code dead-letter-reason} header). Needs smallrye-reactive-messaging-kafka on the test classpath.
 */
public final class KafkaBatchFixture {
    private final String topic;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();
    /** Offsets whose records were acknowledged. */
    public final Set<Long> acked = ConcurrentHashMap.newKeySet();
    /** Per nacked offset, the reason. */
    public final Map<Long, Throwable> nacked = new ConcurrentHashMap<>();

    public KafkaBatchFixture(String topic) {
        this.topic = topic;
    }

    /** Adds a record (type null: no CloudEvents headers at all) at the next offset. */
    public KafkaBatchFixture add(String key, String type, String json) {
        records.add(new ConsumerRecord<>(topic, 0, records.size(), System.currentTimeMillis(),
                TimestampType.CREATE_TIME, -1, -1, key, json, cloudEventHeaders(type), Optional.empty()));
        return this;
    }

    /** The batch of the records added so far. */
    public IncomingKafkaRecordBatch<String, String> batch() {
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

    /** The CloudEvents binary-mode Kafka headers the services write for a value of this type (null: none). */
    public static RecordHeaders cloudEventHeaders(String type) {
        RecordHeaders headers = new RecordHeaders();
        if (type != null) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("ce_specversion", "1.0");
            values.put("ce_id", UUID.randomUUID().toString());
            values.put("ce_type", type);
            values.put("ce_source", "/voltstream/test");
            values.put("content-type", "application/json");
            values.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }
}
