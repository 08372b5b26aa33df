package dev.voltstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** The shared server (embedded here: no Docker, no VOLTSTREAM_PG_URL) and its one-database-per-caller isolation. */
class PostgresFixtureTest {

    @Test
    void twoDatabasesDoNotSeeEachOthersRows() throws SQLException {
        PostgresDatabase first = PostgresFixture.newDatabase("billing");
        PostgresDatabase second = PostgresFixture.newDatabase("billing");

        assertThat(first.name()).isNotEqualTo(second.name()).startsWith("billing_");
        try (Connection a = first.connect(); Connection b = second.connect();
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.execute("CREATE TABLE account (id text PRIMARY KEY, balance numeric(12,2) NOT NULL)");
            sa.execute("INSERT INTO account VALUES ('acc-0001', 5000.00)");
            sb.execute("CREATE TABLE account (id text PRIMARY KEY, balance numeric(12,2) NOT NULL)");

            assertThat(count(sa, "SELECT count(*) FROM account")).isEqualTo(1);
            assertThat(count(sb, "SELECT count(*) FROM account")).isZero();
            try (ResultSet rs = sa.executeQuery("SELECT balance FROM account WHERE id = 'acc-0001'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("5000.00");
            }
            // a real PostgreSQL, not an emulation: a server-side feature the services' migrations rely on
            sa.execute("CREATE SCHEMA billing");
            try (ResultSet rs = sa.executeQuery("SHOW server_version_num")) {
                assertThat(rs.next()).isTrue();
                assertThat(Integer.parseInt(rs.getString(1))).isGreaterThanOrEqualTo(140000);
            }
        }
    }

    @Test
    void dropRemovesTheDatabaseEvenWithAnOpenConnection() throws SQLException {
        PostgresDatabase db = PostgresFixture.newDatabase();
        Connection open = db.connect();
        try {
            PostgresFixture.drop(db);
        } finally {
            try {
                open.close();
            } catch (SQLException e) {
                // the server already closed it (DROP ... WITH (FORCE))
            }
        }
        assertThatThrownBy(db::connect).isInstanceOf(SQLException.class).hasMessageContaining(db.name());
    }

    @Test
    void oneServerPerJvm() {
        assertThat(PostgresFixture.server()).isSameAs(PostgresFixture.server());
    }

    @Test
    void databaseNamesAreSafeIdentifiers() {
        assertThat(PostgresFixture.databaseName("Billing-Service IT")).matches("billing_service_it_\\d+_[0-9a-f]{8}");
        assertThat(PostgresFixture.databaseName("9lives")).startsWith("db_9lives_");
    }

    private static int count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
