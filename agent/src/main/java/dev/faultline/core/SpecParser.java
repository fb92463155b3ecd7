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
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns fault specs (JSON or YAML, DESIGN §3) into validated {@link FaultSpec}s. A document with
 * any error is rejected whole with a message naming the field and the expected form.
 */
public final class SpecParser {
    /** The fields every spec may give, before the points' own. */
    private static final List<String> SHARED_HEAD =
            Arrays.asList("id", "point", "action", "delay", "error", "message");

    /** The fields every spec may give, after the points' own. */
    private static final List<String> SHARED_TAIL =
            Arrays.asList("match", "probability", "after", "limit", "duration", "seed");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

    private final PointCatalog catalog;
    private final AgentPolicy policy;

    /**
     * Every field a spec may give: the shared ones and those the points declare, in the catalogue's
     * order.
     */
    private final List<String> fields;

    /** The points' own fields by name (the first declaration of each), for misplaced ones. */
    private final Map<String, SpecField<?>> declared = new LinkedHashMap<>();

    private final AtomicLong generatedIds = new AtomicLong();
    private volatile Predicate<String> idTaken = id -> false;

    public SpecParser(PointCatalog catalog, AgentPolicy policy) {
        this.catalog = catalog;
        this.policy = policy;
        List<String> names = new ArrayList<>(SHARED_HEAD);
        for (InjectionPoint point : catalog.all()) {
            for (SpecField<?> field : point.fields()) {
                if (!field.isRefusal()) {
                    declared.putIfAbsent(field.name(), field);
                }
            }
        }
        names.addAll(declared.keySet());
        names.addAll(SHARED_TAIL);
        this.fields = Collections.unmodifiableList(names);
    }

    /** Every field a spec may give, shared and declared by the points, in a stable order. */
    public List<String> fields() {
        return fields;
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
     * as opposed to {@code point} and {@code action} (given by position), the object {@code match}
     * and fields of maps ({@code headers}).
     */
    public boolean isScalarField(String name) {
        if (SHARED_HEAD.contains(name) || SHARED_TAIL.contains(name)) {
            return !Arrays.asList("point", "action", "match").contains(name);
        }
        SpecField<?> field = declared.get(name);
        return field != null && field.form().kind() != SpecForm.Kind.PAIRS;
    }

    /** Whether a declared field takes true or false ({@code oom:true} over jcmd). */
    public boolean isBooleanField(String name) {
        SpecField<?> field = declared.get(name);
        return field != null && field.form().kind() == SpecForm.Kind.BOOLEAN;
    }

    /** Parses a JSON object (one spec) or array (several). */
    public List<FaultSpec> parseJson(String text) {
        return parseTree(read(() -> JsonTrees.read(text), "JSON"));
    }

    /** Parses a YAML document holding one spec or a list of them. */
    public List<FaultSpec> parseYaml(String text) {
        return parseTree(read(() -> YamlMapper.YAML.readTree(text), "YAML"));
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

    /**
     * Created on first use, for YAML documents only: SnakeYAML and Jackson's YAML module and
     * databind are a few hundred classes, which JSON (read by {@link JsonTrees}) does not need.
     */
    private static final class YamlMapper {
        // Strict reading: a second document after the spec, or a field given twice, would otherwise
        // be dropped unseen.
        static final ObjectMapper YAML =
                new ObjectMapper(new YAMLFactory())
                        .enable(
                                DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    /** Reads a document into a tree. */
    private interface TreeReader {
        JsonNode read() throws IOException;
    }

    private static JsonNode read(TreeReader reader, String format) {
        try {
            return reader.read();
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
        } catch (IOException e) {
            // reading a string: only a parse error can happen, which is the case above
            throw new SpecException("malformed " + format + ": " + e.getMessage());
        }
    }

    private FaultSpec parseSpec(JsonNode node) {
        if (!node.isObject()) {
            throw new SpecException(
                    "expected a fault spec object with at least 'point' and 'action', got "
                            + kind(node));
        }
        Set<String> given = new LinkedHashSet<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw SpecException.field(
                        name, "unknown field; expected one of " + String.join(", ", fields));
            }
            given.add(name);
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
        } else {
            for (String errorOnly : Arrays.asList("error", "message")) {
                if (node.has(errorOnly)) {
                    throw SpecException.field(errorOnly, "applies to action 'error' only");
                }
            }
        }
        pointFields(node, given, b);
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
        spec.point().validate(spec);
        return spec;
    }

    /**
     * The point's own fields, as it declares them: first what it refuses and what belongs to other
     * points (the user gave something wrong: say so before asking for more), then its own, in its
     * order.
     */
    private void pointFields(JsonNode node, Set<String> given, FaultSpec.Builder b) {
        Map<String, SpecField<?>> own = new LinkedHashMap<>();
        for (SpecField<?> field : b.point.fields()) {
            if (field.isRefusal()) {
                if (given.contains(field.name())) {
                    throw SpecException.field(field.name(), field.refusal(given));
                }
            } else {
                own.put(field.name(), field);
            }
        }
        for (String name : given) {
            SpecField<?> elsewhere = declared.get(name);
            if (elsewhere != null && !own.containsKey(name)) {
                throw SpecException.field(name, elsewhere.elsewhereProblem());
            }
        }
        for (SpecField<?> field : own.values()) {
            if (!field.appliesTo(b.action)) {
                if (node.has(field.name())) {
                    throw SpecException.field(field.name(), field.misplacedProblem());
                }
            } else if (node.has(field.name())) {
                b.values.put(field, field.form().parse(field.name(), node.get(field.name())));
            } else if (field.required()) {
                throw SpecException.field(field.name(), field.requiredProblem());
            }
        }
    }

    private String generatedId(InjectionPoint point, Action action) {
        String id;
        do {
            id = point.name() + "-" + action.specName() + "-" + generatedIds.incrementAndGet();
        } while (idTaken.test(id));
        return id;
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

    private static String text(JsonNode node, String field) {
        return SpecForms.text(node.get(field), field);
    }

    private static long count(JsonNode value, String field) {
        return SpecForms.count(value, field);
    }

    private static long integer(JsonNode value, String field) {
        return SpecForms.integer(value, field);
    }

    private static String kind(JsonNode value) {
        return SpecForms.kind(value);
    }
}
