/**
 * The kit's PostgreSQL parts, on the service's own datasource and schema
 * ({@code quarkus.hibernate-orm.database.default-schema}), in plain JDBC on the caller's transaction's connection:
 * the transactional outbox ({@link dev.voltstream.kit.db.Outbox} writes, {@link dev.voltstream.kit.db.OutboxRelay}
 * publishes with {@code FOR UPDATE SKIP LOCKED}, so any number of instances can relay one table,
 * {@link dev.voltstream.kit.db.OutboxHealthCheck} reports) and processed-event idempotency
 * ({@link dev.voltstream.kit.db.ProcessedEvents}). The tables each service creates with its own Flyway migrations are
 * described on {@link dev.voltstream.kit.db.OutboxTable} and {@link dev.voltstream.kit.db.ProcessedEventTable}.
 */
package dev.voltstream.kit.db;
