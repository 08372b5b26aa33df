-- billing-service schema: accounts and their double-entry ledger, invoices, the idempotent consumer's processed
-- events, and the transactional outbox. Flyway runs this inside the schema named by quarkus.flyway.schemas.

CREATE TABLE account (
    account_id  VARCHAR(64)    PRIMARY KEY,
    kind        VARCHAR(16)    NOT NULL,
    balance     NUMERIC(19, 2) NOT NULL,
    currency    VARCHAR(3)     NOT NULL,
    opened_at   TIMESTAMPTZ    NOT NULL,
    updated_at  TIMESTAMPTZ    NOT NULL
);

CREATE SEQUENCE ledger_entry_seq INCREMENT BY 50;

CREATE TABLE ledger_entry (
    id           BIGINT         PRIMARY KEY,
    posting_id   VARCHAR(160)   NOT NULL,
    account_id   VARCHAR(64)    NOT NULL REFERENCES account (account_id),
    entry_type   VARCHAR(16)    NOT NULL,
    amount       NUMERIC(19, 2) NOT NULL,
    currency     VARCHAR(3)     NOT NULL,
    description  VARCHAR(255),
    created_at   TIMESTAMPTZ    NOT NULL,
    -- a posting touches an account at most once: a payment applied twice cannot commit
    CONSTRAINT ledger_entry_posting_account UNIQUE (posting_id, account_id)
);
CREATE INDEX ledger_entry_account ON ledger_entry (account_id, id);

CREATE TABLE invoice (
    invoice_id          VARCHAR(160)   PRIMARY KEY,
    session_id          VARCHAR(128)   NOT NULL UNIQUE,
    station_id          VARCHAR(64)    NOT NULL,
    account_id          VARCHAR(64)    NOT NULL REFERENCES account (account_id),
    energy_kwh          DOUBLE PRECISION NOT NULL,
    tariff_per_kwh      NUMERIC(12, 4) NOT NULL,
    idle_minutes        INTEGER        NOT NULL,
    idle_fee_per_minute NUMERIC(12, 4) NOT NULL,
    amount              NUMERIC(19, 2) NOT NULL,
    platform_commission NUMERIC(19, 2) NOT NULL,
    currency            VARCHAR(3)     NOT NULL,
    transaction_id      VARCHAR(200),
    issued_at           TIMESTAMPTZ    NOT NULL
);
CREATE INDEX invoice_account ON invoice (account_id, issued_at);

CREATE TABLE processed_event (
    event_id     VARCHAR(200) PRIMARY KEY,
    event_type   VARCHAR(128) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL
);

CREATE SEQUENCE outbox_event_seq INCREMENT BY 50;

CREATE TABLE outbox_event (
    id           BIGINT        PRIMARY KEY,
    event_id     VARCHAR(200)  NOT NULL UNIQUE,
    topic        VARCHAR(249)  NOT NULL,
    message_key  VARCHAR(200)  NOT NULL,
    type         VARCHAR(128)  NOT NULL,
    payload      TEXT          NOT NULL,
    created_at   TIMESTAMPTZ   NOT NULL,
    published_at TIMESTAMPTZ
);
-- the relay only ever looks for what is still unpublished
CREATE INDEX outbox_event_unpublished ON outbox_event (id) WHERE published_at IS NULL;
