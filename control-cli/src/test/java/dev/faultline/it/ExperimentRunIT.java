// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline run} end to end: the packaged CLI runs experiment files against a real service
 * JVM ({@link dev.faultline.it.app.ExperimentService}) with real faults, probes and load on
 * loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExperimentRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceJvm service;

    @TempDir Path dir;

    @BeforeAll
    void startService() throws Exception {
        service = ServiceJvm.start();
    }

    @AfterAll
    void stopService() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    /**
     * The common part of the experiments: the service, its probes and a steady load of stock reads.
     */
    private String preamble(String title) {
        return preamble(title, service);
    }

    private static String preamble(String title, ServiceJvm service) {
        return """
                title: %s
                hypothesis: |
                  When inventory reads slow down or fail, stock requests keep their promise.
                  (Printed verbatim.)
                variables:
                  base: %s
                targets:
                  service: "%d"
                probes:
                  - name: health
                    http: {url: "${base}/health", json: status}
                  - name: breaker
                    http: {url: "${base}/breaker", json: state}
                    every: 500ms
                  - name: pool-active
                    jmx: {target: service, mbean: "com.zaxxer.hikari:type=Pool (*)", attribute: ActiveConnections}
                  - name: heap
                    jvm: {target: service, figure: heap-used}
                  - name: injected
                    faults: {target: service, counter: injected}
                load:
                  - name: stock
                    url: ${base}/stock
                    rate: 20
                    timeout: 2s
                steady-state:
                  conditions:
                    - health is UP
                    - stock.success-rate >= 99%%
                  settle: 2s
                  recovers-within: 6s
                """
                .formatted(title, service.base(), service.pid());
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static JsonNode journalOf(Path out) throws IOException {
        try (var files = Files.walk(out)) {
            List<Path> journals =
                    files.filter(f -> f.getFileName().toString().equals("journal.json")).toList();
            assertThat(journals).hasSize(1);
            return JSON.readTree(journals.get(0).toFile());
        }
    }

    /** The faults on the target, asked of the target itself through the CLI. */
    private String faultsOnTarget() throws Exception {
        Cli list = Cli.run("list", String.valueOf(service.pid()), "--json");
        assertThat(list.exitCode).as(list.toString()).isZero();
        return list.out.trim();
    }

    @Test
    void aHypothesisThatHoldsExitsZeroWithReports() throws Exception {
        Path file =
                write(
                        "holds.yaml",
                        preamble("Stock stays fast when reads slow down a little")
                                + """
                method:
                  - enable: {target: service, id: slow-reads, point: jdbc.execute, action: delay, delay: 100ms}
                  - wait: 3s
                  - disable: slow-reads
                expect:
                  - stock.p99 < 1s
                  - stock.success-rate >= 99%
                  - that: injected > 0
                    within: 2s
                  - never: breaker is OPEN
                """);
        Path out = dir.resolve("runs-holds");
        Cli run = Cli.run("run", file.toString(), "--out", out.toString(), "--label", "naive");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("HELD: the hypothesis held");
        JsonNode journal = journalOf(out);
        assertThat(journal.path("run").path("outcome").asText()).isEqualTo("held");
        assertThat(journal.path("run").path("label").asText()).isEqualTo("naive");
        assertThat(journal.path("samples").path("stock.p99").size()).isGreaterThan(3);
        assertThat(journal.path("faults").get(0).path("id").asText())
                .matches("run-[a-z0-9]{6}\\.slow-reads");
        assertThat(journal.path("counters").get(0).path("injected").asLong()).isPositive();
        assertThat(journal.path("rollback").get(0).path("verified").asBoolean()).isTrue();
        assertThat(faultsOnTarget()).isEqualTo("[]");
        Path runDir = Files.list(out).filter(Files::isDirectory).findFirst().orElseThrow();
        assertThat(runDir.resolve("report.html")).exists();
        assertThat(Files.readString(runDir.resolve("report.md")))
                .contains(
                        "## 1. Hypothesis",
                        "> When inventory reads slow down or fail",
                        "## 5. Improvement");
        assertThat(out.resolve("index.html")).exists();

        // the reports render again from the journal alone
        Files.delete(runDir.resolve("report.html"));
        Cli report = Cli.run("report", runDir.resolve("journal.json").toString());
        assertThat(report.exitCode).as(report.toString()).isZero();
        assertThat(runDir.resolve("report.html")).exists();
    }

    @Test
    void aDeviationExitsOneNamingTheViolatedConditionAndChartsIt() throws Exception {
        Path file =
                write(
                        "deviates.yaml",
                        preamble("Stock requests survive failing inventory reads")
                                + """
                method:
                  - enable: {target: service, id: failing-reads, point: jdbc.execute, action: error, sqlState: "08006"}
                  - wait: 3s
                  - disable: failing-reads
                expect:
                  - stock.success-rate >= 99%
                  - that: breaker is OPEN
                    within: 3s
                  - that: breaker is CLOSED
                    within: 5s
                    after: end
                """);
        Path out = dir.resolve("runs-deviates");
        Cli run = Cli.run("run", file.toString(), "--out", out.toString());
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        int line = lineOf(file, "  - stock.success-rate >= 99%\n  - that: breaker is OPEN");
        assertThat(run.out)
                .containsPattern(
                        "VIOLATED\\s+during the method\\s+stock.success-rate >= 99% \\(line "
                                + line
                                + "\\): first at")
                .containsPattern(
                        "HELD\\s+during the method\\s+breaker is OPEN, within 3s of the start of the faults")
                .containsPattern(
                        "HELD\\s+during the method\\s+breaker is CLOSED, within 5s of the end of the faults")
                .contains("DEVIATED: the system deviated from the hypothesis");
        assertThat(faultsOnTarget()).isEqualTo("[]");

        Path runDir = Files.list(out).filter(Files::isDirectory).findFirst().orElseThrow();
        ReportStructure report = ReportStructure.parse(runDir.resolve("report.html"));
        assertThat(report.charts())
                .contains(
                        "health",
                        "breaker",
                        "pool-active",
                        "heap",
                        "injected",
                        "stock.success-rate",
                        "stock.p99");
        assertThat(
                        report.count(
                                "//*[local-name()='svg'][@data-probe='stock.success-rate']/*[local-name()='rect'][@class='fault-window']"))
                .isEqualTo(1);
        assertThat(
                        report.count(
                                "//*[local-name()='svg'][@data-probe='stock.success-rate']/*[local-name()='line'][@class='tolerance']"))
                .isEqualTo(1);
        assertThat(
                        report.count(
                                "//*[local-name()='svg'][@data-probe='stock.success-rate']/*[local-name()='polyline'][@class='series']"))
                .isPositive();
        assertThat(
                        report.text(
                                "//*[local-name()='tr'][contains(@class,'violated')]/*[local-name()='td'][2]"))
                .startsWith("stock.success-rate >= 99%");
        assertThat(report.count("//*[local-name()='tr'][contains(@class,'verdict')]"))
                .isEqualTo(2 + 3 + 2);
        assertThat(report.text("//*[@id='outcome']")).isEqualTo("DEVIATED");
        assertThat(
                        report.text(
                                "//*[local-name()='tr'][contains(@class,'rollback')]/*[local-name()='td'][@class='verified']"))
                .isEqualTo("no fault left");
        assertThat(report.count("//*[local-name()='script' or local-name()='link' or @src]"))
                .isZero();
        Browser.renderAndCheck(runDir.resolve("report.html"));
    }

    @Test
    void aGuardrailAbortsWithExitTwoAndEveryFaultRolledBackOnTheTarget() throws Exception {
        Path file =
                write(
                        "guardrail.yaml",
                        preamble("Failing reads stop the run when too many requests fail")
                                + """
                method:
                  - enable: {target: service, id: failing-reads, point: jdbc.execute, action: error}
                  - enable: {target: service, id: slow-commits, point: jdbc.commit, action: delay, delay: 10ms}
                  - wait: 30s
                guardrails:
                  abort-when:
                    - that: stock.success-rate < 50%
                      for: 1s
                """);
        Path out = dir.resolve("runs-guardrail");
        long start = System.nanoTime();
        Cli run = Cli.run("run", file.toString(), "--out", out.toString());
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(25);
        assertThat(run.out)
                .contains("aborting: guardrail breached: stock.success-rate < 50% for 1s")
                .contains("ABORTED: ");
        assertThat(faultsOnTarget()).isEqualTo("[]");
        JsonNode journal = journalOf(out);
        assertThat(journal.path("run").path("outcome").asText()).isEqualTo("aborted");
        assertThat(journal.path("rollback").get(0).path("verified").asBoolean()).isTrue();
        assertThat(journal.path("faults")).hasSize(2);
    }

    @Test
    void sigintMidRunRollsBackAndReportsAborted() throws Exception {
        Path file =
                write(
                        "interrupted.yaml",
                        preamble("A long fault interrupted by Ctrl-C")
                                + """
                method:
                  - enable: {target: service, id: slow-reads, point: jdbc.execute, action: delay, delay: 50ms}
                  - wait: 60s
                """);
        Path out = dir.resolve("runs-sigint");
        CliProcess cli = CliProcess.start("run", file.toString(), "--out", out.toString());
        cli.awaitOutput("enabled slow-reads", 30);
        assertThat(faultsOnTarget()).contains(".slow-reads");
        new ProcessBuilder("kill", "-INT", String.valueOf(cli.pid())).start().waitFor();
        assertThat(cli.awaitExit(30)).as(cli.output()).isEqualTo(2);
        assertThat(cli.output()).contains("aborting: interrupted by SIGINT");
        assertThat(faultsOnTarget()).isEqualTo("[]");
        JsonNode journal = journalOf(out);
        assertThat(journal.path("run").path("outcome").asText()).isEqualTo("aborted");
        Path runDir = Files.list(out).filter(Files::isDirectory).findFirst().orElseThrow();
        assertThat(Files.readString(runDir.resolve("report.md")))
                .contains("**ABORTED** — interrupted by SIGINT");
    }

    @Test
    void aTargetThatDiesIsFoundAgainByNameAndItsRestartCounted() throws Exception {
        ServiceJvm first = ServiceJvm.start("dev.faultline.it.app.RestartingService");
        AtomicReference<ServiceJvm> second = new AtomicReference<>();
        Thread supervisor =
                new Thread(
                        () -> { // restarts the service once it has died, as the sample stack's
                            // supervisor does
                            try {
                                long deadline = System.nanoTime() + 60_000_000_000L;
                                while (ProcessHandle.of(first.pid())
                                                .map(ProcessHandle::isAlive)
                                                .orElse(false)
                                        && System.nanoTime() < deadline) {
                                    Thread.sleep(100);
                                }
                                Thread.sleep(1500); // a supervisor's back-off: the runner sees the
                                // service down before it is back
                                second.set(
                                        ServiceJvm.start("dev.faultline.it.app.RestartingService"));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
        supervisor.start();
        try {
            Path file =
                    write(
                            "dies.yaml",
                            """
                    title: The service dies and comes back
                    hypothesis: The service is restarted within 5 seconds of dying.
                    targets:
                      service: RestartingService
                    probes:
                      - name: alive
                        jvm: {target: service, figure: alive}
                        every: 250ms
                      - name: restarts
                        jvm: {target: service, figure: restarts}
                        every: 250ms
                      - name: threads
                        jvm: {target: service, figure: threads}
                    steady-state:
                      conditions: [alive is 1]
                      settle: 1s
                      recovers-within: 10s
                    method:
                      - enable: {target: service, id: slow-reads, point: jdbc.execute, action: delay, delay: 10ms}
                      - run: kill -9 %d
                      - wait: 2s
                    expect:
                      - that: restarts >= 1
                        within: 8s
                      - that: alive is 0
                        within: 2s
                    """
                                    .formatted(first.pid()));
            Path out = dir.resolve("runs-dies");
            Cli run = Cli.run("run", file.toString(), "--out", out.toString());
            assertThat(run.exitCode).as(run.toString()).isZero();
            JsonNode journal = journalOf(out);
            assertThat(journal.path("targets").get(0).path("pids")).hasSize(2);
            assertThat(journal.path("rollback").get(0).path("verified").asBoolean()).isTrue();
            assertThat(journal.path("steps").get(1).path("result").asText())
                    .isEqualTo("exit code 0");
        } finally {
            supervisor.join(60_000);
            first.close();
            if (second.get() != null) {
                second.get().close();
            }
        }
    }

    @Test
    void aSteadyStateNotMetStopsTheRunBeforeAnythingIsInjected() throws Exception {
        Path file =
                write(
                        "not-steady.yaml",
                        preamble("Nothing happens to a system that is not steady")
                                        .replace(
                                                "    - health is UP\n",
                                                "    - health is UP\n    - breaker is OPEN\n")
                                + """
                method:
                  - enable: {target: service, id: failing-reads, point: jdbc.execute, action: error}
                  - wait: 2s
                """);
        Path out = dir.resolve("runs-not-steady");
        Cli run = Cli.run("run", file.toString(), "--out", out.toString());
        assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
        assertThat(run.out)
                .contains("steady state not met: breaker is OPEN")
                .contains("NOT RUN: steady state not met before the method");
        JsonNode journal = journalOf(out);
        assertThat(journal.path("faults")).isEmpty();
        assertThat(journal.path("steps")).isEmpty();
        assertThat(faultsOnTarget()).isEqualTo("[]");
    }

    @Test
    void aTargetWhoseAllowOptionRefusesAFaultStopsTheRunBeforeAnythingIsInjected()
            throws Exception {
        try (ServiceJvm limited =
                ServiceJvm.start(ServiceJvm.MAIN, ChildJvm.javaagent("allow=jdbc.commit"))) {
            Path file =
                    write(
                            "not-allowed.yaml",
                            preamble("A target that allows commit faults only", limited)
                                    + """
                    method:
                      - enable: {target: service, id: slow-commits, point: jdbc.commit, action: delay, delay: 10ms}
                      - enable: {target: service, id: failing-reads, point: jdbc.execute, action: error}
                      - wait: 2s
                    """);
            Path out = dir.resolve("runs-not-allowed");
            Cli run = Cli.run("run", file.toString(), "--out", out.toString());
            assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
            String refusal =
                    file
                            + " (line "
                            + lineOf(file, "  - enable: {target: service, id: failing-reads")
                            + "): fault 'failing-reads' on target 'service': field 'point': 'jdbc.execute' is not allowed by the target's"
                            + " allow= option (allowed: jdbc.commit)";
            assertThat(run.out)
                    .contains("faultline: " + refusal)
                    .contains(
                            "NOT RUN: a target's allow= option refuses a fault of the method: "
                                    + refusal);
            JsonNode journal = journalOf(out);
            assertThat(journal.path("run").path("outcome").asText()).isEqualTo("not-run");
            assertThat(journal.path("faults")).isEmpty();
            assertThat(journal.path("steps")).isEmpty();
            Cli list = Cli.run("list", String.valueOf(limited.pid()), "--json");
            assertThat(list.exitCode).as(list.toString()).isZero();
            assertThat(JSON.readTree(list.out)).isEmpty();
        }
    }

    @Test
    void aDryRunChecksEverythingAndEnablesNothing() throws Exception {
        Path file =
                write(
                        "dry.yaml",
                        preamble("Dry run")
                                + """
                method:
                  - enable: {target: service, id: slow-reads, point: jdbc.execute, action: delay, delay: 100ms}
                  - wait: 1s
                """);
        Cli dry =
                Cli.run(
                        "run",
                        file.toString(),
                        "--dry-run",
                        "--out",
                        dir.resolve("runs-dry").toString());
        assertThat(dry.exitCode).as(dry.toString()).isZero();
        assertThat(dry.out)
                .contains("target    service: " + service.pid())
                .containsPattern("probe     health every 1s: .* = UP")
                .containsPattern("probe     pool-active every 1s: .* = 0")
                .contains("dry run: nothing was enabled");
        assertThat(dir.resolve("runs-dry")).doesNotExist();

        Path bad =
                write(
                        "bad-spec.yaml",
                        preamble("A spec the agent refuses")
                                + """
                method:
                  - enable: {target: service, id: slow-reads, point: jdbc.execute, action: delay, delay: soon}
                """);
        Cli refused = Cli.run("run", bad.toString(), "--dry-run");
        assertThat(refused.exitCode).isEqualTo(3);
        assertThat(refused.out)
                .contains(
                        "bad-spec.yaml (line "
                                + lineOf(bad, "  - enable:")
                                + "): fault 'slow-reads': field 'method[0].enable.delay': 'soon' is not a duration");
    }

    @Test
    void aBadFileIsRefusedWithFieldsAndLinesAndNothingEnabled() throws Exception {
        Path file =
                write(
                        "bad.yaml",
                        """
                title: Bad
                hypothesis: h
                targets:
                  service: "%d"
                probes:
                  - name: health
                    http: {url: "${base}/health"}
                    colour: red
                method:
                  - enable: {target: elsewhere, id: x, point: jdbc.execute, action: error}
                expect:
                  - health is maybe
                  - nothing > 1
                """
                                .formatted(service.pid()));
        Cli run = Cli.run("run", file.toString(), "--var", "base=http://127.0.0.1:1");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
        assertThat(run.out)
                .contains(
                        "bad.yaml (line 8): unknown field 'probes[0].colour'; expected one of: name, every, delta, http, jmx, jvm, faults, command")
                .contains(
                        "bad.yaml (line 10): field 'method[0].enable': no target named 'elsewhere'; targets: service")
                .contains("bad.yaml (line 13): field 'expect[1]': no probe named 'nothing'")
                .contains("not run; nothing was enabled");
        assertThat(faultsOnTarget()).isEqualTo("[]");
    }

    private static int lineOf(Path file, String text) throws IOException {
        String content = Files.readString(file);
        return content.substring(0, content.indexOf(text)).split("\n", -1).length;
    }
}
