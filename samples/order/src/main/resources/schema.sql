create table if not exists orders (
    id         text primary key,
    sku        text        not null,
    quantity   integer     not null,
    status     text        not null, -- RESERVED, PENDING_RESERVATION
    created_at timestamptz not null default now()
);

-- Events of orders, written in the order's transaction (sample.events.delivery: outbox) and
-- published by the relay in id order; sent_at is set once the broker acknowledged the event.
create table if not exists outbox (
    id         bigserial primary key,
    event_id   uuid        not null unique,
    order_id   text        not null,
    sku        text        not null,
    quantity   integer     not null,
    status     text        not null,
    created_at timestamptz not null,
    sent_at    timestamptz,
    attempts   integer     not null default 0
);
create index if not exists outbox_unsent on outbox (id) where sent_at is null;
