-- Notification ids from a sequence instead of an identity column, so Hibernate can insert a consumed batch's
-- notifications with JDBC batches: it takes 50 ids per sequence call (allocationSize = increment) instead of
-- needing each row's generated id back from its own INSERT. Existing ids are kept; new ones start above them.
alter table notification alter column id drop identity if exists;
create sequence notification_id_seq increment by 50 owned by notification.id;
-- Hibernate's pooled optimizer hands out (value - 49 .. value) for each value it gets: start two steps above the
-- highest existing id so no handed-out id can collide with one.
select setval('notification_id_seq', (select coalesce(max(id), 0) from notification) + 50);
alter table notification alter column id set default nextval('notification_id_seq');
