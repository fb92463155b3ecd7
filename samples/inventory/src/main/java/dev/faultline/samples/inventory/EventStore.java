// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

/** Where the consumer records what it did with each event: {@link EventLedger} in PostgreSQL. */
public interface EventStore {
    /** The highest seq already processed from this producer on this partition, or null. */
    Long highestSeq(String producedBy, int partition);

    /**
     * Records one application of the event. With {@code deduplicated}, an event id already recorded
     * that way is not recorded again: returns false, the event is a duplicate.
     */
    boolean record(
            OrderEvent event,
            int partition,
            long offset,
            String instance,
            boolean reordered,
            boolean deduplicated);

    void recordSkippedDuplicate(OrderEvent event, int partition, long offset, String instance);

    /**
     * The effect of an order event: the order's reservation is confirmed (once more, if applied
     * twice).
     */
    int confirmReservation(String orderId);
}
