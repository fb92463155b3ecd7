// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.order;

import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The orders table. */
public final class OrderStore {
    private final JdbcClient jdbc;

    public OrderStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Order order) {
        jdbc.sql(
                        "insert into orders (id, sku, quantity, status, created_at) values (?, ?, ?, ?, ?)")
                .params(
                        order.orderId(),
                        order.sku(),
                        order.quantity(),
                        order.status(),
                        Timestamp.from(order.createdAt()))
                .update();
    }

    public Optional<Order> find(String orderId) {
        return jdbc.sql("select id, sku, quantity, status, created_at from orders where id = ?")
                .param(orderId)
                .query(
                        (rs, row) ->
                                new Order(
                                        rs.getString("id"),
                                        rs.getString("sku"),
                                        rs.getInt("quantity"),
                                        rs.getString("status"),
                                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    public long count() {
        return jdbc.sql("select count(*) from orders").query(Long.class).single();
    }
}
