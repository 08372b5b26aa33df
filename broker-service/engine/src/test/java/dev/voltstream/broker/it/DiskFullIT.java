package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.storage.WriteInterceptor;
import dev.voltstream.broker.testkit.TestBroker;

/**
 * A full disk seen from stock clients: while the log dir has no space, a produce gets KAFKA_STORAGE_ERROR and reads
 * go on; an idempotent producer retrying through the outage gets its record written once when space returns, with no
 * broker restart.
 */
class DiskFullIT {
    @TempDir
    Path dir;

    @Test
    void producersGetStorageErrorWhileTheDiskIsFullAndSucceedOnceSpaceReturns() throws Exception {
        AtomicBoolean full = new AtomicBoolean();
        AtomicInteger refusals = new AtomicInteger();
        WriteInterceptor disk = (file, bytes) -> {
            if (full.get()) {
                refusals.incrementAndGet();
                throw new IOException("No space left on device");
            }
        };
        try (TestBroker broker = TestBroker.start(dir.resolve("logs"), Map.of(), disk)) {
            try (Admin admin = broker.admin()) {
                admin.createTopics(List.of(new NewTopic("meter", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> plain = broker.producer(Map.of(
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.RETRIES_CONFIG, 0,
                    ProducerConfig.ACKS_CONFIG, "all"));
                 KafkaProducer<String, String> idempotent = broker.producer(Map.of(
                         ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 100,
                         ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000))) {
                for (int i = 0; i < 3; i++) {
                    plain.send(new ProducerRecord<>("meter", "before-" + i)).get();
                }

                full.set(true);
                Future<RecordMetadata> refused = plain.send(new ProducerRecord<>("meter", "refused"));
                assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(KafkaStorageException.class);
                assertThat(readAll(broker)).containsExactly("before-0", "before-1", "before-2");
                Future<RecordMetadata> retried = idempotent.send(new ProducerRecord<>("meter", "retried"));
                int seen = refusals.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> refusals.get() >= seen + 2);
                assertThat(retried).isNotDone();

                full.set(false);

                assertThat(retried.get().offset()).isEqualTo(3);
                assertThat(plain.send(new ProducerRecord<>("meter", "after")).get().offset()).isEqualTo(4);
            }
            assertThat(readAll(broker)).containsExactly("before-0", "before-1", "before-2", "retried", "after");
        }
    }

    private static List<String> readAll(TestBroker broker) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of())) {
            TopicPartition tp = new TopicPartition("meter", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
