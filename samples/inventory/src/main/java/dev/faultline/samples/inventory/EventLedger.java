// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL of processed events. Counts are over the whole database, so both instances' work shows in
 * either's {@code /events/stats}.
 */
public final class EventLedger implements EventStore {
    private final JdbcClient jdbc;

    public EventLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Long highestSeq(String producedBy, int partition) {
        return jdbc.sql(
                        "select max(seq) from processed_events where produced_by = ? and kafka_partition = ?")
                .params(producedBy, partition)
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    @Override
    public boolean record(
            OrderEvent event,
            int partition,
            long offset,
            String instance,
            boolean reordered,
            boolean deduplicated) {
        String insert =
                "insert into processed_events (event_id, order_id, seq, produced_by, kafka_partition, kafka_offset, instance, reordered, deduplicated) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        if (deduplicated) {
            insert += " on conflict (event_id) where deduplicated do nothing";
        }
        return jdbc.sql(insert)
                        .params(
                                event.eventId(),
                                event.orderId(),
                                event.seq(),
                                event.producedBy(),
                                partition,
                                offset,
                                instance,
                                reordered,
                                deduplicated)
                        .update()
                == 1;
    }

    @Override
    public void recordSkippedDuplicate(
            OrderEvent event, int partition, long offset, String instance) {
        jdbc.sql(
                        "insert into skipped_duplicates (event_id, kafka_partition, kafka_offset, instance) values (?, ?, ?, ?)")
                .params(event.eventId(), partition, offset, instance)
                .update();
    }

    @Override
    public int confirmReservation(String orderId) {
        return jdbc.sql(
                        "update reservations set status = 'CONFIRMED', confirmations = confirmations + 1 where order_id = ?")
                .param(orderId)
                .update();
    }

    /**
     * @param processed applications of events (rows)
     * @param distinct distinct events applied
     * @param duplicates applications beyond the first of an event: duplicates applied twice
     * @param skippedDuplicates deliveries of an already applied event, skipped by dedupe
     * @param reordered events applied after a later event of the same producer and partition
     * @param consumed every record the consumers handled: applied or skipped as a duplicate
     */
    public record Stats(
            long processed,
            long distinct,
            long duplicates,
            long skippedDuplicates,
            long reordered,
            long consumed) {}

    public Stats stats() {
        return jdbc.sql(
                        """
                        select (select count(*) from processed_events) as processed,
                               (select count(distinct event_id) from processed_events) as distinct_events,
                               (select count(*) from skipped_duplicates) as skipped,
                               (select count(*) from processed_events where reordered) as reordered""")
                .query(
                        (rs, row) -> {
                            long processed = rs.getLong("processed");
                            long distinct = rs.getLong("distinct_events");
                            long skipped = rs.getLong("skipped");
                            return new Stats(
                                    processed,
                                    distinct,
                                    processed - distinct,
                                    skipped,
                                    rs.getLong("reordered"),
                                    processed + skipped);
                        })
                .single();
    }
}
