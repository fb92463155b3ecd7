// SPDX-License-Identifier: Apache-2.0
package dev.faultline.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.core.Action;
import dev.faultline.core.InjectionPoint;
import dev.faultline.core.PointCatalog;
import dev.faultline.points.PointModules;
import dev.faultline.testing.Gen;
import dev.faultline.testing.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Generators of fault specs for the property tests: every point of the agent's own catalogue, every
 * action it offers, and every field of the parser's list, with values in the forms the docs give. A
 * {@link Valid} spec carries, beside its JSON, what {@code list()} must show for each field given.
 */
public final class Specs {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The points of the agent, as it builds them (no instrumentation: nothing is instrumented
     * in-process).
     */
    static final PointCatalog CATALOG = catalog();

    /**
     * Points whose faults act on a resource, not on calls: probability, after and limit do not
     * apply.
     */
    static final List<String> RESOURCE_POINTS = Arrays.asList("memory", "jdbc.pool", "jdbc.server");

    private Specs() {}

    private static PointCatalog catalog() {
        List<InjectionPoint> points = new ArrayList<>();
        PointModules.all(null).forEach(module -> points.addAll(module.points()));
        return new PointCatalog(points);
    }

    /** A valid spec: its JSON, and the value {@code list()} shows for each field it gives. */
    public static final class Valid {
        public final ObjectNode spec;
        public final Map<String, JsonNode> shown;

        Valid(ObjectNode spec, Map<String, JsonNode> shown) {
            this.spec = spec;
            this.shown = shown;
        }

        public String point() {
            return spec.get("point").asText();
        }

        public String action() {
            return spec.get("action").asText();
        }

        @Override
        public String toString() {
            return spec.toString();
        }
    }

    /** A field's value as given, and as {@code list()} shows it. */
    static final class Value {
        final JsonNode given;
        final JsonNode shown;

        Value(JsonNode given, JsonNode shown) {
            this.given = given;
            this.shown = shown;
        }
    }

    public static Gen<Valid> valid() {
        List<Pair<String, String>> pairs = new ArrayList<>();
        for (InjectionPoint point : CATALOG.all()) {
            for (Action action : point.actions()) {
                pairs.add(Pair.of(point.name(), action.specName()));
            }
        }
        return Gen.of(pairs).flatMap(pair -> valid(pair.first, pair.second));
    }

    /**
     * Valid specs of points a registry can enable in-process (method needs instrumentation, memory
     * would fill this JVM's heap).
     */
    static Gen<Valid> enableable() {
        return valid().filter(v -> !v.point().equals("method") && !v.point().equals("memory"));
    }

    /** The fields a spec of this point and action may give (besides point and action). */
    static List<String> applicable(String point, String action) {
        Map<String, Gen<Value>> required = new LinkedHashMap<>();
        Map<String, Gen<Value>> optional = new LinkedHashMap<>();
        plan(point, action, required, optional);
        List<String> names = new ArrayList<>(required.keySet());
        names.addAll(optional.keySet());
        return names;
    }

    /** The fields a spec of this point and action must give. */
    static List<String> required(String point, String action) {
        Map<String, Gen<Value>> required = new LinkedHashMap<>();
        plan(point, action, required, new LinkedHashMap<>());
        return new ArrayList<>(required.keySet());
    }

    static Gen<Valid> valid(String point, String action) {
        Map<String, Gen<Value>> required = new LinkedHashMap<>();
        Map<String, Gen<Value>> optional = new LinkedHashMap<>();
        plan(point, action, required, optional);
        return build(point, action, required, optional);
    }

