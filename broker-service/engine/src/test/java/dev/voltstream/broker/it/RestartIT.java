package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.TestBroker;

/** A clean restart keeps every topic (with its id and configs) and every record. */
class RestartIT {
    @TempDir
    Path dir;

    @Test
    void topicsConfigsAndRecordsSurviveARestart() throws Exception {
        try (TestBroker broker = TestBroker.start(dir)) {
            TopicDescription before;
            try (Admin admin = broker.admin()) {
                admin.createTopics(List.of(new NewTopic("kept", 2, (short) 1)
                        .configs(Map.of("retention.ms", "3600000")))).all().get(10, TimeUnit.SECONDS);
                before = admin.describeTopics(List.of("kept")).allTopicNames().get().get("kept");
            }
            try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("kept", i % 2, "k", "v" + i));
                }
                producer.flush();
            }

            broker.restart();

            try (Admin admin = broker.admin()) {
                TopicDescription after = admin.describeTopics(List.of("kept")).allTopicNames().get().get("kept");
                assertThat(after.topicId()).isEqualTo(before.topicId());
                assertThat(after.partitions()).hasSize(2);
            }
            assertThat(broker.broker().components().topics().registry().byName("kept").orElseThrow().configs())
                    .containsEntry("retention.ms", "3600000");
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of())) {
                List<TopicPartition> tps = List.of(new TopicPartition("kept", 0), new TopicPartition("kept", 1));
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                long deadline = System.currentTimeMillis() + 15_000;
                while (values.size() < 100 && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        values.add(r.value());
                    }
                }
            }
            assertThat(values).hasSize(100).doesNotHaveDuplicates();
        }
    }
}
