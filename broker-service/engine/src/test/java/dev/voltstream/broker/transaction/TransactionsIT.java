package dev.voltstream.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.voltstream.broker.testkit.KafkaTool;
import dev.voltstream.broker.testkit.TestBroker;
import kafka.tools.DumpLogSegments;
import org.apache.kafka.tools.TransactionsCommand;

/**
 * Stock Java transactional producers and read_committed consumers against one shared in-process broker: aborted
 * records are never visible, committed ones exactly once and in order; zombies are fenced; a transaction past its
 * timeout is aborted; consume-transform-produce with sendOffsetsToTransaction copies every record exactly once.
 */
class TransactionsIT {
    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(dir, Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms", "200"));
        admin = broker.admin();
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    static void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }

    static KafkaProducer<String, String> transactional(String id, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return broker.producer(props);
    }

    /** Every record visible at {@code isolation}, read from the start up to the end the consumer sees. */
    static List<ConsumerRecord<String, String>> readAll(String topic, IsolationLevel isolation) {
        return readAll(broker, topic, isolation);
    }

    static List<ConsumerRecord<String, String>> readAll(TestBroker from, String topic, IsolationLevel isolation) {
        try (KafkaConsumer<String, String> consumer = from.consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation.toString()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
            return records;
        }
    }

    static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    @Test
    void abortedRecordsAreNeverVisibleToReadCommittedAndCommittedOnesAreVisibleOnceInOrder() throws Exception {
        createTopic("tx-visibility", 2);
        List<String> committed = new ArrayList<>();
        List<String> all = new ArrayList<>();
        try (KafkaProducer<String, String> producer = transactional("visibility", Map.of());
             KafkaProducer<String, String> plain = broker.producer(Map.of())) {
            producer.initTransactions();
            for (int round = 0; round < 6; round++) {
                producer.beginTransaction();
                for (int i = 0; i < 10; i++) {
                    String value = "r" + round + "-" + i;
                    producer.send(new ProducerRecord<>("tx-visibility", i % 2, "k", value));
                    all.add(value);
                    if (round % 2 == 0) {
                        committed.add(value);
                    }
                }
                plain.send(new ProducerRecord<>("tx-visibility", round % 2, "k", "plain-" + round)).get();
                committed.add("plain-" + round);
                all.add("plain-" + round);
                producer.flush(); // abortTransaction drops unsent records: these are in the log, then aborted
                if (round % 2 == 0) {
                    producer.commitTransaction();
                } else {
                    producer.abortTransaction();
                }
            }
        }

        List<ConsumerRecord<String, String>> readCommitted = readAll("tx-visibility", IsolationLevel.READ_COMMITTED);
        assertThat(values(readCommitted)).containsExactlyInAnyOrderElementsOf(committed);
        for (int p = 0; p < 2; p++) {
            int partition = p;
            List<String> inPartition = readCommitted.stream().filter(r -> r.partition() == partition)
                    .map(ConsumerRecord::value).filter(v -> v.startsWith("r")).toList();
            assertThat(inPartition).isEqualTo(committed.stream().filter(v -> v.startsWith("r"))
                    .filter(v -> Integer.parseInt(v.substring(v.indexOf('-') + 1)) % 2 == partition).toList());
        }
        assertThat(values(readAll("tx-visibility", IsolationLevel.READ_UNCOMMITTED)))
                .containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void aZombieIsFencedByTheNextProducerWithItsTransactionalId() throws Exception {
        createTopic("tx-zombie", 1);
        try (KafkaProducer<String, String> zombie = transactional("zombie", Map.of());
             KafkaProducer<String, String> successor = transactional("zombie", Map.of())) {
            zombie.initTransactions();
            zombie.beginTransaction();
            zombie.send(new ProducerRecord<>("tx-zombie", "z", "from-zombie")).get();

            successor.initTransactions(); // aborts the zombie's open transaction and bumps the epoch
            successor.beginTransaction();
            successor.send(new ProducerRecord<>("tx-zombie", "s", "from-successor")).get();
            successor.commitTransaction();

            assertThatThrownBy(() -> {
                zombie.send(new ProducerRecord<>("tx-zombie", "z", "late")).get();
                zombie.commitTransaction();
            }).isInstanceOfAny(KafkaException.class, java.util.concurrent.ExecutionException.class);
        }
        assertThat(values(readAll("tx-zombie", IsolationLevel.READ_COMMITTED))).containsExactly("from-successor");
    }

    @Test
    void aTransactionPastItsTimeoutIsAbortedAndItsProducerFenced() throws Exception {
        createTopic("tx-timeout", 1);
        try (KafkaProducer<String, String> slow = transactional("slow",
                Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 1000))) {
            slow.initTransactions();
            slow.beginTransaction();
            slow.send(new ProducerRecord<>("tx-timeout", "k", "never")).get();

            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTransactions(Set.of("slow"))
                    .description("slow").get().state() == org.apache.kafka.clients.admin.TransactionState.COMPLETE_ABORT);

            assertThatThrownBy(slow::commitTransaction).isInstanceOf(KafkaException.class);
        }
        assertThat(readAll("tx-timeout", IsolationLevel.READ_COMMITTED)).isEmpty();
        TopicPartition tp = new TopicPartition("tx-timeout", 0);
        long lastStable = admin.listOffsets(Map.of(tp, OffsetSpec.latest()),
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(tp).get().offset();
        assertThat(lastStable).isEqualTo(2); // the record and its abort marker
    }

