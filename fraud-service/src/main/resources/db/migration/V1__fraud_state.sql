-- Rule state, decisions and the outbox of fraud-service (schema "fraud", created by Flyway).

-- One row per account seen: what the amount-anomaly, daily-limit and impossible-travel rules need.
create table account_state (
    account_id      varchar(64) primary key,
    approved_count  bigint         not null default 0,
    approved_sum    numeric(19, 2) not null default 0,
    last_lat        double precision,
    last_lon        double precision,
    last_at         timestamp with time zone,
    day             date,
    day_total       numeric(19, 2) not null default 0,
    updated_at      timestamp with time zone not null
);

-- The velocity rule's sliding window: one row per recent transaction; rows older than the window are pruned.
create table velocity_event (
    transaction_id  varchar(128) primary key,
    account_id      varchar(64)  not null,
    occurred_at     timestamp with time zone not null
);
create index velocity_event_account_time on velocity_event (account_id, occurred_at);

create table blocked_account (
    account_id  varchar(64) primary key,
    reason      varchar(500),
    blocked_at  timestamp with time zone not null
);

-- Exactly one verdict per transaction: the primary key is what makes a redelivery find the stored decision.
create table verdict (
    transaction_id  varchar(128) primary key,
    event_id        varchar(160) not null unique,
    account_id      varchar(64)  not null,
    verdict         varchar(16)  not null,
    reasons         varchar(500) not null,
    payload         text         not null,
    decided_at      timestamp with time zone not null
);
create index verdict_account_time on verdict (account_id, decided_at desc);

create table fraud_alert (
    alert_id        varchar(200) primary key,
    event_id        varchar(200) not null unique,
    transaction_id  varchar(128) not null,
    account_id      varchar(64)  not null,
    rule            varchar(64)  not null,
    severity        varchar(16)  not null,
    detail          varchar(500),
    payload         text         not null,
    occurred_at     timestamp with time zone not null
);
create index fraud_alert_account_time on fraud_alert (account_id, occurred_at desc);

-- Transactional outbox: written in the same transaction as the verdict, published in seq order by the relay.
create table outbox_event (
    seq           bigint generated always as identity primary key,
    event_id      varchar(200) not null unique,
    topic         varchar(255) not null,
    record_key    varchar(255) not null,
    type          varchar(255) not null,
    payload       text         not null,
    created_at    timestamp with time zone not null,
    published_at  timestamp with time zone
);
create index outbox_event_unpublished on outbox_event (seq) where published_at is null;
