// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.health;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code memory} health component (experiment 7): the heap in use after the last collection, as
 * a fraction of the maximum heap. Over {@code sample.memory.health-threshold} it is DOWN, so an
 * orchestrator restarts the service before it runs out; without a threshold it only reports.
 * After-GC usage, not current usage, for the young pools: garbage waiting for the next collection
 * is no leak. The old generation's current usage, though: it is what survived young collections,
 * and its own after-GC figure only changes at a full collection, which a fast leak does not wait
 * for.
 */
public final class MemoryHealthIndicator extends AbstractHealthIndicator {
    private final Double threshold;

    /**
     * @param threshold fraction of the maximum heap, or null for off
     */
    public MemoryHealthIndicator(Double threshold) {
        this.threshold = threshold;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        long max = Runtime.getRuntime().maxMemory();
        long usedAfterGc = usedAfterLastCollection();
        double fraction = (double) usedAfterGc / max;
        boolean over = threshold != null && fraction > threshold;
        builder.status(over ? Status.DOWN : Status.UP)
                .withDetail("usedAfterGcBytes", usedAfterGc)
                .withDetail("maxBytes", max)
                .withDetail("usedAfterGcFraction", Math.round(fraction * 1000) / 1000.0)
                .withDetail("threshold", threshold == null ? "off" : threshold);
    }

    /**
     * Sum over the heap pools: the old generation as it is now, the others as their last collection
     * left them.
     */
    static long usedAfterLastCollection() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) {
                continue;
            }
            MemoryUsage afterGc = pool.getCollectionUsage();
            used +=
                    afterGc != null && !isOldGeneration(pool.getName())
                            ? afterGc.getUsed()
                            : pool.getUsage().getUsed();
        }
        return used;
    }

    /**
     * Serial's "Tenured Gen", Parallel's "PS Old Gen", G1's "G1 Old Gen", ZGC's "ZGC Old
     * Generation".
     */
    static boolean isOldGeneration(String poolName) {
        return poolName.contains("Old") || poolName.contains("Tenured");
    }
}