    @Test
    void anOpenTransactionIsDescribedListedAndHoldsTheLastStableOffset() throws Exception {
        createTopic("tx-open", 1);
        TopicPartition tp = new TopicPartition("tx-open", 0);
        try (KafkaProducer<String, String> plain = broker.producer(Map.of());
             KafkaProducer<String, String> producer = transactional("described", Map.of())) {
            plain.send(new ProducerRecord<>("tx-open", "k", "before")).get();
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx-open", "k", "pending")).get();

            TransactionDescription description = admin.describeTransactions(Set.of("described"))
                    .description("described").get();
            assertThat(description.state()).isEqualTo(org.apache.kafka.clients.admin.TransactionState.ONGOING);
            assertThat(description.topicPartitions()).containsExactly(tp);
            assertThat(admin.listTransactions().all().get()).anyMatch(l -> l.transactionalId().equals("described"));
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest()),
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(tp).get().offset())
                    .isEqualTo(1);
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset())
                    .isEqualTo(2);
            assertThat(values(readAll("tx-open", IsolationLevel.READ_COMMITTED))).containsExactly("before");

            producer.commitTransaction();
        }
        assertThat(values(readAll("tx-open", IsolationLevel.READ_COMMITTED))).containsExactly("before", "pending");
    }

    static void transactionsCommand(String[] args) {
        try {
            TransactionsCommand.main(args);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void kafkasToolsReadTheTransactionsAndTheMarkers() throws Exception {
        createTopic("tx-tools", 1);
        String bootstrap = broker.bootstrapServers();
        try (KafkaProducer<String, String> producer = transactional("tooled", Map.of())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx-tools", "k", "aborted")).get();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx-tools", "k", "open")).get();

            KafkaTool.Result described = KafkaTool.run(TransactionsIT::transactionsCommand, "--bootstrap-server", bootstrap,
                    "describe", "--transactional-id", "tooled");
            assertThat(described.exitCode()).as(described.stderr()).isZero();
            assertThat(described.stdout()).contains("Ongoing").contains("tx-tools-0");
            KafkaTool.Result listed = KafkaTool.run(TransactionsIT::transactionsCommand, "--bootstrap-server", bootstrap,
                    "list");
            assertThat(listed.stdout()).contains("tooled");
            KafkaTool.Result producers = KafkaTool.run(TransactionsIT::transactionsCommand, "--bootstrap-server", bootstrap,
                    "describe-producers", "--topic", "tx-tools", "--partition", "0");
            assertThat(producers.exitCode()).as(producers.stderr()).isZero();
            // ProducerId ProducerEpoch LatestCoordinatorEpoch LastSequence LastTimestamp CurrentTransactionStartOffset
            assertThat(producers.stdout().lines().skip(1).findFirst().orElseThrow().trim()).endsWith("2");
            producer.commitTransaction();
        }

        Path segment = broker.logDir().resolve("tx-tools-0").resolve("00000000000000000000.log");
        KafkaTool.Result dump = KafkaTool.run(DumpLogSegments::main, "--files", segment.toString(),
                "--print-data-log");
        assertThat(dump.stdout()).contains("isControl: true").contains("endTxnMarker: ABORT")
                .contains("endTxnMarker: COMMIT");
        Path index = broker.logDir().resolve("tx-tools-0").resolve("00000000000000000000.txnindex");
        KafkaTool.Result indexDump = KafkaTool.run(DumpLogSegments::main, "--files", index.toString());
        assertThat(indexDump.stdout()).contains("firstOffset: 0 lastOffset: 1 lastStableOffset: 2");
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void consumeTransformProduceCopiesEveryRecordExactlyOnce(String groupProtocol) throws Exception {
        String in = "ctp-in-" + groupProtocol;
        String out = "ctp-out-" + groupProtocol;
        String group = "copier-" + groupProtocol;
        createTopic(in, 2);
        createTopic(out, 2);
        int total = 400;
        try (KafkaProducer<String, String> plain = broker.producer(Map.of())) {
            for (int i = 0; i < total; i++) {
                plain.send(new ProducerRecord<>(in, i % 2, "k" + i, "v" + i));
            }
            plain.flush();
        }
        int copied = 0;
        boolean aborted = false;
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, groupProtocol,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50));
             KafkaProducer<String, String> producer = transactional(group, Map.of())) {
            producer.initTransactions();
            consumer.subscribe(List.of(in));
            long deadline = System.currentTimeMillis() + 60_000;
            while (copied < total && System.currentTimeMillis() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    producer.send(new ProducerRecord<>(out, r.partition(), r.key(), r.value() + "-copied"));
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                if (!aborted) {
                    // A failure mid-way: the copies and the offsets go together, so the batch is copied again.
                    aborted = true;
                    producer.abortTransaction();
                    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(consumer.assignment());
                    assertThat(committed.values()).as("offsets of an aborted transaction").allMatch(c -> c == null);
                    for (TopicPartition tp : consumer.assignment()) {
                        OffsetAndMetadata c = committed.get(tp);
                        consumer.seek(tp, c == null ? 0 : c.offset());
                    }
                    continue;
                }
                producer.commitTransaction();
                copied += records.count();
            }
        }
        List<String> copies = values(readAll(out, IsolationLevel.READ_COMMITTED));
        assertThat(copies).hasSize(total).doesNotHaveDuplicates();
        assertThat(copies.stream().collect(Collectors.toSet())).isEqualTo(java.util.stream.IntStream.range(0, total)
                .mapToObj(i -> "v" + i + "-copied").collect(Collectors.toSet()));
        Map<TopicPartition, OffsetAndMetadata> groupOffsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        assertThat(groupOffsets.get(new TopicPartition(in, 0)).offset()).isEqualTo(total / 2);
        assertThat(groupOffsets.get(new TopicPartition(in, 1)).offset()).isEqualTo(total / 2);
    }
}
