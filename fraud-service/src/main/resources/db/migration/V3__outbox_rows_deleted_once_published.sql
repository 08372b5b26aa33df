-- The relay deletes an outbox row once the broker acknowledged it instead of setting published_at: an UPDATE rewrote
-- the whole row (payload included) and added index entries for every published event. What remains is unpublished.
delete from outbox_event where published_at is not null;
drop index outbox_event_unpublished;
alter table outbox_event drop column published_at;
