// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.cli.experiment.Journal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code index.html} and {@code index.md} over several runs: a summary table (one row per run),
 * and, for each experiment run under more than one label (naive, improved ...), its conditions side
 * by side, one column per label (the latest run of each).
 */
public final class RunIndex {
    private record Run(Path journalFile, JsonNode journal) {
        JsonNode run() {
            return journal.path("run");
        }

        String label() {
            return run().path("label").isTextual() ? run().path("label").asText() : "(no label)";
        }

        long violated() {
            long count = 0;
            for (JsonNode verdict : journal.path("verdicts")) {
                count += verdict.path("verdict").asText().equals("violated") ? 1 : 0;
            }
            return count;
        }
    }

    private RunIndex() {}

    /** Every {@code journal.json} below {@code dir}, oldest first. */
    public static List<Path> journalsUnder(Path dir) throws IOException {
        try (var files = Files.walk(dir, 3)) {
            return files.filter(f -> f.getFileName().toString().equals("journal.json"))
                    .sorted()
                    .toList();
        }
    }

    public static void write(List<Path> journalFiles, Path dir) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (Path file : journalFiles) {
            runs.add(new Run(file, Journal.read(file)));
        }
        runs.sort(Comparator.comparing(r -> r.run().path("started").asText()));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("index.html"), html(runs, dir), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("index.md"), markdown(runs, dir), StandardCharsets.UTF_8);
    }

    private static String link(Run run, Path dir, String file) {
        return dir.toAbsolutePath()
                .normalize()
                .relativize(run.journalFile().toAbsolutePath().normalize().resolveSibling(file))
                .toString()
                .replace('\\', '/');
    }

    /** Experiments with runs under two labels or more: title → label → latest run. */
    private static Map<String, Map<String, Run>> comparisons(List<Run> runs) {
        Map<String, Map<String, Run>> byTitle = new LinkedHashMap<>();
        for (Run run : runs) {
            byTitle.computeIfAbsent(run.run().path("title").asText(), t -> new LinkedHashMap<>())
                    .put(run.label(), run);
        }
        byTitle.values().removeIf(labels -> labels.size() < 2);
        return byTitle;
    }

    /** The conditions of the compared runs, each with each label's verdict. */
    private static Map<String, Map<String, JsonNode>> conditions(Map<String, Run> labels) {
        Map<String, Map<String, JsonNode>> rows = new LinkedHashMap<>();
        labels.forEach(
                (label, run) -> {
                    for (JsonNode verdict : run.journal().path("verdicts")) {
                        rows.computeIfAbsent(
                                        verdict.path("phase").asText()
                                                + ": "
                                                + verdict.path("condition").asText(),
                                        k -> new LinkedHashMap<>())
                                .put(label, verdict);
                    }
                });
        return rows;
    }

    private static String cellText(JsonNode verdict, Run run) {
        if (verdict == null) {
            return "-";
        }
        String worst =
                verdict.path("worst").isNull() || verdict.path("worst").isMissingNode()
                        ? ""
                        : " (worst "
                                + Figures.value(
                                        verdict.get("worst"),
                                        HtmlReport.unitOf(
                                                run.journal(), verdict.path("probe").asText()))
                                + ")";
        return verdict.path("verdict").asText() + worst;
    }

    private static String html(List<Run> runs, Path dir) {
        StringBuilder html =
                new StringBuilder(
                                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>Experiment runs</title>\n<style>\n")
                        .append(HtmlReport.STYLE)
                        .append("</style>\n</head>\n<body>\n<main>\n<h1>Experiment runs</h1>\n");
        html.append(
                "<table id=\"runs\">\n<tr><th>experiment</th><th>label</th><th>outcome</th><th>violated</th><th>duration</th><th>started</th><th>report</th></tr>\n");
        for (Run run : runs) {
            String outcome = run.run().path("outcome").asText();
            html.append("<tr class=\"run ")
                    .append(Html.escape(outcome))
                    .append("\"><td>")
                    .append(Html.escape(run.run().path("title").asText()))
                    .append("</td><td>")
                    .append(Html.escape(run.label()))
                    .append("</td><td><span class=\"outcome ")
                    .append(Html.escape(outcome))
                    .append("\">")
                    .append(Figures.outcome(outcome))
                    .append("</span></td><td class=\"num\">")
                    .append(run.violated())
                    .append("</td><td class=\"num\">")
                    .append(Figures.millis(run.run().path("durationMillis")))
                    .append("</td><td>")
                    .append(Html.escape(run.run().path("started").asText()))
                    .append("</td><td><a href=\"")
                    .append(Html.escape(link(run, dir, "report.html")))
                    .append("\">report</a></td></tr>\n");
        }
        html.append("</table>\n");
        comparisons(runs)
                .forEach(
                        (title, labels) -> {
                            html.append("<h2>")
                                    .append(Html.escape(title))
                                    .append(": ")
                                    .append(Html.escape(String.join(" vs ", labels.keySet())))
                                    .append("</h2>\n")
                                    .append("<table class=\"comparison\">\n<tr><th>condition</th>");
                            labels.forEach(
                                    (label, run) ->
                                            html.append("<th><a href=\"")
                                                    .append(
                                                            Html.escape(
                                                                    link(run, dir, "report.html")))
                                                    .append("\">")
                                                    .append(Html.escape(label))
                                                    .append("</a> <span class=\"outcome ")
                                                    .append(
                                                            Html.escape(
                                                                    run.run()
                                                                            .path("outcome")
                                                                            .asText()))
                                                    .append("\">")
                                                    .append(
                                                            Figures.outcome(
                                                                    run.run()
                                                                            .path("outcome")
                                                                            .asText()))
                                                    .append("</span></th>"));
                            html.append("</tr>\n");
                            conditions(labels)
                                    .forEach(
                                            (condition, byLabel) -> {
                                                html.append("<tr><td>")
                                                        .append(Html.escape(condition))
                                                        .append("</td>");
                                                labels.forEach(
                                                        (label, run) -> {
                                                            JsonNode verdict = byLabel.get(label);
                                                            String state =
                                                                    verdict == null
                                                                            ? "not-evaluated"
                                                                            : verdict.path(
                                                                                            "verdict")
                                                                                    .asText()
                                                                                    .replace(
                                                                                            ' ',
                                                                                            '-');
                                                            html.append("<td class=\"verdict ")
                                                                    .append(state)
                                                                    .append("\">")
                                                                    .append(
                                                                            Html.escape(
                                                                                    cellText(
                                                                                            verdict,
                                                                                            run)))
                                                                    .append("</td>");
                                                        });
                                                html.append("</tr>\n");
                                            });
                            html.append("</table>\n");
                        });
        return html.append("</main>\n</body>\n</html>\n").toString();
    }

    private static String markdown(List<Run> runs, Path dir) {
        StringBuilder md =
                new StringBuilder(
                        "# Experiment runs\n\n| experiment | label | outcome | violated | duration | report |\n|---|---|---|---:|---:|---|\n");
        for (Run run : runs) {
            md.append("| ")
                    .append(MarkdownReport.cell(run.run().path("title").asText()))
                    .append(" | ")
                    .append(run.label())
                    .append(" | **")
                    .append(Figures.outcome(run.run().path("outcome").asText()))
                    .append("** | ")
                    .append(run.violated())
                    .append(" | ")
                    .append(Figures.millis(run.run().path("durationMillis")))
                    .append(" | [report.md](")
                    .append(link(run, dir, "report.md"))
                    .append(") |\n");
        }
        comparisons(runs)
                .forEach(
                        (title, labels) -> {
                            md.append("\n## ")
                                    .append(title)
                                    .append(": ")
                                    .append(String.join(" vs ", labels.keySet()))
                                    .append("\n\n| condition |");
                            labels.keySet()
                                    .forEach(label -> md.append(' ').append(label).append(" |"));
                            md.append("\n|---|").append("---|".repeat(labels.size())).append('\n');
                            conditions(labels)
                                    .forEach(
                                            (condition, byLabel) -> {
                                                md.append("| ")
                                                        .append(MarkdownReport.cell(condition))
                                                        .append(" |");
                                                labels.forEach(
                                                        (label, run) ->
                                                                md.append(' ')
                                                                        .append(
                                                                                MarkdownReport.cell(
                                                                                        cellText(
                                                                                                byLabel
                                                                                                        .get(
                                                                                                                label),
                                                                                                run)))
                                                                        .append(" |"));
                                                md.append('\n');
                                            });
                        });
        return md.toString();
    }
}
