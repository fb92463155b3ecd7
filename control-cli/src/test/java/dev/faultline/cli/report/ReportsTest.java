// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports rendered from journals alone: well-formed, self-contained HTML; the five steps in
 * Markdown; an index comparing labels.
 */
class ReportsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode journal(String label, String outcome, String verdict, double worst)
            throws Exception {
        return (ObjectNode)
                JSON.readTree(
                        """
                {"schema": "faultline-journal/1",
                 "run": {"id": "run-%1$s", "label": "%1$s", "file": "e.yaml", "title": "Slow reads", "hypothesis": "It copes.\\n<b>verbatim</b>",
                         "learning": null, "improvement": "Add a timeout.", "started": "2026-11-28T10:00:0%4$d.000Z", "durationMillis": 20000,
                         "plannedMillis": 20000, "methodStart": 5000, "methodEnd": 15000, "outcome": "%2$s", "exitCode": 1, "reason": "r"},
                 "targets": [{"name": "app", "locator": "App", "describe": "app: 1 (App)", "pids": [1]}],
                 "probes": [{"name": "p99", "kind": "load", "unit": "ms", "everyMillis": 1000, "source": "GET http://x/"},
                            {"name": "health", "kind": "http", "unit": "", "everyMillis": 1000, "source": "GET http://x/health"}],
                 "steps": [{"start": 5000, "end": 5100, "action": "enable", "detail": "slow on app: jdbc.execute delay", "line": 9}],
                 "faults": [{"fault": "slow", "id": "run-abc.slow", "target": "app", "start": 5100, "end": 15000, "spec": {}}],
                 "verdicts": [{"phase": "during the method", "condition": "p99 < 800ms", "probe": "p99", "line": 12, "verdict": "%3$s",
                               "firstViolation": 7000, "worst": %5$s, "detectMillis": 1900, "recoverMillis": 500, "bound": 800.0, "detail": "d"}],
                 "counters": [{"fault": "slow", "target": "app", "id": "run-abc.slow", "matched": 10, "injected": 9}],
                 "rollback": [{"target": "app", "pid": 1, "verified": true, "note": "listed", "disabled": [], "remaining": []}],
                 "events": [{"t": 0, "kind": "phase", "message": "started"}],
                 "samples": {"p99": [[1000, 20.0], [6000, 900.0], [7000, null, "timed out"], [16000, 30.0]],
                             "health": [[1000, "UP"], [6000, "DOWN"], [16000, "UP"]]}}
                """
                                .formatted(
                                        label,
                                        outcome,
                                        verdict,
                                        label.equals("naive") ? 1 : 2,
                                        worst));
    }

    @Test
    void theHtmlReportIsSelfContainedWithChartsVerdictsAndRollback(@TempDir Path dir)
            throws Exception {
        Reports.write(journal("naive", "deviated", "violated", 900), dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html)
                .doesNotContain("<script")
                .doesNotContain("http-equiv")
                .contains("It copes.\n&lt;b&gt;verbatim&lt;/b&gt;");
        var document =
                DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(dir.resolve("report.html").toFile());
        var xpath = XPathFactory.newInstance().newXPath();
        assertThat(xpath.evaluate("count(//svg[@class='chart'])", document)).isEqualTo("2");
        assertThat(
                        xpath.evaluate(
                                "count(//svg[@data-probe='p99']/rect[@class='fault-window'])",
                                document))
                .isEqualTo("1");
        assertThat(
                        xpath.evaluate(
                                "count(//svg[@data-probe='p99']/line[@class='tolerance'])",
                                document))
                .isEqualTo("1");
        assertThat(
                        xpath.evaluate(
                                "count(//svg[@data-probe='p99']/circle[@class='sample-error'])",
                                document))
                .isEqualTo("1");
        assertThat(
                        xpath.evaluate(
                                "count(//svg[@data-probe='p99']/polyline[@class='series'])",
                                document))
                .isEqualTo("1");
        assertThat(
                        xpath.evaluate(
                                "count(//svg[@data-probe='p99']/circle[@class='series-point'])",
                                document))
                .isEqualTo("1"); // alone after the gap
        assertThat(xpath.evaluate("//svg[@data-probe='health']/text[@class='y-tick']", document))
                .isEqualTo("DOWN");
        assertThat(
                        xpath.evaluate(
                                "normalize-space(//tr[@class='verdict violated']/td[5])", document))
                .isEqualTo("900 ms");
        assertThat(
                        xpath.evaluate(
                                "//tr[contains(@class,'rollback')]/td[@class='verified']",
                                document))
                .isEqualTo("no fault left");
    }

    @Test
    void theMarkdownReportHasTheFiveSteps(@TempDir Path dir) throws Exception {
        Reports.write(journal("naive", "deviated", "violated", 900), dir);
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md)
                .contains(
                        "**DEVIATED** — r",
                        "## 1. Hypothesis\n\n> It copes.\n> <b>verbatim</b>\n",
                        "## 2. Method",
                        "## 3. Observation",
                        "| during the method | p99 < 800ms | **violated** | 7.0s | 900 ms | 1.9s | 500ms | d |",
                        "## 4. Learning\n\n_To fill in",
                        "## 5. Improvement\n\nAdd a timeout.\n");
    }

    @Test
    void theIndexComparesTheRunsOfAnExperimentByLabel(@TempDir Path dir) throws Exception {
        for (String label : new String[] {"naive", "improved"}) {
            JsonNode journal =
                    journal(
                            label,
                            label.equals("naive") ? "deviated" : "held",
                            label.equals("naive") ? "violated" : "held",
                            label.equals("naive") ? 900 : 300);
            Path runDir = Files.createDirectories(dir.resolve("run-" + label));
            JSON.writeValue(runDir.resolve("journal.json").toFile(), journal);
        }
        RunIndex.write(RunIndex.journalsUnder(dir), dir);
        String md = Files.readString(dir.resolve("index.md"));
        assertThat(md)
                .contains(
                        "| Slow reads | naive | **DEVIATED** | 1 | 20.0s | [report.md](run-naive/report.md) |",
                        "| Slow reads | improved | **HELD** | 0 | 20.0s | [report.md](run-improved/report.md) |",
                        "## Slow reads: naive vs improved",
                        "| during the method: p99 < 800ms | violated (worst 900 ms) | held (worst 300 ms) |");
        assertThat(Files.readString(dir.resolve("index.html")))
                .contains("<table class=\"comparison\">", "href=\"run-improved/report.html\"");
    }
}
