package dev.voltstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** A throwaway test cluster starts from the cached template and leaves nothing behind. */
class EmbeddedPostgresServerTest {

    @Test
    void startsFromTheTemplateAndDeletesItsClusterOnClose() throws SQLException {
        Path dataDir = TestDirs.scratch("embedded-pg-test");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0, true)) {
            assertThat(TestDirs.cache("embedded-postgres").resolve(ClusterTemplate.NAME).resolve("PG_VERSION"))
                    .isRegularFile();
            assertThat(dataDir.resolve("postgresql.conf")).isRegularFile();
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(),
                    server.password());
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW fsync")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("off");
            }
        }
        assertThat(Files.exists(dataDir)).isFalse();
    }
}
