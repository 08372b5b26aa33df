package dev.voltstream.kit.db;

import dev.voltstream.testkit.PostgresDatabase;
import dev.voltstream.testkit.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox relay's round on a real PostgreSQL: several relays on one table, unacknowledged rows, order. */
class OutboxRoundTest {
    private static final String SCHEMA = "svc";
    private static PostgresDatabase database;
    private final OutboxTable table = new OutboxTable(SCHEMA);

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = PostgresFixture.newDatabase("outbox");
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("create schema " + SCHEMA);
            s.execute("create table " + SCHEMA + ".outbox_event (id bigint generated always as identity primary key,"
                    + " event_id varchar(200) not null unique, topic varchar(255) not null,"
                    + " record_key varchar(255) not null, type varchar(255) not null, payload text not null,"
                    + " created_at timestamp with time zone not null)");
        }
    }

    @AfterAll
    static void dropDatabase() {
        PostgresFixture.drop(database);
    }

    @BeforeEach
    void emptyOutbox() throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("delete from " + SCHEMA + ".outbox_event");
        }
    }

    @Test
    void twoRelaysOnOneOutboxPublishEachRowOnce() throws Exception {
        int rows = 2_000;
        write(rows, "e");
        List<String> published = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch bothLocked = new CountDownLatch(2);
        ExecutorService relays = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                running.add(relays.submit(() -> relayUntilEmpty(published, bothLocked)));
            }
            for (Future<?> relay : running) {
                relay.get(2, TimeUnit.MINUTES);
            }
        } finally {
            relays.shutdownNow();
        }

        assertThat(published).hasSize(rows).doesNotHaveDuplicates();
        assertThat(pending()).isZero();
    }

    @Test
    void rowsAfterTheFirstUnacknowledgedOneStayForALaterRound() throws Exception {
        write(5, "e");
        OutboxRound round = new OutboxRound(table, row -> row.eventId().equals("e-2")
                ? CompletableFuture.failedFuture(new IllegalStateException("broker said no"))
                : CompletableFuture.completedFuture(null), 10, Duration.ofSeconds(5));

        OutboxRound.Result result;
        try (Connection c = transaction()) {
            result = round.run(c);
            c.commit();
        }

        assertThat(result.published()).extracting(OutboxEvent::eventId).containsExactly("e-0", "e-1");
        assertThat(result.failure()).hasMessageContaining("e-2").hasMessageContaining("broker said no");
        assertThat(pending()).isEqualTo(3);
    }

    @Test
    void aRoundPublishesInWriteOrder() throws Exception {
        write(50, "e");
        List<String> sent = new ArrayList<>();
        OutboxRound round = new OutboxRound(table, row -> {
            sent.add(row.eventId());
            return CompletableFuture.completedFuture(null);
        }, 100, Duration.ofSeconds(5));

        try (Connection c = transaction()) {
            round.run(c);
            c.commit();
        }

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add("e-" + i);
        }
        assertThat(sent).isEqualTo(expected);
    }

    /** One relay: rounds of 50 rows, each its own transaction, until a round finds nothing. */
    private Void relayUntilEmpty(List<String> published, CountDownLatch bothLocked) throws Exception {
        OutboxRound round = new OutboxRound(table, row -> {
            published.add(row.eventId());
            return CompletableFuture.completedFuture(null);
        }, 50, Duration.ofSeconds(5));
        boolean first = true;
        while (true) {
            try (Connection c = transaction()) {
                OutboxRound.Result result = round.run(c);
                if (first) {
                    // both relays hold their first rows at the same time before either commits: they overlap
                    bothLocked.countDown();
                    bothLocked.await(30, TimeUnit.SECONDS);
                    first = false;
                }
                c.commit();
                if (result.locked() == 0) {
                    return null;
                }
            }
        }
    }

    private void write(int n, String prefix) throws SQLException {
        List<OutboxEvent> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new OutboxEvent(null, prefix + "-" + i, "topic", "key-" + (i % 7), "type", "{}", Instant.now()));
        }
        try (Connection c = transaction()) {
            table.insert(c, rows);
            c.commit();
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
}
