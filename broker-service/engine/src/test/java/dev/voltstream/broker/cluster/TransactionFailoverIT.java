package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17 on three broker processes: transactions survive a SIGKILL of the broker coordinating them. A transactional
 * producer commits and aborts transactions while the coordinator of its transactional id is killed in the middle of
 * one; a read_committed consumer then sees every committed transaction once, no aborted one, and the interrupted one
 * either whole or not at all. Then a consume-transform-produce copier (sendOffsetsToTransaction) copies a topic while
 * its transaction coordinator is killed, and the output, read_committed, holds every input record exactly once.
 */
@Timeout(400)
class TransactionFailoverIT {
    private static final String STATE = "__transaction_state";

    @TempDir
    Path dir;

    @Test
    void transactionsSurviveASigkillOfTheirCoordinator() throws Exception {
        try (BrokerProcesses cluster = new BrokerProcesses(dir, 3);
             Admin admin = cluster.admin()) {
            cluster.awaitFormed(admin);
            for (String topic : List.of("txn-ledger", "copy-in", "copy-out")) {
                createTopic(admin, topic);
            }

            int victim = ledgerSurvivesCoordinatorKill(cluster, admin);
            cluster.start(victim);
            BrokerProcesses.awaitFullIsr(admin, STATE);
            BrokerProcesses.awaitFullIsr(admin, "copy-out");
            copierCopiesExactlyOnceAcrossCoordinatorKill(cluster, admin);
        }
    }

    private static void createTopic(Admin admin, String topic) {
        ClusterTopics.create(admin, new NewTopic(topic, 3, (short) 3).configs(Map.of("min.insync.replicas", "2")));
    }

    /** Returns the killed broker. */
    private int ledgerSurvivesCoordinatorKill(BrokerProcesses cluster, Admin admin) throws Exception {
        String id = "ledger-writer";
        Set<Integer> committed = new HashSet<>();
        Set<Integer> aborted = new HashSet<>();
        Set<Integer> unknown = new HashSet<>();
        int victim = -1;
        try (KafkaProducer<String, String> producer = producer(cluster, id)) {
            producer.initTransactions();
            BrokerProcesses.awaitFullIsr(admin, STATE);
            for (int txn = 0; txn < 40; txn++) {
                producer.beginTransaction();
                for (int r = 0; r < 6; r++) {
                    producer.send(new ProducerRecord<>("txn-ledger", r % 3, "t" + txn, "t" + txn + "-r" + r));
                }
                if (txn == 15) {
                    producer.flush();
                    victim = admin.describeTransactions(List.of(id)).description(id).get().coordinatorId();
                    cluster.kill(victim); // the coordinator dies with this transaction open
                }
                boolean commit = txn % 4 != 3;
                try {
                    if (commit) {
                        TransactionalCopier.commitRetryingTimeouts(producer);
                        committed.add(txn);
                    } else {
                        producer.abortTransaction();
                        aborted.add(txn);
                    }
                } catch (KafkaException e) {
                    unknown.add(txn);
                    producer.abortTransaction();
                }
            }
        }
        assertThat(committed).as("committed transactions").hasSizeGreaterThan(25);
        int newCoordinator = admin.describeTransactions(List.of(id)).description(id).get().coordinatorId();
        assertThat(newCoordinator).as("the id's new coordinator").isNotEqualTo(victim);
        // ListTransactions goes to every live broker; each lists the ids it coordinates (kafka-transactions.sh list).
        assertThat(admin.listTransactions().all().get()).filteredOn(t -> t.transactionalId().equals(id))
                .singleElement().satisfies(t -> assertThat(t.state().toString()).isIn("CompleteCommit",
                        "CompleteAbort"));

        List<String> seen = readCommitted(cluster, "txn-ledger");
        assertThat(seen).as("read_committed").doesNotHaveDuplicates();
        Map<Integer, Long> perTxn = seen.stream().collect(Collectors.groupingBy(
                v -> Integer.parseInt(v.substring(1, v.indexOf('-'))), Collectors.counting()));
        for (int txn : committed) {
            assertThat(perTxn.get(txn)).as("records of committed transaction %d", txn).isEqualTo(6L);
        }
        for (int txn : aborted) {
            assertThat(perTxn).as("aborted transaction %d", txn).doesNotContainKey(txn);
        }
        for (int txn : unknown) {
            assertThat(perTxn.getOrDefault(txn, 6L)).as("interrupted transaction %d: all or nothing", txn)
                    .isEqualTo(6L);
        }
        assertThat(perTxn.keySet()).as("only committed (or interrupted) transactions")
                .allMatch(t -> committed.contains(t) || unknown.contains(t));
        return victim;
    }

    private void copierCopiesExactlyOnceAcrossCoordinatorKill(BrokerProcesses cluster, Admin admin)
            throws Exception {
        int total = 3_000;
        try (KafkaProducer<String, String> plain = plainProducer(cluster)) {
            for (int i = 0; i < total; i++) {
                plain.send(new ProducerRecord<>("copy-in", i % 3, "k" + i, "v" + i));
            }
            plain.flush();
        }
        String id = "copier";
        try (KafkaConsumer<String, String> consumer = consumer(cluster, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "copier-group",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100));
             KafkaProducer<String, String> producer = producer(cluster, id)) {
            TransactionalCopier copier = new TransactionalCopier(consumer, producer, "copy-out");
            producer.initTransactions();
            consumer.subscribe(List.of("copy-in"));
            boolean killed = false;
            long deadline = System.currentTimeMillis() + 240_000;
            while (copier.copied() < total) {
                assertThat(System.currentTimeMillis()).as("copier deadline").isLessThan(deadline);
                copier.step();
                if (!killed && copier.copied() >= total / 3) {
                    killed = true;
                    cluster.kill(admin.describeTransactions(List.of(id)).description(id).get().coordinatorId());
                }
            }
        }
        List<String> copies = readCommitted(cluster, "copy-out");
        assertThat(copies).as("copies read_committed").hasSize(total).doesNotHaveDuplicates();
        assertThat(Set.copyOf(copies)).isEqualTo(IntStream.range(0, total).mapToObj(i -> "v" + i + "-copied")
                .collect(Collectors.toSet()));
    }

    /** Every value in the topic visible to read_committed, up to its last stable offset once nothing is open. */
    private static List<String> readCommitted(BrokerProcesses cluster, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(cluster, Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            List<TopicPartition> partitions = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(topic, p))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                // read_committed end offsets are the LSOs; equal to the high watermarks once no transaction is open.
                Map<TopicPartition, Long> stable = consumer.endOffsets(partitions);
                Map<TopicPartition, Long> high;
                try (KafkaConsumer<String, String> uncommitted = consumer(cluster, Map.of())) {
                    high = uncommitted.endOffsets(partitions);
                }
                return stable.equals(high) && partitions.stream().allMatch(tp -> consumer.position(tp)
                        >= stable.get(tp));
            });
            return values;
        }
    }

    static KafkaProducer<String, String> producer(BrokerProcesses cluster, String transactionalId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 20_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return new KafkaProducer<>(props);
    }

    private static KafkaProducer<String, String> plainProducer(BrokerProcesses cluster) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }

    private static KafkaConsumer<String, String> consumer(BrokerProcesses cluster, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return new KafkaConsumer<>(props);
    }
}
