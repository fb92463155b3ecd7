// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.faultline.cli.AgentModel;
import dev.faultline.testing.Gen;
import dev.faultline.testing.Property;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Experiment files (the seven samples and the documented examples) mutated one mistake at a time:
 * each is refused with {@link ExperimentException} only, every problem in the form {@code
 * experiment.yaml (line N): ... field 'path' ...}, and the problem names the field the mistake is
 * in (or, for a mistake that makes a whole object wrong, that object). A mutation the parser takes
 * must be one the JSON Schema takes too. The fault specs go through the agent's own parser as a run
 * checks them.
 */
class ExperimentFileProperties {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper YAML_READER =
            new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, String> ENVIRONMENT =
            Map.of("JMX_USER", "monitor", "JMX_PASSWORD", "secret");
    private static final int TRIES = 500;
    private static final AgentModel CHECK = AgentModel.load();
    private static final List<JsonNode> SEEDS = seeds();
    private static final JsonSchemaSubset SCHEMA = schema();

    /** Objects whose keys are the user's own names, not fields. */
    private static final List<String> FREE_KEYS = Arrays.asList("variables", "targets", "headers");

    private static final List<String> DURATIONS =
            Arrays.asList(
                    "every",
                    "timeout",
                    "wait",
                    "at",
                    "within",
                    "for-at-least",
                    "settle",
                    "recovers-within",
                    "max-duration",
                    "for",
                    "duration",
                    "delay");
    private static final List<String> EXPRESSIONS = Arrays.asList("that", "always", "never");

    @AfterAll
    static void close() {
        CHECK.close();
    }

    @Test
    void mutatedFilesAreRefusedNamingTheField() {
        Property.forAll(mutations())
                .tries(TRIES)
                .check(
                        mutation -> {
                            Throwable thrown = catchThrowable(() -> read(mutation.document));
                            if (thrown == null) {
                                assertThat(mutation.mayParse).as("taken: %s", mutation).isTrue();
                                assertThat(SCHEMA.validate(mutation.document))
                                        .as(
                                                "the parser takes what the schema refuses: %s",
                                                mutation)
                                        .isEmpty();
                                return;
                            }
                            assertThat(thrown)
                                    .as("%s", mutation)
                                    .isInstanceOf(ExperimentException.class);
                            List<String> problems = ((ExperimentException) thrown).problems();
                            assertThat(problems).as("%s", mutation).isNotEmpty();
                            for (String problem : problems) {
                                assertThat(problem)
                                        .as("%s", mutation)
                                        .matches(
                                                "(?s)experiment\\.yaml \\(line \\d+\\): .*'[^']+'.*");
                            }
                            if (!mutation.named.isEmpty()) {
                                // the field itself, or a field inside it (an object where a value
                                // belongs has an unknown field)
                                boolean named =
                                        problems.stream()
                                                .anyMatch(
                                                        p ->
                                                                mutation.named.stream()
                                                                        .anyMatch(
                                                                                path ->
                                                                                        p.contains(
                                                                                                        "field '"
                                                                                                                + path
                                                                                                                + "'")
                                                                                                || p
                                                                                                        .contains(
                                                                                                                "field '"
                                                                                                                        + path
                                                                                                                        + ".")
                                                                                                || p
                                                                                                        .contains(
                                                                                                                "field '"
                                                                                                                        + path
                                                                                                                        + "[")));
                                assertThat(named)
                                        .as("%s\nrefused with: %s", mutation, problems)
                                        .isTrue();
                            }
                        });
    }

    /**
     * The samples with other text in their free-text fields (any script, quotes, colons, YAML's own
     * characters): they still parse.
     */
    @Test
    void validFilesWithAnyTextParse() {
        Gen<String> text =
                Gen.anyStrings(60)
                        .map(t -> t.replace("$", ""))
                        .filter(
                                t ->
                                        !t.isBlank()
                                                && t.codePoints()
                                                        .allMatch(
                                                                c ->
                                                                        c >= 0x20
                                                                                && c != 0x7f
                                                                                && !Character
                                                                                        .isISOControl(
                                                                                                c)
                                                                                && Character
                                                                                                .getType(
                                                                                                        c)
                                                                                        != Character
                                                                                                .SURROGATE
                                                                                && Character
                                                                                                .getType(
                                                                                                        c)
                                                                                        != Character
                                                                                                .UNASSIGNED
                                                                                && Character
                                                                                                .getType(
                                                                                                        c)
                                                                                        != Character
                                                                                                .PRIVATE_USE
                                                                                && c != 0xFEFF
                                                                                && c != 0xFFFE
                                                                                && c != 0xFFFF));
        Property.forAll(
                        Gen.combine(
                                Gen.of(SEEDS),
                                text,
                                (seed, title) -> {
                                    ObjectNode copy = seed.deepCopy();
                                    copy.put("title", title);
                                    return copy;
                                }))
                .tries(TRIES)
                .check(
                        document -> {
                            Experiment experiment = read(document);
                            assertThat(experiment.title())
                                    .isEqualTo(document.get("title").asText());
                        });
    }

