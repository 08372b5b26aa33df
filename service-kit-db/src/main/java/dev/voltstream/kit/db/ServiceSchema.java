package dev.voltstream.kit.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The service's schema ({@code quarkus.hibernate-orm.database.default-schema}) and JDBC work on the connection of the
 * current transaction, the same one Hibernate uses, so the kit's statements commit or roll back with the caller's.
 */
@ApplicationScoped
public class ServiceSchema {
    private final String name;
    private final EntityManager entityManager;

    public ServiceSchema(@ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") String name,
                         EntityManager entityManager) {
        this.name = name;
        this.entityManager = entityManager;
    }

    /** The schema's name. */
    public String name() {
        return name;
    }

    /** Work on the current transaction's connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on the current transaction's connection (a transaction must be active). */
    public <T> T work(Work<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }
}
