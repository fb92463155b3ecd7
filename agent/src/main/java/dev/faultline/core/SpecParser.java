// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns fault specs (JSON or YAML, DESIGN §3) into validated {@link FaultSpec}s. A document with
 * any error is rejected whole with a message naming the field and the expected form.
 */
public final class SpecParser {
    private static final List<String> FIELDS =
            Arrays.asList(
                    "id",
                    "point",
                    "action",
                    "delay",
                    "error",
                    "message",
                    "sqlState",
                    "copies",
                    "rate",
                    "cap",
                    "heap",
                    "oom",
                    "connections",
                    "max",
                    "bytes",
                    "value",
                    "jdk",
                    "code",
                    "body",
                    "headers",
                    "match",
                    "probability",
                    "after",
                    "limit",
                    "duration",
                    "seed");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\t\\x20-\\x7e]*");
    private static final Pattern SQL_STATE = Pattern.compile("[0-9A-Z]{5}");

    private final PointCatalog catalog;
    private final AgentPolicy policy;
    private final AtomicLong generatedIds = new AtomicLong();
    private volatile Predicate<String> idTaken = id -> false;

    public SpecParser(PointCatalog catalog, AgentPolicy policy) {
        this.catalog = catalog;
        this.policy = policy;
    }

    /**
     * Makes generated ids skip those the predicate says are taken: a fault enabled with an id of
     * the generated form ({@code jdbc.execute-delay-2}) would otherwise make a later spec without
     * an id fail on an id its user never gave.
     */
    public void avoidIds(Predicate<String> taken) {
        this.idTaken = taken;
    }

    /**
     * Whether a spec field takes a single value (so the jcmd form {@code key:value} can give it),
     * as opposed to {@code point} and {@code action} (given by position) and the objects {@code
     * match} and {@code headers}.
     */
    public static boolean isScalarField(String name) {
        return FIELDS.contains(name)
                && !Arrays.asList("point", "action", "match", "headers").contains(name);
    }

    /** Parses a JSON object (one spec) or array (several). */
    public List<FaultSpec> parseJson(String text) {
        return parseTree(read(Mappers.JSON, text, "JSON"));
    }

    /** Parses a YAML document holding one spec or a list of them. */
    public List<FaultSpec> parseYaml(String text) {
        return parseTree(read(Mappers.YAML, text, "YAML"));
    }

    /** Parses a file: YAML when it ends in .yaml or .yml, JSON otherwise. */
    public List<FaultSpec> parseFile(Path file) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpecException("cannot read fault file " + file + ": " + e);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            return name.endsWith(".yaml") || name.endsWith(".yml")
                    ? parseYaml(text)
                    : parseJson(text);
        } catch (SpecException e) {
            throw new SpecException(file + ": " + e.getMessage());
        }
    }

    /**
     * Validates a spec given as a tree (used by the jcmd front end, which builds one from key:value
     * pairs).
     */
    public List<FaultSpec> parseTree(JsonNode root) {
        List<FaultSpec> specs = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new SpecException(
                    "no fault spec given; expected a JSON/YAML object such as "
                            + "{\"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \"500ms\"}");
        }
        if (root.isArray()) {
            if (root.size() == 0) {
                throw new SpecException(
                        "the list of fault specs is empty; expected at least one spec object such as "
                                + "{\"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \"500ms\"}");
            }
            for (int i = 0; i < root.size(); i++) {
                try {
                    specs.add(parseSpec(root.get(i)));
                } catch (SpecException e) {
                    throw new SpecException("fault #" + (i + 1) + ": " + e.getMessage());
                }
            }
        } else {
            specs.add(parseSpec(root));
        }
        return specs;
    }

    /** A mapper for writing status and list output. */
    public ObjectMapper mapper() {
        return Mappers.JSON;
    }

    /**
     * Created on first use: Jackson takes a noticeable time to start, which a JVM without faults
     * need not pay.
     */
    private static final class Mappers {
        // Strict reading: a second document after the spec, or a field given twice, would otherwise
        // be dropped unseen.
        static final ObjectMapper JSON =
                new ObjectMapper()
                        .enable(
                                DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        static final ObjectMapper YAML =
                new ObjectMapper(new YAMLFactory())
                        .enable(
                                DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    private static JsonNode read(ObjectMapper mapper, String text, String format) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            String original = String.valueOf(e.getOriginalMessage());
            if (original.startsWith("Duplicate field '")) {
                String name =
                        original.substring(
                                "Duplicate field '".length(),
                                Math.max(original.indexOf('\'', 17), 17));
                throw SpecException.field(name, "given twice; expected each field once");
            }
            String location =
                    e.getLocation() == null
                            ? ""
                            : " at line "
                                    + e.getLocation().getLineNr()
                                    + ", column "
                                    + e.getLocation().getColumnNr();
            throw new SpecException(
                    "malformed " + format + location + ": " + e.getOriginalMessage());
        }
    }

    private FaultSpec parseSpec(JsonNode node) {
        if (!node.isObject()) {
            throw new SpecException(
                    "expected a fault spec object with at least 'point' and 'action', got "
                            + kind(node));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw SpecException.field(
                        name, "unknown field; expected one of " + String.join(", ", FIELDS));
            }
        }
        FaultSpec.Builder b = new FaultSpec.Builder();
        b.point = point(node);
        b.action = action(node, b.point);
        b.id = node.has("id") ? id(node.get("id")) : generatedId(b.point, b.action);

        if (b.action == Action.DELAY) {
            if (!node.has("delay")) {
                throw SpecException.field(
                        "delay",
                        "required for action 'delay'; expected a duration such as 500ms or a range such as 100ms..900ms");
            }
            b.delay = DelayRange.parse("delay", text(node, "delay"));
            if (b.delay.maxNanos() == 0) {
                throw SpecException.field("delay", "must be longer than 0ms");
            }
        } else if (node.has("delay")) {
            throw SpecException.field("delay", "applies to action 'delay' only");
        }
        if (b.action == Action.ERROR) {
            b.error = node.has("error") ? text(node, "error") : null;
            b.message = node.has("message") ? text(node, "message") : null;
            b.sqlState = node.has("sqlState") ? sqlState(text(node, "sqlState")) : null;
        } else {
            for (String errorOnly : Arrays.asList("error", "message", "sqlState")) {
                if (node.has(errorOnly)) {
                    throw SpecException.field(errorOnly, "applies to action 'error' only");
                }
            }
        }
        if (b.action == Action.DUPLICATE) {
            b.copies =
                    node.has("copies")
                            ? (int) Math.min(count(node.get("copies"), "copies"), Integer.MAX_VALUE)
                            : 2;
            if (b.copies < 2 || b.copies > 1000) {
                throw SpecException.field(
                        "copies",
                        b.copies + " is out of range; expected a whole number from 2 to 1000");
            }
        } else if (node.has("copies")) {
            throw SpecException.field("copies", "applies to action 'duplicate' only");
        }
        memory(node, b);
        status(node, b);
        if (b.action == Action.EXHAUST) {
            if (node.has("connections") && node.has("max")) {
                // name the one this point does not take, and the one it does, as the point itself
                // would
                boolean pool = b.point.name().equals("jdbc.pool");
                throw SpecException.field(
                        pool ? "max" : "connections",
                        "does not apply to "
                                + b.point.name()
                                + ", which takes "
                                + (pool ? "connections" : "max")
                                + ": all or a number; give one of the two");
            }
            b.connectionsField =
                    node.has("max") ? "max" : node.has("connections") ? "connections" : null;
            b.connections =
                    b.connectionsField != null
                            ? connections(node.get(b.connectionsField), b.connectionsField)
                            : 0;
        } else if (node.has("connections") || node.has("max")) {
            throw SpecException.field(
                    node.has("max") ? "max" : "connections", "applies to action 'exhaust' only");
        }
        if (node.has("match")) {
            match(node.get("match"), b);
        }
        b.probability = node.has("probability") ? probability(node.get("probability")) : 1.0;
        b.after = node.has("after") ? count(node.get("after"), "after") : 0;
        b.limit = node.has("limit") ? count(node.get("limit"), "limit") : Long.MAX_VALUE;
        b.duration =
                node.has("duration") ? duration(text(node, "duration")) : policy.defaultDuration();
        b.seed = node.has("seed") ? integer(node.get("seed"), "seed") : null;

        FaultSpec spec = new FaultSpec(b);
        if (spec.allowJdk() && !spec.point().matchKeys().contains("class")) {
            throw SpecException.field(
                    "jdk", "applies to points that instrument chosen classes (method) only");
        }
        spec.point().validate(spec);
        return spec;
    }

    private String generatedId(InjectionPoint point, Action action) {
        String id;
        do {
            id = point.name() + "-" + action.specName() + "-" + generatedIds.incrementAndGet();
        } while (idTaken.test(id));
        return id;
    }

    /** {@code rate} and {@code cap} of a leak, {@code heap} of a fill, {@code oom} of either. */
    private static void memory(JsonNode node, FaultSpec.Builder b) {
        boolean leak = b.action == Action.LEAK;
        boolean fill = b.action == Action.FILL;
        if (leak && node.has("bytes")) {
            b.bytesPerCall = MemorySize.parseBytes("bytes", text(node, "bytes"));
            if (b.bytesPerCall <= 0) {
                throw SpecException.field("bytes", "must be more than 0B");
            }
            if ((node.has("rate") || node.has("cap")) && b.point.name().equals("method")) {
                throw SpecException.field(
                        node.has("rate") ? "rate" : "cap",
                        "applies to the memory point's leak only; a method leak takes bytes"
                                + " (the size retained per call), such as 1MB");
            }
            if (node.has("rate") || node.has("cap")) {
                throw SpecException.field(
                        "bytes",
                        "applies to method leaks only; a memory leak takes rate and cap, such as rate: 10MB/s");
            }
        } else if (leak) {
            if (!node.has("rate") && b.point.name().equals("method")) {
                // a method leak without either is missing bytes: naming rate would send the user to
                // a field that is refused there
                throw SpecException.field(
                        "bytes",
                        "required for a method leak; expected the size retained per call, such as 1MB");
            }
            if (!node.has("rate")) {
                throw SpecException.field(
                        "rate",
                        "required for action 'leak'; expected a size per second such as 10MB/s");
            }
            String rate = text(node, "rate").trim();
            if (!rate.endsWith("/s")) {
                throw SpecException.field(
                        "rate", "'" + rate + "' is not a size per second such as 10MB/s");
            }
            b.rateBytesPerSecond =
                    MemorySize.parseBytes("rate", rate.substring(0, rate.length() - 2));
            if (b.rateBytesPerSecond <= 0) {
                throw SpecException.field("rate", "must be more than 0B/s");
            }
            b.cap =
                    node.has("cap")
                            ? MemorySize.parse("cap", textOrNumber(node, "cap"))
                            : MemorySize.ofHeapFraction(0.5);
        } else if (fill) {
            if (!node.has("heap")) {
                throw SpecException.field(
                        "heap",
                        "required for action 'fill'; expected the fraction of the maximum heap to fill, such as 0.9");
            }
            double heap = fraction(node.get("heap"), "heap");
            if (!(heap > 0 && heap < 1)) {
                throw SpecException.field(
                        "heap",
                        heap + " is out of range; expected a fraction between 0 and 1 such as 0.9");
            }
            b.cap = MemorySize.ofHeapFraction(heap);
        }
        if (!leak && node.has("bytes")) {
            throw SpecException.field("bytes", "applies to action 'leak' only");
        }
        if (b.action == Action.RETURN) {
            if (!node.has("value")) {
                throw SpecException.field(
                        "value",
                        "required for action 'return'; expected a value such as 0, false, \"text\" or null");
            }
            JsonNode value = node.get("value");
            if (value.isContainerNode()) {
                throw SpecException.field(
                        "value",
                        "expected a number, a boolean, a string or null, got " + kind(value));
            }
            b.returnValue = value.isNull() ? null : value.asText();
        } else if (node.has("value")) {
            throw SpecException.field("value", "applies to action 'return' only");
        }
        if (node.has("jdk")) {
            if (!node.get("jdk").isBoolean()) {
                throw SpecException.field("jdk", "expected true or false");
            }
            b.allowJdk = node.get("jdk").asBoolean();
        }
        for (String field : new String[] {"rate", "cap"}) {
            if (!leak && node.has(field)) {
                throw SpecException.field(field, "applies to action 'leak' only");
            }
        }
        if (!fill && node.has("heap")) {
            throw SpecException.field("heap", "applies to action 'fill' only");
        }
        if (node.has("oom")) {
            if (!leak && !fill || b.bytesPerCall > 0) {
                // a per-call leak grows with the calls, not towards a heap limit the agent could
                // stop short of
                throw SpecException.field(
                        "oom", "applies to the memory point's actions 'leak' and 'fill' only");
            }
            if (!node.get("oom").isBoolean()) {
                throw SpecException.field("oom", "expected true or false");
            }
            b.oom = node.get("oom").asBoolean();
        }
    }

    /** {@code code}, {@code body} and {@code headers} of a synthetic HTTP response. */
    private static void status(JsonNode node, FaultSpec.Builder b) {
        if (b.action != Action.STATUS) {
            for (String field : new String[] {"code", "body", "headers"}) {
                if (node.has(field)) {
                    throw SpecException.field(field, "applies to action 'status' only");
                }
            }
            return;
        }
        if (!node.has("code")) {
            throw SpecException.field(
                    "code",
                    "required for action 'status'; expected an HTTP status code such as 503");
        }
        long code = integer(node.get("code"), "code");
        if (code < 100 || code > 599) {
            throw SpecException.field(
                    "code",
                    code + " is out of range; expected an HTTP status code from 100 to 599");
        }
        b.statusCode = (int) code;
        b.body = node.has("body") ? text(node, "body") : "";
        if (node.has("headers")) {
            JsonNode headers = node.get("headers");
            if (!headers.isObject()) {
                throw SpecException.field(
                        "headers",
                        "expected an object of name: value, such as {\"Retry-After\": \"5\"}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = headers.fields();
                    fields.hasNext(); ) {
                Map.Entry<String, JsonNode> header = fields.next();
                if (!HEADER_NAME.matcher(header.getKey()).matches()) {
                    throw SpecException.field(
                            "headers." + header.getKey(), "is not an HTTP header name");
                }
                if (!header.getValue().isValueNode() || header.getValue().isNull()) {
                    throw SpecException.field(
                            "headers." + header.getKey(),
                            "expected a string or a number, got " + kind(header.getValue()));
                }
                // Clients build the synthetic response as they build a real one; OkHttp refuses
                // anything else
                // in a header value, and a line break would forge further headers.
                if (!HEADER_VALUE.matcher(header.getValue().asText()).matches()) {
                    throw SpecException.field(
                            "headers." + header.getKey(),
                            "expected printable ASCII text (and tabs) as the value, without line breaks");
                }
                b.headers.put(header.getKey(), header.getValue().asText());
            }
        }
    }

    /** {@code all} (0) or a whole number of connections. */
    private static int connections(JsonNode value, String field) {
        if (value.isTextual() && value.asText().trim().equals("all")) {
            return 0;
        }
        long n = integer(value, field);
        if (n < 1 || n > 100_000) {
            throw SpecException.field(
                    field, n + " is out of range; expected all or a whole number from 1 to 100000");
        }
        return (int) n;
    }

    private static String textOrNumber(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value.isNumber() ? value.asText() : text(node, field);
    }

    private static double fraction(JsonNode value, String field) {
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            return Double.parseDouble(value.asText().trim());
        } catch (NumberFormatException e) {
            throw SpecException.field(
                    field,
                    "'"
                            + value.asText()
                            + "' is not a number; expected a fraction between 0 and 1");
        }
    }

    private InjectionPoint point(JsonNode node) {
        if (!node.has("point")) {
            throw SpecException.field(
                    "point", "required; expected one of " + String.join(", ", catalog.names()));
        }
        String name = text(node, "point");
        InjectionPoint point = catalog.find(name);
        if (point == null) {
            throw SpecException.field(
                    "point",
                    "unknown point '"
                            + name
                            + "'; expected one of "
                            + String.join(", ", catalog.names()));
        }
        if (!policy.allows(name)) {
            throw SpecException.field(
                    "point",
                    "'"
                            + name
                            + "' is not allowed by this agent's allow= option (allowed: "
                            + String.join(", ", policy.allowedPoints())
                            + ")");
        }
        return point;
    }

    private static Action action(JsonNode node, InjectionPoint point) {
        List<String> names = new ArrayList<>();
        point.actions().forEach(a -> names.add(a.specName()));
        if (!node.has("action")) {
            throw SpecException.field(
                    "action",
                    "required; " + point.name() + " supports " + String.join(", ", names));
        }
        String name = text(node, "action");
        Action action = Action.fromSpecName(name);
        if (action == null || !point.actions().contains(action)) {
            throw SpecException.field(
                    "action",
                    "unknown action '"
                            + name
                            + "' for "
                            + point.name()
                            + "; expected one of "
                            + String.join(", ", names));
        }
        return action;
    }

    private static String id(JsonNode value) {
        String id = value.isTextual() || value.isNumber() ? value.asText() : null;
        if (id == null || !ID.matcher(id).matches()) {
            throw SpecException.field(
                    "id",
                    "expected 1 to 100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        }
        return id;
    }

    private void match(JsonNode match, FaultSpec.Builder b) {
        if (!match.isObject()) {
            throw SpecException.field(
                    "match",
                    "expected an object of key: regex, keys "
                            + String.join(", ", b.point.matchKeys()));
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = match.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String key = entry.getKey();
            String field = "match." + key;
            if (!b.point.matchKeys().contains(key)) {
                throw SpecException.field(
                        field,
                        "unknown match key for "
                                + b.point.name()
                                + "; expected "
                                + (b.point.matchKeys().isEmpty()
                                        ? "none"
                                        : "one of " + String.join(", ", b.point.matchKeys())));
            }
            if (!entry.getValue().isTextual()) {
                throw SpecException.field(
                        field,
                        "expected a regular expression as a string, got " + kind(entry.getValue()));
            }
            try {
                b.match.put(key, Pattern.compile(entry.getValue().asText()));
            } catch (PatternSyntaxException e) {
                throw SpecException.field(
                        field,
                        "invalid regular expression: "
                                + e.getDescription()
                                + " near index "
                                + e.getIndex()
                                + "; expected a Java regular expression such as (?i)select .* from orders");
            } catch (StackOverflowError e) {
                // java.util.regex compiles nested groups recursively; compiling has no side effects
                // to undo
                throw SpecException.field(
                        field,
                        "regular expression nested too deeply; expected a simpler regular expression");
            }
        }
    }

    private static double probability(JsonNode value) {
        double p;
        if (value.isNumber()) {
            p = value.asDouble();
        } else if (value.isTextual()) {
            try {
                p = Double.parseDouble(value.asText().trim());
            } catch (NumberFormatException e) {
                throw SpecException.field(
                        "probability",
                        "'" + value.asText() + "' is not a number; expected a number from 0 to 1");
            }
        } else {
            throw SpecException.field(
                    "probability", "expected a number from 0 to 1, got " + kind(value));
        }
        if (!(p >= 0.0 && p <= 1.0)) {
            throw SpecException.field(
                    "probability", p + " is out of range; expected a number from 0 to 1");
        }
        return p;
    }

    private static long count(JsonNode value, String field) {
        long n = integer(value, field);
        if (n < 0) {
            throw SpecException.field(
                    field, n + " is negative; expected a whole number of 0 or more");
        }
        return n;
    }

    private static long integer(JsonNode value, String field) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw SpecException.field(
                field,
                "expected a whole number, got "
                        + (value.isTextual() ? "'" + value.asText() + "'" : kind(value)));
    }

    private Duration duration(String text) {
        Duration duration = Durations.parse("duration", text);
        if (duration.isZero()) {
            throw SpecException.field("duration", "must be longer than 0s");
        }
        if (duration.compareTo(policy.maxDuration()) > 0) {
            throw SpecException.field(
                    "duration",
                    text
                            + " exceeds this agent's max-duration of "
                            + Durations.format(policy.maxDuration()));
        }
        return duration;
    }

    private static String sqlState(String value) {
        if (!SQL_STATE.matcher(value).matches()) {
            throw SpecException.field(
                    "sqlState",
                    "'"
                            + value
                            + "' is not an SQLState; expected five digits or capital letters such as 40001 or 40P01");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value.isTextual()) {
            return value.asText();
        }
        throw SpecException.field(field, "expected a string, got " + kind(value));
    }

    private static String kind(JsonNode value) {
        switch (value.getNodeType()) {
            case ARRAY:
                return "a list";
            case OBJECT:
                return "an object";
            case NUMBER:
                return "the number " + value.asText();
            case BOOLEAN:
                return "the boolean " + value.asText();
            case NULL:
                return "null";
            default:
                return "'" + value.asText() + "'";
        }
    }
}
