// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The file format: the documented example, the JSON Schema and the parser agree; bad files are
 * refused with fields and lines.
 */
class ExperimentFileTest {
    private static final Path DOCS = Path.of("..", "docs");
    private static final Map<String, String> ENVIRONMENT =
            Map.of("JMX_USER", "monitor", "JMX_PASSWORD", "secret");

    /** The experiment files of docs/experiments.md: its YAML blocks that start with a title. */
    static List<String> documentedExperiments() throws IOException {
        String doc = Files.readString(DOCS.resolve("experiments.md"));
        List<String> files = new ArrayList<>();
        for (String block : doc.split("```yaml\n")) {
            String yaml = block.split("```", 2)[0];
            if (yaml.startsWith("title:")) {
                files.add(yaml);
            }
        }
        return files;
    }

    static Experiment parse(String yaml) {
        return ExperimentParser.parse(
                SourceFile.parse("experiment.yaml", yaml, true), Map.of(), ENVIRONMENT);
    }

    @Test
    void theDocumentedExampleParses() throws IOException {
        List<String> examples = documentedExperiments();
        assertThat(examples).isNotEmpty();
        Experiment experiment = parse(examples.get(0));
        assertThat(experiment.title()).isEqualTo("Orders survive slow inventory reads");
        assertThat(experiment.hypothesis())
                .startsWith("When inventory reads take 500 ms longer")
                .endsWith("after\nthe fault ends.\n");
        assertThat(experiment.targets())
                .extracting(Experiment.TargetDef::name)
                .containsExactly("order", "inventory", "broker");
        assertThat(experiment.targets().get(2).jmxUser()).isEqualTo("monitor");
        assertThat(experiment.targets().get(0).byName()).isTrue();
        assertThat(experiment.seriesNames())
                .contains("order-health", "breaker", "shop.p99", "shop.success-rate");
        assertThat(((Experiment.HttpSource) experiment.probes().get(0).source()).url())
                .isEqualTo("http://127.0.0.1:8080/actuator/health");
        assertThat(experiment.expectations())
                .extracting(Condition::text)
                .containsExactly(
                        "shop.p99 < 800ms",
                        "shop.success-rate >= 99%",
                        "breaker is OPEN, within 10s of the start of the faults",
                        "breaker is CLOSED, within 1m of the end of the faults",
                        "never order-restarts > 0");
        assertThat(experiment.expectations().get(0).expression().operand()).isEqualTo(800.0);
        assertThat(experiment.guardrails().maxDuration()).hasMinutes(5);
        Experiment.EnableStep enable = (Experiment.EnableStep) experiment.method().get(0);
        assertThat(enable.spec().toString())
                .isEqualTo(
                        "{\"point\":\"jdbc.execute\",\"action\":\"delay\",\"delay\":\"500ms\","
                                + "\"match\":{\"sql\":\"(?i)select .* from inventory\"}}");
        assertThat(Timeline.plannedMillis(experiment.method())).isEqualTo(50_000);
    }

    @Test
    void theDocumentedExamplesMatchTheSchema() throws IOException {
        JsonNode schema =
                new ObjectMapper().readTree(DOCS.resolve("experiment.schema.json").toFile());
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (String example : documentedExperiments()) {
            assertThat(new JsonSchemaSubset(schema).validate(yaml.readTree(example))).isEmpty();
        }
        JsonNode bad =
                yaml.readTree(
                        "title: t\nhypothesis: h\ntargets: {a: a}\nmethod: [{wait: soon}]\nprobes: [{name: x, colour: red}]\n");
        assertThat(new JsonSchemaSubset(schema).validate(bad)).isNotEmpty();
    }

