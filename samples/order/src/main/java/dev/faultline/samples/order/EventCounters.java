// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.order;

import java.util.concurrent.atomic.AtomicLong;

/** Events the broker acknowledged and events whose send failed, since this process started. */
public final class EventCounters {
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    void addPublished(long events) {
        published.addAndGet(events);
    }

    void addFailed() {
        failed.incrementAndGet();
    }

    public long published() {
        return published.get();
    }

    public long failed() {
        return failed.get();
    }
}
