package dev.voltstream.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.testkit.BrokerProcess;
import dev.voltstream.broker.testkit.TestBroker;

/**
 * The coordinator and the partitions restart with transactions open: after a clean restart the producer commits the
 * transaction it opened before; after a restart that finds neither snapshots nor transaction indexes (what a kill -9
 * leaves) the open transactions and the aborted ones are rebuilt from the log alone; an id forgotten after
 * {@code transactional.id.expiration.ms} stays forgotten across a restart.
 */
class TransactionRestartIT {
    @TempDir
    Path dir;
    TestBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private TestBroker start(int port) {
        broker = TestBroker.start(dir, Map.of("listeners", "PLAINTEXT://127.0.0.1:" + port));
        return broker;
    }

    private KafkaProducer<String, String> transactional(String id) {
        return broker.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000));
    }

    private Partition partition() {
        return broker.broker().components().replicas().partition(new TopicPartition("restart-tx", 0)).orElseThrow();
    }

    @Test
    void aTransactionOpenAcrossACoordinatorRestartCommits() throws Exception {
        int port = BrokerProcess.freePort();
        start(port);
        broker.admin().createTopics(List.of(new NewTopic("restart-tx", 1, (short) 1))).all().get();
        try (KafkaProducer<String, String> producer = transactional("survivor")) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("restart-tx", "k", "v" + i)).get();
            }
            broker.close();
            start(port);
            assertThat(broker.broker().components().transactions().describe("survivor").orElseThrow().state())
                    .isEqualTo(TransactionState.ONGOING);
            assertThat(partition().lastStableOffset()).isZero();

            producer.commitTransaction();
        }
        assertThat(TransactionsIT.values(readCommitted())).containsExactly("v0", "v1", "v2");
    }

    @Test
    void openAndAbortedTransactionsAreRebuiltFromTheLogAlone() throws Exception {
        int port = BrokerProcess.freePort();
        start(port);
        broker.admin().createTopics(List.of(new NewTopic("restart-tx", 1, (short) 1))).all().get();
        try (KafkaProducer<String, String> aborter = transactional("aborter")) {
            aborter.initTransactions();
            aborter.beginTransaction();
            aborter.send(new ProducerRecord<>("restart-tx", "k", "aborted")).get();
            aborter.abortTransaction();
        }
        KafkaProducer<String, String> open = transactional("open");
        open.initTransactions();
        open.beginTransaction();
        open.send(new ProducerRecord<>("restart-tx", "k", "open")).get();
        open.close(Duration.ZERO); // a forced close leaves the transaction open (a graceful one aborts it)
        long openAt = partition().lastStableOffset();
        assertThat(openAt).isEqualTo(2);
        broker.close();
        Path partitionDir = dir.resolve("restart-tx-0");
        try (Stream<Path> files = Files.list(partitionDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".txnindex")
                    || f.getFileName().toString().equals("producer-state.snapshot")
                    || f.getFileName().toString().equals(".clean-shutdown")).toList()) {
                Files.delete(f);
            }
        }

        start(port);
        assertThat(partition().lastStableOffset()).isEqualTo(openAt);
        assertThat(partition().abortedTransactions(0, openAt)).hasSize(1);
        try (KafkaProducer<String, String> successor = transactional("open")) {
            successor.initTransactions(); // aborts the transaction the old session left open
        }
        assertThat(partition().lastStableOffset()).isEqualTo(partition().highWatermark());
        assertThat(readCommitted()).isEmpty();
    }

    @Test
    void anIdleTransactionalIdIsForgottenAndStaysForgottenAfterARestart() throws Exception {
        int port = BrokerProcess.freePort();
        Map<String, String> quickExpiry = Map.of("listeners", "PLAINTEXT://127.0.0.1:" + port,
                "transactional.id.expiration.ms", "1000",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "200");
        broker = TestBroker.start(dir, quickExpiry);
        TransactionCoordinator coordinator = broker.broker().components().transactions();
        long firstProducerId;
        try (KafkaProducer<String, String> producer = transactional("idle")) {
            producer.initTransactions();
            firstProducerId = coordinator.describe("idle").orElseThrow().producerId();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> coordinator.describe("idle").isEmpty());
        broker.close();
        broker = TestBroker.start(dir, quickExpiry);

        assertThat(broker.broker().components().transactions().describe("idle")).isEmpty();
        try (KafkaProducer<String, String> producer = transactional("idle")) {
            producer.initTransactions();
        }
        assertThat(broker.broker().components().transactions().describe("idle").orElseThrow().producerId())
                .isNotEqualTo(firstProducerId);
    }

    private List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> readCommitted() {
        return TransactionsIT.readAll(broker, "restart-tx", org.apache.kafka.common.IsolationLevel.READ_COMMITTED);
    }
}
