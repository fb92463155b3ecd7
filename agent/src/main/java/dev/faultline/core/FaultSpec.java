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

    /** The point's own fields given in the spec, by declaration, in the point's order. */
    private final Map<SpecField<?>, Object> values;

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
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
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

    /**
     * The value of one of the point's own fields: as given, or the field's default when the spec
     * does not give it (or the field does not apply to its action).
     */
    @SuppressWarnings("unchecked")
    public <T> T get(SpecField<T> field) {
        return values.containsKey(field) ? (T) values.get(field) : field.defaultValue();
    }

    /**
     * The value of the point's own field of this name (as {@link #get} reads it), for callers that
     * know the field by name only; {@code null} when the point declares no such field.
     */
    public Object value(String name) {
        for (SpecField<?> field : point.fields()) {
            if (field.name().equals(name) && !field.isRefusal()) {
                return get(field);
            }
        }
        return null;
    }

    /** Whether the spec gives this field of its point. */
    public boolean has(SpecField<?> field) {
        return values.containsKey(field);
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
        out.put(Protocol.STATUS_ID, id);
        out.put(Protocol.STATUS_POINT, point.name());
        out.put(Protocol.STATUS_ACTION, action.specName());
        if (delay != null) out.put(Protocol.STATUS_DELAY, delay.toString());
        if (error != null) out.put(Protocol.STATUS_ERROR, error);
        if (message != null) out.put("message", message);
        for (SpecField<?> field : point.fields()) {
            Object shown = shown(field);
            if (shown != NOTHING) out.put(field.name(), shown);
        }
        if (!match.isEmpty()) {
            Map<String, String> patterns = new LinkedHashMap<>();
            match.forEach((key, pattern) -> patterns.put(key, pattern.pattern()));
            out.put(Protocol.STATUS_MATCH, patterns);
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
        for (SpecField<?> field : point.fields()) {
            Object shown = shown(field);
            if (shown != NOTHING) text.append(' ').append(field.name()).append('=').append(shown);
        }
        match.forEach(
                (key, pattern) ->
                        text.append(' ').append(key).append('=').append(pattern.pattern()));
        if (probability < 1.0) text.append(" probability=").append(probability);
        if (after > 0) text.append(" after=").append(after);
        if (limit != Long.MAX_VALUE) text.append(" limit=").append(limit);
        return text.append(" for ").append(Durations.format(duration)).append(')').toString();
    }

    /**
     * What {@code list()} shows of a field: its value when given, its default when the field
     * applies to the action and is declared as listed; {@link #NOTHING} when nothing is shown (a
     * {@code return} of null shows {@code null}; an empty map of headers shows nothing).
     */
    @SuppressWarnings("unchecked")
    private <T> Object shown(SpecField<T> field) {
        if (field.isRefusal() || !field.appliesTo(action)) {
            return NOTHING;
        }
        if (values.containsKey(field)) {
            T value = (T) values.get(field);
            Object shown = value == null ? null : field.form().render(value);
            return value != null && shown == null ? NOTHING : shown;
        }
        return field.listed() && field.defaultValue() != null
                ? field.form().render(field.defaultValue())
                : NOTHING;
    }

    private static final Object NOTHING = new Object();

    static final class Builder {
        String id;
        InjectionPoint point;
        Action action;
        DelayRange delay;
        String error;
        String message;
        final Map<SpecField<?>, Object> values = new LinkedHashMap<>();
        final Map<String, Pattern> match = new LinkedHashMap<>();
        double probability = 1.0;
        long after;
        long limit = Long.MAX_VALUE;
        Duration duration;
        Long seed;
    }
}
