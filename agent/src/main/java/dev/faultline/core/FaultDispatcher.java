package dev.faultline.core;

import dev.faultline.bridge.Bridge;
import dev.faultline.bridge.Dispatcher;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
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
    private final WeakDetails remembered = new WeakDetails();
    private final ThreadLocal<int[]> depth;

    public FaultDispatcher(PointCatalog catalog, FaultRegistry registry, AgentLog log, String version,
                           Function<String, String> commands) {
        this.catalog = catalog;
        this.registry = registry;
        this.log = log;
        this.version = version;
        this.commands = commands;
        int points = catalog.size();
        this.depth = ThreadLocal.withInitial(() -> new int[points]);
    }

    @Override
    public Throwable enter(int point, Object target, String detail) {
        int[] depths = depth.get();
        if (depths[point]++ > 0) {
            return null;
        }
        try {
            Throwable fault = decide(point, target, detail);
            if (fault != null) {
                depths[point]--;
            }
            return fault;
        } catch (Throwable failure) {
            log.internalError(catalog.byId(point).name(), failure);
            return null;
        }
    }

    @Override
    public void exit(int point) {
        depth.get()[point]--;
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

    /** Forgets remembered details (when the agent is uninstalled). */
    public void clear() {
        remembered.clear();
    }

    private Throwable decide(int point, Object target, String detail) {
        ActiveFault[] faults = registry.active(point);
        if (faults.length == 0 || !catalog.byId(point).applies(target, detail)) {
            return null;
        }
        String callDetail = detail != null || target == null ? detail : remembered.get(target);
        long now = System.nanoTime();
        for (ActiveFault fault : faults) {
            if (fault.isExpired(now) || !fault.matches(target, callDetail) || !fault.admit()) {
                continue;
            }
            if (fault.injected() == 1) {
                registry.firstInjection(fault);
            }
            Throwable thrown = perform(fault, target, callDetail);
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

    private static Throwable perform(ActiveFault fault, Object target, String detail) {
        FaultSpec spec = fault.spec();
        try {
            switch (spec.action()) {
                case DELAY:
                    // Ends early when the fault is disabled, so disable-all frees every waiting thread at once.
                    fault.awaitEnd(fault.nextDelayNanos(), TimeUnit.NANOSECONDS);
                    return null;
                case ERROR:
                    return spec.point().error(spec, target, detail);
                case HANG:
                    return spec.point().hang(fault, target, detail);
                default:
                    return null;
            }
        } catch (InterruptedException interrupted) {
            // The application interrupted its own thread: stop waiting and keep the flag for it to see.
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
