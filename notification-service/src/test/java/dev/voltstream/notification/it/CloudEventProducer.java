package dev.voltstream.notification.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** A plain Kafka producer writing records as the services do: String key, JSON value, CloudEvents binary headers. */
final class CloudEventProducer implements AutoCloseable {
    private final KafkaProducer<String, String> producer;

    CloudEventProducer(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new StringSerializer());
    }

    /** Sends one record and waits for the broker's ack; type null leaves the CloudEvents headers out. */
    void send(String topic, String key, String type, String json) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
        if (type != null) {
            header(record, "ce_specversion", "1.0");
            header(record, "ce_id", UUID.randomUUID().toString());
            header(record, "ce_type", type);
            header(record, "ce_source", "/voltstream/test");
            header(record, "content-type", "application/json");
        }
        producer.send(record).get(30, TimeUnit.SECONDS);
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
