// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

import static dev.faultline.samples.inventory.OrderEventProcessor.Outcome.APPLIED;
import static dev.faultline.samples.inventory.OrderEventProcessor.Outcome.APPLIED_OUT_OF_ORDER;
import static dev.faultline.samples.inventory.OrderEventProcessor.Outcome.SKIPPED_DUPLICATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionOperations;

class OrderEventProcessorTest {
    private final InMemoryEvents store = new InMemoryEvents();

    private OrderEventProcessor processor(boolean dedupe) {
        return new OrderEventProcessor(
                store, TransactionOperations.withoutTransaction(), dedupe, "inventory-1");
    }

    private static OrderEvent event(long seq, String producer) {
        return new OrderEvent(
                UUID.randomUUID(),
                "order-" + seq,
                "SKU-1",
                1,
                "RESERVED",
                seq,
                producer,
                "2025-01-01T00:00:00Z");
    }

    @Test
    void withDedupeARedeliveredEventIsSkippedAndNotAppliedAgain() {
        OrderEventProcessor processor = processor(true);
        OrderEvent event = event(1, "order@1");

        assertThat(processor.process(event, 0, 10)).isEqualTo(APPLIED);
        assertThat(processor.process(event, 0, 11)).isEqualTo(SKIPPED_DUPLICATE);

        assertThat(store.rows).hasSize(1);
        assertThat(store.skipped).isEqualTo(1);
        assertThat(store.confirmations.get("order-1")).isEqualTo(1);
    }

    @Test
    void withoutDedupeARedeliveredEventIsAppliedTwice() {
        OrderEventProcessor processor = processor(false);
        OrderEvent event = event(1, "order@1");

        processor.process(event, 0, 10);
        processor.process(event, 0, 11);

        assertThat(store.rows).hasSize(2);
        assertThat(store.rows.stream().map(Row::eventId).distinct()).hasSize(1);
        assertThat(store.confirmations.get("order-1")).isEqualTo(2);
    }

    @Test
    void anEventBelowTheHighestSeqOfItsProducerOnItsPartitionIsReordered() {
        OrderEventProcessor processor = processor(true);

        assertThat(processor.process(event(1, "order@1"), 0, 0)).isEqualTo(APPLIED);
        assertThat(processor.process(event(3, "order@1"), 0, 1)).isEqualTo(APPLIED);
        assertThat(processor.process(event(2, "order@1"), 0, 2)).isEqualTo(APPLIED_OUT_OF_ORDER);
        // Another partition, another producer: their own order.
        assertThat(processor.process(event(2, "order@1"), 1, 0)).isEqualTo(APPLIED);
        assertThat(processor.process(event(1, "order@2"), 0, 3)).isEqualTo(APPLIED);

        assertThat(store.rows.stream().filter(Row::reordered)).hasSize(1);
    }

    record Row(
            UUID eventId,
            String producedBy,
            int partition,
            long seq,
            boolean reordered,
            boolean deduplicated) {}

    /**
     * The SQL of EventLedger, in memory: the partial unique index becomes a check on deduplicated
     * rows.
     */
    private static final class InMemoryEvents implements EventStore {
        final List<Row> rows = new ArrayList<>();
        final Map<String, Integer> confirmations = new HashMap<>();
        int skipped;

        @Override
        public Long highestSeq(String producedBy, int partition) {
            return rows.stream()
                    .filter(r -> r.producedBy().equals(producedBy) && r.partition() == partition)
                    .map(Row::seq)
                    .max(Long::compare)
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
            if (deduplicated
                    && rows.stream()
                            .anyMatch(
                                    r -> r.deduplicated() && r.eventId().equals(event.eventId()))) {
                return false;
            }
            rows.add(
                    new Row(
                            event.eventId(),
                            event.producedBy(),
                            partition,
                            event.seq(),
                            reordered,
                            deduplicated));
            return true;
        }

        @Override
        public void recordSkippedDuplicate(
                OrderEvent event, int partition, long offset, String instance) {
            skipped++;
        }

        @Override
        public int confirmReservation(String orderId) {
            confirmations.merge(orderId, 1, Integer::sum);
            return 1;
        }
    }
}
