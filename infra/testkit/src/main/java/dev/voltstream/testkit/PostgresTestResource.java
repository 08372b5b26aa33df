package dev.voltstream.testkit;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test a fresh database on the {@link PostgresFixture} server: sets
 * {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.username} and {@code quarkus.datasource.password}.
 * Use {@code @WithTestResource(PostgresTestResource.class)} (or {@code @QuarkusTestResource}). Init arg
 * {@code prefix} names the database ({@code <prefix>_<n>_<random>}, default {@code quarkus}). The database is dropped
 * when Quarkus stops the resource.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private String prefix = "quarkus";
    private PostgresDatabase database;

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault("prefix", prefix);
    }

    @Override
    public Map<String, String> start() {
        database = PostgresFixture.newDatabase(prefix);
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.username(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        if (database != null) {
            try {
                PostgresFixture.drop(database);
            } catch (IllegalStateException e) {
                // a leftover database on a throwaway server is harmless; failing the test run over it is not
            }
            database = null;
        }
    }
}
