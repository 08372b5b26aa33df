package dev.voltstream.broker.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
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
 * Client quotas through {@code kafka-configs.sh} and their enforcement on a producer. Short quota windows (2 x 1 s)
 * so a test of a few seconds sees the throttle.
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
            admin.createTopics(List.of(new NewTopic("metered", 1, (short) 1))).all().get();
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
    void aProducerOverItsByteRateIsThrottledToItsQuota() throws Exception {
        int quota = 100 * 1024;
        assertThat(configs("--alter", "--entity-type", "clients", "--entity-name", "slow-producer", "--add-config",
                "producer_byte_rate=" + quota).exitCode()).isZero();
        byte[] value = new byte[1024];
        int records = 500;
        try (KafkaProducer<String, String> producer = broker.producer(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "slow-producer", ProducerConfig.BATCH_SIZE_CONFIG, 16384))) {
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("metered", "k", new String(value)));
            }
            producer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = records * 1024 / seconds;
            // the first windows let a burst through (as in Kafka); over the run the rate stays near the quota
            assertThat(rate).as("bytes/s with a quota of %d", quota).isLessThan(quota * 1.6)
                    .isGreaterThan(quota * 0.3);
            assertThat(metric(producer, "produce-throttle-time-max")).isGreaterThan(0);
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

    private static double metric(KafkaProducer<?, ?> producer, String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("no metric " + name);
    }
}
