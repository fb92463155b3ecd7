// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.orders;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Places orders with a fallback for each dependency: the stock is {@link #UNKNOWN_STOCK} when the
 * inventory query has not answered within {@link #INVENTORY_WAIT}; the price is {@link #LIST_PRICE}
 * when the quote service fails or answers an error; an order event the broker did not take is kept
 * in the {@code outbox} table, to be published later.
 */
@Service
public class OrderService {
    public static final int UNKNOWN_STOCK = -1;
    public static final String LIST_PRICE = "list-price";
    public static final String TOPIC = "orders";
    public static final Duration INVENTORY_WAIT = Duration.ofSeconds(1);
    static final Duration PUBLISH_WAIT = Duration.ofSeconds(5);

    /** What {@link #placeOrder} answers. */
    public record Confirmation(String orderId, int stock, String price, boolean published) {}

    private final JdbcTemplate jdbc;
    private final RestClient quotes;
    private final Producer<String, String> events;
    private final ExecutorService inventoryQueries;

    public OrderService(
            JdbcTemplate jdbc,
            RestClient quotes,
            Producer<String, String> events,
            @Qualifier("inventoryQueries") ExecutorService inventoryQueries) {
        this.jdbc = jdbc;
        this.quotes = quotes;
        this.events = events;
        this.inventoryQueries = inventoryQueries;
        jdbc.execute(
                "create table if not exists inventory (sku text primary key, quantity int not null)");
        jdbc.execute(
                "create table if not exists outbox (order_id text primary key, payload text not null)");
        jdbc.update("insert into inventory values ('A', 7) on conflict (sku) do nothing");
    }

    public Confirmation placeOrder(String sku) {
        String orderId = UUID.randomUUID().toString();
        int stock = stock(sku);
        String price = price(sku);
        String payload =
                "{\"order\":\""
                        + orderId
                        + "\",\"sku\":\""
                        + sku
                        + "\",\"price\":\""
                        + price
                        + "\"}";
        boolean published = publish(orderId, payload);
        return new Confirmation(orderId, stock, price, published);
    }

    /** The order ids waiting in the outbox. */
    public List<String> outbox() {
        return jdbc.queryForList("select order_id from outbox order by order_id", String.class);
    }

    private int stock(String sku) {
        CompletableFuture<Integer> query =
                CompletableFuture.supplyAsync(
                        () ->
                                jdbc.query(
                                        "select quantity from inventory where sku = ?",
                                        rows -> rows.next() ? rows.getInt(1) : 0,
                                        sku),
                        inventoryQueries);
        try {
            return query.get(INVENTORY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return UNKNOWN_STOCK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN_STOCK;
        }
    }

    private String price(String sku) {
        try {
            return quotes.get().uri("/price/{sku}", sku).retrieve().body(String.class);
        } catch (RestClientException e) {
            return LIST_PRICE;
        }
    }

    private boolean publish(String orderId, String payload) {
        try {
            events.send(new ProducerRecord<>(TOPIC, orderId, payload))
                    .get(PUBLISH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            jdbc.update("insert into outbox (order_id, payload) values (?, ?)", orderId, payload);
            return false;
        }
    }
}
