// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.memory;

import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.DaemonThreads;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.MemorySize;
import dev.faultline.core.SpecException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code memory}: the heap itself. {@code leak} retains memory at a rate up to a cap, as a leak
 * grows; {@code fill} retains at once until the heap is filled to a fraction. Everything is
 * released when the fault ends; nothing is instrumented.
 */
final class MemoryPoint extends AbstractInjectionPoint {
    private static final long TICK_MILLIS = 100;

    /** Grows the retained memory on ticks. Started on first use. */
    private final ScheduledExecutorService ticks =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("faultline-memory"));

    private final Map<ActiveFault, Running> running = new ConcurrentHashMap<>();

    MemoryPoint() {
        super("memory", EnumSet.of(Action.LEAK, Action.FILL), Collections.emptyList());
        markInstrumented("java.lang.Runtime"); // the heap is always there
    }

    @Override
    public String matchValue(String key, Object target, Object detail) {
        return null;
    }

    @Override
    public void validate(FaultSpec spec) {
        refuseCallScoping(spec, "the heap");
        if (spec.bytesPerCall() > 0) {
            throw SpecException.field(
                    "bytes",
                    "a memory leak takes rate and cap; bytes per call is for method leaks");
        }
    }

    @Override
    public Throwable error(FaultSpec spec, Object target, String detail) {
        throw new UnsupportedOperationException("memory has no error action");
    }

    @Override
    public void start(ActiveFault fault) {
        RetainedHeap heap = new RetainedHeap(fault.spec());
        ScheduledFuture<?> growing =
                ticks.scheduleAtFixedRate(heap::grow, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        running.put(fault, new Running(heap, growing));
    }

    @Override
    public void stop(ActiveFault fault) {
        Running stopped = running.remove(fault);
        if (stopped != null) {
            stopped.growing.cancel(false);
            ticks.execute(stopped.heap::release); // after any tick in progress
        }
    }

    @Override
    public Map<String, Object> state(ActiveFault fault) {
        Running current = running.get(fault);
        if (current == null) {
            return Collections.emptyMap();
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("retained", MemorySize.format(current.heap.retained()));
        state.put("retainedBytes", current.heap.retained());
        if (current.heap.stoppedBecause() != null) {
            state.put("stopped", current.heap.stoppedBecause());
        }
        return state;
    }

    @Override
    public void close() {
        ticks.shutdownNow();
    }

    private static final class Running {
        final RetainedHeap heap;
        final ScheduledFuture<?> growing;

        Running(RetainedHeap heap, ScheduledFuture<?> growing) {
            this.heap = heap;
            this.growing = growing;
        }
    }
}
