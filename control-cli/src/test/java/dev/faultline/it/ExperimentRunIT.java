package dev.faultline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code faultline run} end to end: the packaged CLI runs experiment files against a real service
 * JVM ({@link dev.faultline.it.app.ExperimentService}) with real faults, probes and load on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExperimentRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceJvm service;

    @TempDir
    Path dir;

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

    /** The common part of the experiments: the service, its probes and a steady load of stock reads. */
    private String preamble(String title) {
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
                """.formatted(title, service.base(), service.pid());
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static JsonNode journalOf(Path out) throws IOException {
        try (var files = Files.walk(out)) {
            List<Path> journals = files.filter(f -> f.getFileName().toString().equals("journal.json")).toList();
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
        Path file = write("holds.yaml", preamble("Stock stays fast when reads slow down a little") + """
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
        assertThat(journal.path("faults").get(0).path("id").asText()).matches("run-[a-z0-9]{6}\\.slow-reads");
        assertThat(journal.path("counters").get(0).path("injected").asLong()).isPositive();
        assertThat(journal.path("rollback").get(0).path("verified").asBoolean()).isTrue();
        assertThat(faultsOnTarget()).isEqualTo("[]");
        Path runDir = Files.list(out).filter(Files::isDirectory).findFirst().orElseThrow();
        assertThat(runDir.resolve("report.html")).exists();
        assertThat(Files.readString(runDir.resolve("report.md"))).contains("## 1. Hypothesis", "> When inventory reads slow down or fail",
                "## 5. Improvement");
        assertThat(out.resolve("index.html")).exists();
    }
}
