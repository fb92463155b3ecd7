// SPDX-License-Identifier: Apache-2.0
package dev.faultline.control;

import static dev.faultline.control.Specs.JSON;
import static dev.faultline.control.Specs.NODES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.core.AgentLog;
import dev.faultline.core.AgentPolicy;
import dev.faultline.core.FaultRegistry;
import dev.faultline.core.Origin;
import dev.faultline.core.SpecParser;
import dev.faultline.testing.Gen;
import dev.faultline.testing.Pair;
import dev.faultline.testing.Property;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * jcmd command lines as {@link JcmdCommands} receives them: {@code enable <point> <action>
 * key:value ...} with spaces (the quoted form) or commas (the compact form). Valid specs written
 * this way are enabled as their JSON is; every mistake is answered with {@code error: } and a
 * message naming the field, and changes nothing; no line makes the command throw or answer with a
 * bare exception.
 */
class JcmdProperties {
    private final SpecParser parser = new SpecParser(Specs.CATALOG, AgentPolicy.defaults());
    private final FaultRegistry registry = new FaultRegistry(Specs.CATALOG);
    private final Control control =
            new Control(registry, parser, AgentLog.open("off"), "test", origin -> {});
    private final JcmdCommands commands = new JcmdCommands(control);

    @AfterEach
    void shutdown() {
        control.disableAll(Origin.jcmd());
        registry.shutdown(Origin.jcmd());
        System.clearProperty(JcmdCommands.LAST_PROPERTY);
        System.clearProperty(JcmdCommands.STATUS_PROPERTY);
    }

    /** A property of this test's registry: every try starts with no fault active. */
    private <T> Property<T> forAll(Gen<T> gen) {
        return Property.forAll(gen)
                .tries(SpecProperties.TRIES)
                .afterEach(() -> control.disableAll(Origin.jcmd()));
    }

    @Test
    void validSpecsAsKeyValueWordsAreEnabledAsAsked() {
        forAll(Pair.of(writable(), Pair.of(Gen.booleans(), Gen.booleans())))
                .check(
                        input ->
                                validSpecAsKeyValueWordsIsEnabledAsAsked(
                                        input.first, input.second.first, input.second.second));
    }

    private void validSpecAsKeyValueWordsIsEnabledAsAsked(
            Specs.Valid valid, boolean commas, boolean quoted) throws IOException {
        valid.spec.put("duration", "10m");
        valid.shown.put("duration", NODES.textNode("10m"));
        String line = line(valid.spec, commas ? "," : " ");
        String result = commands.run(quoted ? "\"" + line + "\"" : line);
        assertThat(result).as(line).startsWith("ok ");
        String id = result.substring(3);
        assertThat(System.getProperty(JcmdCommands.LAST_PROPERTY)).isEqualTo(result);
        JsonNode listed = null;
        for (JsonNode fault : JSON.readTree(System.getProperty(JcmdCommands.STATUS_PROPERTY))) {
            if (fault.get("id").asText().equals(id)) {
                listed = fault;
            }
        }
        assertThat(listed)
                .as("%s in %s", id, System.getProperty(JcmdCommands.STATUS_PROPERTY))
                .isNotNull();
        for (Map.Entry<String, JsonNode> field : valid.shown.entrySet()) {
            assertThat(listed.get(field.getKey()))
                    .as("%s of %s", field.getKey(), line)
                    .isEqualTo(SpecProperties.normalized(field.getValue()));
        }
    }

    @Test
    void mistakesAreAnsweredNamingTheFieldAndChangeNothing() {
        forAll(Pair.of(writableMistakes(), Gen.booleans()))
                .check(
                        input ->
                                mistakeIsAnsweredNamingTheFieldAndChangesNothing(
                                        input.first, input.second));
    }

    private void mistakeIsAnsweredNamingTheFieldAndChangesNothing(
            SpecProperties.Mutation bad, boolean commas) throws IOException {
        commands.run("enable jdbc.execute hang duration:10m id:background");
        String before = control.listJson() + SpecProperties.switchesOn();
        String line = line((ObjectNode) bad.document, commas ? "," : " ");
        String result = commands.run(line);
        assertThat(result).as(line).startsWith("error: ");
        // a key that is no field is read as a match key, and named as one
        boolean names =
                bad.fields.stream()
                        .anyMatch(
                                field ->
                                        result.contains("field '" + field)
                                                || result.contains("field 'match." + field));
        assertThat(names).as("%s\nanswered: %s", line, result).isTrue();
        assertThat(
                        control.listJson()
                                        .replaceAll(
                                                "\"(matched|injected|remaining|remainingMillis)\":[^,}]*,?",
                                                "")
                                + SpecProperties.switchesOn())
                .isEqualTo(
                        before.replaceAll(
                                "\"(matched|injected|remaining|remainingMillis)\":[^,}]*,?", ""));
    }

    /** Any line: an answer starting with ok or error, never an exception of the agent's own. */
    @Test
    void anyLineIsAnsweredWithOkOrAnError() {
        forAll(lines())
                .check(
                        line -> {
                            String result = commands.run(line);
                            assertThat(result).as(line).matches("(?s)(ok .*|ok|error: .+)");
                            assertThat(result)
                                    .as(line)
                                    .doesNotMatch(
                                            "(?s)error: (java|dev|com)\\.[\\w.$]+(Exception|Error).*");
                            if (!result.startsWith("ok")) {
                                assertThat(registry.activeCount()).isZero();
                            }
                            commands.run("disable-all");
                        });
    }

