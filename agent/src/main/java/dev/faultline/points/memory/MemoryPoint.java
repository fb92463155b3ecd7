// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.memory;

import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.DaemonThreads;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.MemorySize;
import dev.faultline.core.SpecField;
import dev.faultline.core.SpecForms;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** How fast a leak retains memory, in bytes per second. */
    static final SpecField<Long> RATE =
            SpecField.of("rate", SpecForms.sizePerSecond())
                    .actions(Action.LEAK)
                    .required()
                    .describedAs("how fast the leak retains memory");

    /** How much a leak retains at most. */
    static final SpecField<MemorySize> CAP =
            SpecField.of("cap", SpecForms.heapShare())
                    .actions(Action.LEAK)
                    .byDefault(MemorySize.ofHeapFraction(0.5))
                    .listed()
                    .describedAs("how much the leak retains at most");

    /** How much of the maximum heap a fill retains. */
    static final SpecField<MemorySize> HEAP =
            SpecField.of("heap", SpecForms.heapFraction())
                    .actions(Action.FILL)
                    .required()
                    .describedAs("the share of the maximum heap the fill takes");

    /** Whether a leak or fill may go on until the JVM runs out of memory. */
    static final SpecField<Boolean> OOM =
            SpecField.of("oom", SpecForms.bool())
                    .actions(Action.LEAK, Action.FILL)
                    .byDefault(false)
                    .misplaced("applies to the memory point's actions 'leak' and 'fill' only")
                    .describedAs(
                            "go on past the agent's safety margin until OutOfMemoryError (false by default)");

    private static final List<SpecField<?>> FIELDS =
            Arrays.asList(
                    RATE,
                    CAP,
                    HEAP,
                    OOM,
                    // a per-call leak is the method point's: say what a heap leak takes
                    SpecField.refusal(
                            "bytes",
                            "applies to method leaks only; a memory leak takes rate and cap, such as rate: 10MB/s"));

    @Override
    public List<SpecField<?>> fields() {
        return FIELDS;
    }

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
