// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import dev.faultline.bridge.Bridge;
import dev.faultline.bridge.Dispatcher;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Decides and performs faults for instrumented calls. Reached through the bridge only while a
 * point's switch is on. Only the outermost call of a point on a thread is considered, so a call
 * through a wrapper (a pool's proxy statement around the driver's) is faulted once.
 */
public final class FaultDispatcher implements Dispatcher {
    private final PointCatalog catalog;
    private final FaultRegistry registry;
    private final AgentLog log;
    private final String version;
    private final Function<String, String> commands;
    private final FaultEvents events;
    private final WeakDetails remembered = new WeakDetails();

    /**
     * @param events Flight Recorder events, touched only by calls a fault acts on
     */
    public FaultDispatcher(
            PointCatalog catalog,
            FaultRegistry registry,
            AgentLog log,
            String version,
            Function<String, String> commands,
            FaultEvents events) {
        this.catalog = catalog;
        this.registry = registry;
        this.log = log;
        this.events = events;
        this.version = version;
        this.commands = commands;
    }

    /**
     * Decides a call. Faults whose match fails cost nothing more; only a matching call looks at the
     * thread's call depth, so that a call nested in one this point already handled (the driver's
     * statement inside a pool's proxy) is left alone.
     */
    @Override
    public Object enter(int point, Object target, String detail) {
        boolean tracked = false;
        try {
            ActiveFault[] faults = registry.active(point);
            String callDetail = detail != null || target == null ? detail : remembered.get(target);
            int first = 0;
            while (first < faults.length && !faults[first].matches(target, callDetail)) {
                first++;
            }
            if (first == faults.length) {
                return null;
            }
            int[] depths = CallDepth.ofThread();
            InjectionPoint injectionPoint = catalog.byId(point);
            if (depths[point] > 0 || !injectionPoint.applies(target, detail)) {
                return null;
            }
            depths[point]++;
            tracked = true;
            CallRecorder.note(injectionPoint, target, callDetail);
            Throwable fault = inject(faults, first, target, callDetail);
            if (fault == null) {
                return CALL_EXIT;
            }
            depths[point]--;
            return fault;
        } catch (Throwable failure) {
            log.internalError(catalog.byId(point).name(), failure);
            return tracked ? CALL_EXIT : null;
        }
    }

    /**
     * Decides a call whose faults replace its result. The point's own calls made while a fault acts
     * (the extra copies of a {@code duplicate}) are left alone.
     */
    @Override
    public Object replace(int point, Object target, Object argument, Object callback) {
        int[] depths = CallDepth.ofThread();
        if (depths[point] > 0) {
            return null;
        }
        depths[point]++;
        try {
            return decide(point, target, argument, callback);
        } finally {
            depths[point]--;
        }
    }

    /**
     * Decides a call a fault acts around: as {@link #replace}, but the call stays the point's
     * outermost on this thread until {@link #leave}, so the calls it makes inside (a channel's
     * delegates) are left alone.
     */
    @Override
    public Object around(int point, Object target, Object argument, Object context) {
        int[] depths = CallDepth.ofThread();
        if (depths[point]++ > 0) {
            return CALL_EXIT;
        }
        Object decision = decide(point, target, argument, context);
        if (decision instanceof Throwable) {
            depths[point]--; // thrown from the advice's entry: no exit will come
            return decision;
        }
        return decision != null ? decision : CALL_EXIT;
    }

    @Override
    public void leave(int point, Object token) {
        CallDepth.ofThread()[point]--;
        if (token != CALL_EXIT) {
            try {
                catalog.byId(point).leave(token);
            } catch (Throwable failure) {
                log.internalError(catalog.byId(point).name(), failure);
            }
        }
    }

