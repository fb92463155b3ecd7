// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code report.html}: one self-contained file (inline CSS and SVG, no script, nothing fetched):
 * outcome, hypothesis, verdicts, a chart per probe with the fault windows and tolerances, the
 * method as it ran, fault counters, and the rollback proof.
 */
final class HtmlReport {
    static final String STYLE =
            """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b2a41;margin:0;background:#f3f4f7}
            main{max-width:860px;margin:0 auto;padding:24px 28px 48px;background:#fff;min-height:100vh}
            h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #e1e4ea;padding-bottom:4px}
            h3{font-size:14px;margin:18px 0 4px}
            .meta{color:#5b6577;font-size:13px}
            .outcome{display:inline-block;padding:3px 10px;border-radius:4px;font-weight:600;color:#fff;margin-right:8px}
            .outcome.held{background:#2e8540}.outcome.deviated{background:#c0392b}.outcome.aborted{background:#d9822b}
            .outcome.not-run,.outcome.error{background:#6b7280}
            blockquote{margin:0;padding:8px 14px;background:#f6f7fb;border-left:4px solid #2a6fdb;white-space:pre-wrap}
            table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}
            th,td{border-bottom:1px solid #e6e8ee;padding:5px 6px;text-align:left;vertical-align:top}
            th{background:#f6f7fb;font-weight:600}
            td.num{text-align:right;white-space:nowrap}
            tr.verdict.violated td.verdict,tr.rollback.unverified td.verified{color:#c0392b;font-weight:600}
            tr.verdict.held td.verdict,tr.rollback.verified td.verified{color:#2e8540;font-weight:600}
            tr.verdict.not-evaluated td.verdict{color:#6b7280}
            figure{margin:10px 0 18px}figcaption{font-size:13px;margin-bottom:2px}figcaption .src{color:#5b6577}
            .legend{font-size:12px;color:#5b6577}.legend span{margin-right:14px}
            .swatch{display:inline-block;width:12px;height:10px;vertical-align:middle;margin-right:4px}
            details{margin-top:10px}pre{font-size:12px;white-space:pre-wrap}
            """;

    private HtmlReport() {}