    private static void plan(
            String point,
            String action,
            Map<String, Gen<Value>> required,
            Map<String, Gen<Value>> optional) {
        optional.put("id", id());
        optional.put("duration", duration());
        switch (action) {
            case "delay":
                required.put("delay", delay());
                break;
            case "error":
                (point.equals("method") ? required : optional).put("error", error(point));
                optional.put(
                        "message",
                        text().map(t -> new Value(NODES.textNode(t), NODES.textNode(t))));
                if (point.startsWith("jdbc.")) {
                    optional.put(
                            "sqlState",
                            Gen.strings("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 5, 5)
                                    .map(s -> new Value(NODES.textNode(s), NODES.textNode(s))));
                }
                break;
            case "duplicate":
                optional.put(
                        "copies",
                        Gen.ints(2, 1000)
                                .flatMap(
                                        n ->
                                                Gen.of(
                                                        new Value(
                                                                NODES.numberNode(n),
                                                                NODES.numberNode(n)),
                                                        new Value(
                                                                NODES.textNode(String.valueOf(n)),
                                                                NODES.numberNode(n)))));
                break;
            case "status":
                required.put(
                        "code",
                        Gen.ints(100, 599)
                                .map(n -> new Value(NODES.numberNode(n), NODES.numberNode(n))));
                optional.put(
                        "body",
                        text().filter(t -> !t.isEmpty())
                                .map(t -> new Value(NODES.textNode(t), NODES.textNode(t))));
                optional.put("headers", headers());
                break;
            case "leak":
                if (point.equals("method")) {
                    required.put("bytes", size());
                } else {
                    required.put(
                            "rate",
                            size().map(
                                            v ->
                                                    new Value(
                                                            NODES.textNode(v.given.asText() + "/s"),
                                                            NODES.textNode(
                                                                    v.shown.asText() + "/s"))));
                    optional.put("cap", cap());
                    optional.put(
                            "oom",
                            Gen.just(new Value(NODES.booleanNode(true), NODES.booleanNode(true))));
                }
                break;
            case "fill":
                required.put(
                        "heap",
                        Gen.ints(1, 99)
                                .flatMap(
                                        n -> {
                                            String fraction =
                                                    n % 10 == 0
                                                            ? "0." + n / 10
                                                            : "0." + (n < 10 ? "0" : "") + n;
                                            return Gen.of(
                                                    new Value(
                                                            NODES.numberNode(
                                                                    Double.parseDouble(fraction)),
                                                            NODES.textNode(
                                                                    String.valueOf(
                                                                            Double.parseDouble(
                                                                                    fraction)))),
                                                    new Value(
                                                            NODES.textNode(fraction),
                                                            NODES.textNode(
                                                                    String.valueOf(
                                                                            Double.parseDouble(
                                                                                    fraction)))));
                                        }));
                optional.put(
                        "oom",
                        Gen.just(new Value(NODES.booleanNode(true), NODES.booleanNode(true))));
                break;
            case "return":
                required.put(
                        "value",
                        Gen.oneOf(
                                Gen.ints()
                                        .map(
                                                n ->
                                                        new Value(
                                                                NODES.numberNode(n),
                                                                NODES.textNode(String.valueOf(n)))),
                                Gen.of(true, false)
                                        .map(
                                                b ->
                                                        new Value(
                                                                NODES.booleanNode(b),
                                                                NODES.textNode(String.valueOf(b)))),
                                text().map(t -> new Value(NODES.textNode(t), NODES.textNode(t))),
                                Gen.just(new Value(NODES.nullNode(), NODES.nullNode()))));
                break;
            case "exhaust":
                String field = point.equals("jdbc.pool") ? "connections" : "max";
                optional.put(
                        field,
                        Gen.oneOf(
                                Gen.just(new Value(NODES.textNode("all"), NODES.textNode("all"))),
                                Gen.ints(1, 100_000)
                                        .map(
                                                n ->
                                                        new Value(
                                                                NODES.numberNode(n),
                                                                NODES.numberNode(n)))));
                break;
            default:
                break;
        }
        if (point.equals("method")) {
            optional.put(
                    "jdk", Gen.just(new Value(NODES.booleanNode(true), NODES.booleanNode(true))));
        }
        if (!RESOURCE_POINTS.contains(point)) {
            optional.put(
                    "probability",
                    Gen.ints(0, 1000)
                            .map(
                                    n -> {
                                        double p = n / 1000.0;
                                        return new Value(NODES.numberNode(p), NODES.numberNode(p));
                                    }));
            optional.put(
                    "after",
                    Gen.longs(0, 1_000_000)
                            .map(n -> new Value(NODES.numberNode(n), NODES.numberNode(n))));
            optional.put(
                    "limit",
                    Gen.longs(0, Long.MAX_VALUE - 1)
                            .map(n -> new Value(NODES.numberNode(n), NODES.numberNode(n))));
        }
        optional.put(
                "seed", Gen.longs().map(n -> new Value(NODES.numberNode(n), NODES.numberNode(n))));
        Gen<Value> match = match(point);
        if (point.equals("method")) {
            required.put("match", match);
        } else if (match != null) {
            optional.put("match", match);
        }
    }

    private static Gen<Valid> build(
            String point,
            String action,
            Map<String, Gen<Value>> required,
            Map<String, Gen<Value>> optional) {
        List<String> optionalNames = new ArrayList<>(optional.keySet());
        return Gen.subsetOf(optionalNames)
                .flatMap(
                        chosen -> {
                            List<String> names = new ArrayList<>(required.keySet());
                            optionalNames.stream().filter(chosen::contains).forEach(names::add);
                            List<Gen<Value>> values = new ArrayList<>();
                            names.forEach(
                                    name ->
                                            values.add(
                                                    required.containsKey(name)
                                                            ? required.get(name)
                                                            : optional.get(name)));
                            return Gen.<Value>sequence(values)
                                    .map(
                                            list -> {
                                                ObjectNode spec =
                                                        NODES.objectNode()
                                                                .put("point", point)
                                                                .put("action", action);
                                                Map<String, JsonNode> shown = new LinkedHashMap<>();
                                                shown.put("point", NODES.textNode(point));
                                                shown.put("action", NODES.textNode(action));
                                                for (int i = 0; i < names.size(); i++) {
                                                    spec.set(names.get(i), list.get(i).given);
                                                    shown.put(names.get(i), list.get(i).shown);
                                                }
                                                return new Valid(spec, shown);
                                            });
                        });
    }

    static Gen<Value> id() {
        return Gen.combine(
                        Gen.strings("abcXYZ0189", 1, 1),
                        Gen.strings("abcdefXYZ0123456789._:-", 0, 30),
                        (first, rest) -> first + rest)
                .map(id -> new Value(NODES.textNode(id), NODES.textNode(id)));
    }

    /**
     * Durations as written, and as the agent prints them: whole units print in the largest unit
     * that divides them.
     */
    static Gen<Value> duration() {
        return Gen.<Pair<String, String>>oneOf(
                        Gen.ints(1, 999).map(n -> Pair.of(n + "ms", n + "ms")),
                        Gen.ints(1, 59).map(n -> Pair.of(n + "s", n + "s")),
                        Gen.ints(1, 59).map(n -> Pair.of(n + "m", n + "m")),
                        Gen.ints(1, 59).map(n -> Pair.of("PT" + n + "M", n + "m")),
                        Gen.ints(1, 3599)
                                .filter(n -> n % 60 != 0)
                                .map(n -> Pair.of("PT" + n + "S", n + "s")),
                        Gen.just(Pair.of("1h", "1h")))
                .map(t -> new Value(NODES.textNode(t.first), NODES.textNode(t.second)));
    }

    static Gen<Value> delay() {
        Gen<Integer> millis = Gen.ints(1, 120_000);
        return Gen.oneOf(
                millis.map(ms -> new Value(NODES.textNode(ms + "ms"), NODES.textNode(format(ms)))),
                Gen.combine(
                        millis,
                        millis,
                        (a, b) -> {
                            int min = Math.min(a, b);
                            int max = Math.max(a, b);
                            String shown =
                                    min == max ? format(min) : format(min) + ".." + format(max);
                            return new Value(
                                    NODES.textNode(min + "ms.." + max + "ms"),
                                    NODES.textNode(shown));
                        }));
    }

    private static String format(long millis) {
        if (millis % 3_600_000 == 0) return millis / 3_600_000 + "h";
        if (millis % 60_000 == 0) return millis / 60_000 + "m";
        if (millis % 1000 == 0) return millis / 1000 + "s";
        return millis + "ms";
    }

    /** Sizes as written (any unit, any case) and as printed ({@code MemorySize.format}). */
    static Gen<Value> size() {
        return Gen.<Pair<String, String>>oneOf(
                        Gen.ints(1, 1023).map(n -> Pair.of(n + "KB", n + "KB")),
                        Gen.ints(1, 512).map(n -> Pair.of(n + "mb", n + "MB")),
                        Gen.ints(1, 2).map(n -> Pair.of(n + "GB", (n * 1024) + "MB")))
                .map(t -> new Value(NODES.textNode(t.first), NODES.textNode(t.second)));
    }

    static Gen<Value> cap() {
        return Gen.oneOf(
                size(),
                Gen.ints(1, 9)
                        .map(n -> new Value(NODES.textNode("0." + n), NODES.textNode("0." + n))),
                Gen.ints(1, 9)
                        .map(n -> new Value(NODES.numberNode(n / 10.0), NODES.textNode("0." + n))));
    }

    /** Exception classes and failures each point accepts, as the docs list them. */
    static Gen<Value> error(String point) {
        List<String> classes;
        if (point.startsWith("jdbc.")) {
            classes =
                    Arrays.asList(
                            "SQLTimeoutException",
                            "SQLTransientConnectionException",
                            "java.sql.SQLRecoverableException",
                            "java.lang.IllegalStateException",
                            "org.example.NotOnTheClassPathException");
        } else if (point.startsWith("kafka.")) {
            classes =
                    Arrays.asList(
                            "NetworkException",
                            "TimeoutException",
                            "org.apache.kafka.common.errors.NotLeaderOrFollowerException");
        } else if (point.equals("method")) {
            classes =
                    Arrays.asList(
                            "java.io.IOException",
                            "java.lang.IllegalStateException",
                            "java.lang.OutOfMemoryError");
        } else if (point.equals("grpc.client")) {
            classes =
                    Arrays.asList(
                            "UNAVAILABLE",
                            "DEADLINE_EXCEEDED",
                            "RESOURCE_EXHAUSTED",
                            "UNAUTHENTICATED");
        } else if (point.equals("dns.resolve")) {
            classes =
                    Arrays.asList(
                            "UnknownHostException",
                            "java.net.NoRouteToHostException",
                            "SocketTimeoutException");
        } else {
            classes =
                    Arrays.asList(
                            "refused",
                            "timeout",
                            "reset",
                            "NoRouteToHostException",
                            "javax.net.ssl.SSLHandshakeException");
        }
        return Gen.of(classes).map(c -> new Value(NODES.textNode(c), NODES.textNode(c)));
    }

    /** Any text: letters, digits, punctuation, spaces, and characters from outside ASCII. */
    static Gen<String> text() {
        return Gen.strings(Gen.range(' ', '~') + "äéß€日本語\u00a0\t", 0, 40);
    }

    static Gen<Value> headers() {
        Gen<String> names = Gen.strings("ABCXYZabcxyz0189-_.!#$%&'*+^`|~", 1, 20);
        Gen<String> values = Gen.strings(Gen.range(' ', '~') + "\t", 0, 30);
        return Gen.maps(names, values, 1, 4)
                .map(
                        map -> {
                            ObjectNode given = NODES.objectNode();
                            map.forEach(given::put);
                            return new Value(given, given);
                        });
    }

    /**
     * Patterns found by key: anchored literals, classes, alternations, and quoted arbitrary text.
     */
    static Gen<String> regex() {
        return Gen.oneOf(
                Gen.of(
                        "(?i)select .* from orders",
                        "^inventory\\.",
                        "\\.internal$",
                        "^9092$",
                        "order",
                        "^/orders",
                        "(a|b)+c?",
                        "[0-9]{2,4}",
                        "^$",
                        ".*"),
                text().map(Pattern::quote));
    }

    static Gen<Value> match(String point) {
        List<String> keys = CATALOG.find(point).matchKeys();
        if (keys.isEmpty()) {
            return null;
        }
        if (point.equals("method")) {
            return Gen.combine(
                    Gen.combine(regex(), regex(), Pair::of),
                    Gen.ints(0, 5).orNull(0.5),
                    (names, params) -> {
                        String cls = names.first;
                        String method = names.second;
                        ObjectNode match =
                                NODES.objectNode().put("class", cls).put("method", method);
                        if (params != null) {
                            match.put("params", String.valueOf(params));
                        }
                        return new Value(match, match);
                    });
        }
        return Gen.subsetOf(keys)
                .filter(s -> !s.isEmpty())
                .flatMap(
                        chosen -> {
                            List<String> names = new ArrayList<>(chosen);
                            List<Gen<String>> patterns = new ArrayList<>();
                            names.forEach(name -> patterns.add(regex()));
                            return Gen.<String>sequence(patterns)
                                    .map(
                                            list -> {
                                                ObjectNode match = NODES.objectNode();
                                                for (int i = 0; i < names.size(); i++) {
                                                    match.put(names.get(i), list.get(i));
                                                }
                                                return new Value(match, match);
                                            });
                        });
    }
}
