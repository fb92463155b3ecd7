// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A place in application code where faults can be injected, such as {@code jdbc.execute}. Each
 * instrumented area contributes its points; the core parses, validates and decides with them.
 */
public interface InjectionPoint {

    /** The spec name, such as {@code jdbc.execute}. */
    String name();

    /**
     * The numeric id shared with the bridge (the point's bit in {@code Bridge.switches}), given by
     * {@link PointCatalog} at start-up; -1 before.
     */
    int id();

    /** Called once by {@link PointCatalog}: the point's id from now on. */
    void assignId(int id);

    /** The actions this point supports. */
    Set<Action> actions();

    /**
     * Whether a call is one this point stands for at all, before any fault is matched. The default
     * is every call; {@code jdbc.connect} skips drivers that do not accept the URL, since {@code
     * DriverManager} asks each registered driver in turn.
     */
    default boolean applies(Object target, Object detail) {
        return true;
    }

    /**
     * The spec fields this point takes beside the shared ones ({@code sqlState}, {@code copies},
     * {@code code} ...), and the fields of other points it refuses with a message of its own. The
     * parser, {@code list()}, the CLI and the JUnit library all read them from here. Not a default
     * method: a point that wraps another must pass them on, or its fields would vanish unseen.
     */
    List<SpecField<?>> fields();

    /** The {@code match} keys this point understands. */
    List<String> matchKeys();

    /**
     * The value a {@code match} key is tested against for one call, or {@code null} when it cannot
     * be known (the call then does not match).
     *
     * <p>{@code detail} is the call's typed detail: the advice's text argument for calls decided on
     * entry (the SQL, the host name), or what {@link #detail} made of the call for the others (a
     * view over an HTTP request, {@code http.client}'s {@code RequestView}). With a fault active on
     * another target this runs for every call of the point, so it must only read: no parsing,
     * allocation or reflection lookup per call (read only what the key needs, from what the library
     * has already parsed, or once per request into the detail).
     */
    String matchValue(String key, Object target, Object detail);

    /**
     * Checks the parts of a spec that only this point can judge, such as the exception class an
     * {@code error} fault may throw here. Throws {@link SpecException} when they are wrong.
     */
    void validate(FaultSpec spec);

    /** The exception an {@code error} fault throws into this call. */
    Throwable error(FaultSpec spec, Object target, String detail);

    /**
     * For points whose faults replace the call's result ({@link
     * dev.faultline.bridge.Bridge#replace}): the detail of a call, read from its argument (a Kafka
     * record's topic, a view over an HTTP request), of the point's own type: it is handed back to
     * {@link #matchValue}, {@link #concerns} and {@link #replace} as it is.
     *
     * @param context what the advice passed beside the argument (a callback, or the client library)
     */
    default Object detail(Object target, Object argument, Object context) {
        return null;
    }

    /**
     * For points whose faults replace the call's result: the decision on a call is over (whatever
     * its outcome), and its {@link #detail} is not read again. A point whose detail is a holder
     * reused per thread lets go of the call's objects here, so that it keeps no request of the
     * application alive and no later call can read a stale one.
     */
    default void decided(Object detail) {}

    /**
     * For points whose faults replace the call's result: performs a {@code delay} fault. By default
     * the calling thread waits and the call then runs; a point whose call is asynchronous may
     * instead return a result that completes after the delay, without blocking the caller.
     */
    default Object delay(ActiveFault fault, Object target, Object argument, Object callback) {
        fault.delay();
        return null;
    }

    /**
     * For points whose faults replace the call's result: performs a fault other than {@code delay}
     * and returns what the call returns instead of running, or {@code null} to let it run.
     *
     * @param detail the call's {@link #detail}, already read
     */
    default Object replace(
            ActiveFault fault, Object target, Object argument, Object callback, Object detail) {
        throw new UnsupportedOperationException(name() + " does not replace results");
    }

    /**
     * For points whose faults act around a call ({@link dev.faultline.bridge.Bridge#around}):
     * undoes what {@link #replace} set up for the call (and returned as its token) once the call
     * returns.
     */
    default void leave(Object token) {}

    /**
     * For points whose faults act by themselves rather than on calls (memory): starts a fault's
     * work when it is enabled. Throws {@link SpecException} when it cannot start; nothing is then
     * enabled.
     */
    default void start(ActiveFault fault) {}

    /**
     * Notes an object this point acts on by itself, seen in the application (a connection pool).
     */
    default void observe(Object target) {}

    /** Stops a fault's work and releases what it holds when the fault ends. */
    default void stop(ActiveFault fault) {}

    /** What a fault holds, for {@code list()} (the memory it retains, say); empty by default. */
    default Map<String, Object> state(ActiveFault fault) {
        return Collections.emptyMap();
    }

    /**
     * Whether a fault of this point concerns a call: by default its {@code match} patterns; a point
     * whose instrumentation is made per fault ({@code method}) knows its fault from the call.
     */
    default boolean concerns(ActiveFault fault, Object target, Object detail) {
        return fault.matches(target, detail);
    }

    /** Releases what the point holds (threads, held calls) when the agent is detached. */
    default void close() {}

    /** Records that a class of this point was instrumented: the library it covers is present. */
    void markInstrumented(String typeName);

    /** Whether any class of this point has been instrumented so far. */
    boolean isInstrumented();

    /**
     * Records that a library of this point was found in a version the agent does not support (or
     * without a member it needs): the point stays off for it, and {@code list()} gives the reason.
     */
    default void markUnsupported(String reason) {}

    /** The reasons recorded by {@link #markUnsupported}, sorted; empty when there are none. */
    default List<String> unsupported() {
        return Collections.emptyList();
    }

    /**
     * Blocks the call for a {@code hang} fault until the caller's own timeout passes or the fault
     * ends, and returns the exception to throw, or {@code null} to let the call proceed.
     */
    Throwable hang(ActiveFault fault, Object target, String detail) throws InterruptedException;
}
