// SPDX-License-Identifier: Apache-2.0
package dev.faultline.control;

import static dev.faultline.control.Specs.JSON;
import static dev.faultline.control.Specs.NODES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.faultline.bridge.Bridge;
import dev.faultline.core.AgentLog;
import dev.faultline.core.AgentPolicy;
import dev.faultline.core.FaultRegistry;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.InjectionPoint;
import dev.faultline.core.Origin;
import dev.faultline.core.SpecParser;
import dev.faultline.testing.Gen;
import dev.faultline.testing.Pair;
import dev.faultline.testing.Property;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fault specs as the front ends give them to {@link Control}: JSON (JMX, {@code enable-json}) and
 * YAML files ({@code apply}, {@code config=}). Valid specs of every point and action are accepted
 * and {@code list()} shows what was asked; every mutation of one is refused with a message naming
 * the field, and leaves the registry as it was.
 *
 * <p>Each property draws {@link #TRIES} inputs from {@link Property}'s fixed seed, so a build is
 * reproducible; a wider local search: {@code -Dfaultline.fuzz.tries=5000}, another sequence: {@code
 * -Dfaultline.fuzz.seed=<n>} (docs/control.md, "Bad input, fuzzed").
 */
class SpecProperties {
    static final int TRIES = 1000;
    private static final YAMLMapper YAML = new YAMLMapper();
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

    private final SpecParser parser = new SpecParser(Specs.CATALOG, AgentPolicy.defaults());
    private final FaultRegistry registry = new FaultRegistry(Specs.CATALOG);
    private final Control control =
            new Control(registry, parser, AgentLog.open("off"), "test", origin -> {});

    SpecProperties() {
        parser.avoidIds(id -> registry.list().stream().anyMatch(fault -> fault.id().equals(id)));
    }

    @AfterEach
    void shutdown() {
        control.disableAll(Origin.jcmd());
        registry.shutdown(Origin.jcmd());
    }

    /** A property of this test's registry: every try starts with no fault active. */
    private <T> Property<T> forAll(Gen<T> gen) {
        return Property.forAll(gen).tries(TRIES).afterEach(() -> control.disableAll(Origin.jcmd()));
    }

    // ---- valid specs

    /**
     * Every field of the parser's list is one some generated spec gives (the generators keep up
     * with the parser).
     */
    @Test
    void theGeneratorsCoverEveryFieldOfTheParser() throws Exception {
        // shared fields and those the points declare, in the catalogue's order
        List<String> parserFields = parser.fields();
        assertThat(FIELDS).containsExactlyInAnyOrderElementsOf(parserFields);
        List<String> covered = new ArrayList<>(Arrays.asList("point", "action"));
        Specs.CATALOG
                .all()
                .forEach(
                        point ->
                                point.actions()
                                        .forEach(
                                                action ->
                                                        covered.addAll(
                                                                Specs.applicable(
                                                                        point.name(),
                                                                        action.specName()))));
        assertThat(covered).containsAll(parserFields);
    }

    @Test
    void validSpecsParseAndPrintWhatWasAsked() {
        forAll(Specs.valid())
                .check(
                        valid -> {
                            FaultSpec spec = parser.parseJson(valid.spec.toString()).get(0);
                            JsonNode shown = normalized(spec.toMap());
                            assertShows(shown, valid);
                            // What list() prints is itself a spec that reads back the same.
                            assertThat(
                                            normalized(
                                                    parser.parseJson(shown.toString())
                                                            .get(0)
                                                            .toMap()))
                                    .isEqualTo(shown);
                        });
    }

    @Test
    void validSpecsAreEnabledAndListedAsAsked() {
        forAll(Specs.enableable())
                .check(
                        valid -> {
                            lastsTheTry(valid);
                            List<String> ids =
                                    control.enableJson(valid.spec.toString(), Origin.jcmd());
                            assertThat(ids).hasSize(1);
                            assertShows(listed(ids.get(0)), valid);
                            assertThat(switchesOn()).contains(valid.point());
                            assertThat(control.disable(ids.get(0), Origin.jcmd())).isTrue();
                            assertThat(switchesOn()).isEmpty();
                        });
    }

    @Test
    void validYamlFilesAreEnabledAsTheirJson() {
        forAll(Pair.of(Specs.enableable(), Specs.enableable()))
                .check(pair -> validYamlFileIsEnabledAsItsJson(pair.first, pair.second));
    }

    private void validYamlFileIsEnabledAsItsJson(Specs.Valid first, Specs.Valid second)
            throws Exception {
        first.spec.remove("id");
        second.spec.remove("id");
        lastsTheTry(first);
        lastsTheTry(second);
        ArrayNode list = NODES.arrayNode().add(first.spec).add(second.spec);
        Path file = Files.createTempFile("faults", ".yaml");
        try {
            Files.writeString(file, YAML.writeValueAsString(list));
            List<String> ids = control.apply(file, Origin.jcmd());
            assertThat(ids).hasSize(2);
            first.shown.remove("id");
            second.shown.remove("id");
            assertShows(listed(ids.get(0)), first);
            assertShows(listed(ids.get(1)), second);
        } finally {
            Files.delete(file);
        }
    }

    // ---- bad specs

    @Test
    void badSpecsAreRefusedNamingTheFieldAndChangeNothing() {
        forAll(Pair.of(Specs.enableable(), mutations()))
                .check(
                        pair ->
                                badSpecIsRefusedNamingTheFieldAndChangesNothing(
                                        pair.first, pair.second));
    }

    private void badSpecIsRefusedNamingTheFieldAndChangesNothing(
            Specs.Valid background, Mutation bad) throws Exception {
        background.spec.remove("id");
        lastsTheTry(background);
        control.enableJson(background.spec.toString(), Origin.jcmd());
        String before = state();

        Throwable refused =
                catchThrowable(() -> control.enableJson(bad.text(false), Origin.jcmd()));
        assertRefusal(refused, bad);
        assertThat(state()).isEqualTo(before);

        Throwable refusedYaml =
                catchThrowable(() -> control.apply(yamlFile(bad.text(true)), Origin.jcmd()));
        assertRefusal(refusedYaml, bad);
        assertThat(state()).isEqualTo(before);
    }

    /** Any JSON at all: accepted, or refused with a SpecException; never another exception. */
    @Test
    void anyJsonIsAcceptedOrRefusedWithASpecException() {
        forAll(junk())
                .check(
                        junk -> {
                            Throwable thrown =
                                    catchThrowable(
                                            () ->
                                                    control.enableJson(
                                                            junk.toString(), Origin.jcmd()));
                            if (thrown != null) {
                                assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
                                assertThat(thrown.getMessage())
                                        .matches(
                                                "(?s)(fault #\\d+: )?(field '.*': |malformed JSON|expected a fault spec object|no fault spec given|the list of fault specs is empty).+");
                                assertThat(state()).isEqualTo("[]" + switchesOn());
                            }
                        });
    }

    /** Any text as JSON or YAML: never anything but an IllegalArgumentException. */
    @Test
    void anyTextIsRefusedWithASpecException() {
        forAll(texts())
                .check(
                        text -> {
                            for (boolean yaml : new boolean[] {false, true}) {
                                Throwable thrown =
                                        catchThrowable(
                                                () -> {
                                                    if (yaml)
                                                        control.apply(
                                                                yamlFile(text), Origin.jcmd());
                                                    else control.enableJson(text, Origin.jcmd());
                                                });
                                if (thrown != null) {
                                    assertThat(thrown)
                                            .as(text)
                                            .isInstanceOf(IllegalArgumentException.class);
                                    assertThat(thrown.getMessage())
                                            .as(text)
                                            .matches(
                                                    "(?s)(.*: )?(fault #\\d+: )?(field '.*': |malformed (JSON|YAML)|expected a fault spec object|no fault spec given|the list of fault specs is empty).+");
                                }
                            }
                            control.disableAll(Origin.jcmd());
                        });
    }

    // ---- regressions the properties found, kept as examples

    @Test
    void aSecondDocumentAfterTheSpecIsRefused() {
        assertThatThrownBy(
                        () ->
                                control.enableJson(
                                        "{\"point\": \"jdbc.execute\", \"action\": \"hang\"} {\"point\": \"jdbc.commit\"}",
                                        Origin.jcmd()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed JSON");
        assertThat(registry.activeCount()).isZero();
    }

    @Test
    void aFieldGivenTwiceIsRefusedNamingIt() {
        assertThatThrownBy(
                        () ->
                                control.enableJson(
                                        "{\"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \"1s\", \"delay\": \"2s\"}",
                                        Origin.jcmd()))
                .hasMessage("field 'delay': given twice; expected each field once");
        assertThatThrownBy(
                        () ->
                                parser.parseYaml(
                                        "point: jdbc.execute\naction: delay\ndelay: 1s\ndelay: 2s\n"))
                .hasMessage("field 'delay': given twice; expected each field once");
    }

    @Test
    void anEmptyListIsRefused() {
        assertThatThrownBy(() -> control.enableJson("[]", Origin.jcmd()))
                .hasMessageStartingWith("the list of fault specs is empty");
    }

    @Test
    void hugeSizesAndDurationsAreRefusedNamingTheField() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \"9999999999999h\"}"))
                .hasMessage("field 'delay': '9999999999999h' is too large");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \"1s\", \"duration\": \"99999999999999999h\"}"))
                .hasMessage("field 'duration': '99999999999999999h' is too large");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"memory\", \"action\": \"leak\", \"rate\": \"99999999999GB/s\"}"))
                .hasMessageStartingWith("field 'rate': '99999999999GB' is too large");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"memory\", \"action\": \"leak\", \"rate\": \"1MB/s\", \"cap\": \"99999999999999999999MB\"}"))
                .hasMessageStartingWith("field 'cap': '99999999999999999999MB' is too large");
    }

    @Test
    void aCapOfNothingIsRefused() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"memory\", \"action\": \"leak\", \"rate\": \"1MB/s\", \"cap\": \"0.0\"}"))
                .hasMessageStartingWith("field 'cap': '0.0' is out of range");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"memory\", \"action\": \"leak\", \"rate\": \"1MB/s\", \"cap\": \"0MB\"}"))
                .hasMessageStartingWith("field 'cap': must be more than 0B");
    }

    /** A cap of 1.5 (or 5, without a unit) was refused without the expected form. */
    @Test
    void aCapBeyondOneOrWithoutAUnitIsRefusedWithTheExpectedForm() {
        for (String cap : new String[] {"1.5", "5"}) {
            assertThatThrownBy(
                            () ->
                                    parser.parseJson(
                                            "{\"point\": \"memory\", \"action\": \"leak\", \"rate\": \"1MB/s\", \"cap\": \""
                                                    + cap
                                                    + "\"}"))
                    .hasMessageStartingWith(
                            "field 'cap': '"
                                    + cap
                                    + "' is neither a heap fraction between 0 and 1 nor a size with a unit; expected a heap"
                                    + " fraction between 0 and 1 (0.5) or a size such as 64KB");
        }
    }

    /** bytes with rate or cap was refused as "not both", without saying which the point takes. */
    @Test
    void aLeakWithBytesAndRateIsRefusedSayingWhatThePointTakes() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"method\", \"action\": \"leak\", \"bytes\": \"1MB\", \"rate\": \"1MB/s\","
                                                + " \"match\": {\"class\": \"A\", \"method\": \"b\"}}"))
                .hasMessage(
                        "field 'rate': applies to the memory point's leak only; a method leak takes bytes (the size retained per call), such as 1MB");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"memory\", \"action\": \"leak\", \"bytes\": \"1MB\", \"cap\": \"0.5\"}"))
                .hasMessage(
                        "field 'bytes': applies to method leaks only; a memory leak takes rate and cap, such as rate: 10MB/s");
    }

    /**
     * connections and max together were refused as "not both", without the form the point takes.
     */
    @Test
    void connectionsAndMaxTogetherAreRefusedNamingTheOneThePointDoesNotTake() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.server\", \"action\": \"exhaust\", \"max\": \"all\", \"connections\": 2}"))
                .hasMessage(
                        "field 'connections': does not apply to jdbc.server, which takes max: all or a number; give one of the two");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.pool\", \"action\": \"exhaust\", \"max\": 3, \"connections\": 2}"))
                .hasMessage(
                        "field 'max': does not apply to jdbc.pool, which takes connections: all or a number; give one of the two");
    }

    @Test
    void headerValuesThatNoClientSendsAreRefused() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"http.client\", \"action\": \"status\", \"code\": 503,"
                                                + " \"headers\": {\"Retry-After\": \"5\\r\\nSet-Cookie: a=b\"}}"))
                .hasMessage(
                        "field 'headers.Retry-After': expected printable ASCII text (and tabs) as the value, without line breaks");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"http.client\", \"action\": \"status\", \"code\": 503, \"headers\": {\"X-Name\": \"Zoë\"}}"))
                .hasMessageStartingWith("field 'headers.X-Name'");
    }

    @Test
    void aRegexNestedTooDeeplyIsRefusedNamingTheKey() {
        String deep = "(".repeat(20_000) + "a" + ")".repeat(20_000);
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.execute\", \"action\": \"hang\", \"match\": {\"sql\": \""
                                                + deep
                                                + "\"}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("field 'match.sql'");
    }

    /** A user's id of the generated form, then a spec without id: the generated id skips it. */
    @Test
    void generatedIdsSkipThoseAlreadyActive() {
        String next =
                parser.parseJson("{\"point\": \"jdbc.execute\", \"action\": \"hang\"}").get(0).id();
        int n = Integer.parseInt(next.substring(next.lastIndexOf('-') + 1));
        control.enableJson(
                "{\"id\": \"jdbc.execute-hang-"
                        + (n + 1)
                        + "\", \"point\": \"jdbc.execute\", \"action\": \"hang\"}",
                Origin.jcmd());
        assertThat(
                        control.enableJson(
                                "{\"point\": \"jdbc.execute\", \"action\": \"hang\"}",
                                Origin.jcmd()))
                .containsExactly("jdbc.execute-hang-" + (n + 2));
    }

    /**
     * Issue: `enable method error error:java.lang.String ...` was accepted. Every point with an
     * error field refuses a non-Throwable.
     */
    @Test
    void anErrorClassThatIsNotAThrowableIsRefusedOnEveryPoint() {
        for (String point :
                Arrays.asList(
                        "jdbc.connect",
                        "jdbc.execute",
                        "jdbc.commit",
                        "kafka.send",
                        "kafka.poll",
                        "http.client",
                        "dns.resolve",
                        "net.connect",
                        "method")) {
            String match =
                    point.equals("method")
                            ? ", \"match\": {\"class\": \"^sqlline\", \"method\": \".*\"}"
                            : "";
            assertThatThrownBy(
                            () ->
                                    parser.parseJson(
                                            "{\"point\": \""
                                                    + point
                                                    + "\", \"action\": \"error\", \"error\": \"java.lang.String\""
                                                    + match
                                                    + "}"))
                    .as(point)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "field 'error': java.lang.String is not a Throwable subclass; expected ");
        }
    }

    /** A method leak without bytes was refused as missing 'rate', a field a method leak refuses. */
    @Test
    void aMethodLeakWithoutBytesIsRefusedNamingBytes() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"method\", \"action\": \"leak\", \"match\": {\"class\": \"A\", \"method\": \"b\"}}"))
                .hasMessage(
                        "field 'bytes': required for a method leak; expected the size retained per call, such as 1MB");
    }

    @Test
    void aMethodErrorWithoutAnErrorClassIsRefusedWhenParsed() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"method\", \"action\": \"error\", \"match\": {\"class\": \"A\", \"method\": \"b\"}}"))
                .hasMessageStartingWith("field 'error': required for a method error");
    }

    // ---- generators

    /** A valid spec with one mistake, and the field the refusal must name. */
    static class Mutation {
        final JsonNode document;
        final List<String> fields;
        final String what;

        Mutation(JsonNode document, String what, String... fields) {
            this.document = document;
            this.what = what;
            this.fields = Arrays.asList(fields);
        }

        /**
         * Whether {@link #fields} are whole message prefixes ({@code fault #2: field 'x}) rather
         * than field names.
         */
        boolean prefixedFields() {
            return false;
        }

        String text(boolean yaml) {
            try {
                return yaml ? YAML.writeValueAsString(document) : JSON.writeValueAsString(document);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return what + " -> " + fields + ": " + document;
        }
    }

    /** One mistake in one spec. */
    static Gen<Mutation> singleMutations() {
        return Specs.valid()
                .flatMap(
                        valid ->
                                Gen.oneOf(
                                        unknownField(valid),
                                        wrongType(valid),
                                        missingRequired(valid),
                                        misplaced(valid),
                                        badValue(valid)));
    }

    static Gen<Mutation> mutations() {
        return singleMutations()
                .flatMap(
                        mutation ->
                                Gen.<Mutation>oneOf(
                                        Gen.just(mutation),
                                        // the same mistake in the second spec of a list: the
                                        // message says which
                                        Specs.enableable()
                                                .map(
                                                        other -> {
                                                            other.spec.remove("id");
                                                            List<String> fields = new ArrayList<>();
                                                            mutation.fields.forEach(
                                                                    f ->
                                                                            fields.add(
                                                                                    "fault #2: field '"
                                                                                            + f));
                                                            return new Mutation(
                                                                    NODES.arrayNode()
                                                                            .add(other.spec)
                                                                            .add(mutation.document),
                                                                    mutation.what + " in a list",
                                                                    fields.toArray(new String[0])) {
                                                                @Override
                                                                boolean prefixedFields() {
                                                                    return true;
                                                                }
                                                            };
                                                        })));
    }

    private static Gen<Mutation> unknownField(Specs.Valid valid) {
        return Gen.strings("abcdefghijklmnopqrstuvwxyzßé_-. ", 0, 12)
                .filter(name -> !FIELDS.contains(name))
                .flatMap(
                        name ->
                                Gen.<JsonNode>of(
                                                NODES.textNode("x"),
                                                NODES.numberNode(1),
                                                NODES.nullNode(),
                                                NODES.objectNode())
                                        .map(
                                                value ->
                                                        new Mutation(
                                                                valid.spec
                                                                        .deepCopy()
                                                                        .set(name, value),
                                                                "unknown field",
                                                                name)));
    }

    /**
     * A list or an object (or deep nesting) where a value is expected; a string or a list where an
     * object is.
     */
    private static Gen<Mutation> wrongType(Specs.Valid valid) {
        List<String> present = new ArrayList<>();
        valid.spec.fieldNames().forEachRemaining(present::add);
        return Gen.combine(
                Gen.of(present),
                Gen.ints(1, 60),
                (field, depth) -> {
                    JsonNode junk;
                    if (field.equals("match") || field.equals("headers")) {
                        junk = depth % 2 == 0 ? NODES.textNode("a=b") : NODES.arrayNode().add("x");
                    } else {
                        JsonNode nested =
                                depth % 3 == 0
                                        ? NODES.objectNode().put("k", "v")
                                        : NODES.arrayNode().add(1);
                        for (int i = 0; i < depth; i++) {
                            nested = NODES.arrayNode().add(nested);
                        }
                        junk = depth % 2 == 0 ? NODES.objectNode().set("nested", nested) : nested;
                    }
                    return new Mutation(
                            valid.spec.deepCopy().set(field, junk), "wrong type", field);
                });
    }

    private static Gen<Mutation> missingRequired(Specs.Valid valid) {
        List<String> required = new ArrayList<>(Arrays.asList("point", "action"));
        required.addAll(Specs.required(valid.point(), valid.action()));
        return Gen.of(required)
                .map(
                        field -> {
                            ObjectNode spec = valid.spec.deepCopy();
                            spec.remove(field);
                            if (field.equals("point")) {
                                return new Mutation(spec, "missing", "point");
                            }
                            return new Mutation(spec, "missing", field);
                        });
    }

    /**
     * A field that does not apply to the point or action, with a value that would be valid where it
     * does.
     */
    private static Gen<Mutation> misplaced(Specs.Valid valid) {
        List<String> applicable = Specs.applicable(valid.point(), valid.action());
        List<String> misplaced = new ArrayList<>();
        for (String field : FIELDS) {
            if (!applicable.contains(field) && !field.equals("point") && !field.equals("action")) {
                misplaced.add(field);
            }
        }
        if (misplaced.isEmpty()) {
            return unknownField(valid);
        }
        Map<String, JsonNode> plausible = new LinkedHashMap<>();
        plausible.put("delay", NODES.textNode("1s"));
        plausible.put("error", NODES.textNode("SQLTimeoutException"));
        plausible.put("message", NODES.textNode("m"));
        plausible.put("sqlState", NODES.textNode("40001"));
        plausible.put("copies", NODES.numberNode(3));
        plausible.put("rate", NODES.textNode("1MB/s"));
        plausible.put("cap", NODES.textNode("0.5"));
        plausible.put("heap", NODES.numberNode(0.5));
        plausible.put("oom", NODES.booleanNode(true));
        plausible.put("connections", NODES.numberNode(2));
        plausible.put("max", NODES.numberNode(2));
        plausible.put("bytes", NODES.textNode("1MB"));
        plausible.put("value", NODES.numberNode(1));
        plausible.put("jdk", NODES.booleanNode(true));
        plausible.put("code", NODES.numberNode(503));
        plausible.put("body", NODES.textNode("busy"));
        plausible.put("headers", NODES.objectNode().put("Retry-After", "5"));
        plausible.put("match", NODES.objectNode().put("nokey", "x"));
        plausible.put("probability", NODES.numberNode(0.5));
        plausible.put("after", NODES.numberNode(1));
        plausible.put("limit", NODES.numberNode(1));
        return Gen.of(misplaced)
                .map(
                        field -> {
                            // Conflicting pairs are reported at whichever of the two the parser
                            // reads first.
                            String[] named =
                                    field.equals("bytes")
                                            ? new String[] {"bytes", "rate", "cap"}
                                            : field.equals("connections") || field.equals("max")
                                                    ? new String[] {"connections", "max"}
                                                    : new String[] {field};
                            return new Mutation(
                                    valid.spec.deepCopy().set(field, plausible.get(field)),
                                    "misplaced",
                                    named);
                        });
    }

    /**
     * A value of the right type but the wrong form, out of range, huge, empty, or in another
     * script.
     */
    private static Gen<Mutation> badValue(Specs.Valid valid) {
        Map<String, List<JsonNode>> bad = new LinkedHashMap<>();
        bad.put(
                "point",
                texts(
                        "",
                        "jdbc.exec",
                        "JDBC.EXECUTE",
                        "jdbc.exécute",
                        " jdbc.execute",
                        "method\u0000"));
        bad.put("action", texts("", "explode", "DELAY", "délai", "hang\n"));
        bad.put(
                "id",
                Arrays.asList(
                        NODES.textNode(""),
                        NODES.textNode("-x"),
                        NODES.textNode("a b"),
                        NODES.textNode("ü"),
                        NODES.textNode("x".repeat(101)),
                        NODES.booleanNode(true),
                        NODES.nullNode()));
        bad.put(
                "duration",
                texts(
                        "soon",
                        "5 minutes",
                        "-5s",
                        "0s",
                        "PT0S",
                        "PT-5S",
                        "2h",
                        "99999999999999999999h",
                        "9223372036854775807ms",
                        "",
                        "5",
                        "P2D"));
        bad.put(
                "delay",
                texts(
                        "fast",
                        "0ms",
                        "0ms..0ms",
                        "900ms..100ms",
                        "1s..",
                        "..1s",
                        "9223372036854775807h",
                        "99999999999999999999ms",
                        "",
                        "-1s"));
        bad.put("rate", texts("10MB", "10XB/s", "0KB/s", "/s", "99999999999GB/s", "ten MB/s", ""));
        bad.put("cap", texts("1.5", "0.0", "0B", "lots", "-1MB", "99999999999999999999MB", ""));
        bad.put("bytes", texts("0B", "1TB", "-1KB", "99999999999GB", ""));
        bad.put(
                "heap",
                Arrays.asList(
                        NODES.numberNode(0),
                        NODES.numberNode(1),
                        NODES.numberNode(-0.5),
                        NODES.numberNode(1e300),
                        NODES.textNode("most"),
                        NODES.textNode("NaN")));
        bad.put(
                "copies",
                Arrays.asList(
                        NODES.numberNode(0),
                        NODES.numberNode(1),
                        NODES.numberNode(1001),
                        NODES.numberNode(-3),
                        NODES.numberNode(2.5),
                        NODES.numberNode(new BigInteger("99999999999999999999999")),
                        NODES.textNode("many")));
        bad.put(
                "code",
                Arrays.asList(
                        NODES.numberNode(99),
                        NODES.numberNode(600),
                        NODES.numberNode(-1),
                        NODES.numberNode(503.5),
                        NODES.numberNode(new BigInteger("1000000000000000000000000000000")),
                        NODES.textNode("OK")));
        bad.put(
                "connections",
                Arrays.asList(
                        NODES.numberNode(0),
                        NODES.numberNode(100_001),
                        NODES.textNode("some"),
                        NODES.textNode("")));
        bad.put(
                "max",
                Arrays.asList(NODES.numberNode(0), NODES.numberNode(-1), NODES.textNode("every")));
        bad.put("sqlState", texts("4000", "4000a", "400011", "", "４０００１"));
        bad.put(
                "probability",
                Arrays.asList(
                        NODES.numberNode(1.5),
                        NODES.numberNode(-0.1),
                        NODES.numberNode(1e308),
                        NODES.textNode("likely"),
                        NODES.textNode("NaN"),
                        NODES.textNode("Infinity"),
                        NODES.booleanNode(true)));
        bad.put(
                "after",
                Arrays.asList(
                        NODES.numberNode(-1),
                        NODES.numberNode(new BigInteger("99999999999999999999")),
                        NODES.numberNode(0.5),
                        NODES.textNode("x")));
        bad.put(
                "limit",
                Arrays.asList(
                        NODES.numberNode(-1),
                        NODES.numberNode(new BigInteger("-99999999999999999999")),
                        NODES.textNode("")));
        bad.put(
                "seed",
                Arrays.asList(
                        NODES.numberNode(new BigInteger("99999999999999999999")),
                        NODES.numberNode(1.5),
                        NODES.textNode("random")));
        bad.put("oom", Arrays.asList(NODES.textNode("yes"), NODES.numberNode(1), NODES.nullNode()));
        bad.put("jdk", Arrays.asList(NODES.textNode("true"), NODES.numberNode(0)));
        bad.put(
                "error",
                texts(
                        "",
                        "not a class!",
                        "java.lang.String",
                        "java.lang.Object",
                        "java.util.ArrayList",
                        "1Exception",
                        "java..IOException",
                        "java.io.IOException\n"));
        bad.put("value", Arrays.asList(NODES.arrayNode(), NODES.objectNode()));
        bad.put(
                "headers",
                Arrays.asList(
                        NODES.objectNode().put("Bad Name", "x"),
                        NODES.objectNode().put("", "x"),
                        NODES.objectNode().put("X", "a\r\nb: c"),
                        NODES.objectNode().put("X", "日本"),
                        NODES.objectNode().putNull("X")));
        List<Gen<Mutation>> choices = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> entry : bad.entrySet()) {
            String field = entry.getKey();
            boolean applies =
                    field.equals("point")
                            || field.equals("action")
                            || Specs.applicable(valid.point(), valid.action()).contains(field);
            if (!applies) {
                continue;
            }
            if (field.equals("error")
                    && !valid.point().equals("method")
                    && !valid.point().startsWith("jdbc.")
                    && !valid.point().startsWith("kafka.")
                    && !valid.point().equals("dns.resolve")
                    && !valid.point().equals("http.client")
                    && !valid.point().equals("net.connect")
                    && !valid.point().equals("grpc.client")) {
                continue;
            }
            choices.add(
                    Gen.of(entry.getValue())
                            .map(
                                    value ->
                                            new Mutation(
                                                    valid.spec.deepCopy().set(field, value),
                                                    "bad value",
                                                    field.equals("headers") ? "headers" : field)));
        }
        List<String> keys = Specs.CATALOG.find(valid.point()).matchKeys();
        if (!keys.isEmpty()) {
            choices.add(
                    Gen.combine(
                            Gen.of(keys),
                            Gen.of("(", "[a-", "*x", "a{2,1}", "(?<name", "\\", "x++++", "(?z)"),
                            (key, regex) -> {
                                ObjectNode spec = valid.spec.deepCopy();
                                ObjectNode match =
                                        spec.has("match")
                                                ? (ObjectNode) spec.get("match")
                                                : spec.putObject("match");
                                match.put(key, regex);
                                return new Mutation(spec, "bad regex", "match." + key);
                            }));
        }
        return Gen.oneOf(choices);
    }

    private static List<JsonNode> texts(String... values) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String value : values) {
            nodes.add(NODES.textNode(value));
        }
        return nodes;
    }

    /** Arbitrary JSON whose keys are mostly the parser's own fields. */
    static Gen<JsonNode> junk() {
        Gen<String> keys = Gen.oneOf(Gen.of(FIELDS), Gen.of("sql", "host", "match.sql", "", "x"));
        Gen<JsonNode> leaves =
                Gen.<JsonNode>oneOf(
                        Gen.of(new ArrayList<>(Specs.CATALOG.names())).map(NODES::textNode),
                        Gen.of(
                                        "delay", "error", "hang", "leak", "fill", "status",
                                        "exhaust", "return", "500ms", "0.5", "1MB/s", "all", "")
                                .map(NODES::textNode),
                        Specs.text().map(NODES::textNode),
                        Gen.ints().map(NODES::numberNode),
                        Gen.doubles().map(NODES::numberNode),
                        Gen.of(
                                NODES.booleanNode(true),
                                NODES.nullNode(),
                                NODES.numberNode(
                                        new BigInteger("123456789012345678901234567890"))));
        return Gen.recursive(
                leaves,
                node ->
                        Gen.<JsonNode>oneOf(
                                Gen.maps(keys, node, 0, 6)
                                        .map(
                                                map -> {
                                                    ObjectNode object = NODES.objectNode();
                                                    if (!map.isEmpty()
                                                            && Math.abs(map.hashCode()) % 2 == 0) {
                                                        object.put("point", "jdbc.execute");
                                                    }
                                                    map.forEach(object::set);
                                                    return object;
                                                }),
                                node.list(0, 3)
                                        .map(
                                                list -> {
                                                    ArrayNode array = NODES.arrayNode();
                                                    list.forEach(array::add);
                                                    return array;
                                                })),
                4);
    }

    static Gen<String> texts() {
        return Gen.oneOf(
                Gen.anyStrings(60),
                Gen.strings("{}[]\":,-&*!|>'\n #?", 0, 40),
                Gen.of(
                        "",
                        "   ",
                        "null",
                        "~",
                        "---\n---\n",
                        "- - -",
                        "[[[[[[[[",
                        "{\"point\": ",
                        "!!java.lang.Object {}",
                        "a: &x [*x]",
                        "point: jdbc.execute\naction: delay\ndelay: 1s\n---\npoint: x\n",
                        "\uFEFF{}"));
    }

    // ---- helpers

    /**
     * A duration that outlasts the try, even on a loaded machine (the parser's properties try the
     * short ones).
     */
    private static void lastsTheTry(Specs.Valid valid) {
        valid.spec.put("duration", "10m");
        valid.shown.put("duration", NODES.textNode("10m"));
    }

    private void assertRefusal(Throwable refused, Mutation bad) {
        assertThat(refused).as(bad.toString()).isInstanceOf(IllegalArgumentException.class);
        String message = refused.getMessage();
        boolean names = false;
        for (String field : bad.fields) {
            String expected = bad.prefixedFields() ? field : "field '" + field;
            names |= message.contains(expected);
        }
        assertThat(names).as("%s\nrefused with: %s", bad, message).isTrue();
        assertThat(message)
                .as(bad.toString())
                .matches(
                        "(?s).*(expected|must|required|need|applies to|does not apply|exceeds|is not|too large|unknown|given twice|out of range).*");
    }

    private Path yamlFile(String text) throws IOException {
        Path file = Files.createTempFile("faults", ".yaml");
        Files.writeString(file, text);
        file.toFile().deleteOnExit();
        return file;
    }

    /** The active faults without their counters, and the switches that are on. */
    private String state() throws IOException {
        ArrayNode faults = (ArrayNode) JSON.readTree(control.listJson());
        for (JsonNode fault : faults) {
            ((ObjectNode) fault)
                    .remove(
                            Arrays.asList(
                                    "matched",
                                    "injected",
                                    "remaining",
                                    "remainingMillis",
                                    "state"));
        }
        return faults + switchesOn().toString();
    }

    private JsonNode listed(String id) throws IOException {
        for (JsonNode fault : JSON.readTree(control.listJson())) {
            if (fault.get("id").asText().equals(id)) {
                return fault;
            }
        }
        throw new AssertionError("fault " + id + " is not listed: " + control.listJson());
    }

    private static void assertShows(JsonNode shown, Specs.Valid valid) throws IOException {
        for (Map.Entry<String, JsonNode> field : valid.shown.entrySet()) {
            assertThat(shown.get(field.getKey()))
                    .as("%s of %s in %s", field.getKey(), valid, shown)
                    .isEqualTo(normalized(field.getValue()));
        }
    }

    static JsonNode normalized(Object value) throws IOException {
        return JSON.readTree(JSON.writeValueAsString(value));
    }

    /** The points whose bridge switches are on, by name. */
    static List<String> switchesOn() {
        List<String> on = new ArrayList<>();
        for (InjectionPoint point : Specs.CATALOG.all()) {
            if (Bridge.isOn(point.id())) {
                on.add(point.name());
            }
        }
        return on;
    }
}
