package dev.voltstream.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.BrokerProcess;
import dev.voltstream.broker.testkit.TestBroker;

/**
 * SIGKILL of a broker (a child JVM) while one transaction is committed and another is open: after the restart the
 * coordinator knows the open one from {@code __transaction_state}, the partition holds its last stable offset at it,
 * read_committed consumers see the committed records only, and the producer that opened it commits it.
 */
class TransactionKillIT {
    @TempDir
    Path dir;

    @Test
    void anOpenTransactionSurvivesKillDashNineAndCommitsAfterwards() throws Exception {
        int port = BrokerProcess.freePort();
        Path logDir = dir.resolve("logs");
        Path props = dir.resolve("server.properties");
        Files.writeString(props, "node.id=1\nlisteners=PLAINTEXT://127.0.0.1:" + port + "\nlog.dirs=" + logDir + "\n");
        String bootstrap = "127.0.0.1:" + port;
        Process broker = BrokerProcess.start(props);
        KafkaProducer<String, String> open = null;
        try {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("kill-tx", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> committed = producer(bootstrap, "committed")) {
                committed.initTransactions();
                committed.beginTransaction();
                for (int i = 0; i < 3; i++) {
                    committed.send(new ProducerRecord<>("kill-tx", "k", "c" + i));
                }
                committed.commitTransaction();
            }
            open = producer(bootstrap, "open");
            open.initTransactions();
            open.beginTransaction();
            open.send(new ProducerRecord<>("kill-tx", "k", "o0")).get();
            open.send(new ProducerRecord<>("kill-tx", "k", "o1")).get();
        } finally {
            broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL with the transaction open
        }

        try (TestBroker restarted = TestBroker.start(logDir, Map.of("listeners", "PLAINTEXT://" + bootstrap))) {
            assertThat(restarted.broker().components().transactions().describe("open").orElseThrow().state())
                    .isEqualTo(TransactionState.ONGOING);
            var partition = restarted.broker().components().replicas()
                    .partition(new TopicPartition("kill-tx", 0)).orElseThrow();
            assertThat(partition.lastStableOffset()).isEqualTo(4); // 3 records and their commit marker
            assertThat(TransactionsIT.values(TransactionsIT.readAll(restarted, "kill-tx",
                    IsolationLevel.READ_COMMITTED))).containsExactly("c0", "c1", "c2");

            open.commitTransaction();
            open.close();
            assertThat(TransactionsIT.values(TransactionsIT.readAll(restarted, "kill-tx",
                    IsolationLevel.READ_COMMITTED))).containsExactly("c0", "c1", "c2", "o0", "o1");
        } finally {
            if (open != null) {
                open.close(Duration.ZERO);
            }
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap, String transactionalId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }
}
