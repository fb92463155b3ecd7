// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL of stock, reservations and the audit. The stock statements keep their shape ({@code
 * select quantity ...}, {@code update stock ...}) so that an experiment can match them with a
 * {@code jdbc.execute} fault's {@code sql} pattern.
 */
public final class StockLedger {
    private final JdbcClient jdbc;

    public StockLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record StockRow(long quantity, long fenceToken) {}

    public Optional<StockRow> read(String sku) {
        return jdbc.sql("select quantity, fence_token from stock where sku = ?")
                .param(sku)
                .query((rs, row) -> new StockRow(rs.getLong("quantity"), rs.getLong("fence_token")))
                .optional();
    }

    /**
     * Writes the new quantity and the token it was computed under; with {@code fenceAtMost}, only
     * if no write under a newer token has happened since and the row is still as it was read. The
     * token alone would let a stale holder's write through when the newer holder has read but not
     * yet written: the newer holder's write would then overwrite it, a lost update. Returns the
     * rows updated: 0 when fenced.
     */
    public int write(String sku, long quantity, long token, Long fenceAtMost, long readQuantity) {
        if (fenceAtMost == null) {
            return jdbc.sql("update stock set quantity = ?, fence_token = ? where sku = ?")
                    .params(quantity, token, sku)
                    .update();
        }
        return jdbc.sql(
                        "update stock set quantity = ?, fence_token = ? where sku = ? and fence_token <= ? and quantity = ?")
                .params(quantity, token, sku, fenceAtMost, readQuantity)
                .update();
    }

    public boolean knows(String sku) {
        return jdbc.sql("select count(*) from stock where sku = ?")
                        .param(sku)
                        .query(Long.class)
                        .single()
                > 0;
    }

    public long insertReservation(
            String orderId, String sku, int quantity, String instance, Long token) {
        return jdbc.sql(
                        "insert into reservations (order_id, sku, quantity, instance, token) values (?, ?, ?, ?, ?) returning id")
                .params(orderId, sku, quantity, instance, token)
                .query(Long.class)
                .single();
    }

    public void audit(
            String instance,
            String orderId,
            String sku,
            Integer quantity,
            Long token,
            String outcome,
            String detail) {
        jdbc.sql(
                        "insert into audit (instance, order_id, sku, quantity, token, outcome, detail) values (?, ?, ?, ?, ?, ?, ?)")
                .params(instance, orderId, sku, quantity, token, outcome, detail)
                .update();
    }

    public record Stock(String sku, long quantity, long fenceToken) {}

    public Optional<Stock> stock(String sku) {
        return jdbc.sql("select sku, quantity, fence_token from stock where sku = ?")
                .param(sku)
                .query(
                        (rs, row) ->
                                new Stock(
                                        rs.getString("sku"),
                                        rs.getLong("quantity"),
                                        rs.getLong("fence_token")))
                .optional();
    }

    public record SkuConsistency(
            String sku, long initial, long reserved, long quantity, boolean consistent) {}

    /**
     * Per SKU: whether the stock equals what was seeded less what was reserved (a lost update
     * breaks it).
     */
    public List<SkuConsistency> consistency() {
        return jdbc.sql(
                        """
                        select s.sku, s.initial, s.quantity, coalesce(sum(r.quantity), 0) as reserved
                        from stock s left join reservations r on r.sku = s.sku
                        group by s.sku, s.initial, s.quantity
                        order by length(s.sku), s.sku""")
                .query(
                        (rs, row) -> {
                            long initial = rs.getLong("initial");
                            long reserved = rs.getLong("reserved");
                            long quantity = rs.getLong("quantity");
                            return new SkuConsistency(
                                    rs.getString("sku"),
                                    initial,
                                    reserved,
                                    quantity,
                                    initial - reserved == quantity);
                        })
                .list();
    }

    /** Reservation attempts by instance and outcome. */
    public Map<String, Map<String, Long>> auditSummary() {
        Map<String, Map<String, Long>> summary = new TreeMap<>();
        jdbc.sql(
                        "select instance, outcome, count(*) as attempts from audit group by instance, outcome order by instance, outcome")
                .query(
                        rs -> {
                            summary.computeIfAbsent(
                                            rs.getString("instance"), i -> new LinkedHashMap<>())
                                    .put(rs.getString("outcome"), rs.getLong("attempts"));
                        });
        return summary;
    }

    /** The latest audit rows, newest first. */
    public List<Map<String, Object>> recentAudit(int limit) {
        return new ArrayList<>(
                jdbc.sql(
                                "select at, instance, order_id, sku, quantity, token, outcome, detail from audit order by id desc limit ?")
                        .param(limit)
                        .query()
                        .listOfRows());
    }
}
