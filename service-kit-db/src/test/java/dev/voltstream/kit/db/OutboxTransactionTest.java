package dev.voltstream.kit.db;

import dev.voltstream.testkit.InProcessBroker;
import dev.voltstream.testkit.PostgresDatabase;
import dev.voltstream.testkit.PostgresFixture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbox relay's round against a real PostgreSQL and a real broker, read back with
 * {@code isolation.level=read_committed}: a batch whose round fails midway (rows already written to the log) shows
 * nothing, the retried batch shows once; a batch whose database commit fails after the Kafka commit is not published
 * again; a relay that dies mid-batch is fenced by its restart (same {@code transactional.id}), its open transaction
 * aborted. Runs the production publisher of {@code voltstream.outbox.transactional}:
 * {@code -Doutbox.transactional=false} (the channel publisher, one ack per row) makes all three fail — that is the
 * point of the transactions.
 */
class OutboxTransactionTest {
    private static final boolean TRANSACTIONAL =
            Boolean.parseBoolean(System.getProperty("outbox.transactional", "true"));
    private static final String SCHEMA = "svc";
    private static final String INVOICES = "outbox-invoices";
    private static final String PAYMENTS = "outbox-payments";
    private static final URI SOURCE = URI.create("/voltstream/outbox-test");
    private static PostgresDatabase database;
    private static InProcessBroker broker;
    private final OutboxTable table = new OutboxTable(SCHEMA);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        database = PostgresFixture.newDatabase("outbox_txn");
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("create schema " + SCHEMA);
            s.execute("create table " + SCHEMA + ".outbox_event (id bigint generated always as identity primary key,"
                    + " event_id varchar(200) not null unique, topic varchar(255) not null,"
                    + " record_key varchar(255) not null, type varchar(255) not null, payload text not null,"
                    + " created_at timestamp with time zone not null)");
        }
        broker = InProcessBroker.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(INVOICES, 2, (short) 1), new NewTopic(PAYMENTS, 2, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            PostgresFixture.drop(database);
        }
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void aBatchThatFailsMidwayShowsNothingAndItsRetryShowsOnce() throws Exception {
        List<String> batch = writeInvoicesAndPayments("fail", 3); // invoice, payment, invoice, payment, ...
        OutboxPublisher publisher = publisher("relay-fail");
        // the third send fails once the first two are in the broker's log (acknowledged): a relay failing midway
        OutboxPublisher failing = new FailingOnce(publisher, 2);

        OutboxRound.Result failed = runRound(new OutboxRound(table, failing, 100, Duration.ofSeconds(10)));

        assertThat(failed.failure()).isNotNull();
        assertThat(readCommitted("fail-")).as("read_committed after the failed round").isEmpty();

        OutboxRound.Result retried = runRound(new OutboxRound(table, publisher, 100, Duration.ofSeconds(10)));

        assertThat(retried.failure()).isNull();
        assertThat(readCommitted("fail-")).as("read_committed after the retry")
                .containsExactlyInAnyOrderElementsOf(batch);
        assertThat(pending()).isZero();
    }

    @Test
    void aBatchWhoseDatabaseCommitFailsIsNotPublishedAgain() throws Exception {
        List<String> batch = writeInvoicesAndPayments("db", 2);
        OutboxRound round = new OutboxRound(table, publisher("relay-db"), 100, Duration.ofSeconds(10));

        try (Connection c = transaction()) {
            OutboxRound.Result published = round.run(c);
            assertThat(published.failure()).isNull();
            c.rollback(); // the rows' delete is lost after the Kafka commit
        }
        assertThat(pending()).isEqualTo(batch.size());
        OutboxRound.Result next = runRound(round);

        assertThat(next.failure()).isNull();
        assertThat(pending()).isZero();
        assertThat(readCommitted("db-")).as("read_committed: each event once")
                .containsExactlyInAnyOrderElementsOf(batch);
    }

    @Test
    void aRelayThatDiesMidBatchIsFencedByItsRestartAndItsRowsShowOnce() throws Exception {
        List<String> batch = writeInvoicesAndPayments("zombie", 2);
        OutboxPublisher zombie = publisher("relay-restarted");
        try (Connection c = transaction()) {
            List<OutboxEvent> rows = table.lockOldest(c, 100);
            zombie.begin();
            zombie.send(rows.get(0)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            zombie.send(rows.get(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            c.rollback(); // the instance dies: its database locks go, its Kafka transaction stays open
        }

        // the same instance restarted: the same transactional.id fences the old producer and aborts what it left open
        OutboxRound.Result result = runRound(new OutboxRound(table, publisher("relay-restarted"), 100,
                Duration.ofSeconds(10)));
        assertThat(result.failure()).isNull();
        if (TRANSACTIONAL) {
            assertThatThrownBy(zombie::commit).as("the zombie's commit").isInstanceOf(KafkaException.class);
        }

        assertThat(readCommitted("zombie-")).as("read_committed: each event once")
                .containsExactlyInAnyOrderElementsOf(batch);
    }

    /** Invoice and payment events in pairs (as billing writes them), each with its id as payload; the ids. */
    private List<String> writeInvoicesAndPayments(String prefix, int pairs) throws SQLException {
        List<OutboxEvent> rows = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            String key = "account-" + i;
            rows.add(new OutboxEvent(null, prefix + "-invoice-" + i, INVOICES, key, "invoice",
                    prefix + "-invoice-" + i, Instant.now()));
            rows.add(new OutboxEvent(null, prefix + "-payment-" + i, PAYMENTS, key, "payment",
                    prefix + "-payment-" + i, Instant.now()));
        }
        try (Connection c = transaction()) {
            table.insert(c, rows);
            c.commit();
        }
        return rows.stream().map(OutboxEvent::eventId).toList();
    }

    private OutboxPublisher publisher(String transactionalId) {
        OutboxPublisher publisher;
        if (TRANSACTIONAL) {
            publisher = new TransactionalOutboxProducer(TransactionalOutboxProducer.config(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    transactionalId, Duration.ofSeconds(10), Duration.ofSeconds(30)), SOURCE);
        } else {
            Producer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
            closing.add(producer);
            publisher = new ChannelOutboxPublisher(new KafkaEmitter(producer), SOURCE);
        }
        closing.add(publisher);
        return publisher;
    }

    private OutboxRound.Result runRound(OutboxRound round) throws SQLException {
        try (Connection c = transaction()) {
            OutboxRound.Result result = round.run(c);
            c.commit();
            round.confirm(result);
            return result;
        }
    }

    /**
     * The payloads (event ids) starting with {@code prefix} (the test's) that a read_committed consumer reads from both
     * topics, from the start up to their ends as it sees them (the last stable offsets).
     */
    private List<String> readCommitted(String prefix) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(INVOICES, PAYMENTS)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime()).as("read up to " + ends + " within 30 s").isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records.stream().map(ConsumerRecord::value).filter(v -> v.startsWith(prefix)).toList();
        }
    }

    private long pending() throws SQLException {
        try (Connection c = database.connect()) {
            return table.pending(c).count();
        }
    }

    private static Connection transaction() throws SQLException {
        Connection c = database.connect();
        c.setAutoCommit(false);
        return c;
    }

    /**
     * Fails the send after {@code before} rows, once: after waiting until those rows are acknowledged (in the broker's
     * log), as a relay that dies or breaks mid-batch leaves them.
     */
    private static final class FailingOnce implements OutboxPublisher {
        private final OutboxPublisher delegate;
        private final int before;
        private final List<CompletionStage<Void>> sent = new ArrayList<>();

        FailingOnce(OutboxPublisher delegate, int before) {
            this.delegate = delegate;
            this.before = before;
        }

        @Override
        public boolean transactional() {
            return delegate.transactional();
        }

        @Override
        public void begin() {
            delegate.begin();
        }

        @Override
        public CompletionStage<Void> send(OutboxEvent row) {
            if (sent.size() == before) {
                sent.forEach(ack -> ack.toCompletableFuture().join());
                throw new IllegalStateException("relay broke after " + before + " sends");
            }
            CompletionStage<Void> ack = delegate.send(row);
            sent.add(ack);
            return ack;
        }

        @Override
        public void commit() {
            delegate.commit();
        }

        @Override
        public void abort() {
            delegate.abort();
        }

        @Override
        public void close() {
        }
    }
}
