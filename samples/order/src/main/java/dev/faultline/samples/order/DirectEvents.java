// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.order;

import dev.faultline.samples.support.Failures;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Naive delivery: the event is sent once the order is stored, and forgotten. The callback counts
 * what the broker acknowledged and what failed; a failed event is lost (one WARN line each), and
 * the order stays accepted. A send never holds the request longer than {@code max.block.ms}. The
 * seq counts this process's sends, so the producer's name carries its start time.
 */
public final class DirectEvents implements OrderEvents {
    private static final Logger log = LoggerFactory.getLogger(DirectEvents.class);

    private final OrderEventProducer producer;
    private final EventCounters counters;
    private final AtomicLong seq = new AtomicLong();

    public DirectEvents(OrderEventProducer producer, EventCounters counters) {
        this.producer = producer;
        this.counters = counters;
    }

    @Override
    public void checkCapacity() {
        // Nothing is held, so nothing can fill up.
    }

    @Override
    public void stored(Order order) {}

    @Override
    public void committed(Order order) {
        try {
            producer.send(
                    UUID.randomUUID(),
                    seq.incrementAndGet(),
                    order,
                    (metadata, failure) -> {
                        if (failure == null) {
                            counters.addPublished(1);
                        } else {
                            counters.addFailed();
                            log.warn(
                                    "event of order {} lost: {}",
                                    order.orderId(),
                                    Failures.describe(failure));
                        }
                    });
        } catch (RuntimeException e) {
            counters.addFailed();
            log.warn("event of order {} not sent: {}", order.orderId(), Failures.describe(e));
        }
    }

    @Override
    public long pending() {
        return 0;
    }
}
