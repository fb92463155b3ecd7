-- Run at every start by InventorySchema, under an advisory lock: two instances share this database.
create table if not exists stock (
    sku         text primary key,
    quantity    bigint not null,
    initial     bigint not null,          -- the seeded quantity: initial - reserved = quantity when consistent
    fence_token bigint not null default 0 -- token of the lease the last write was made under
);

create table if not exists reservations (
    id            bigserial primary key,
    order_id      text        not null,
    sku           text        not null references stock (sku),
    quantity      integer     not null,
    instance      text        not null,
    token         bigint,
    status        text        not null default 'RESERVED', -- CONFIRMED once the order's event is processed
    confirmations integer     not null default 0,          -- more than 1: an event applied twice
    created_at    timestamptz not null default now()
);
create index if not exists reservations_order_id on reservations (order_id);
create index if not exists reservations_sku on reservations (sku);

-- Every reservation attempt, whatever its outcome: reserved, insufficient, fenced, no-lease, failed.
create table if not exists audit (
    id         bigserial primary key,
    at         timestamptz not null default now(),
    instance   text        not null,
    order_id   text,
    sku        text,
    quantity   integer,
    token      bigint,
    outcome    text        not null,
    detail     text
);

-- One row per application of an order event. With dedupe on, an event id is inserted at most once
-- (the partial unique index); with dedupe off, a redelivered event gets a second row.
create table if not exists processed_events (
    id              bigserial primary key,
    event_id        uuid        not null,
    order_id        text        not null,
    seq             bigint      not null,
    produced_by     text        not null,
    kafka_partition integer     not null,
    kafka_offset    bigint      not null,
    instance        text        not null,
    reordered       boolean     not null, -- seq below the highest already seen from its producer on its partition
    deduplicated    boolean     not null, -- processed with dedupe on
    processed_at    timestamptz not null default now()
);
create unique index if not exists processed_events_once on processed_events (event_id) where deduplicated;
create index if not exists processed_events_event_id on processed_events (event_id);
create index if not exists processed_events_producer on processed_events (produced_by, kafka_partition, seq);

-- Deliveries of an event already processed, skipped with dedupe on.
create table if not exists skipped_duplicates (
    id              bigserial primary key,
    event_id        uuid        not null,
    kafka_partition integer     not null,
    kafka_offset    bigint      not null,
    instance        text        not null,
    skipped_at      timestamptz not null default now()
);
