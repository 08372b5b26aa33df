-- The relay deletes an outbox row once the broker acknowledged it instead of setting published_at: an UPDATE rewrote
-- the whole row (payload included) and added index entries for every published event. What remains is unpublished.
DELETE FROM outbox_event WHERE published_at IS NOT NULL;
DROP INDEX outbox_event_unpublished;
ALTER TABLE outbox_event DROP COLUMN published_at;
