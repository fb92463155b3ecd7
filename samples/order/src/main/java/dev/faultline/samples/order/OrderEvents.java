// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.order;

/** How an order's event leaves the service ({@code sample.events.delivery}). */
public interface OrderEvents {
    /**
     * Refuses with 503 when no more events can be taken (a full outbox). Called before any work on
     * the order.
     */
    void checkCapacity();

    /** Inside the order's transaction: the outbox stores the event here. */
    void stored(Order order);

    /** After the order's transaction committed: direct delivery sends here. */
    void committed(Order order);

    /** Unsent events held by the service, or 0 when it holds none. */
    long pending();
}
