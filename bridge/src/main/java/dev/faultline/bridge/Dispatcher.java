// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bridge;

/**
 * The agent's side of the bridge: decides, for an instrumented call, whether a fault applies and
 * performs it. Implemented inside the agent; reached from advice through {@link Bridge}.
 *
 * <p>Implementations must not throw: a failure of their own is reported through the return value
 * contract below and logged by the agent, never passed to the application.
 */
public interface Dispatcher {

    /**
     * Called on entry of an instrumented method while the point's switch is on.
     *
     * @param point the point's id, given at start-up (its bit in {@link Bridge#switches})
     * @param target the instrumented object ({@code this}), or {@code null} for static methods
     * @param detail the call's detail the point matches on (the SQL of a statement, a URL), or
     *     {@code null}
     * @return {@code null} when the call proceeds untouched; {@link #CALL_EXIT} when it proceeds
     *     and {@link #exit} must be called when it returns; or the exception to throw into the
     *     application: the injected fault
     */
    Object enter(int point, Object target, String detail);

    /**
     * Called on entry of an instrumented call whose faults replace its result (see {@link
     * Bridge#replace}) while the point's switch is on. Delays happen here; a replaced call returns
     * what this returns.
     *
     * @param argument the call's main argument (a Kafka record)
     * @param callback the call's callback (kafka.send) or the client library (http.client), or
     *     {@code null}
     * @return the result the call returns instead of running, or {@code null} to let it run
     */
    Object replace(int point, Object target, Object argument, Object callback);

    /**
     * Called on entry of a call a fault acts around (see {@link Bridge#around}) while the point's
     * switch is on. Delays happen here; other actions prepare the call and return a token.
     *
     * @return the exception to throw into the application; or a token (at least {@link #CALL_EXIT})
     *     for {@link #leave}, which must then be called when the instrumented method returns; or
     *     {@code null}
     */
    Object around(int point, Object target, Object argument, Object context);

    /** Called on exit of a call for which {@link #around} returned a token. */
    void leave(int point, Object token);

    /** Called on exit of a call for which {@link #enter} returned {@link #CALL_EXIT}. */
    void exit(int point);

    /**
     * Remembers a detail for an object, used as the detail of later calls on it that carry none
     * (the SQL a prepared statement was created with, for its {@code execute()}).
     */
    void remember(Object target, String detail);

    /**
     * Notes an object a point acts on by itself, such as a connection pool the application borrows
     * from.
     */
    void observed(int point, Object target);

    /**
     * Runs a control command (the jcmd syntax) against the installed agent and returns its result
     * line.
     */
    String command(String line);

    /** The version of the agent that installed this dispatcher. */
    String version();

    /** Returned by {@link #enter} for a call that proceeds and whose exit must be reported. */
    Object CALL_EXIT = new Object();
}
