package dev.voltstream.fraud.it;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.testkit.EventJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** A test's own Kafka clients: sends CloudEvents records, reads whole topics from the beginning. */
final class TopicProbe implements AutoCloseable {
    private final String bootstrap;
    private final KafkaProducer<String, String> producer;

    TopicProbe(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    void send(Transaction tx) {
        send(tx.accountId(), EventJson.write(tx), EventTypes.TRANSACTION, tx.eventId());
    }

    /** Sends a record with CloudEvents binary-mode headers (no ce_type header when {@code type} is null). */
    void send(String key, String value, String type, String id) {
        sendAt(transactionRecord(key, value, type, id));
    }

    /**
     * Sends {@code records} (one key, so one partition) as one producer batch: the broker stores them as one record
     * batch, so a consumer fetches them together and the connector hands them over in one poll.
     */
    List<RecordMetadata> sendTogether(List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> batching = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10_000, ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20),
                new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = records.stream().map(batching::send).toList();
            batching.flush();
            List<RecordMetadata> stored = new ArrayList<>();
            for (Future<RecordMetadata> future : sent) {
                stored.add(future.get());
            }
            return stored;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A {@code transactions} record with CloudEvents binary-mode headers (no ce_type when {@code type} is null). */
    static ProducerRecord<String, String> transactionRecord(String key, String value, String type, String id) {
        ProducerRecord<String, String> record = new ProducerRecord<>("transactions", key, value);
        record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes(id))
                .add("ce_source", bytes("/test")).add("content-type", bytes("application/json"));
        if (type != null) {
            record.headers().add("ce_type", bytes(type));
        }
        return record;
    }

    /** The offsets {@code group} committed on {@code topic} (what a restarted member starts from), by partition. */
    Map<Integer, Long> committed(String group, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            Set<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
            Map<Integer, Long> offsets = new HashMap<>();
            consumer.committed(partitions, Duration.ofSeconds(10)).forEach((tp, offset) ->
                    offsets.put(tp.partition(), offset == null ? -1L : offset.offset()));
            return offsets;
        }
    }

    private RecordMetadata sendAt(ProducerRecord<String, String> record) {
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Every committed record now on {@code topic} (read_committed, as the services read: the relay commits). */
    List<ConsumerRecord<String, String>> readAll(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
            return records;
        }
    }

    /** Waits until {@code topic} holds a record whose value matches, and returns all matching records. */
    List<ConsumerRecord<String, String>> awaitRecords(String topic, Predicate<String> value) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            found.clear();
            readAll(topic).stream().filter(r -> r.value() != null && value.test(r.value())).forEach(found::add);
            return !found.isEmpty();
        });
        return found;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
