// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

/**
 * JDK Flight Recorder events of the faults: one per injection ({@code dev.faultline.Injection}) and
 * one per lifecycle change ({@code dev.faultline.FaultLifecycle}). Only an injected call or a
 * lifecycle change reaches this; without a recording it builds nothing. On a runtime without the
 * {@code jdk.jfr} module (a jlink'd image) it is {@link #NONE}.
 */
public interface FaultEvents extends FaultListener {
    /** No events: no {@code jdk.jfr} module, or it could not be used. */
    FaultEvents NONE =
            new FaultEvents() {
                @Override
                public Object begin() {
                    return null;
                }

                @Override
                public void injected(
                        Object event, ActiveFault fault, long delayNanos, Throwable error) {}

                @Override
                public void enabled(ActiveFault fault, Origin origin) {}

                @Override
                public void ended(ActiveFault fault, EndReason reason, Origin origin) {}
            };

    /**
     * Makes the events available once Flight Recorder is initialized. Costs some 20 ms of class
     * loading, so the agent calls it off the application's start where it can.
     */
    default void start() {}

    /**
     * The {@code delayNanos} of an injection that is no delay, or whose delay the point drew
     * itself.
     */
    long NO_DELAY = Long.MIN_VALUE;

    /**
     * Starts timing an injection, before the fault acts.
     *
     * @return the event to pass to {@link #injected}, or {@code null} when no recording wants it
     *     (nothing was built)
     */
    Object begin();

    /**
     * Commits an injection event.
     *
     * @param event what {@link #begin} returned (not {@code null})
     * @param delayNanos the delay drawn for this call, or {@link #NO_DELAY}
     * @param error the exception thrown into the call, or {@code null}
     */
    void injected(Object event, ActiveFault fault, long delayNanos, Throwable error);

    /**
     * The events for this JVM: Flight Recorder events when the {@code jdk.jfr} module is there,
     * else {@link #NONE}. Nothing of {@code jdk.jfr} loads unless it is there; the event types
     * register only once Flight Recorder is initialized (a recording was started), so a JVM that
     * never records does not pay for initializing it.
     */
    static FaultEvents forThisRuntime(AgentLog log) {
        if (!ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
            return NONE;
        }
        try {
            return (FaultEvents)
                    Class.forName("dev.faultline.core.FlightEvents")
                            .getDeclaredConstructor(AgentLog.class)
                            .newInstance(log);
        } catch (Throwable unusable) {
            log.internalError("Flight Recorder events", unusable);
            return NONE;
        }
    }
}