    // ---- regressions

    @Test
    void aStepWithTwoActionsIsNamedByItsPath() {
        assertThatThrownBy(
                        () ->
                                read(
                                        YAML_READER.readTree(
                                                "title: t\nhypothesis: h\ntargets: {a: '1'}\nmethod:\n  - wait: 1s\n  - wait: 1s\n    run: x\n")))
                .hasMessageContaining("field 'method[1]': a step needs exactly one of");
    }

    @Test
    void aFaultSpecFieldIsNamedByItsWholePath() {
        assertThatThrownBy(
                        () ->
                                read(
                                        YAML_READER.readTree(
                                                "title: t\nhypothesis: h\ntargets: {a: '1'}\nmethod:\n  - wait: 1s\n"
                                                        + "  - enable: {target: a, id: f, point: jdbc.execute, action: delay, delay: soon}\n")))
                .hasMessageContaining(
                        "fault 'f': field 'method[1].enable.delay': 'soon' is not a duration");
    }

    /** A probe given as a list was refused as a probe without a name. */
    @Test
    void aListWhereAnObjectBelongsIsNamedAsSuch() {
        assertThatThrownBy(
                        () ->
                                read(
                                        YAML_READER.readTree(
                                                "title: t\nhypothesis: h\ntargets: {a: '1'}\nprobes:\n  - - name: x\n      jvm: {target: a, figure: cpu}\n"
                                                        + "method: [{wait: 1s}]\n")))
                .hasMessageContaining(
                        "field 'probes[0]' must be an object (YAML 'key: value' lines), not a list");
    }

    /** A variable given a list was substituted as nothing: every URL using it lost its host. */
    @Test
    void aVariableThatIsNotAValueIsRefusedNamingIt() {
        assertThatThrownBy(
                        () ->
                                read(
                                        YAML_READER.readTree(
                                                "title: t\nhypothesis: h\nvariables: {base: [http://127.0.0.1:1]}\ntargets: {a: '1'}\n"
                                                        + "probes: [{name: p, http: {url: '${base}/health'}}]\nmethod: [{wait: 1s}]\n")))
                .hasMessageContaining(
                        "field 'variables.base' must be a value such as http://127.0.0.1:8080 or 30s, not a list");
    }

    /**
     * The shipped memory-leak sample gave oom: true to a method leak, which the agent refuses (a
     * method leak has no heap guard to lift).
     */
    @Test
    void everySampleFaultSpecIsOneTheAgentTakes() {
        for (JsonNode seed : SEEDS) {
            read(seed);
        }
    }

    // ---- generators

    static final class Mutation {
        final JsonNode document;
        final String what;
        final List<String> named;
        final boolean mayParse;

        Mutation(JsonNode document, String what, List<String> named, boolean mayParse) {
            this.document = document;
            this.what = what;
            this.named = named;
            this.mayParse = mayParse;
        }

        @Override
        public String toString() {
            // the whole document is the seed's to reproduce; the mistake is what a reader needs
            return what + " -> " + named + (mayParse ? " (may parse)" : "");
        }
    }

    /**
     * A place in a document: the parent, the key or index there, and the path the parser gives it.
     */
    static final class Place {
        final JsonNode parent;
        final String key;
        final int index;
        final String path;
        final String parentPath;

        Place(JsonNode parent, String key, int index, String path, String parentPath) {
            this.parent = parent;
            this.key = key;
            this.index = index;
            this.path = path;
            this.parentPath = parentPath;
        }

        JsonNode node() {
            return key != null ? parent.get(key) : parent.get(index);
        }

