package dev.voltstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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
}
