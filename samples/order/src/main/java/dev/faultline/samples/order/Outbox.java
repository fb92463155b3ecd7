// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.order;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox table: events stored with their order, marked sent once the broker acknowledged them.
 */
public final class Outbox {
    private final JdbcClient jdbc;

    public Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Entry(long id, UUID eventId, Order order) {}

    public void add(Order order) {
        jdbc.sql(
                        "insert into outbox (event_id, order_id, sku, quantity, status, created_at) values (?, ?, ?, ?, ?, ?)")
                .params(
                        UUID.randomUUID(),
                        order.orderId(),
                        order.sku(),
                        order.quantity(),
                        order.status(),
                        Timestamp.from(order.createdAt()))
                .update();
    }

    /** The oldest unsent events, in the order they were stored. */
    public List<Entry> unsent(int limit) {
        return jdbc.sql(
                        "select id, event_id, order_id, sku, quantity, status, created_at from outbox where sent_at is null order by id limit ?")
                .param(limit)
                .query(
                        (rs, row) ->
                                new Entry(
                                        rs.getLong("id"),
                                        rs.getObject("event_id", UUID.class),
                                        new Order(
                                                rs.getString("order_id"),
                                                rs.getString("sku"),
                                                rs.getInt("quantity"),
                                                rs.getString("status"),
                                                rs.getTimestamp("created_at").toInstant())))
                .list();
    }

    public void markSent(List<Long> ids) {
        jdbc.sql("update outbox set sent_at = now(), attempts = attempts + 1 where id = any(?)")
                .param(ids.toArray(Long[]::new))
                .update();
    }

    public void markAttempted(long id) {
        jdbc.sql("update outbox set attempts = attempts + 1 where id = ?").param(id).update();
    }

    public long pending() {
        return jdbc.sql("select count(*) from outbox where sent_at is null")
                .query(Long.class)
                .single();
    }
}
