// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bridge;

/**
 * What advice calls. The idle path of an instrumented call is a read of one of the volatile
 * switches below; everything else happens only while a fault is active on that point.
 *
 * <p>This class lives in the boot loader so that advice inlined into classes of any class loader
 * can reach it. It depends on nothing but {@code java.base}.
 */
public final class Bridge {

    /** The most points a bridge has switches for: one bit each in {@link #switches}. */
    public static final int MAX_POINTS = Long.SIZE;

    /**
     * Bit {@code 1L << id} is on while at least one fault is active on the point with that id (ids
     * are given to points at start-up, in the order their modules are found). Advice reads this
     * field once and tests its point's bit, a constant bound into the advice: the idle path is this
     * one volatile read, whatever the number of points, and a new point needs no field or case
     * here.
     */
    public static volatile long switches;

    private static volatile Dispatcher dispatcher;

    private Bridge() {}

    /**
     * Installs the agent's dispatcher unless one is installed already.
     *
     * @return the dispatcher now in force (the given one, or the one installed before)
     */
    public static synchronized Dispatcher install(Dispatcher candidate) {
        if (dispatcher == null) {
            dispatcher = candidate;
        }
        return dispatcher;
    }

    /** Removes the dispatcher and switches every point off. */
    public static synchronized void uninstall() {
        switches = 0L;
        dispatcher = null;
    }

    /** The installed dispatcher, or {@code null}. */
    public static Dispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * Sets every point's switch at once: bit {@code id} of {@code word} on for each point with an
     * active fault. One write, so advice never sees a change of several points half made (one
     * {@code apply} enabling faults on two points turns both on together).
     */
    public static synchronized void setSwitches(long word) {
        switches = word;
    }

    /** Whether a point's switch is on (for the agent and tests; advice tests its bit inline). */
    public static boolean isOn(int point) {
        return (switches & (1L << point)) != 0;
    }

    /**
     * Entry of an instrumented call whose switch is on. Throws the injected fault, if any.
     *
     * @return whether the caller must call {@link #exit} when the instrumented method returns
     */
    public static boolean enter(int point, Object target, String detail) throws Throwable {
        Dispatcher current = dispatcher;
        if (current == null) {
            return false;
        }
        Object decision;
        try {
            decision = current.enter(point, target, detail);
        } catch (Throwable agentFailure) {
            // The dispatcher reports its own failures; this is the last line that keeps them from
            // the application.
            return false;
        }
        if (decision instanceof Throwable) {
            throw (Throwable) decision;
        }
        return decision == Dispatcher.CALL_EXIT;
    }

    /**
     * Entry of an instrumented call whose fault replaces its result rather than throwing (a Kafka
     * send fails through its {@code Future}), while the point's switch is on.
     *
     * @return the value the instrumented method returns instead of running, or {@code null} to run
     *     it
     */
    public static Object replace(int point, Object target, Object argument, Object callback) {
        Dispatcher current = dispatcher;
        if (current == null) {
            return null;
        }
        try {
            return current.replace(point, target, argument, callback);
        } catch (Throwable agentFailure) {
            // as in enter: never reaches the application
            return null;
        }
    }

    /**
     * Entry of a method instrumented for one {@code method} fault.
     *
     * @param point the {@code method} point's id
     * @param faultId the fault whose instrumentation calls
     * @param returnType the method's return type name, for a {@code return} fault
     * @return {@code null} to run the method, or a one-element array holding the value it returns
     *     instead
     */
    public static Object[] method(int point, String faultId, Object target, String returnType)
            throws Throwable {
        Object decision = replace(point, target, faultId, returnType);
        if (decision instanceof Throwable) {
            throw (Throwable) decision;
        }
        return (Object[]) decision;
    }

    /**
     * Entry of an HTTP request while {@code http.client}'s switch is on.
     *
     * @param point the {@code http.client} point's id
     * @param client which client library calls (the agent's name for it, such as {@code okhttp})
     * @param target the client or call object the request is made on
     * @param request the request, as the client holds it
     * @return {@code null} to send the request, or what the instrumented method returns instead (a
     *     synthetic response, or a future of one)
     */
    public static Object http(int point, String client, Object target, Object request)
            throws Throwable {
        Object decision = replace(point, target, request, client);
        if (decision instanceof Throwable) {
            throw (Throwable) decision;
        }
        return decision;
    }

    /**
     * Entry of a non-blocking socket-channel connect while {@code net.connect}'s switch is on. Such
     * a connect is not held (its caller is a selector thread); a fault that drops it answers with
     * an address to connect to instead, where the connect stays pending as in a black hole.
     *
     * @param point the {@code net.connect} point's id
     * @return the address to connect to instead, or {@code null} to connect as asked
     */
    public static Object nonBlockingConnect(int point, Object endpoint) throws Throwable {
        Object decision = replace(point, endpoint, null, null);
        if (decision instanceof Throwable) {
            throw (Throwable) decision;
        }
        return decision;
    }

    /**
     * Entry of a call a fault acts around rather than on (a gRPC channel's {@code newCall}: the
     * call it makes is set up to fail the way the library fails it), while the point's switch is
     * on. The call is the point's outermost on this thread until {@link #leave}; nested calls of
     * the same point pass untouched.
     *
     * @return {@code null}, or a token to hand to {@link #leave} when the instrumented method
     *     returns
     */
    public static Object around(int point, Object target, Object argument, Object context)
            throws Throwable {
        Dispatcher current = dispatcher;
        if (current == null) {
            return null;
        }
        Object decision;
        try {
            decision = current.around(point, target, argument, context);
        } catch (Throwable agentFailure) {
            // as in enter: never reaches the application
            return null;
        }
        if (decision instanceof Throwable) {
            throw (Throwable) decision;
        }
        return decision;
    }

    /** Exit of a call for which {@link #around} returned a token. */
    public static void leave(int point, Object token) {
        Dispatcher current = dispatcher;
        if (current != null) {
            try {
                current.leave(point, token);
            } catch (Throwable agentFailure) {
                // as in enter: never reaches the application
            }
        }
    }

    /** Exit of a call for which {@link #enter} returned {@code true}. */
    public static void exit(int point) {
        Dispatcher current = dispatcher;
        if (current != null) {
            current.exit(point);
        }
    }

    /**
     * Notes an object a point acts on by itself (a connection pool the application borrows from).
     */
    public static void observed(int point, Object target) {
        Dispatcher current = dispatcher;
        if (current != null && target != null) {
            try {
                current.observed(point, target);
            } catch (Throwable agentFailure) {
                // as in enter: never reaches the application
            }
        }
    }

    /** Remembers a detail for later calls on {@code target} (the SQL of a prepared statement). */
    public static void remember(Object target, String detail) {
        Dispatcher current = dispatcher;
        if (current != null && target != null) {
            try {
                current.remember(target, detail);
            } catch (Throwable agentFailure) {
                // as in enter: never reaches the application
            }
        }
    }
}