    /** The faults of a replacing or surrounding call: the first that acts decides. */
    private Object decide(int point, Object target, Object argument, Object callback) {
        InjectionPoint injectionPoint = catalog.byId(point);
        Object detail = null;
        try {
            ActiveFault[] faults = registry.active(point);
            detail = injectionPoint.detail(target, argument, callback);
            if (!injectionPoint.applies(target, detail)) {
                return null;
            }
            boolean noted = false;
            for (ActiveFault fault : faults) {
                if (!injectionPoint.concerns(fault, target, detail)) {
                    continue;
                }
                if (!noted) {
                    CallRecorder.note(injectionPoint, target, detail); // once per call, as in enter
                    noted = true;
                }
                long injection = fault.admit();
                if (injection == 0) {
                    continue;
                }
                if (injection == 1) {
                    registry.firstInjection(fault);
                }
                Object event = events.begin();
                Object replacement =
                        fault.spec().action() == Action.DELAY
                                ? injectionPoint.delay(fault, target, argument, callback)
                                : injectionPoint.replace(fault, target, argument, callback, detail);
                if (event != null) {
                    events.injected(
                            event,
                            fault,
                            FaultEvents.NO_DELAY,
                            replacement instanceof Throwable ? (Throwable) replacement : null);
                }
                if (replacement != null) {
                    return replacement;
                }
            }
            return null;
        } catch (Throwable failure) {
            log.internalError(injectionPoint.name(), failure);
            return null;
        } finally {
            if (detail != null) {
                decided(injectionPoint, detail);
            }
        }
    }

    /** Tells the point that a call's detail is no longer read; never fails the call. */
    private void decided(InjectionPoint injectionPoint, Object detail) {
        try {
            injectionPoint.decided(detail);
        } catch (Throwable failure) {
            log.internalError(injectionPoint.name(), failure);
        }
    }

    @Override
    public void exit(int point) {
        CallDepth.ofThread()[point]--;
    }

    @Override
    public void observed(int point, Object target) {
        catalog.byId(point).observe(target);
    }

    @Override
    public void remember(Object target, String detail) {
        remembered.put(target, detail);
    }

    @Override
    public String command(String line) {
        return commands.apply(line);
    }

    @Override
    public String version() {
        return version;
    }

    /** Applies the faults from {@code first} (which matched) on, in the order they were enabled. */
    private Throwable inject(ActiveFault[] faults, int first, Object target, String callDetail) {
        for (int i = first; i < faults.length; i++) {
            ActiveFault fault = faults[i];
            if (i > first && !fault.matches(target, callDetail)) {
                continue;
            }
            // The admitted call's own number: reading injected() afterwards would see other
            // threads'
            // injections too, and the first one could go unreported.
            long injection = fault.admit();
            if (injection == 0) {
                continue;
            }
            if (injection == 1) {
                registry.firstInjection(fault);
            }
            Object event = events.begin();
            long delayNanos =
                    fault.spec().action() == Action.DELAY
                            ? fault.nextDelayNanos()
                            : FaultEvents.NO_DELAY;
            Throwable thrown = perform(fault, target, callDetail, delayNanos);
            if (event != null) {
                events.injected(event, fault, delayNanos, thrown);
            }
            if (thrown != null) {
                return fromTheInstrumentedMethod(thrown);
            }
        }
        return null;
    }

    /**
     * Drops the agent's own frames from the top of an injected exception's stack trace, so that it
     * starts in the instrumented method, as if the library itself had thrown it.
     */
    private static Throwable fromTheInstrumentedMethod(Throwable thrown) {
        StackTraceElement[] frames = thrown.getStackTrace();
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().equals(Bridge.class.getName())) {
                thrown.setStackTrace(Arrays.copyOfRange(frames, i + 1, frames.length));
                break;
            }
        }
        return thrown;
    }

    private static Throwable perform(
            ActiveFault fault, Object target, String detail, long delayNanos) {
        FaultSpec spec = fault.spec();
        try {
            switch (spec.action()) {
                case DELAY:
                    fault.delay(delayNanos);
                    return null;
                case ERROR:
                    return spec.point().error(spec, target, detail);
                case HANG:
                    return spec.point().hang(fault, target, detail);
                default:
                    return null;
            }
        } catch (InterruptedException interrupted) {
            // The application interrupted its own thread: stop waiting and keep the flag for it to
            // see.
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
