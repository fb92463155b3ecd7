// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

/**
 * The detail of an HTTP request while {@code http.client} decides it: a view over the client's own
 * request objects that answers each match key from what the client has already parsed ({@link
 * ClientAdapter#value}), and builds the whole {@link RequestLine} only when a fault acts on the
 * request. With a fault active on another host, every request of the application is decided through
 * here, by reading a field or two of the client's objects per match key: nothing is parsed or
 * allocated (but a path with a query, for a {@code path} key).
 *
 * <p>One view per thread, filled by {@link #open} and emptied by {@link #close} when the decision
 * is over (the dispatcher's {@code decided}), so that it never keeps a request alive nor answers
 * for an earlier one. A thread decides one request at a time: a request the agent sends itself
 * while a fault acts is not decided again ({@code CallDepth}). The view is an {@code Object[]}, a
 * class of the JDK's, as {@code CallDepth}'s is: the thread's table of thread-locals then refers to
 * no class of the agent's, which can be detached.
 */
final class RequestView {
    private static final int ADAPTER = 0;
    private static final int TARGET = 1;
    private static final int REQUEST = 2;

    /** Whether the call starts its request: unknown ({@code null}) until a fault matches. */
    private static final int NEW_REQUEST = 3;

    private static final ThreadLocal<Object[]> CURRENT =
            ThreadLocal.withInitial(() -> new Object[4]);

    private RequestView() {}

    /** This thread's view, over one call of a client's instrumented method. */
    static Object[] open(ClientAdapter adapter, Object target, Object request) {
        Object[] view = CURRENT.get();
        view[ADAPTER] = adapter;
        view[TARGET] = target;
        view[REQUEST] = request;
        view[NEW_REQUEST] = null;
        return view;
    }

    /** The value a match key is tested against, read by the client's adapter. */
    static String value(Object[] view, String key) {
        try {
            return adapter(view).value(key, view[TARGET], view[REQUEST]);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the request's " + key, e);
        }
    }

    /**
     * Whether the call starts a request (see {@link ClientAdapter#isNewRequest}): asked once a
     * fault matches, and once per call however many faults match.
     */
    static boolean isNewRequest(Object[] view) {
        Object known = view[NEW_REQUEST];
        if (known == null) {
            known = adapter(view).isNewRequest(view[TARGET]) ? Boolean.TRUE : Boolean.FALSE;
            view[NEW_REQUEST] = known;
        }
        return (Boolean) known;
    }

    /** The whole request line, for the messages and responses of a fault that acts. */
    static RequestLine line(Object[] view) {
        try {
            return adapter(view).line(view[TARGET], view[REQUEST]);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the request", e);
        }
    }

    /** Lets go of the call's objects. */
    static void close(Object[] view) {
        view[ADAPTER] = null;
        view[TARGET] = null;
        view[REQUEST] = null;
        view[NEW_REQUEST] = null;
    }

    private static ClientAdapter adapter(Object[] view) {
        return (ClientAdapter) view[ADAPTER];
    }
}
