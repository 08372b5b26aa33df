package dev.voltstream.kit.db;

import dev.voltstream.testkit.PostgresDatabase;
import dev.voltstream.testkit.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The idempotent consumer's memory on a real PostgreSQL. */
class ProcessedEventTableTest {
    private static PostgresDatabase database;
    private final ProcessedEventTable table = new ProcessedEventTable("svc");

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = PostgresFixture.newDatabase("processed");
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("create schema svc");
            s.execute("create table svc.processed_event (event_id varchar(200) primary key,"
                    + " event_type varchar(128) not null, processed_at timestamp with time zone not null)");
        }
    }

    @AfterAll
    static void dropDatabase() {
        PostgresFixture.drop(database);
    }

    @Test
    void anEventIsNewOnceAndADuplicateAfterwards() throws SQLException {
        try (Connection c = database.connect()) {
            assertThat(table.claim(c, Map.of("a", "T", "b", "T"), Instant.now())).containsExactlyInAnyOrder("a", "b");
            assertThat(table.claim(c, Map.of("b", "T", "c", "T"), Instant.now())).containsExactly("c");
            assertThat(table.claim(c, Map.of(), Instant.now())).isEmpty();
        }
    }
}
