package dev.voltstream.notification.it;

import dev.voltstream.notification.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** A plain Kafka producer writing records as the services do: String key, JSON value, CloudEvents binary headers. */
final class CloudEventProducer implements AutoCloseable {
    private final KafkaProducer<String, String> producer;

    /** A value with its CloudEvents type (null: no CloudEvents headers). */
    record Value(String type, String json) {
    }

    CloudEventProducer(String bootstrapServers) {
        this(bootstrapServers, 0);
    }

    /** @param lingerMs how long the producer gathers records into one produce request (sendTogether flushes) */
    CloudEventProducer(String bootstrapServers, int lingerMs) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, lingerMs),
                new StringSerializer(), new StringSerializer());
    }

    /** Sends one record and waits for the broker's ack; type null leaves the CloudEvents headers out. */
    void send(String topic, String key, String type, String json) throws Exception {
        producer.send(record(topic, key, type, json)).get(30, TimeUnit.SECONDS);
    }

    /**
     * Sends the values with one key, then flushes and waits for the acks: with a lingering producer they travel in
     * one produce request, one record batch on one partition, so a consumer polls them together.
     */
    List<RecordMetadata> sendTogether(String topic, String key, List<Value> values) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Value value : values) {
            sent.add(producer.send(record(topic, key, value.type(), value.json())));
        }
        producer.flush();
        List<RecordMetadata> acked = new ArrayList<>();
        for (Future<RecordMetadata> future : sent) {
            acked.add(future.get(30, TimeUnit.SECONDS));
        }
        return acked;
    }

    private static ProducerRecord<String, String> record(String topic, String key, String type, String json) {
        return new ProducerRecord<>(topic, null, key, json, TestEvents.cloudEventHeaders(type));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
