package dev.voltstream.testkit;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a Testcontainers container; only used when a Docker engine answers. */
final class ContainerPostgres implements PostgresServer {
    static final String IMAGE = "postgres:16-alpine";

    private final PostgreSQLContainer container;

    private ContainerPostgres(PostgreSQLContainer container) {
        this.container = container;
    }

    static ContainerPostgres start() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
        container.start();
        return new ContainerPostgres(container);
    }

    @Override
    public String kind() {
        return "testcontainers";
    }

    @Override
    public String jdbcUrl(String database) {
        return JdbcUrls.withDatabase(container.getJdbcUrl(), database);
    }

    @Override
    public String adminDatabase() {
        return container.getDatabaseName();
    }

    @Override
    public String username() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public void close() {
        container.stop();
    }
}
