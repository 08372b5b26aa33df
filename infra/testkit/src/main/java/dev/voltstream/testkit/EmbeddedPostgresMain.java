package dev.voltstream.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an embedded PostgreSQL for the one-command demo until SIGTERM (or Ctrl-C), keeping its data between runs.
 * Creates the role and database the services use when they are missing, then prints the JDBC URL on one line
 * ({@code JDBC_URL=jdbc:postgresql://localhost:5432/voltstream}) for scripts to wait for.
 *
 * <pre>
 * java -cp ... dev.voltstream.testkit.EmbeddedPostgresMain [--port 5432] [--data-dir DIR]
 *      [--database voltstream] [--user voltstream] [--password voltstream]
 * </pre>
 * The data directory defaults to {@code ~/.cache/voltstream/pgdata}. {@code VOLTSTREAM_POSTGRES_SETTINGS}
 * ({@code name=value;name=value}) adds {@code postgresql.conf} settings; with
 * {@code shared_preload_libraries=pg_stat_statements} the database also gets that extension, readable and resettable by
 * the service role (the pipeline load test's PostgreSQL profile).
 */
public final class EmbeddedPostgresMain {
    static final String SETTINGS_ENV = "VOLTSTREAM_POSTGRES_SETTINGS";
    private static final String STATEMENTS = "pg_stat_statements";

    private EmbeddedPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(option(args, "--port", "5432"));
        Path dataDir = Path.of(option(args, "--data-dir",
                TestDirs.cache("pgdata").toString())).toAbsolutePath();
        String database = option(args, "--database", "voltstream");
        String user = option(args, "--user", "voltstream");
        String password = option(args, "--password", "voltstream");

        Map<String, String> settings = settings(System.getenv(SETTINGS_ENV));
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, port, false, settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "embedded-postgres-stop"));
        ensureDatabase(server, database, user, password);
        if (settings.getOrDefault("shared_preload_libraries", "").contains(STATEMENTS)) {
            enableStatementStatistics(server, database, user);
        }
        System.out.println("JDBC_URL=" + server.jdbcUrl(database) + " USER=" + user + " DATA_DIR=" + dataDir);
        System.out.flush();
        stopped.await();
    }

    /** Creates the login role and its database unless they exist, so a restart on old data is a no-op. */
    static void ensureDatabase(PostgresServer server, String database, String user, String password)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(server.adminDatabase()), server.username(),
                server.password());
             Statement st = c.createStatement()) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
                st.execute("CREATE ROLE " + identifier(user) + " LOGIN PASSWORD '" + password.replace("'", "''")
                        + "'");
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                st.execute("CREATE DATABASE " + identifier(database) + " OWNER " + identifier(user));
            }
        }
    }

    /** {@code name=value;name=value} → settings in order; blank or null → none. */
    static Map<String, String> settings(String spec) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return settings;
        }
        for (String item : spec.split(";")) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(SETTINGS_ENV + ": '" + item + "' is not name=value");
            }
            settings.put(item.substring(0, eq).strip(), item.substring(eq + 1).strip());
        }
        return settings;
    }

    /**
     * pg_stat_statements in {@code database}, its statistics of every role readable by {@code user} and resettable
     * by it (idempotent).
     */
    static void enableStatementStatistics(PostgresServer server, String database, String user) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(database), server.username(),
                server.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS " + STATEMENTS);
            st.execute("GRANT pg_read_all_stats TO " + identifier(user));
            st.execute("GRANT EXECUTE ON FUNCTION " + STATEMENTS + "_reset(oid, oid, bigint) TO " + identifier(user));
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String identifier(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
        return name;
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
