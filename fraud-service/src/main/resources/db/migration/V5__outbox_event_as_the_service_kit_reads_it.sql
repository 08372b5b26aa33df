-- The outbox table as the service kit reads it (service-kit-db's OutboxTable): the ordering column is "id" in every
-- service. Still an identity column, so the kit's insert leaves it to the database.
alter table outbox_event rename column seq to id;
