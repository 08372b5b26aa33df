package dev.voltstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The broker resource: a stock Kafka client produces and consumes through it; stop removes its log dir. */
class VoltstreamBrokerTestResourceTest {

    @Test
    void startsABrokerStockClientsUseAndCleansUp() throws Exception {
        VoltstreamBrokerTestResource resource = new VoltstreamBrokerTestResource();
        resource.init(Map.of());
        String bootstrap = resource.start().get("kafka.bootstrap.servers");
        assertThat(bootstrap).startsWith("127.0.0.1:");
        Path logDir = resource.broker().logDir();
        assertThat(logDir).isDirectory();
        try {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
                producer.send(new ProducerRecord<>("transactions", "acc-0001", "{\"n\":1}")).get();
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                // auto-created with the resource's num.partitions=3
                assertThat(admin.describeTopics(List.of("transactions")).allTopicNames().get()
                        .get("transactions").partitions()).hasSize(3);
            }
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "testkit",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
                consumer.subscribe(List.of("transactions"));
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                    return !seen.isEmpty();
                });
            }
            assertThat(seen).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("acc-0001");
                assertThat(r.value()).isEqualTo("{\"n\":1}");
            });
        } finally {
            resource.stop();
        }
        assertThat(logDir).doesNotExist();
    }

    @Test
    void initArgsOverrideBrokerProperties() throws Exception {
        try (InProcessBroker broker = InProcessBroker.start(Map.of("num.partitions", "1"));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.bootstrapServers()))) {
            assertThat(broker.logDir()).isDirectory();
            admin.createTopics(List.of(new NewTopic("t", Optional.empty(), Optional.empty()))).all().get();
            assertThat(admin.describeTopics(List.of("t")).allTopicNames().get().get("t").partitions()).hasSize(1);
        }
    }
}
