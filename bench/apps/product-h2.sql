-- The product service's schema and seed (samples/product/src/main/resources/schema.sql) in H2's
-- dialect, so that bench/startup-apps.sh can start the service on an in-memory database.
create table if not exists products (
    sku         varchar(64) primary key,
    name        varchar(200) not null,
    price_cents bigint       not null
);

merge into products (sku, name, price_cents) key (sku)
select 'SKU-' || x, 'Product ' || x, 500 + x * 125 from system_range(1, 20);
