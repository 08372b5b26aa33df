package dev.voltstream.broker.group;

import static dev.voltstream.broker.group.GroupTestSupport.createTopic;
import static dev.voltstream.broker.group.GroupTestSupport.groupConsumer;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.voltstream.broker.testkit.KafkaTool;
import dev.voltstream.broker.testkit.TestBroker;

/** Apache Kafka's kafka-consumer-groups tool (ConsumerGroupCommand, in-process) against our coordinator. */
class ConsumerGroupCliIT {
    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;
    TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(dir, GroupTestSupport.FAST_GROUPS);
        createTopic(broker, "cli", 2);
        try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
            for (int i = 0; i < 5; i++) {
                for (int p = 0; p < 2; p++) {
                    producer.send(new ProducerRecord<>("cli", p, T0 + i * 1000L, null, "v" + i)).get();
                }
            }
        }
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void listDescribeResetAndDeleteWork(String protocol) throws Exception {
        try (KafkaConsumer<String, String> consumer = broker.consumer(groupConsumer("g-cli", protocol))) {
            consumer.subscribe(List.of("cli"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.assignment().size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.commitSync(Map.of(new TopicPartition("cli", 0), new OffsetAndMetadata(5),
                    new TopicPartition("cli", 1), new OffsetAndMetadata(3)));

            assertThat(tool("--list").stdout().lines()).contains("g-cli");

            List<String[]> rows = rows(tool("--describe", "--group", "g-cli").stdout(), "GROUP");
            assertThat(rows).hasSize(2);
            Map<String, String[]> byPartition = new TreeMap<>();
            rows.forEach(r -> byPartition.put(r[2], r));
            // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
            assertThat(Arrays.copyOfRange(byPartition.get("0"), 0, 6))
                    .containsExactly("g-cli", "cli", "0", "5", "5", "0");
            assertThat(Arrays.copyOfRange(byPartition.get("1"), 0, 6))
                    .containsExactly("g-cli", "cli", "1", "3", "5", "2");
            assertThat(byPartition.get("0")[6]).isNotEqualTo("-");
            assertThat(byPartition.get("0")[7]).isEqualTo("/127.0.0.1");

            List<String[]> members = rows(tool("--describe", "--group", "g-cli", "--members").stdout(), "GROUP");
            assertThat(members).hasSize(1);
        }

        assertThat(resetTo("--to-earliest")).containsExactly(0L, 0L);
        assertThat(committed()).containsExactly(0L, 0L);
        assertThat(resetTo("--shift-by", "2")).containsExactly(2L, 2L);
        assertThat(committed()).containsExactly(2L, 2L);
        String at = LocalDateTime.ofInstant(Instant.ofEpochMilli(T0 + 2500), ZoneId.systemDefault())
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS"));
        assertThat(resetTo("--to-datetime", at)).containsExactly(3L, 3L);
        assertThat(committed()).containsExactly(3L, 3L);

        KafkaTool.Result deleted = tool("--delete", "--group", "g-cli");
        assertThat(deleted.stdout()).contains("Deletion of requested consumer groups ('g-cli') was successful.");
        assertThat(tool("--list").stdout().lines()).doesNotContain("g-cli");
    }

    private List<Long> resetTo(String... how) {
        List<String> args = new ArrayList<>(List.of("--reset-offsets", "--group", "g-cli", "--topic", "cli"));
        args.addAll(List.of(how));
        args.add("--execute");
        KafkaTool.Result result = tool(args.toArray(String[]::new));
        List<String[]> rows = rows(result.stdout(), "GROUP");
        assertThat(rows).as(result.stdout() + result.stderr()).hasSize(2);
        return rows.stream().sorted((a, b) -> a[2].compareTo(b[2])).map(r -> Long.parseLong(r[3])).toList();
    }

    private List<Long> committed() throws Exception {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets("g-cli").partitionsToOffsetAndMetadata().get();
            return List.of(offsets.get(new TopicPartition("cli", 0)).offset(),
                    offsets.get(new TopicPartition("cli", 1)).offset());
        }
    }

    private KafkaTool.Result tool(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--bootstrap-server";
        full[1] = broker.bootstrapServers();
        System.arraycopy(args, 0, full, 2, args.length);
        KafkaTool.Result result = KafkaTool.run(ConsumerGroupCommand::main, full);
        assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.stdout() + result.stderr())
                .isZero();
        return result;
    }

    /** The table rows after the header line that starts with {@code header}, split on whitespace. */
    private static List<String[]> rows(String output, String header) {
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : output.lines().toList()) {
            if (line.startsWith(header + " ")) {
                inTable = true;
            } else if (inTable && !line.isBlank()) {
                rows.add(line.trim().split("\\s+"));
            }
        }
        return rows;
    }
}
