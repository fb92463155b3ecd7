// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** One validated fault: what to inject, where, and within which bounds. Immutable. */
public final class FaultSpec {
    private final String id;
    private final InjectionPoint point;
    private final Action action;
    private final DelayRange delay;
    private final String error;
    private final String message;
    private final String sqlState;
    private final int copies;
    private final long rateBytesPerSecond;
    private final MemorySize cap;
    private final boolean oom;
    private final int connections;
    private final String connectionsField;
    private final long bytesPerCall;
    private final String returnValue;
    private final boolean allowJdk;
    private final int statusCode;
    private final String body;
    private final Map<String, String> headers;
    private final Map<String, Pattern> match;
    private final double probability;
    private final long after;
    private final long limit;
    private final Duration duration;
    private final Long seed;

    FaultSpec(Builder b) {
        this.id = b.id;
        this.point = b.point;
        this.action = b.action;
        this.delay = b.delay;
        this.error = b.error;
        this.message = b.message;
        this.sqlState = b.sqlState;
        this.copies = b.copies;
        this.rateBytesPerSecond = b.rateBytesPerSecond;
        this.cap = b.cap;
        this.oom = b.oom;
        this.connections = b.connections;
        this.connectionsField = b.connectionsField;
        this.bytesPerCall = b.bytesPerCall;
        this.returnValue = b.returnValue;
        this.allowJdk = b.allowJdk;
        this.statusCode = b.statusCode;
        this.body = b.body;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.match = Collections.unmodifiableMap(new LinkedHashMap<>(b.match));
        this.probability = b.probability;
        this.after = b.after;
        this.limit = b.limit;
        this.duration = b.duration;
        this.seed = b.seed;
    }

    public String id() {
        return id;
    }

    public InjectionPoint point() {
        return point;
    }

    public Action action() {
        return action;
    }

    /** The delay of a {@code delay} fault; {@code null} for other actions. */
    public DelayRange delay() {
        return delay;
    }

    /**
     * The exception class name given with {@code error:}, or {@code null} for the point's default.
     */
    public String error() {
        return error;
    }

    /**
     * The exception message given with {@code message:}, or {@code null} for the point's default.
     */
    public String message() {
        return message;
    }

    /** The SQLState given with {@code sqlState:}, or {@code null}. */
    public String sqlState() {
        return sqlState;
    }

    /** How many times a {@code duplicate} fault does the work (the call itself included). */
    public int copies() {
        return copies;
    }

    /** How fast a {@code leak} retains memory. */
    public long rateBytesPerSecond() {
        return rateBytesPerSecond;
    }

    /** How much a {@code leak} or {@code fill} retains at most; {@code null} for other actions. */
    public MemorySize cap() {
        return cap;
    }

    /** Whether a {@code leak} or {@code fill} may go on until the JVM runs out of memory. */
    public boolean oom() {
        return oom;
    }

    /**
     * How many connections an {@code exhaust} fault holds (per pool, or on the server); 0 for all
     * it can.
     */
    public int connections() {
        return connections;
    }

    /**
     * The field the count was given in: {@code connections} (jdbc.pool), {@code max} (jdbc.server),
     * or {@code null}.
     */
    public String connectionsField() {
        return connectionsField;
    }

    /** Bytes a per-call {@code leak} retains on each call; 0 for a heap leak. */
    public long bytesPerCall() {
        return bytesPerCall;
    }

    /** The value a {@code return} fault returns, as written in the spec; {@code null} for null. */
    public String returnValue() {
        return returnValue;
    }

    /** Whether a {@code method} fault may instrument JDK classes. */
    public boolean allowJdk() {
        return allowJdk;
    }

    /** The HTTP status code of a {@code status} fault; 0 for other actions. */
    public int statusCode() {
        return statusCode;
    }

    /** The response body of a {@code status} fault; empty when none was given. */
    public String body() {
        return body;
    }

    /** The response headers of a {@code status} fault, in the order given. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Regular expressions by match key, searched in the call's values. */
    public Map<String, Pattern> match() {
        return match;
    }

    public double probability() {
        return probability;
    }

    public long after() {
        return after;
    }

    /** At most this many injections; {@link Long#MAX_VALUE} when unlimited. */
    public long limit() {
        return limit;
    }

