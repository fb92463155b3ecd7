// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.order;

import dev.faultline.samples.support.web.ServiceException;

/**
 * Improved delivery: the event is stored in the outbox in the order's own transaction, so an
 * accepted order always has its event; the {@link OutboxRelay} publishes it. The outbox is the
 * bounded local queue: over {@code max-pending} unsent events, new orders are refused.
 */
public final class OutboxEvents implements OrderEvents {
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final long maxPending;

    public OutboxEvents(Outbox outbox, OutboxRelay relay, long maxPending) {
        this.outbox = outbox;
        this.relay = relay;
        this.maxPending = maxPending;
    }

    @Override
    public void checkCapacity() {
        long pending = outbox.pending();
        if (pending >= maxPending) {
            throw ServiceException.unavailable(
                    "event outbox full: "
                            + pending
                            + " events not yet published (max-pending "
                            + maxPending
                            + ")");
        }
    }

    @Override
    public void stored(Order order) {
        outbox.add(order);
    }

    @Override
    public void committed(Order order) {
        relay.wakeUp();
    }

    @Override
    public long pending() {
        return outbox.pending();
    }
}