    static String render(JsonNode journal) {
        JsonNode run = journal.path("run");
        StringBuilder html = new StringBuilder();
        html.append(
                        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
                .append(Html.escape(run.path("title").asText()))
                .append(" — ")
                .append(Figures.outcome(run.path("outcome").asText()))
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n");
        html.append("<h1>").append(Html.escape(run.path("title").asText())).append("</h1>\n");
        html.append("<p class=\"meta\"><span class=\"outcome ")
                .append(Html.escape(run.path("outcome").asText()))
                .append("\" id=\"outcome\">")
                .append(Figures.outcome(run.path("outcome").asText()))
                .append("</span>")
                .append(Html.escape(run.path("reason").asText()))
                .append("<br/>run ")
                .append(Html.escape(run.path("id").asText()))
                .append(
                        run.path("label").isTextual()
                                ? " · label " + Html.escape(run.path("label").asText())
                                : "")
                .append(" · started ")
                .append(Html.escape(run.path("started").asText()))
                .append(" · ")
                .append(Figures.millis(run.path("durationMillis")))
                .append(" · exit code ")
                .append(run.path("exitCode").asInt())
                .append(" · ")
                .append(Html.escape(run.path("file").asText()))
                .append("</p>\n");

        html.append("<h2>Hypothesis</h2>\n<blockquote id=\"hypothesis\">")
                .append(Html.escape(run.path("hypothesis").asText()))
                .append("</blockquote>\n");
        verdicts(html, journal);
        charts(html, journal);
        method(html, journal);
        counters(html, journal);
        rollback(html, journal);
        html.append("<details><summary>Events</summary><pre>");
        for (JsonNode event : journal.path("events")) {
            html.append(
                    String.format(
                            "%8s  %s%n",
                            Figures.millis(event.path("t").asLong()),
                            Html.escape(event.path("message").asText())));
        }
        html.append("</pre></details>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void verdicts(StringBuilder html, JsonNode journal) {
        html.append(
                "<h2>Verdicts</h2>\n<table id=\"verdicts\">\n<tr><th>phase</th><th>condition</th><th>verdict</th><th>first violation</th>"
                        + "<th>worst</th><th>time to detect</th><th>time to recover</th><th>detail</th></tr>\n");
        for (JsonNode verdict : journal.path("verdicts")) {
            String state = verdict.path("verdict").asText();
            String unit = unitOf(journal, verdict.path("probe").asText());
            html.append("<tr class=\"verdict ")
                    .append(state.replace(' ', '-'))
                    .append("\"><td>")
                    .append(Html.escape(verdict.path("phase").asText()))
                    .append("</td><td>")
                    .append(Html.escape(verdict.path("condition").asText()))
                    .append(" <span class=\"meta\">line ")
                    .append(verdict.path("line").asInt())
                    .append("</span></td><td class=\"verdict\">")
                    .append(Html.escape(state))
                    .append("</td><td class=\"num\">")
                    .append(Figures.millis(verdict.get("firstViolation")))
                    .append("</td><td class=\"num\">")
                    .append(Html.escape(Figures.value(verdict.get("worst"), unit)))
                    .append("</td><td class=\"num\">")
                    .append(Figures.millis(verdict.get("detectMillis")))
                    .append("</td><td class=\"num\">")
                    .append(Figures.millis(verdict.get("recoverMillis")))
                    .append("</td><td>")
                    .append(Html.escape(verdict.path("detail").asText()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void charts(StringBuilder html, JsonNode journal) {
        html.append(
                "<h2>Probes</h2>\n<p class=\"legend\"><span><i class=\"swatch\" style=\"background:rgba(228,87,46,.3)\"></i>fault active</span>"
                        + "<span><i class=\"swatch\" style=\"border-top:2px dashed #2a6fdb;height:0\"></i>tolerance of a condition</span>"
                        + "<span><i class=\"swatch\" style=\"border-left:2px dotted #7a8394\"></i>method start and end</span>"
                        + "<span><i class=\"swatch\" style=\"background:#c0392b;border-radius:6px;width:8px;height:8px\"></i>failed sample</span></p>\n");
        long duration = journal.path("run").path("durationMillis").asLong();
        List<SvgChart.Span> spans = new ArrayList<>();
        for (JsonNode fault : journal.path("faults")) {
            long end = fault.path("end").asLong();
            spans.add(
                    new SvgChart.Span(
                            fault.path("start").asLong(),
                            end < 0 ? duration : end,
                            fault.path("fault").asText() + " @ " + fault.path("target").asText()));
        }
        for (JsonNode probe : journal.path("probes")) {
            String name = probe.path("name").asText();
            List<SvgChart.Tolerance> tolerances = new ArrayList<>();
            for (JsonNode verdict : journal.path("verdicts")) {
                if (verdict.path("probe").asText().equals(name) && verdict.has("bound")) {
                    SvgChart.Tolerance tolerance =
                            new SvgChart.Tolerance(
                                    verdict.path("bound").asDouble(),
                                    verdict.path("condition").asText());
                    if (tolerances.stream().noneMatch(t -> t.value() == tolerance.value())) {
                        tolerances.add(tolerance);
                    }
                }
            }
            html.append("<figure class=\"probe\" id=\"probe-")
                    .append(Html.escape(name))
                    .append("\"><figcaption><b>")
                    .append(Html.escape(name))
                    .append("</b> <span class=\"src\">")
                    .append(Html.escape(probe.path("source").asText()))
                    .append(", every ")
                    .append(Figures.millis(probe.path("everyMillis").asLong()))
                    .append("</span></figcaption>\n");
            html.append(
                    SvgChart.render(
                            name,
                            probe.path("unit").asText(),
                            journal.path("samples").path(name),
                            duration,
                            spans,
                            tolerances,
                            journal.path("run").path("methodStart").asLong(-1),
                            journal.path("run").path("methodEnd").asLong(-1)));
            html.append("</figure>\n");
        }
    }

    private static void method(StringBuilder html, JsonNode journal) {
        html.append(
                "<h2>Method</h2>\n<table id=\"timeline\">\n<tr><th>start</th><th>end</th><th>step</th><th>detail</th><th>result</th></tr>\n");
        for (JsonNode step : journal.path("steps")) {
            html.append("<tr class=\"step\"><td class=\"num\">")
                    .append(Figures.millis(step.path("start").asLong()))
                    .append("</td><td class=\"num\">")
                    .append(Figures.millis(step.get("end")))
                    .append("</td><td>")
                    .append(Html.escape(step.path("action").asText()))
                    .append("</td><td>")
                    .append(Html.escape(step.path("detail").asText()))
                    .append("</td><td>")
                    .append(Html.escape(step.path("result").asText("")))
                    .append("</td></tr>\n");
        }
        html.append(
                "</table>\n<h3>Fault windows</h3>\n<table id=\"fault-windows\">\n<tr><th>fault</th><th>target</th><th>id on the target</th>"
                        + "<th>start</th><th>end</th></tr>\n");
        for (JsonNode fault : journal.path("faults")) {
            html.append("<tr><td>")
                    .append(Html.escape(fault.path("fault").asText()))
                    .append("</td><td>")
                    .append(Html.escape(fault.path("target").asText()))
                    .append("</td><td>")
                    .append(Html.escape(fault.path("id").asText()))
                    .append("</td><td class=\"num\">")
                    .append(Figures.millis(fault.path("start").asLong()))
                    .append("</td><td class=\"num\">")
                    .append(Figures.millis(fault.path("end").asLong()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void counters(StringBuilder html, JsonNode journal) {
        html.append(
                "<h2>Fault counters</h2>\n<table id=\"counters\">\n<tr><th>fault</th><th>target</th><th>matched</th><th>injected</th></tr>\n");
        for (JsonNode counter : journal.path("counters")) {
            html.append("<tr><td>")
                    .append(Html.escape(counter.path("fault").asText()))
                    .append("</td><td>")
                    .append(Html.escape(counter.path("target").asText()))
                    .append("</td><td class=\"num\">")
                    .append(counter.path("matched").asLong())
                    .append("</td><td class=\"num\">")
                    .append(counter.path("injected").asLong())
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void rollback(StringBuilder html, JsonNode journal) {
        html.append(
                "<h2>Rollback</h2>\n<table id=\"rollback\">\n<tr><th>target</th><th>pid</th><th>disabled by the rollback</th>"
                        + "<th>left on the target</th><th>verified</th><th>how</th></tr>\n");
        for (JsonNode target : journal.path("rollback")) {
            boolean verified = target.path("verified").asBoolean();
            html.append("<tr class=\"rollback ")
                    .append(verified ? "verified" : "unverified")
                    .append("\"><td>")
                    .append(Html.escape(target.path("target").asText()))
                    .append("</td><td class=\"num\">")
                    .append(target.path("pid").asLong())
                    .append("</td><td>")
                    .append(Html.escape(join(target.path("disabled"))))
                    .append("</td><td>")
                    .append(Html.escape(join(target.path("remaining"))))
                    .append("</td><td class=\"verified\">")
                    .append(verified ? "no fault left" : "NOT VERIFIED")
                    .append("</td><td>")
                    .append(Html.escape(target.path("note").asText()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    static String unitOf(JsonNode journal, String probe) {
        for (JsonNode p : journal.path("probes")) {
            if (p.path("name").asText().equals(probe)) {
                return p.path("unit").asText();
            }
        }
        return "";
    }

    static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(item -> parts.add(item.asText()));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
