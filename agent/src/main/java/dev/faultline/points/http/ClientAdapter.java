// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import dev.faultline.core.ActiveFault;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.IdentityCache;
import dev.faultline.points.net.NetworkErrors;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * What {@code http.client} needs to know of one client library: how to read its requests, which
 * exception it throws for each failure, how to build its response, and its read timeout. The
 * defaults suit blocking clients, whose instrumented method returns the response: a delay blocks
 * the calling thread, an error is thrown from the method.
 */
abstract class ClientAdapter {

    /**
     * Whether a call starts a request: by default each call does; a client whose request spans
     * several instrumented calls says which one comes first.
     */
    boolean isNewRequest(Object target) {
        return true;
    }

    /** Request lines of recent requests, by the identity of what {@link #cacheKey} returns. */
    private final IdentityCache<RequestLine> lines = new IdentityCache<>(256);

    /**
     * The request's line: read from the client's objects once per request, then found by the
     * request's identity, so that a request sent again (or retried) while a fault is active on
     * another target is decided without reflection, parsing or allocation.
     */
    final RequestLine line(Object target, Object request) throws Exception {
        Object key = cacheKey(target, request);
        if (key == null) {
            return describe(target, request);
        }
        RequestLine line = lines.get(key);
        if (line == null) {
            line = describe(target, request);
            lines.put(key, line);
        }
        return line;
    }

    /**
     * The object whose identity stands for the request's method and URL, or {@code null} when the
     * client's request objects can change after they are made (their line is then read on every
     * call). Only immutable requests qualify.
     */
    Object cacheKey(Object target, Object request) {
        return null;
    }

    /** The request as a {@link RequestLine}: for a request a fault acts on. */
    abstract RequestLine describe(Object target, Object request) throws Exception;

    /**
     * The value a match key ({@code host}, {@code port}, {@code method}, {@code path}) is tested
     * against: the same as the request's {@link #line} gives. With a fault active on another host
     * this is asked of every request, so adapters read it from the parts the client has already
     * parsed, without allocating; this default, which reads the whole line, is for requests an
     * adapter cannot read so.
     */
    String value(String key, Object target, Object request) throws Exception {
        return line(target, request).value(key);
    }

    /**
     * The exception the client throws for a failure, with {@code message:} when given. By default
     * those of the JDK's sockets, which most clients let through: {@code SocketTimeoutException}
     * for a read timeout, {@code SocketException: Connection reset}, and the client's own refusal.
     */
    Throwable exception(NetworkErrors.Failure failure, FaultSpec spec, Object target, String detail)
            throws Exception {
        switch (failure) {
            case TIMEOUT:
                return new SocketTimeoutException(
                        NetworkErrors.message(spec, readTimeoutMessage()));
            case RESET:
                return new SocketException(NetworkErrors.message(spec, "Connection reset"));
            default:
                return refused(spec, target, detail);
        }
    }

    /** The client's exception for a refused connection. */
    abstract Throwable refused(FaultSpec spec, Object target, String detail) throws Exception;

    /** The message of the client's read timeout: the socket's own by default. */
    String readTimeoutMessage() {
        return "Read timed out";
    }

    /** What the instrumented method returns (or throws) for a synthetic response. */
    abstract Object respond(SyntheticResponse response, Object target, Object request)
            throws Exception;

    /** How long the client waits for a response that does not come, in milliseconds; 0 for ever. */
    abstract long readTimeoutMillis(Object target, Object request) throws Exception;

    /** What the instrumented method does with an exception: by default it throws it. */
    Object fail(Throwable exception, Object target) throws Exception {
        return exception;
    }

    /** A delay: by default the calling thread waits and the request then goes out. */
    Object delay(ActiveFault fault, Object target, Object request) throws Exception {
        fault.delay();
        return null;
    }

    /**
     * No response: blocks until the client's read timeout and then fails as the client does; if the
     * fault ends first, the request goes out after all.
     */
    Object hang(ActiveFault fault, Object target, Object request, String detail) throws Exception {
        long timeout = readTimeoutMillis(target, request);
        try {
            if (timeout <= 0) {
                fault.awaitEnd();
                return null;
            }
            if (fault.awaitEnd(timeout, TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        }
        return fail(exception(NetworkErrors.Failure.TIMEOUT, fault.spec(), target, detail), target);
    }

    /** Releases the adapter's threads, if it has any (the agent is detached). */
    void close() {}
}
