package dev.faultline.samples.support.health;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * The {@code memory} health component (experiment 7): the heap in use after the last collection,
 * as a fraction of the maximum heap. Over {@code sample.memory.health-threshold} it is DOWN, so
 * an orchestrator restarts the service before it runs out; without a threshold it only reports.
 * After-GC usage, not current usage: garbage waiting for the next collection is no leak.
 */
public final class MemoryHealthIndicator extends AbstractHealthIndicator {
    private final Double threshold;

    /** @param threshold fraction of the maximum heap, or null for off */
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

    /** Sum over the heap pools of their usage after their last collection (a pool not yet collected counts as empty). */
    static long usedAfterLastCollection() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) {
                continue;
            }
            MemoryUsage afterGc = pool.getCollectionUsage();
            used += afterGc != null ? afterGc.getUsed() : pool.getUsage().getUsed();
        }
        return used;
    }
}
