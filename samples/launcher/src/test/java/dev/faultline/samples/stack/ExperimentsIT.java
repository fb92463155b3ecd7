// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The plan's seven experiments, run as the README's main command runs them
 * (samples/experiments/run-all, with shorter faults), against the naive and the improved settings
 * of the sample system. The improved settings must hold every hypothesis; the naive settings must
 * show the weaknesses the plan predicts, on the conditions that describe them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExperimentsIT {
    private static final Path REPOSITORY = Paths.get("..", "..").toAbsolutePath().normalize();
    private final Path out = Paths.get("target", "it-experiments").toAbsolutePath();
    private final Map<String, JsonNode> runs = new LinkedHashMap<>();
    private int exitCode;
    private String output;

    @BeforeAll
    void runAll() throws Exception {
        Path log = Paths.get("target", "it-experiments.log").toAbsolutePath();
        Process process =
                new ProcessBuilder(
                                REPOSITORY.resolve("samples/experiments/run-all").toString(),
                                "--quick",
                                "--base-port",
                                "24080",
                                "--out",
                                out.toString())
                        .directory(REPOSITORY.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
        if (!process.waitFor(40, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        exitCode = process.isAlive() ? -1 : process.exitValue();
        output = Files.readString(log);
        try (Stream<Path> journals = Files.walk(out)) {
            for (Path journal :
                    journals.filter(p -> p.getFileName().toString().equals("journal.json"))
                            .toList()) {
                JsonNode run = Http.JSON.readTree(journal.toFile());
                runs.put(
                        run.path("run").path("title").asText()
                                + " ["
                                + run.path("run").path("label").asText()
                                + "]",
                        run);
            }
        }
    }

    @Test
    void everyExperimentRanInBothSettingsAndTheIndexComparesThem() throws IOException {
        assertThat(exitCode).as(tail()).isZero();
        assertThat(runs.keySet()).as(tail()).hasSize(14);
        String index = Files.readString(out.resolve("index.html"));
        for (JsonNode run : runs.values()) {
            assertThat(index).contains(run.path("run").path("title").asText());
            assertThat(run.path("rollback"))
                    .allSatisfy(target -> assertThat(target.path("remaining")).isEmpty());
        }
    }

    @Test
    void theImprovedSettingsHoldEveryHypothesis() {
        for (int experiment = 1; experiment <= 7; experiment++) {
            JsonNode run = run(experiment, "improved");
            assertThat(run.path("run").path("outcome").asText())
                    .as("%s: %s", title(run), violated(run))
                    .isEqualTo("held");
        }
    }

    @Test
    void theNaiveSettingsDeviateWhereThePlanPredictsAWeakness() {
        assertDeviated(1, "orders.success-rate >= 99%", "order-health-code == 200");
        assertDeviated(
                3,
                "orders.p99 < 1s",
                "order-health is DOWN",
                "order-error is \"connection pool order-pool exhausted\"");
        assertDeviated(4, "inventory-breaker is OPEN", "orders.success-rate >= 95%");
        assertDeviated(6, "stock-consistent is true");
    }

    private void assertDeviated(int experiment, String... conditions) {
        JsonNode run = run(experiment, "naive");
        assertThat(run.path("run").path("outcome").asText()).as(title(run)).isEqualTo("deviated");
        List<String> violated = violated(run);
        for (String condition : conditions) {
            assertThat(violated)
                    .as(title(run))
                    .anySatisfy(v -> assertThat(v).startsWith(condition));
        }
    }

    private JsonNode run(int experiment, String label) {
        return runs.entrySet().stream()
                .filter(
                        e ->
                                e.getKey().startsWith(experiment + ".")
                                        && e.getKey().endsWith("[" + label + "]"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no run of experiment "
                                                + experiment
                                                + " ["
                                                + label
                                                + "] in "
                                                + runs.keySet()
                                                + "\n"
                                                + tail()));
    }

    private static String title(JsonNode run) {
        return run.path("run").path("title").asText()
                + " ["
                + run.path("run").path("label").asText()
                + "]";
    }

    private static List<String> violated(JsonNode run) {
        List<String> violated = new ArrayList<>();
        for (JsonNode verdict : run.path("verdicts")) {
            if (verdict.path("verdict").asText().equals("violated")) {
                violated.add(verdict.path("condition").asText());
            }
        }
        return violated;
    }

    private String tail() {
        String[] lines = output.split("\n");
        return String.join(
                "\n", List.of(lines).subList(Math.max(0, lines.length - 60), lines.length));
    }
}
