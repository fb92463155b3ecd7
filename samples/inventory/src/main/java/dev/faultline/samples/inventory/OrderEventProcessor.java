// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

import org.springframework.transaction.support.TransactionOperations;

/**
 * Applies one order event, in one transaction: notes whether it comes out of order (its seq is
 * below the highest already seen from its producer on its partition), records it (skipping it when
 * dedupe is on and it was applied before), and confirms the order's reservation.
 */
public final class OrderEventProcessor {
    public enum Outcome {
        APPLIED,
        APPLIED_OUT_OF_ORDER,
        SKIPPED_DUPLICATE
    }

    private final EventStore store;
    private final TransactionOperations transaction;
    private final boolean dedupe;
    private final String instance;

    public OrderEventProcessor(
            EventStore store, TransactionOperations transaction, boolean dedupe, String instance) {
        this.store = store;
        this.transaction = transaction;
        this.dedupe = dedupe;
        this.instance = instance;
    }

    public Outcome process(OrderEvent event, int partition, long offset) {
        return transaction.execute(
                status -> {
                    Long highest = store.highestSeq(event.producedBy(), partition);
                    boolean reordered = highest != null && event.seq() < highest;
                    if (!store.record(event, partition, offset, instance, reordered, dedupe)) {
                        store.recordSkippedDuplicate(event, partition, offset, instance);
                        return Outcome.SKIPPED_DUPLICATE;
                    }
                    store.confirmReservation(event.orderId());
                    return reordered ? Outcome.APPLIED_OUT_OF_ORDER : Outcome.APPLIED;
                });
    }
}