        void set(JsonNode value) {
            if (key != null) {
                ((ObjectNode) parent).set(key, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        String name() {
            return key != null ? key : "";
        }

        boolean underFreeKeys() {
            for (String free : FREE_KEYS) {
                if (parentPath.equals(free)
                        || parentPath.endsWith("." + free)
                        || path.startsWith(free + ".")
                        || path.contains("." + free + ".")) {
                    return true;
                }
            }
            return false;
        }
    }

    static List<Place> places(JsonNode root) {
        List<Place> places = new ArrayList<>();
        collect(root, "", places);
        return places;
    }

    private static void collect(JsonNode node, String path, List<Place> places) {
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                String child = path.isEmpty() ? name : path + "." + name;
                places.add(new Place(node, name, -1, child, path));
                collect(node.get(name), child, places);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String child = path + "[" + i + "]";
                places.add(new Place(node, null, i, child, path));
                collect(node.get(i), child, places);
            }
        }
    }

    static Gen<Mutation> mutations() {
        return Gen.of(SEEDS)
                .flatMap(
                        seed ->
                                random -> {
                                    JsonNode document = seed.deepCopy();
                                    List<Place> places = places(document);
                                    Place place = places.get(random.nextInt(places.size()));
                                    switch (random.nextInt(7)) {
                                        case 0:
                                            return rename(document, place);
                                        case 1:
                                            return retype(document, place, random.nextInt(3));
                                        case 2:
                                            return drop(document, place);
                                        case 3:
                                            return badDuration(document, places, random);
                                        case 4:
                                            return badExpression(document, places, random);
                                        case 5:
                                            return unknownReference(document, places, random);
                                        default:
                                            return flatten(document, places, random);
                                    }
                                });
    }

    private static Mutation rename(JsonNode document, Place place) {
        if (place.key == null || place.underFreeKeys() || place.parent.has("colour")) {
            return drop(document, place);
        }
        ObjectNode parent = (ObjectNode) place.parent;
        JsonNode value = parent.remove(place.key);
        parent.set("colour", value);
        String renamed = place.parentPath.isEmpty() ? "colour" : place.parentPath + ".colour";
        // the unknown field, or (when the parser stops at the one now missing) the missing one, or
        // the object that is wrong
        return new Mutation(
                document,
                "rename " + place.path,
                named(renamed, place.path, place.parentPath),
                false);
    }

    private static Mutation retype(JsonNode document, Place place, int how) {
        JsonNode node = place.node();
        JsonNode junk;
        if (node.isValueNode()) {
            junk = how == 0 ? NODES.arrayNode().add(node) : NODES.objectNode().set("value", node);
        } else if (node.isArray()) {
            junk =
                    how == 0
                            ? NODES.textNode("a list was here")
                            : NODES.objectNode().set("items", node);
        } else {
            junk = how == 0 ? NODES.textNode("an object was here") : NODES.arrayNode().add(node);
        }
        place.set(junk);
        // some places take either form (a target as a name or an object, a condition as text or an
        // object): the schema says which
        return new Mutation(
                document, "retype " + place.path, named(place.path, place.parentPath), true);
    }

    private static Mutation drop(JsonNode document, Place place) {
        if (place.key != null) {
            ((ObjectNode) place.parent).remove(place.key);
        } else {
            ((ArrayNode) place.parent).remove(place.index);
        }
        // an optional field may go; a required one is named as missing, or what referred to it says
        // so
        return new Mutation(document, "drop " + place.path, List.of(), true);
    }

    private static Mutation badDuration(
            JsonNode document, List<Place> places, java.util.SplittableRandom random) {
        List<Place> durations = new ArrayList<>();
        for (Place place : places) {
            if (DURATIONS.contains(place.name())
                    && place.node().isValueNode()
                    && !place.underFreeKeys()) {
                durations.add(place);
            }
        }
        if (durations.isEmpty()) {
            return drop(document, places.get(random.nextInt(places.size())));
        }
        Place place = durations.get(random.nextInt(durations.size()));
        String bad =
                Arrays.asList(
                                "soon",
                                "-5s",
                                "5 minutes",
                                "",
                                "P",
                                "99999999999999999999s",
                                "1.5.5s",
                                "5 sec",
                                "ms")
                        .get(random.nextInt(9));
        place.set(NODES.textNode(bad));
        return new Mutation(
                document, "bad duration '" + bad + "' at " + place.path, named(place.path), false);
    }

