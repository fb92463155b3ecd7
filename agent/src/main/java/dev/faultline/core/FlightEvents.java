// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * The Flight Recorder side of {@link FaultEvents}. Loaded by name only when the {@code jdk.jfr}
 * module is present, so that nothing else in the agent refers to {@code jdk.jfr}.
 */
final class FlightEvents implements FaultEvents {
    private final AgentLog log;
    // Set once Flight Recorder is initialized; until then (and without a recording) nothing is
    // built.
    private volatile EventType injectionType;
    private volatile EventType lifecycleType;

    FlightEvents(AgentLog log) {
        this.log = log;
    }

    /**
     * Registers the event types when Flight Recorder initializes (at once if it has): registering
     * them earlier would initialize it, a quarter of a second and threads of its own, in a JVM that
     * may never record.
     */
    @Override
    public void start() {
        try {
            FlightRecorder.addListener(
                    new FlightRecorderListener() {
                        @Override
                        public void recorderInitialized(FlightRecorder recorder) {
                            try {
                                lifecycleType = EventType.getEventType(FaultLifecycleEvent.class);
                                injectionType = EventType.getEventType(InjectionEvent.class);
                            } catch (RuntimeException | LinkageError e) {
                                log.internalError("Flight Recorder events", e);
                            }
                        }
                    });
        } catch (RuntimeException | LinkageError e) {
            log.internalError("Flight Recorder events", e);
        }
    }

    @Override
    public Object begin() {
        EventType type = injectionType;
        if (type == null || !type.isEnabled()) {
            return null;
        }
        try {
            InjectionEvent event = new InjectionEvent();
            event.begin();
            return event;
        } catch (RuntimeException | LinkageError e) {
            log.internalError("Flight Recorder events", e);
            return null;
        }
    }

    /** Never throws: a failure here must not cost the call the fault it was given. */
    @Override
    public void injected(Object started, ActiveFault fault, long delayNanos, Throwable error) {
        try {
            commit((InjectionEvent) started, fault, delayNanos, error);
        } catch (RuntimeException | LinkageError e) {
            log.internalError("Flight Recorder events", e);
        }
    }

    private static void commit(
            InjectionEvent event, ActiveFault fault, long delayNanos, Throwable error) {
        event.end();
        if (!event.shouldCommit()) {
            return; // below the recording's threshold
        }
        FaultSpec spec = fault.spec();
        event.point = spec.point().name();
        event.faultId = spec.id();
        event.action = spec.action().specName();
        event.delay = delayNanos != NO_DELAY ? delayNanos : fixedDelay(spec);
        event.errorClass = error == null ? null : error.getClass().getName();
        event.commit();
    }

    /**
     * A point that draws its delay itself (kafka.send, http.client): the spec's delay when it is
     * one value.
     */
    private static long fixedDelay(FaultSpec spec) {
        DelayRange delay = spec.delay();
        return delay != null && delay.isFixed() ? delay.minNanos() : NO_DELAY;
    }

    @Override
    public void enabled(ActiveFault fault, Origin origin) {
        lifecycle(fault, "enabled", origin);
    }

    @Override
    public void ended(ActiveFault fault, EndReason reason, Origin origin) {
        lifecycle(fault, reason.toString(), origin);
    }

    private void lifecycle(ActiveFault fault, String state, Origin origin) {
        EventType type = lifecycleType;
        if (type == null || !type.isEnabled()) {
            return;
        }
        try {
            commit(fault, state, origin);
        } catch (RuntimeException | LinkageError e) {
            log.internalError("Flight Recorder events", e);
        }
    }

    private static void commit(ActiveFault fault, String state, Origin origin) {
        FaultLifecycleEvent event = new FaultLifecycleEvent();
        if (!event.shouldCommit()) {
            return;
        }
        FaultSpec spec = fault.spec();
        event.faultId = spec.id();
        event.point = spec.point().name();
        event.action = spec.action().specName();
        event.state = state;
        event.matched = fault.matched();
        event.injected = fault.injected();
        event.via = origin.via();
        event.user = origin.principal() != null ? origin.principal() : origin.user();
        event.description = spec.describe();
        event.commit();
    }

    @Name("dev.faultline.Injection")
    @Label("Fault Injection")
    @Category("Faultline")
    @Description(
            "A fault acted on a call: the call's thread, what was injected, and for how long the agent held the call")
    static final class InjectionEvent extends Event {
        @Label("Point")
        String point;

        @Label("Fault Id")
        String faultId;

        @Label("Action")
        String action;

        @Label("Injected Delay")
        @Description("The delay drawn for this call (delay actions)")
        @Timespan(Timespan.NANOSECONDS)
        long delay;

        @Label("Error Class")
        @Description("The exception thrown into the call, where the agent throws one")
        String errorClass;
    }

    @Name("dev.faultline.FaultLifecycle")
    @Label("Fault Lifecycle")
    @Category("Faultline")
    @Description("A fault was enabled, disabled or expired, with its counters at that moment")
    static final class FaultLifecycleEvent extends Event {
        @Label("Fault Id")
        String faultId;

        @Label("Point")
        String point;

        @Label("Action")
        String action;

        @Label("State")
        @Description("enabled, disabled or expired")
        String state;

        @Label("Matched Calls")
        long matched;

        @Label("Injected Calls")
        long injected;

        @Label("Via")
        @Description("The front end: config, jcmd, jmx, or agent (expiry)")
        String via;

        @Label("User")
        @Description("The OS user or JMX principal, where known")
        String user;

        @Label("Fault")
        String description;
    }
}