    // ---- regressions

    /**
     * Issue: jcmd reads an unquoted key=value as its own option and passes on what precedes the '='
     * (measured with jcmd of JDK 17 and 25: {@code enable,jdbc.execute,delay,delay:500ms,id=slow}
     * arrives as {@code enable,jdbc.execute,delay,delay:500ms,id}); the answer says so.
     */
    @Test
    void aLineCutAtAnEqualsSignIsAnsweredAsCut() {
        String result = commands.run("enable,jdbc.execute,delay,delay:500ms,id");
        assertThat(result)
                .isEqualTo(
                        "error: the command was cut at 40 characters, after 'id': jcmd reads key=value in an unquoted"
                                + " argument as its own option and passes on only what comes before the first '='; write key:value (id:...), or use"
                                + " faultline enable --file, the JSON form over JMX (enable) or a config= file");
        assertThat(registry.activeCount()).isZero();
    }

    @Test
    void oomIsRefusedOnAMethodLeak() {
        assertThat(
                        commands.run(
                                "enable method leak bytes:1KB class:^inventory method:^reserve$ oom:true"))
                .isEqualTo(
                        "error: field 'oom': applies to the memory point's actions 'leak' and 'fill' only");
    }

    @Test
    void aMessageOfTrueStaysText() {
        assertThat(commands.run("enable jdbc.execute error message:true id:m")).isEqualTo("ok m");
        assertThat(registry.list().get(0).spec().message()).isEqualTo("true");
    }

    // ---- generators

    /**
     * Valid specs whose every value can be written as key:value in both forms (no spaces, commas,
     * nulls or headers).
     */
    static Gen<Specs.Valid> writable() {
        return Specs.enableable().filter(valid -> writable(valid.spec));
    }

    static Gen<SpecProperties.Mutation> writableMistakes() {
        return SpecProperties.singleMutations()
                .filter(
                        m ->
                                m.document.isObject()
                                        && m.document.has("point")
                                        && m.document.has("action")
                                        && m.document.get("point").isTextual()
                                        && m.document.get("action").isTextual()
                                        && !m.document.get("point").asText().isEmpty()
                                        && !m.document.get("action").asText().isEmpty()
                                        && writable((ObjectNode) m.document)
                                        && m.fields.stream()
                                                .noneMatch(
                                                        f ->
                                                                f.startsWith("fault #")
                                                                        || f.equals("point")
                                                                        || f.equals("action"))
                                        // an id of true is a mistake in JSON, but id:true on a
                                        // command line is the id "true": no mistake left
                                        && !m.document.path("id").isBoolean());
    }

    static Gen<String> lines() {
        Gen<String> words =
                Gen.oneOf(
                        Gen.of(JcmdCommands.VERBS),
                        Gen.of(Specs.CATALOG.names()),
                        Gen.of(
                                "delay",
                                "error",
                                "hang",
                                "status",
                                "leak",
                                "exhaust",
                                "delay:500ms",
                                "id:x",
                                "sql:(",
                                "code:abc",
                                "match.:x",
                                ":",
                                "=",
                                "probability:2",
                                "oom:true",
                                "headers:x",
                                "match:x",
                                "point:x",
                                "\"",
                                "'",
                                "apply",
                                "/nonexistent/file.yaml"),
                        Specs.text());
        return words.list(0, 8)
                .flatMap(list -> Gen.of(" ", ",", "  ", "\t").map(sep -> String.join(sep, list)));
    }

    private static boolean writable(ObjectNode spec) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = spec.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("headers")
                    || field.getKey().isEmpty()
                    || !field.getKey().matches("[A-Za-z.]+")) {
                return false;
            }
            List<JsonNode> values = new ArrayList<>();
            if (field.getValue().isObject()) {
                if (!field.getKey().equals("match")) {
                    return false;
                }
                field.getValue().fields().forEachRemaining(e -> values.add(e.getValue()));
                for (Iterator<String> keys = field.getValue().fieldNames(); keys.hasNext(); ) {
                    if (!keys.next().matches("[a-z]+")) {
                        return false;
                    }
                }
            } else {
                values.add(field.getValue());
            }
            for (JsonNode value : values) {
                if (!value.isValueNode()
                        || value.isNull()
                        || value.asText().matches("(?s).*[\\s,\"'].*")) {
                    return false;
                }
                // a true or false written as text for a boolean field would be read as the boolean
                if (value.isTextual()
                        && (value.asText().equals("true") || value.asText().equals("false"))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code enable <point> <action> key:value ...}: match keys as {@code match.<key>:} or bare,
     * alternating.
     */
    static String line(ObjectNode spec, String separator) {
        List<String> words = new ArrayList<>();
        words.add("enable");
        words.add(spec.get("point").asText());
        words.add(spec.get("action").asText());
        boolean bare = false;
        for (Iterator<Map.Entry<String, JsonNode>> fields = spec.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("point") || field.getKey().equals("action")) {
                continue;
            }
            if (field.getValue().isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> keys = field.getValue().fields();
                        keys.hasNext(); ) {
                    Map.Entry<String, JsonNode> key = keys.next();
                    words.add(
                            (bare ? "" : "match.") + key.getKey() + ":" + key.getValue().asText());
                    bare = !bare;
                }
            } else {
                words.add(field.getKey() + ":" + field.getValue().asText());
            }
        }
        return String.join(separator, words);
    }
}
