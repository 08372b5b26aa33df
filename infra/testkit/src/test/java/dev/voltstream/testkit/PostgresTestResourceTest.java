package dev.voltstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The Quarkus resource's contract, driven the way Quarkus drives it: init, start, (app runs), stop. */
class PostgresTestResourceTest {

    @Test
    void givesADatasourceThatWorksAndDropsItOnStop() throws SQLException {
        PostgresTestResource resource = new PostgresTestResource();
        resource.init(Map.of("prefix", "fraud"));
        Map<String, String> config = resource.start();

        String url = config.get("quarkus.datasource.jdbc.url");
        assertThat(url).startsWith("jdbc:postgresql://").contains("/fraud_");
        try (Connection c = DriverManager.getConnection(url, config.get("quarkus.datasource.username"),
                config.get("quarkus.datasource.password"));
             Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA fraud");
            st.execute("CREATE TABLE fraud.verdict (transaction_id text PRIMARY KEY)");
            st.execute("INSERT INTO fraud.verdict VALUES ('tx-1')");
        }
        resource.stop();

        assertThatThrownBy(() -> DriverManager.getConnection(url, config.get("quarkus.datasource.username"),
                config.get("quarkus.datasource.password")).close()).isInstanceOf(SQLException.class);
    }
}