    /**
     * The plan's seven experiments in samples/experiments: each parses and matches the schema as it
     * ships.
     */
    @Test
    void theSampleSystemsExperimentsParseAndMatchTheSchema() throws IOException {
        JsonNode schema =
                new ObjectMapper().readTree(DOCS.resolve("experiment.schema.json").toFile());
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<Path> files;
        try (var listing = Files.list(Path.of("..", "samples", "experiments"))) {
            files =
                    listing.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                            .sorted()
                            .toList();
        }
        assertThat(files).hasSize(7);
        for (Path file : files) {
            String text = Files.readString(file);
            assertThat(new JsonSchemaSubset(schema).validate(yaml.readTree(text)))
                    .as(file.toString())
                    .isEmpty();
            Experiment experiment =
                    ExperimentParser.parse(
                            SourceFile.parse(file.toString(), text, true), Map.of(), ENVIRONMENT);
            assertThat(experiment.hypothesis()).as(file.toString()).isNotBlank();
            assertThat(experiment.learning()).as(file.toString()).isNotBlank();
            assertThat(experiment.improvement()).as(file.toString()).isNotBlank();
            assertThat(experiment.expectations()).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void theSchemaAndTheParserNameTheSameFields() throws IOException {
        JsonNode defs =
                new ObjectMapper()
                        .readTree(DOCS.resolve("experiment.schema.json").toFile())
                        .path("$defs");
        ExperimentParser.FIELDS.forEach(
                (kind, fields) -> {
                    JsonNode properties = defs.path(kind).path("properties");
                    for (JsonNode alternative :
                            defs.path(kind)
                                    .path("oneOf")) { // a string, or an object with these fields
                        properties =
                                alternative.has("properties")
                                        ? alternative.path("properties")
                                        : properties;
                    }
                    assertThat(names(properties))
                            .as(kind)
                            .isEqualTo(new TreeSet<>(List.of(fields)));
                });
        Set<String> steps = names(defs.path("step").path("properties"));
        steps.removeAll(Set.of("at", "timeout"));
        assertThat(steps).isEqualTo(new TreeSet<>(List.of(ExperimentParser.STEP_ACTIONS)));
        assertThat(defs.path("jvmProbe").path("properties").path("figure").path("enum"))
                .extracting(JsonNode::asText)
                .containsExactlyElementsOf(ExperimentParser.JVM_FIGURES);
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void variablesComeFromTheFileTheCommandLineAndTheEnvironment() {
        String yaml =
                """
                title: ${name} at ${env.JMX_USER}
                hypothesis: ${missing:-fallback} $${kept}
                variables: {name: file}
                targets: {a: "1"}
                method: [{wait: 1s}]
                """;
        assertThat(parse(yaml).title()).isEqualTo("file at monitor");
        assertThat(parse(yaml).hypothesis()).isEqualTo("fallback ${kept}");
        Experiment overridden =
                ExperimentParser.parse(
                        SourceFile.parse("e.yaml", yaml, true),
                        Map.of("name", "command line"),
                        ENVIRONMENT);
        assertThat(overridden.title()).isEqualTo("command line at monitor");
        assertThatThrownBy(() -> parse(yaml.replace("${name}", "${base}")))
                .hasMessage(
                        "experiment.yaml (line 1): field 'title': variable 'base' is not defined; define it under variables: or give --var base=value");
    }

    @Test
    void everyProblemIsReportedWithItsFieldAndLine() {
        String yaml =
                """
                title: Bad
                hypothesis: h
                targets:
                  a: "1"
                probes:
                  - name: health
                    http: {url: "ftp://x", timeout: soon}
                  - name: heap
                    jvm: {target: b, figure: heap}
                method:
                  - wait: 1s
                    disable: x
                  - enable: {target: a, id: f, point: jdbc.execute, action: error}
                  - disable: g
                expect:
                  - that: health is UP
                    within: 5s
                    for-at-least: 2s
                  - health < UP
                  - that: heap < 1MB
                    after: end
                """;
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOfSatisfying(
                        ExperimentException.class,
                        e ->
                                assertThat(e.problems())
                                        .containsExactly(
                                                "experiment.yaml (line 7): field 'probes[0].http.url': 'ftp://x' is not an http:// or https:// URL",
                                                "experiment.yaml (line 9): field 'probes[1].jvm.figure': unknown figure 'heap'; expected one of: heap-used, threads, gc-time, cpu, alive, restarts",
                                                "experiment.yaml (line 11): field 'method[0]': a step needs exactly one of: enable, disable, wait, run, start-load, stop-load, parallel"
                                                        + " (it has disable and wait; use parallel for steps at the same time)",
                                                "experiment.yaml (line 14): field 'method[2].disable': no enable step has the fault 'g'; faults: f",
                                                "experiment.yaml (line 16): field 'expect[0]': a condition has within or for-at-least, not both; write two conditions",
                                                "experiment.yaml (line 19): field 'expect[1]': 'health < UP' is not a condition; expected "
                                                        + Expression.EXPECTED,
                                                "experiment.yaml (line 21): field 'expect[2].after' goes with within (within 60s after end)"));
    }

    @Test
    void aFileThatIsNotYamlSaysWhere() {
        assertThatThrownBy(() -> parse("title: x\nhypothesis: [unclosed\n"))
                .hasMessage(
                        "experiment.yaml (line 3): not valid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end>");
        assertThatThrownBy(() -> parse("title: a\ntitle: b\n"))
                .hasMessage("field 'title' (line 2) is given twice");
    }
}
