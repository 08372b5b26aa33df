-- The velocity window moves into the account's state row: one array of recent transaction times per account instead
-- of one velocity_event row per transaction (an insert, index entries and a later delete for every transaction).
alter table account_state add column recent_at timestamp with time zone[] not null default '{}';

update account_state s
   set recent_at = w.times
  from (select account_id, array_agg(occurred_at order by occurred_at) as times
          from velocity_event group by account_id) w
 where w.account_id = s.account_id;

drop table velocity_event;
