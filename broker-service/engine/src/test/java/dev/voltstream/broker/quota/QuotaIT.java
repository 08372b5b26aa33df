package dev.voltstream.broker.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.KafkaTool;
import dev.voltstream.broker.testkit.RawKafkaClient;
import dev.voltstream.broker.testkit.TestBroker;
import kafka.admin.ConfigCommand;

/**
 * Client quotas through {@code kafka-configs.sh} and their enforcement on a producer and a consumer. Short quota
 * windows (2 x 1 s) so a test of a few seconds sees the throttle. The minute-long measurement, next to Apache Kafka's,
 * is {@code infra/load/quota-bench.sh}.
 */
class QuotaIT {
    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), Map.of("quota.window.num", "2",
                "quota.window.size.seconds", "1"));
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("metered", 1, (short) 1), new NewTopic("metered-read", 1,
                    (short) 1), new NewTopic("unacknowledged", 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static KafkaTool.Result configs(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--bootstrap-server";
        full[1] = broker.bootstrapServers();
        System.arraycopy(args, 0, full, 2, args.length);
        return KafkaTool.run(ConfigCommand::main, full);
    }

    @Test
    void kafkaConfigsSetsDescribesAndRemovesQuotasThatSurviveARestart() throws Exception {
        KafkaTool.Result alter = configs("--alter", "--entity-type", "users", "--entity-name", "alice",
                "--add-config", "producer_byte_rate=1048576,consumer_byte_rate=2097152");
        assertThat(alter.exitCode()).as(alter.stderr()).isZero();
        assertThat(configs("--alter", "--entity-type", "clients", "--entity-default", "--add-config",
                "request_percentage=50").exitCode()).isZero();
        KafkaTool.Result describe = configs("--describe", "--entity-type", "users", "--entity-name", "alice");
        assertThat(describe.stdout()).contains("producer_byte_rate=1048576.0", "consumer_byte_rate=2097152.0");

        broker.restart();
        try (Admin admin = broker.admin()) {
            Map<ClientQuotaEntity, Map<String, Double>> all =
                    admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get();
            assertThat(all.get(new ClientQuotaEntity(Map.of("user", "alice"))))
                    .containsEntry("producer_byte_rate", 1048576.0);
            assertThat(all.get(new ClientQuotaEntity(java.util.Collections.singletonMap("client-id", null))))
                    .containsEntry("request_percentage", 50.0);
        }
        assertThat(configs("--alter", "--entity-type", "users", "--entity-name", "alice", "--delete-config",
                "producer_byte_rate").exitCode()).isZero();
        assertThat(configs("--describe", "--entity-type", "users", "--entity-name", "alice").stdout())
                .doesNotContain("producer_byte_rate").contains("consumer_byte_rate=2097152.0");
        KafkaTool.Result bad = configs("--alter", "--entity-type", "clients", "--entity-name", "x", "--add-config",
                "producer_byte_rate=-5");
        assertThat(bad.exitCode()).isNotZero();
    }

    @Test
    void aProducerAndAConsumerOverTheirByteRatesGetTheirQuotaAfterTheBurst() throws Exception {
        int quota = 512 * 1024;
        assertThat(configs("--alter", "--entity-type", "clients", "--entity-name", "slow-producer", "--add-config",
                "producer_byte_rate=" + quota).exitCode()).isZero();
        assertThat(configs("--alter", "--entity-type", "clients", "--entity-name", "slow-consumer", "--add-config",
                "consumer_byte_rate=" + quota).exitCode()).isZero();
        String value = "v".repeat(1024);
        try (KafkaProducer<String, String> filler = broker.producer(Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 262144))) {
            for (int i = 0; i < 12 * quota / 1024; i++) {   // more than the consumer can read in the test
                filler.send(new ProducerRecord<>("metered-read", value));
            }
            filler.flush();
        }
        // a stock producer (5 requests in flight, 16 KB batches) sending flat out, and a consumer
        AtomicBoolean running = new AtomicBoolean(true);
        Metered producer = new Metered(() -> {
            try (KafkaProducer<String, String> p = broker.producer(Map.of(ProducerConfig.CLIENT_ID_CONFIG,
                    "slow-producer"))) {
                Metered self = Metered.current();
                while (running.get()) {
                    p.send(new ProducerRecord<>("metered", value));   // blocks while the buffer is full
                    self.update(metric(p.metrics(), "producer-metrics", "outgoing-byte-total"),
                            metric(p.metrics(), "producer-metrics", "produce-throttle-time-max"));
                }
                p.close(Duration.ZERO);
            }
        });
        Metered consumer = new Metered(() -> {
            // 64 KB fetches rather than the stock 1 MB: a 1 MB fetch earns a 2 s throttle at this quota, too coarse
            // to measure in 8 s (infra/load/quota-bench.sh measures the stock consumer over a minute)
            try (KafkaConsumer<String, String> c = broker.consumer(Map.of(ConsumerConfig.CLIENT_ID_CONFIG,
                    "slow-consumer", ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 65536))) {
                Metered self = Metered.current();
                c.assign(List.of(new TopicPartition("metered-read", 0)));
                while (running.get()) {
                    c.poll(Duration.ofMillis(100));
                    self.update(metric(c.metrics(), "consumer-metrics", "incoming-byte-total"),
                            metric(c.metrics(), "consumer-fetch-manager-metrics", "fetch-throttle-time-max"));
                }
            }
        });
        try {
            // the quota window lets a burst through first (as in Kafka); measured from each client's first throttle
            await().atMost(Duration.ofSeconds(60)).until(() -> producer.throttled() && consumer.throttled());
            long producerStart = producer.bytes();
            long consumerStart = consumer.bytes();
            long start = System.nanoTime();
            Thread.sleep(8_000);   // the measurement itself: bytes on the wire over 8 s
            double seconds = (System.nanoTime() - start) / 1e9;
            double produced = (producer.bytes() - producerStart) / seconds;
            double consumed = (consumer.bytes() - consumerStart) / seconds;
            System.out.printf("QuotaIT: produced %.3f, consumed %.3f x the quota over %.1f s%n", produced / quota,
                    consumed / quota, seconds);
            // on a quiet machine both land within 2 % of the quota; the bounds leave room for a loaded one
            assertThat(produced / quota).as("produced bytes/s over the quota %d", quota).isBetween(0.8, 1.2);
            assertThat(consumed / quota).as("consumed bytes/s over the quota %d", quota).isBetween(0.8, 1.2);
        } finally {
            running.set(false);
            producer.join();
            consumer.join();
        }
    }

    @Test
    void anAcksZeroProducerCannotGetAroundItsQuota() throws Exception {
        int quota = 256 * 1024;
        assertThat(configs("--alter", "--entity-type", "clients", "--entity-name", "fire-and-forget", "--add-config",
                "producer_byte_rate=" + quota).exitCode()).isZero();
        String value = "v".repeat(1024);
        TopicPartition tp = new TopicPartition("unacknowledged", 0);
        try (KafkaProducer<String, String> p = broker.producer(Map.of(ProducerConfig.CLIENT_ID_CONFIG,
                "fire-and-forget", ProducerConfig.ACKS_CONFIG, "0", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                // a buffer of about a second at the quota, so that the final flush is short
                ProducerConfig.BUFFER_MEMORY_CONFIG, 262144, ProducerConfig.MAX_BLOCK_MS_CONFIG, 30000));
             KafkaConsumer<String, String> end = broker.consumer(Map.of())) {
            p.send(new ProducerRecord<>(tp.topic(), value)).get();
            await().atMost(Duration.ofSeconds(15)).until(() -> end.endOffsets(List.of(tp)).get(tp) > 0);
            // flat out for 6 s, with nothing to wait for but the muted connection (and a full buffer)
            long startNanos = System.nanoTime();
            long startOffset = end.endOffsets(List.of(tp)).get(tp);
            while (System.nanoTime() - startNanos < 6_000_000_000L) {
                p.send(new ProducerRecord<>(tp.topic(), value));
            }
            p.flush();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double written = (end.endOffsets(List.of(tp)).get(tp) - startOffset) * (value.length() + 10.0) / seconds;
            // unmetered, this producer writes ~30x the quota (checked); metered, over 6 s the quota plus the
            // bucket's first burst (one second's worth with these 2 x 1 s windows), the buffer's flush and what the
            // broker read from the socket before the first mute (1.4-1.8x seen): it converges to the quota over time
            System.out.printf("QuotaIT: acks=0 producer wrote %.3f x the quota over %.1f s%n", written / quota,
                    seconds);
            assertThat(written / quota).as("bytes/s written by an acks=0 producer over the quota %d", quota)
                    .isBetween(0.3, 3.0);
        }
    }

    /** A client running on its own thread, publishing its bytes on the wire and whether it has been throttled. */
    private static final class Metered {
        private static final ThreadLocal<Metered> CURRENT = new ThreadLocal<>();
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicBoolean throttled = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        Metered(Runnable body) {
            thread = new Thread(() -> {
                CURRENT.set(this);
                try {
                    body.run();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            thread.start();
        }

        static Metered current() {
            return CURRENT.get();
        }

        void update(double bytesOnTheWire, double throttleMax) {
            bytes.set((long) bytesOnTheWire);
            if (throttleMax > 0) {
                throttled.set(true);
            }
        }

        long bytes() {
            assertThat(failure.get()).isNull();
            return bytes.get();
        }

        boolean throttled() {
            assertThat(failure.get()).isNull();
            return throttled.get();
        }

        void join() throws InterruptedException {
            thread.join(30_000);
            assertThat(failure.get()).isNull();
        }
    }

    @Test
    void aClientOverItsRequestPercentageGetsThrottleTimeAndOthersDoNot() throws Exception {
        // 0.01 % of a request thread: 0.1 ms a second, a few Metadata requests' worth
        assertThat(configs("--alter", "--entity-type", "clients", "--entity-name", "busy-client", "--add-config",
                "request_percentage=0.01").exitCode()).isZero();
        try (RawKafkaClient busy = new RawKafkaClient(broker.port(), "busy-client");
             RawKafkaClient quiet = new RawKafkaClient(broker.port(), "quiet-client")) {
            int throttle = 0;
            for (int i = 0; i < 500 && throttle == 0; i++) {
                throttle = metadata(busy).throttleTimeMs();
            }
            assertThat(throttle).as("throttle_time_ms of the busy client").isBetween(1, 1000);
            for (int i = 0; i < 20; i++) {
                assertThat(metadata(quiet).throttleTimeMs()).as("throttle_time_ms of the quiet client").isZero();
            }
        }
    }

    private static MetadataResponseData metadata(RawKafkaClient client) throws java.io.IOException {
        return (MetadataResponseData) client.call(ApiKeys.METADATA, (short) 12,
                new MetadataRequestData().setTopics(null));
    }

    private static double metric(Map<MetricName, ? extends Metric> metrics, String group, String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().equals(group)) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("no metric " + name);
    }
}
