package dev.voltstream.fraud.service;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * JDBC batches on the current transaction's connection, for the writes Hibernate cannot batch (IDENTITY inserts)
 * or would issue one by one (bulk deletes): one round trip per batch ({@code reWriteBatchedInserts} turns an insert
 * batch into multi-row inserts).
 */
@ApplicationScoped
public class SchemaJdbc {
    private final String schema;

    public SchemaJdbc(@ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") String schema) {
        this.schema = schema;
    }

    /** Binds one statement's parameters for one row. */
    @FunctionalInterface
    public interface RowBinder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    /** Runs {@code sql} ({@code {schema}} replaced by the schema) once per row, as one JDBC batch. */
    public <T> void batch(String sql, List<T> rows, RowBinder<T> binder) {
        if (rows.isEmpty()) {
            return;
        }
        Session session = Panache.getEntityManager().unwrap(Session.class);
        session.flush();
        session.doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.replace("{schema}", schema))) {
                for (T row : rows) {
                    binder.bind(statement, row);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        });
    }
}