    private static Mutation badExpression(
            JsonNode document, List<Place> places, java.util.SplittableRandom random) {
        List<Place> expressions = new ArrayList<>();
        for (Place place : places) {
            boolean condition =
                    place.node().isTextual()
                            && (EXPRESSIONS.contains(place.name())
                                    || place.key == null
                                            && (place.parentPath.equals("expect")
                                                    || place.parentPath.endsWith("abort-when")
                                                    || place.parentPath.startsWith(
                                                            "steady-state")));
            if (condition) {
                expressions.add(place);
            }
        }
        if (expressions.isEmpty()) {
            return drop(document, places.get(random.nextInt(places.size())));
        }
        Place place = expressions.get(random.nextInt(expressions.size()));
        String bad =
                Arrays.asList(
                                "health <<< 3",
                                "nosuchprobe > 1",
                                "",
                                "x <",
                                "is OPEN",
                                "p99 < 800 parsecs",
                                "(((")
                        .get(random.nextInt(7));
        place.set(NODES.textNode(bad));
        return new Mutation(
                document,
                "bad expression '" + bad + "' at " + place.path,
                named(place.path),
                false);
    }

    private static Mutation unknownReference(
            JsonNode document, List<Place> places, java.util.SplittableRandom random) {
        List<Place> references = new ArrayList<>();
        for (Place place : places) {
            if (Arrays.asList("target", "disable", "start-load", "stop-load", "during", "fault")
                            .contains(place.name())
                    && place.node().isTextual()
                    && !place.node().asText().equals("all")) {
                references.add(place);
            }
        }
        if (references.isEmpty()) {
            return drop(document, places.get(random.nextInt(places.size())));
        }
        Place place = references.get(random.nextInt(references.size()));
        place.set(NODES.textNode("nowhere"));
        // an enable step's target is named with the step's spec; a disable with the step
        return new Mutation(
                document,
                "unknown reference at " + place.path,
                named(place.path, place.parentPath),
                false);
    }

    /** Wrong nesting: an object's fields moved up into the object that holds it. */
    private static Mutation flatten(
            JsonNode document, List<Place> places, java.util.SplittableRandom random) {
        List<Place> nested = new ArrayList<>();
        for (Place place : places) {
            if (place.key != null
                    && place.node().isObject()
                    && place.node().size() > 0
                    && !place.underFreeKeys()
                    && !place.key.equals("variables")
                    && !place.key.equals("targets")
                    && !place.key.equals("headers")) {
                nested.add(place);
            }
        }
        if (nested.isEmpty()) {
            return drop(document, places.get(random.nextInt(places.size())));
        }
        Place place = nested.get(random.nextInt(nested.size()));
        ObjectNode parent = (ObjectNode) place.parent;
        ObjectNode inner = (ObjectNode) parent.remove(place.key);
        inner.fields()
                .forEachRemaining(
                        field -> {
                            if (!parent.has(field.getKey())) {
                                parent.set(field.getKey(), field.getValue());
                            }
                        });
        List<String> named = new ArrayList<>(named(place.path, place.parentPath));
        inner.fieldNames()
                .forEachRemaining(
                        name ->
                                named.add(
                                        place.parentPath.isEmpty()
                                                ? name
                                                : place.parentPath + "." + name));
        return new Mutation(document, "flatten " + place.path, named, false);
    }

    private static List<String> named(String... paths) {
        return Arrays.asList(paths);
    }

    // ---- helpers

    private static Experiment read(JsonNode document) {
        Experiment experiment =
                ExperimentParser.parse(
                        SourceFile.parse("experiment.yaml", yaml(document), true),
                        Map.of(),
                        ENVIRONMENT);
        ExperimentRunner.checkSpecs(experiment, CHECK);
        return experiment;
    }

    private static String yaml(JsonNode document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> seeds() {
        List<JsonNode> seeds = new ArrayList<>();
        try (var listing = Files.list(Path.of("..", "samples", "experiments"))) {
            for (Path file :
                    listing.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                            .sorted()
                            .toList()) {
                seeds.add(YAML_READER.readTree(Files.readString(file)));
            }
            for (String example : ExperimentFileTest.documentedExperiments()) {
                seeds.add(YAML_READER.readTree(example));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seeds;
    }

    private static JsonSchemaSubset schema() {
        try {
            return new JsonSchemaSubset(
                    new ObjectMapper()
                            .readTree(Path.of("..", "docs", "experiment.schema.json").toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
