package dev.voltstream.launcher;

import dev.voltstream.testkit.InProcessBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code voltstream transaction} against an in-process broker: committed records are read, aborted ones only by a
 * read_uncommitted consumer.
 */
class TransactionCommandTest {
    private static InProcessBroker broker;

    @BeforeAll
    static void start() {
        broker = InProcessBroker.start(Map.of("num.partitions", "1"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void anAbortedTransactionIsReadOnlyUncommitted() {
        assertThat(transaction("kept", 2, "--commit")).isZero();
        assertThat(transaction("dropped", 3, "--abort")).isZero();
        assertThat(transaction("later", 1, "--commit")).isZero();

        assertThat(read("read_committed")).containsExactly("kept-1", "kept-2", "later-1");
        assertThat(read("read_uncommitted"))
                .containsExactly("kept-1", "kept-2", "dropped-1", "dropped-2", "dropped-3", "later-1");
    }

    @Test
    void commitOrAbortMustBeChosen() {
        assertThat(VoltstreamLauncher.execute("transaction", "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "t")).isEqualTo(2);
        assertThat(VoltstreamLauncher.execute("transaction", "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "t", "--commit", "--abort")).isEqualTo(2);
    }

    private static int transaction(String prefix, int records, String outcome) {
        return VoltstreamLauncher.execute("transaction", "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "txn", "--prefix", prefix, "--records", String.valueOf(records), outcome);
    }

    private static List<String> read(String isolation) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation), new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("txn", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }
}
