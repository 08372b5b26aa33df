package dev.voltstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The demo's role-and-database bootstrap, on the fixture's server; idempotent so a restart on old data works. */
class EmbeddedPostgresMainTest {

    @Test
    void createsTheServiceRoleAndDatabaseOnce() throws SQLException {
        PostgresServer server = PostgresFixture.server();
        Assumptions.assumeTrue(!server.kind().equals("external"), "creates roles: not on someone else's server");
        String name = PostgresFixture.databaseName("demo");

        EmbeddedPostgresMain.ensureDatabase(server, name, name, "secret");
        EmbeddedPostgresMain.ensureDatabase(server, name, name, "secret");

        try (Connection c = DriverManager.getConnection(server.jdbcUrl(name), name, "secret");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_user, current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(name);
            assertThat(rs.getString(2)).isEqualTo(name);
        }
    }

    @Test
    void readsExtraServerSettingsAndRefusesMalformedOnes() {
        assertThat(EmbeddedPostgresMain.settings(null)).isEmpty();
        assertThat(EmbeddedPostgresMain.settings(" shared_preload_libraries = pg_stat_statements;work_mem=8MB"))
                .containsExactly(Map.entry("shared_preload_libraries", "pg_stat_statements"),
                        Map.entry("work_mem", "8MB"));
        assertThatThrownBy(() -> EmbeddedPostgresMain.settings("work_mem"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'work_mem' is not name=value");
    }

    @Test
    void statementStatisticsAreReadableAndResettableByTheServiceRole() throws SQLException {
        Path dataDir = TestDirs.scratch("embedded-pg-statements");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0, true,
                Map.of("shared_preload_libraries", "pg_stat_statements"))) {
            EmbeddedPostgresMain.ensureDatabase(server, "demo", "service", "secret");
            EmbeddedPostgresMain.enableStatementStatistics(server, "demo", "service");
            EmbeddedPostgresMain.enableStatementStatistics(server, "demo", "service");

            try (Connection admin = DriverManager.getConnection(server.jdbcUrl("demo"), server.username(),
                    server.password());
                 Statement st = admin.createStatement()) {
                st.execute("SELECT 42 AS admin_marker");
            }
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("demo"), "service", "secret");
                 Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery(
                        "SELECT count(*) FROM pg_stat_statements WHERE query LIKE '%admin_marker%'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).as("another role's statements are visible").isEqualTo(1);
                }
                st.execute("SELECT pg_stat_statements_reset()");
                try (ResultSet rs = st.executeQuery(
                        "SELECT count(*) FROM pg_stat_statements WHERE query LIKE '%admin_marker%'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
    }
}
