// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import dev.faultline.core.ActiveFault;
import dev.faultline.core.DaemonThreads;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs the work of the {@code exhaust} faults of a point, one thread each (taking connections
 * blocks), and releases what each holds when its fault ends.
 */
final class ExhaustionWorkers {

    /** What one fault does and holds. */
    interface Work extends Runnable {
        void release();

        Map<String, Object> state();
    }

    private final Map<ActiveFault, Work> running = new ConcurrentHashMap<>();
    private final ExecutorService threads;

    ExhaustionWorkers(String threadName) {
        this.threads = Executors.newCachedThreadPool(DaemonThreads.named(threadName));
    }

    void start(ActiveFault fault, Work work) {
        running.put(fault, work);
        threads.execute(work);
    }

    void stop(ActiveFault fault) {
        Work work = running.remove(fault);
        if (work != null) {
            work.release();
        }
    }

    Map<String, Object> state(ActiveFault fault) {
        Work work = running.get(fault);
        return work == null ? Collections.emptyMap() : work.state();
    }

    void close() {
        threads.shutdownNow();
    }
}
