// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code report.md}: the plan's five steps, Hypothesis, Method, Observation, Learning, Improvement.
 */
final class MarkdownReport {
    private MarkdownReport() {}

    static String render(JsonNode journal) {
        JsonNode run = journal.path("run");
        StringBuilder md = new StringBuilder();
        md.append("# ").append(run.path("title").asText()).append("\n\n");
        md.append("**")
                .append(Figures.outcome(run.path("outcome").asText()))
                .append("** — ")
                .append(run.path("reason").asText())
                .append(" (exit code ")
                .append(run.path("exitCode").asInt())
                .append(")\n\n");
        md.append("Run `")
                .append(run.path("id").asText())
                .append('`')
                .append(
                        run.path("label").isTextual()
                                ? ", label `" + run.path("label").asText() + "`"
                                : "")
                .append(", started ")
                .append(run.path("started").asText())
                .append(", ")
                .append(Figures.millis(run.path("durationMillis")))
                .append(", from `")
                .append(run.path("file").asText())
                .append("`.\n\n");

        md.append("## 1. Hypothesis\n\n");
        for (String line : run.path("hypothesis").asText().split("\n", -1)) {
            md.append("> ").append(line).append('\n');
        }

        md.append("\n## 2. Method\n\nTargets:\n\n");
        for (JsonNode target : journal.path("targets")) {
            md.append("- ")
                    .append(target.path("describe").asText())
                    .append(
                            target.path("pids").size() > 1
                                    ? " (pids seen: " + HtmlReport.join(target.path("pids")) + ")"
                                    : "")
                    .append('\n');
        }
        md.append("\nProbes:\n\n");
        for (JsonNode probe : journal.path("probes")) {
            md.append("- `")
                    .append(probe.path("name").asText())
                    .append("`: ")
                    .append(cell(probe.path("source").asText()))
                    .append('\n');
        }
        md.append(
                "\nTimeline:\n\n| start | end | step | detail | result |\n|---:|---:|---|---|---|\n");
        for (JsonNode step : journal.path("steps")) {
            md.append("| ")
                    .append(Figures.millis(step.path("start").asLong()))
                    .append(" | ")
                    .append(Figures.millis(step.get("end")))
                    .append(" | ")
                    .append(step.path("action").asText())
                    .append(" | ")
                    .append(cell(step.path("detail").asText()))
                    .append(" | ")
                    .append(cell(step.path("result").asText("")))
                    .append(" |\n");
        }

        md.append(
                "\n## 3. Observation\n\n| phase | condition | verdict | first violation | worst | detect | recover | detail |\n"
                        + "|---|---|---|---:|---:|---:|---:|---|\n");
        for (JsonNode verdict : journal.path("verdicts")) {
            md.append("| ")
                    .append(verdict.path("phase").asText())
                    .append(" | ")
                    .append(cell(verdict.path("condition").asText()))
                    .append(" | **")
                    .append(verdict.path("verdict").asText())
                    .append("** | ")
                    .append(Figures.millis(verdict.get("firstViolation")))
                    .append(" | ")
                    .append(
                            cell(
                                    Figures.value(
                                            verdict.get("worst"),
                                            HtmlReport.unitOf(
                                                    journal, verdict.path("probe").asText()))))
                    .append(" | ")
                    .append(Figures.millis(verdict.get("detectMillis")))
                    .append(" | ")
                    .append(Figures.millis(verdict.get("recoverMillis")))
                    .append(" | ")
                    .append(cell(verdict.path("detail").asText()))
                    .append(" |\n");
        }
        md.append(
                "\nFigures:\n\n| probe | samples | failed | min | max | last |\n|---|---:|---:|---:|---:|---:|\n");
        for (JsonNode probe : journal.path("probes")) {
            String name = probe.path("name").asText();
            String unit = probe.path("unit").asText();
            JsonNode samples = journal.path("samples").path(name);
            int failed = 0;
            Double min = null;
            Double max = null;
            JsonNode last = null;
            for (JsonNode sample : samples) {
                JsonNode value = sample.get(1);
                if (value.isNull()) {
                    failed++;
                    continue;
                }
                last = value;
                if (value.isNumber()) {
                    min = min == null ? value.asDouble() : Math.min(min, value.asDouble());
                    max = max == null ? value.asDouble() : Math.max(max, value.asDouble());
                }
            }
            md.append("| `")
                    .append(name)
                    .append("` | ")
                    .append(samples.size())
                    .append(" | ")
                    .append(failed)
                    .append(" | ")
                    .append(min == null ? "-" : Figures.number(min, unit))
                    .append(" | ")
                    .append(max == null ? "-" : Figures.number(max, unit))
                    .append(" | ")
                    .append(cell(Figures.value(last, unit)))
                    .append(" |\n");
        }
        md.append(
                "\nFault counters:\n\n| fault | target | matched | injected |\n|---|---|---:|---:|\n");
        for (JsonNode counter : journal.path("counters")) {
            md.append("| ")
                    .append(counter.path("fault").asText())
                    .append(" | ")
                    .append(counter.path("target").asText())
                    .append(" | ")
                    .append(counter.path("matched").asLong())
                    .append(" | ")
                    .append(counter.path("injected").asLong())
                    .append(" |\n");
        }
        md.append("\nRollback:\n\n");
        for (JsonNode target : journal.path("rollback")) {
            md.append("- ")
                    .append(target.path("target").asText())
                    .append(": ")
                    .append(target.path("verified").asBoolean() ? "no fault left" : "NOT VERIFIED")
                    .append(" — ")
                    .append(target.path("note").asText())
                    .append('\n');
        }

        md.append("\n## 4. Learning\n\n")
                .append(
                        text(
                                run.path("learning"),
                                "_To fill in: what did this run teach about the system?_"));
        md.append("\n## 5. Improvement\n\n")
                .append(
                        text(
                                run.path("improvement"),
                                "_To fill in: what will change, and which run will prove it?_"));
        return md.toString();
    }

    private static String text(JsonNode value, String placeholder) {
        return (value.isTextual() && !value.asText().isBlank()
                        ? value.asText().strip()
                        : placeholder)
                + "\n";
    }

    /** A table cell: no line breaks, pipes escaped. */
    static String cell(String text) {
        return text.replace("\n", " ").replace("|", "\\|");
    }
}
