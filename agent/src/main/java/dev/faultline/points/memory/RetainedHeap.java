// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.memory;

import dev.faultline.core.Action;
import dev.faultline.core.FaultSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory one {@code leak} or {@code fill} fault retains: chunks of plain byte arrays, as a leak
 * holds them, grown on each tick and all dropped when the fault ends. Unless the spec says {@code
 * oom: true}, it stops growing while the heap is nearly full, so the agent never causes an
 * OutOfMemoryError itself.
 */
final class RetainedHeap {
    /** Small enough never to be a G1 humongous object, which would occupy twice its size. */
    private static final int CHUNK = 256 << 10;

    /**
     * Heap kept free for the application (and its collector) unless the spec allows running out.
     */
    private static final double SAFETY_MARGIN = 0.10;

    private final FaultSpec spec;
    private final long startNanos = System.nanoTime();
    private final List<byte[]> chunks = new ArrayList<>();
    private volatile long retained;
    private volatile String stoppedBecause;

    RetainedHeap(FaultSpec spec) {
        this.spec = spec;
    }

    /** Retains what the fault should hold by now: a leak grows at its rate, a fill at once. */
    synchronized void grow() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        boolean leak = spec.action() == Action.LEAK;
        long cap = spec.get(leak ? MemoryPoint.CAP : MemoryPoint.HEAP).bytes(maxHeap);
        long target =
                leak
                        ? Math.min(
                                cap,
                                (long)
                                        ((System.nanoTime() - startNanos)
                                                / 1e9
                                                * spec.get(MemoryPoint.RATE)))
                        : Math.max(0, cap - liveHeapOutsideThisFault());
        while (retained < target) {
            if (!spec.get(MemoryPoint.OOM) && freeHeap(maxHeap) < SAFETY_MARGIN * maxHeap + CHUNK) {
                stoppedBecause = "the heap is nearly full (oom: true lets it go on)";
                return;
            }
            int size = (int) Math.min(CHUNK, target - retained);
            try {
                byte[] chunk = new byte[size];
                chunk[size - 1] = 1;
                chunks.add(chunk);
                retained += size;
            } catch (OutOfMemoryError full) {
                stoppedBecause = "the heap ran out";
                return;
            }
        }
        stoppedBecause = retained >= cap ? "cap reached" : null;
    }

    synchronized void release() {
        chunks.clear();
        retained = 0;
    }

    long retained() {
        return retained;
    }

    String stoppedBecause() {
        return stoppedBecause;
    }

    /**
     * The heap the application keeps live: what the heap pools held after their last collection.
     */
    private long liveHeapOutsideThisFault() {
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                MemoryUsage afterGc = pool.getCollectionUsage();
                live +=
                        afterGc != null && afterGc.getUsed() > 0
                                ? afterGc.getUsed()
                                : pool.getUsage().getUsed();
            }
        }
        return Math.max(0, live - retained);
    }

    private static long freeHeap(long maxHeap) {
        Runtime runtime = Runtime.getRuntime();
        return maxHeap - (runtime.totalMemory() - runtime.freeMemory());
    }
}
