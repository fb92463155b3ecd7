// SPDX-License-Identifier: Apache-2.0
package dev.faultline.junit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.cli.AgentModel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One fault, built up call by call into the agent's fault spec. A builder knows its point's
 * declaration (actions and match keys, read from the agent): an action or match key the point does
 * not have is refused at once, naming what it has. Everything else the agent's own parser judges
 * when the fault is {@linkplain Faults#enable enabled}, before anything reaches a JVM.
 *
 * <p>Every fault has a duration: {@link #DEFAULT_DURATION} unless {@link #lasting} says otherwise,
 * and the extension ends it after the test anyway.
 */
public final class FaultBuilder {
    /**
     * How long a fault made by a test lasts when the test does not say: long enough for a test,
     * short enough to end by itself.
     */
    public static final Duration DEFAULT_DURATION = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentModel.Point point;
    private String action;
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Map<String, String> match = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration duration = DEFAULT_DURATION;

    FaultBuilder(AgentModel.Point point) {
        this.point = point;
    }

    /** The point's spec name. */
    public String point() {
        return point.name();
    }

    /** The action, or {@code null} while none is chosen. */
    public String action() {
        return action;
    }

    /** Any action the point declares, by its spec name ({@code delay}, {@code exhaust} ...). */
    public FaultBuilder action(String name) {
        if (action != null) {
            throw new IllegalArgumentException(
                    "field 'action': already '"
                            + action
                            + "' for this "
                            + point.name()
                            + " fault; a fault has one action");
        }
        if (!point.actions().contains(name)) {
            throw new IllegalArgumentException(
                    "field 'action': "
                            + point.name()
                            + " has no action '"
                            + name
                            + "'; expected one of "
                            + String.join(", ", point.actions()));
        }
        action = name;
        return this;
    }

    /** Sleeps this long before the call proceeds. */
    public FaultBuilder delay(Duration delay) {
        return action("delay").with("delay", millis("delay", delay));
    }

    /** Sleeps a random time between {@code min} and {@code max}. */
    public FaultBuilder delay(Duration min, Duration max) {
        return action("delay").with("delay", millis("delay", min) + ".." + millis("delay", max));
    }

    /**
     * Fails the call with the exception the library itself throws for the point's usual failure.
     */
    public FaultBuilder error() {
        return action("error");
    }

    /** Fails the call with this exception class (the agent checks that the call can throw it). */
    public FaultBuilder error(Class<? extends Throwable> type) {
        return error(type.getName());
    }

    /**
     * Fails the call with this exception class, or with a failure the point names ({@code refused},
     * {@code timeout}, {@code reset} for the network points).
     */
    public FaultBuilder error(String type) {
        return action("error").with("error", type);
    }

    /**
     * Blocks the call until the caller's own timeout passes (then fails as it does) or the fault
     * ends.
     */
    public FaultBuilder hang() {
        return action("hang");
    }

    /** Reports success without doing the work (a lost write). */
    public FaultBuilder drop() {
        return action("drop");
    }

    /** Does the work {@code copies} times. */
    public FaultBuilder duplicate(int copies) {
        return action("duplicate").with("copies", copies);
    }

    /** Answers with this HTTP status without sending the request. */
    public FaultBuilder status(int code) {
        return action("status").with("code", code);
    }

    /** Takes and holds the resource (pool connections, server connections). */
    public FaultBuilder exhaust() {
        return action("exhaust");
    }

    /** Returns this value instead of running the method. */
    public FaultBuilder returning(Object value) {
        return action("return").with("value", value);
    }

    /** The exception message of an {@code error} fault. */
    public FaultBuilder message(String message) {
        return with("message", message);
    }

    /** The SQLState of an {@code error} fault on a JDBC point. */
    public FaultBuilder sqlState(String sqlState) {
        return with("sqlState", sqlState);
    }

    /** The body of a {@code status} answer. */
    public FaultBuilder body(String body) {
        return with("body", body);
    }

    /** A header of a {@code status} answer. */
    public FaultBuilder header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** The share of matching calls the fault acts on, from 0 to 1. */
    public FaultBuilder probability(double probability) {
        return with("probability", probability);
    }

    /** Lets this many matching calls through before acting. */
    public FaultBuilder after(long calls) {
        return with("after", calls);
    }

    /** Acts on this many calls at most. */
    public FaultBuilder limit(long calls) {
        return with("limit", calls);
    }

    /** The fault's id (unique among active faults); the agent makes one up when none is given. */
    public FaultBuilder id(String id) {
        return with("id", id);
    }

    /**
     * How long the fault lasts at most ({@link #DEFAULT_DURATION} by default); it ends by itself
     * then.
     */
    public FaultBuilder lasting(Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(
                    "field 'duration': expected a positive duration such as Duration.ofSeconds(30), got "
                            + duration);
        }
        this.duration = duration;
        return this;
    }

    /**
     * Acts only on calls whose match key (see the point's keys) matches this regular expression.
     */
    public FaultBuilder matching(String key, String regex) {
        if (!point.matchKeys().contains(key)) {
            throw new IllegalArgumentException(
                    "field 'match."
                            + key
                            + "': "
                            + point.name()
                            + " has no match key '"
                            + key
                            + "'; expected "
                            + (point.matchKeys().isEmpty()
                                    ? "none"
                                    : "one of " + String.join(", ", point.matchKeys())));
        }
        match.put(key, regex);
        return this;
    }

    /** {@code matching("sql", regex)}: the statement's SQL (JDBC points). */
    public FaultBuilder sql(String regex) {
        return matching("sql", regex);
    }

    /** {@code matching("url", regex)}: the JDBC URL. */
    public FaultBuilder url(String regex) {
        return matching("url", regex);
    }

    /** {@code matching("topic", regex)}: the Kafka topic. */
    public FaultBuilder topic(String regex) {
        return matching("topic", regex);
    }

    /** {@code matching("host", regex)}: the host name (HTTP, DNS, sockets). */
    public FaultBuilder host(String regex) {
        return matching("host", regex);
    }

    /** {@code matching("port", regex)}: the port (HTTP, sockets). */
    public FaultBuilder port(String regex) {
        return matching("port", regex);
    }

    /** {@code matching("path", regex)}: the HTTP request's path. */
    public FaultBuilder path(String regex) {
        return matching("path", regex);
    }

    /**
     * Any other spec field with one value (see docs/faults.md), for what has no method here ({@code
     * connections}, {@code rate}, {@code seed} ...); the agent's parser checks it.
     */
    public FaultBuilder with(String field, Object value) {
        if (field.equals("point")
                || field.equals("action")
                || field.equals("match")
                || field.equals("duration")) {
            throw new IllegalArgumentException(
                    "field '"
                            + field
                            + "': set it with its own method ("
                            + (field.equals("duration")
                                    ? "lasting"
                                    : field.equals("match") ? "matching" : field)
                            + ")");
        }
        // a field of name: value pairs, as the point declares it (headers): a Map, or one pair
        // at a time with header(name, value)
        AgentModel.Field declared = point.field(field);
        if (declared != null && declared.kind().equals("pairs") && !(value instanceof Map)) {
            throw new IllegalArgumentException(
                    "field '"
                            + field
                            + "': expected a Map of name to value ("
                            + declared.form()
                            + ")");
        }
        fields.put(field, value);
        return this;
    }

    /** The fault spec as the agent reads it (JSON). */
    public String toJson() {
        if (action == null) {
            throw new IllegalArgumentException(
                    "field 'action': required; "
                            + point.name()
                            + " supports "
                            + String.join(", ", point.actions()));
        }
        ObjectNode spec = JSON.createObjectNode();
        if (fields.containsKey("id")) {
            spec.set("id", JSON.valueToTree(fields.get("id")));
        }
        spec.put("point", point.name());
        spec.put("action", action);
        fields.forEach(
                (name, value) -> {
                    if (!name.equals("id")) {
                        spec.set(name, JSON.valueToTree(value));
                    }
                });
        if (!headers.isEmpty()) {
            // header(name, value) adds to the pairs given with with("headers", map), if any
            ObjectNode merged = JSON.createObjectNode();
            if (fields.get("headers") instanceof Map) {
                merged.setAll((ObjectNode) JSON.valueToTree(fields.get("headers")));
            }
            merged.setAll((ObjectNode) JSON.valueToTree(headers));
            spec.set("headers", merged);
        }
        if (!match.isEmpty()) {
            spec.set("match", JSON.valueToTree(match));
        }
        spec.put("duration", millis("duration", duration));
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks the spec with the agent's own parser; throws with its message when it refuses. */
    FaultBuilder validate() {
        String problem = Declarations.model().problem(toJson());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return this;
    }

    @Override
    public String toString() {
        return action == null ? point.name() + " (no action yet)" : toJson();
    }

    /**
     * Whole milliseconds, as the spec's durations are written; a shorter positive duration cannot
     * be given.
     */
    private static String millis(String field, Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException(
                    "field '"
                            + field
                            + "': expected a duration of 0 or more such as Duration.ofMillis(500), got "
                            + duration);
        }
        if (duration.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(
                    "field '"
                            + field
                            + "': "
                            + duration
                            + " is not a whole number of milliseconds");
        }
        return duration.toMillis() + "ms";
    }
}
