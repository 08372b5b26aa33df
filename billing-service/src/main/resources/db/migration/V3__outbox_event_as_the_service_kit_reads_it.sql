-- The outbox table as the service kit reads and writes it (service-kit-db's OutboxTable), the same in every service:
-- the key column is record_key, and the database assigns the id (the kit inserts with plain JDBC batches). The
-- sequence stays; with increment 1 its next value is above every id Hibernate's pooled optimizer handed out (those
-- were at most the sequence's current value).
alter table outbox_event rename column message_key to record_key;
alter sequence outbox_event_seq increment by 1;
alter table outbox_event alter column id set default nextval('outbox_event_seq');
