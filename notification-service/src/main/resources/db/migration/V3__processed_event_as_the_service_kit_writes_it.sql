-- The idempotent consumer's table as the service kit writes it (service-kit-db's ProcessedEventTable), the same in
-- every service: the event's CloudEvents type beside its id. Rows written before this migration keep the topic they
-- came from in that column; the column is only informational (the id is what makes a redelivery a duplicate).
alter table processed_event rename column topic to event_type;
alter table processed_event alter column event_type type varchar(200);