    public Duration duration() {
        return duration;
    }

    public Long seed() {
        return seed;
    }

    /** The spec as the JSON fields of DESIGN §3, for {@code list()} and status. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("point", point.name());
        out.put("action", action.specName());
        if (delay != null) out.put("delay", delay.toString());
        if (error != null) out.put("error", error);
        if (message != null) out.put("message", message);
        if (sqlState != null) out.put("sqlState", sqlState);
        if (action == Action.DUPLICATE) out.put("copies", copies);
        if (action == Action.LEAK && bytesPerCall > 0)
            out.put("bytes", MemorySize.format(bytesPerCall));
        if (action == Action.LEAK && bytesPerCall == 0)
            out.put("rate", MemorySize.format(rateBytesPerSecond) + "/s");
        if (action == Action.LEAK && bytesPerCall == 0) out.put("cap", cap.toString());
        if (action == Action.RETURN) out.put("value", returnValue);
        if (allowJdk) out.put("jdk", true);
        if (action == Action.STATUS) out.put("code", statusCode);
        if (action == Action.STATUS && !body.isEmpty()) out.put("body", body);
        if (!headers.isEmpty()) out.put("headers", headers);
        if (action == Action.FILL) out.put("heap", cap.toString());
        if (oom) out.put("oom", true);
        if (connectionsField != null)
            out.put(connectionsField, connections == 0 ? "all" : (Object) connections);
        if (!match.isEmpty()) {
            Map<String, String> patterns = new LinkedHashMap<>();
            match.forEach((key, pattern) -> patterns.put(key, pattern.pattern()));
            out.put("match", patterns);
        }
        out.put("probability", probability);
        out.put("after", after);
        if (limit != Long.MAX_VALUE) out.put("limit", limit);
        out.put("duration", Durations.format(duration));
        if (seed != null) out.put("seed", seed);
        return out;
    }

    /** A one-line description for logs: {@code id (point action ...)}. */
    public String describe() {
        StringBuilder text =
                new StringBuilder(id)
                        .append(" (")
                        .append(point.name())
                        .append(' ')
                        .append(action.specName());
        if (delay != null) text.append(' ').append(delay);
        if (error != null) text.append(' ').append(error);
        if (sqlState != null) text.append(" sqlState=").append(sqlState);
        if (action == Action.DUPLICATE) text.append(" copies=").append(copies);
        if (action == Action.LEAK && bytesPerCall > 0)
            text.append(' ').append(MemorySize.format(bytesPerCall)).append(" per call");
        if (action == Action.LEAK && bytesPerCall == 0)
            text.append(' ')
                    .append(MemorySize.format(rateBytesPerSecond))
                    .append("/s cap=")
                    .append(cap);
        if (action == Action.RETURN) text.append(" value=").append(returnValue);
        if (action == Action.STATUS) text.append(' ').append(statusCode);
        if (action == Action.FILL) text.append(" heap=").append(cap);
        if (oom) text.append(" oom");
        if (connectionsField != null)
            text.append(' ')
                    .append(connectionsField)
                    .append('=')
                    .append(connections == 0 ? "all" : String.valueOf(connections));
        match.forEach(
                (key, pattern) ->
                        text.append(' ').append(key).append('=').append(pattern.pattern()));
        if (probability < 1.0) text.append(" probability=").append(probability);
        if (after > 0) text.append(" after=").append(after);
        if (limit != Long.MAX_VALUE) text.append(" limit=").append(limit);
        return text.append(" for ").append(Durations.format(duration)).append(')').toString();
    }

    static final class Builder {
        String id;
        InjectionPoint point;
        Action action;
        DelayRange delay;
        String error;
        String message;
        String sqlState;
        int copies;
        long rateBytesPerSecond;
        MemorySize cap;
        boolean oom;
        int connections;
        String connectionsField;
        long bytesPerCall;
        String returnValue;
        boolean allowJdk;
        int statusCode;
        String body = "";
        final Map<String, String> headers = new LinkedHashMap<>();
        final Map<String, Pattern> match = new LinkedHashMap<>();
        double probability = 1.0;
        long after;
        long limit = Long.MAX_VALUE;
        Duration duration;
        Long seed;
    }
}
