create table if not exists products (
    sku         text primary key,
    name        text   not null,
    price_cents bigint not null
);

insert into products (sku, name, price_cents)
select 'SKU-' || i, 'Product ' || i, 500 + i * 125
from generate_series(1, 20) as i
on conflict (sku) do nothing;
