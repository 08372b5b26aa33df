package dev.voltstream.broker.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.voltstream.broker.KafkaBroker;
import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.storage.WriteInterceptor;

/**
 * An in-process broker on a free port over a log dir of the test's own, plus stock-client factories pointed at it.
 * {@link #restart()} stops it cleanly and starts it again on the same data.
 */
public final class TestBroker implements AutoCloseable {
    private final Path logDir;
    private final Map<String, String> overrides;
    private final WriteInterceptor interceptor;
    private KafkaBroker broker;

    private TestBroker(Path logDir, Map<String, String> overrides, WriteInterceptor interceptor)
            throws IOException, InterruptedException {
        this.logDir = logDir;
        this.overrides = overrides;
        this.interceptor = interceptor;
        this.broker = KafkaBroker.start(config(), interceptor);
    }

    public static TestBroker start(Path logDir) {
        return start(logDir, Map.of());
    }

    public static TestBroker start(Path logDir, Map<String, String> overrides) {
        return start(logDir, overrides, WriteInterceptor.NONE);
    }

    /** A broker whose partition logs write through {@code interceptor} (disk-fault tests). */
    public static TestBroker start(Path logDir, Map<String, String> overrides, WriteInterceptor interceptor) {
        try {
            return new TestBroker(logDir, overrides, interceptor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private BrokerConfig config() throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("node.id", "1");
        values.put("listeners", "PLAINTEXT://127.0.0.1:0");
        values.put("log.dirs", Files.createDirectories(logDir).toString());
        values.put("num.io.threads", "4");
        values.put("num.network.threads", "2");
        values.putAll(overrides);
        return new BrokerConfig(values);
    }

    public void restart() {
        broker.close();
        try {
            broker = KafkaBroker.start(config(), interceptor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public KafkaBroker broker() {
        return broker;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public int port() {
        return broker.port();
    }

    public Path logDir() {
        return logDir;
    }

    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    public KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putAll(extra);
        return new KafkaProducer<>(props);
    }

    public KafkaConsumer<String, String> consumer(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putAll(extra);
        return new KafkaConsumer<>(props);
    }

    /** Every record of every partition of {@code topic}, from the beginning to its end when the read starts. */
    public List<ConsumerRecord<String, String>> readAll(String topic) {
        return readAll(topic, new StringDeserializer());
    }

    /** {@link #readAll(String)} with String keys and values read by {@code values}. */
    public <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> values) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Override
    public void close() {
        broker.close();
    }
}
