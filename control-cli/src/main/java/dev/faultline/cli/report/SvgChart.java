// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * One probe's time chart as inline SVG: the samples as a line (broken where a sample failed, failed
 * samples marked under the axis), the fault windows shaded, the method's start and end marked, and
 * each condition's bound drawn as a dashed tolerance line. A probe with text values (UP/DOWN,
 * OPEN/CLOSED) gets one level per value.
 */
final class SvgChart {
    static final int WIDTH = 760;
    static final int HEIGHT = 190;
    private static final int LEFT = 64;
    private static final int RIGHT = 12;
    private static final int TOP = 14;
    private static final int BOTTOM = 30;

    /** A shaded span: a fault window. */
    record Span(long start, long end, String label) {}

    /** A dashed horizontal line: a condition's bound. */
    record Tolerance(double value, String label) {}

    private SvgChart() {}

    static String render(
            String probe,
            String unit,
            JsonNode samples,
            long duration,
            List<Span> spans,
            List<Tolerance> tolerances,
            long methodStart,
            long methodEnd) {
        boolean textual = false;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        TreeSet<String> levels = new TreeSet<>();
        for (JsonNode sample : samples) {
            JsonNode value = sample.get(1);
            if (value.isNumber()) {
                min = Math.min(min, value.asDouble());
                max = Math.max(max, value.asDouble());
            } else if (!value.isNull()) {
                textual = true;
                levels.add(value.asText());
            }
        }
        List<String> levelList = new ArrayList<>(levels);
        if (textual) {
            min = -0.5;
            max = levelList.size() - 0.5;
        } else {
            for (Tolerance tolerance : tolerances) {
                min = Math.min(min, tolerance.value());
                max = Math.max(max, tolerance.value());
            }
            if (min == Double.MAX_VALUE) {
                min = 0;
                max = 1;
            }
            if (min > 0 && min < max * 0.5) {
                min = 0; // start at zero unless the values sit far from it
            }
            double pad = (max - min) * 0.08;
            if (pad == 0) {
                pad = Math.max(1, Math.abs(max) * 0.1);
            }
            max += pad;
            min = min == 0 ? 0 : min - pad;
        }
        Scale scale = new Scale(Math.max(duration, 1000), min, max);
        StringBuilder svg = new StringBuilder();
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-probe=\"%s\" viewBox=\"0 0 %d %d\""
                                + " width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s over time\">%n",
                        Html.escape(probe),
                        WIDTH,
                        HEIGHT,
                        WIDTH,
                        HEIGHT,
                        Html.escape(probe)));
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<rect class=\"plot\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fbfbfd\" stroke=\"#d0d4dc\"/>%n",
                        LEFT,
                        TOP,
                        WIDTH - LEFT - RIGHT,
                        HEIGHT - TOP - BOTTOM));
        for (Span span : spans) {
            double x1 = scale.x(span.start());
            double x2 = Math.max(x1 + 1, scale.x(span.end()));
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<rect class=\"fault-window\" data-fault=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                                    + " fill=\"#e4572e\" fill-opacity=\"0.16\"><title>%s %s..%s</title></rect>%n",
                            Html.escape(span.label()),
                            x1,
                            TOP,
                            x2 - x1,
                            HEIGHT - TOP - BOTTOM,
                            Html.escape(span.label()),
                            Figures.millis(span.start()),
                            Figures.millis(span.end())));
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<text class=\"fault-label\" x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#b23a1d\">%s</text>%n",
                            x1 + 3,
                            TOP + 11,
                            Html.escape(span.label())));
        }
        yAxis(svg, scale, textual, levelList, unit);
        xAxis(svg, scale);
        for (long mark : new long[] {methodStart, methodEnd}) {
            if (mark >= 0) {
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<line class=\"method-mark\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#7a8394\""
                                        + " stroke-dasharray=\"2 3\"/>%n",
                                scale.x(mark),
                                scale.x(mark),
                                TOP,
                                HEIGHT - BOTTOM));
            }
        }
        if (!textual) {
            for (Tolerance tolerance : tolerances) {
                double y = scale.y(tolerance.value());
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<line class=\"tolerance\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#2a6fdb\""
                                        + " stroke-dasharray=\"6 4\" stroke-width=\"1.2\"/>%n",
                                LEFT,
                                WIDTH - RIGHT,
                                y,
                                y));
                double labelY =
                        y - 3 < TOP + 24
                                ? y + 12
                                : y - 3; // below the line when the fault labels sit above it
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<text class=\"tolerance-label\" x=\"%d\" y=\"%.1f\" font-size=\"10\" fill=\"#2a6fdb\""
                                        + " text-anchor=\"end\">%s</text>%n",
                                WIDTH - RIGHT - 4,
                                labelY,
                                Html.escape(tolerance.label())));
            }
        }
        series(svg, samples, scale, textual, levelList);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void series(
            StringBuilder svg,
            JsonNode samples,
            Scale scale,
            boolean textual,
            List<String> levels) {
        List<String> segments = new ArrayList<>();
        StringBuilder points = new StringBuilder();
        double previousY = Double.NaN;
        for (JsonNode sample : samples) {
            long t = sample.get(0).asLong();
            JsonNode value = sample.get(1);
            if (value.isNull()
                    || (textual && value.isNumber())
                    || (!textual && !value.isNumber())) {
                if (points.length() > 0) {
                    segments.add(points.toString());
                    points.setLength(0);
                }
                previousY = Double.NaN;
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<circle class=\"sample-error\" cx=\"%.1f\" cy=\"%d\" r=\"2.5\" fill=\"#c0392b\"><title>%s: %s</title></circle>%n",
                                scale.x(t),
                                HEIGHT - BOTTOM + 5,
                                Figures.millis(t),
                                Html.escape(sample.path(2).asText("failed"))));
                continue;
            }
            double y =
                    textual ? scale.y(levels.indexOf(value.asText())) : scale.y(value.asDouble());
            if (textual && !Double.isNaN(previousY)) {
                points.append(
                        String.format(
                                Locale.ROOT,
                                "%.1f,%.1f ",
                                scale.x(t),
                                previousY)); // a step, not a slope
            }
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", scale.x(t), y));
            previousY = y;
        }
        if (points.length() > 0) {
            segments.add(points.toString());
        }
        for (String segment : segments) {
            if (segment.trim().split(" ").length == 1) {
                String[] xy = segment.trim().split(",");
                svg.append("<circle class=\"series-point\" cx=\"")
                        .append(xy[0])
                        .append("\" cy=\"")
                        .append(xy[1])
                        .append("\" r=\"2.5\" fill=\"#1b2a41\"/>\n");
            } else {
                svg.append(
                                "<polyline class=\"series\" fill=\"none\" stroke=\"#1b2a41\" stroke-width=\"1.6\" points=\"")
                        .append(segment.trim())
                        .append("\"/>\n");
            }
        }
    }

    private static void yAxis(
            StringBuilder svg, Scale scale, boolean textual, List<String> levels, String unit) {
        if (textual) {
            for (int i = 0; i < levels.size(); i++) {
                tick(svg, scale.y(i), levels.get(i));
            }
            return;
        }
        double step = niceStep((scale.max - scale.min) / 4);
        for (double v = Math.ceil(scale.min / step) * step; v <= scale.max + 1e-9; v += step) {
            tick(svg, scale.y(v), Figures.number(v, unit));
        }
    }

    private static void tick(StringBuilder svg, double y, String label) {
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e6e8ee\"/>%n",
                        LEFT,
                        WIDTH - RIGHT,
                        y,
                        y));
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<text class=\"y-tick\" x=\"%d\" y=\"%.1f\" font-size=\"10\" fill=\"#556\" text-anchor=\"end\">%s</text>%n",
                        LEFT - 5,
                        y + 3,
                        Html.escape(label)));
    }

    private static void xAxis(StringBuilder svg, Scale scale) {
        double step = niceStep(scale.duration / 8.0 / 1000) * 1000;
        for (double t = 0; t <= scale.duration; t += step) {
            double x = scale.x((long) t);
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<text class=\"x-tick\" x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#556\" text-anchor=\"middle\">%s</text>%n",
                            x,
                            HEIGHT - BOTTOM + 18,
                            Figures.millis((long) t)));
        }
    }

    static double niceStep(double rough) {
        if (rough <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / magnitude;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
    }

    private record Scale(long duration, double min, double max) {
        double x(long t) {
            return LEFT
                    + (double) Math.max(0, Math.min(t, duration))
                            / duration
                            * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            double span = max - min == 0 ? 1 : max - min;
            return HEIGHT - BOTTOM - (value - min) / span * (HEIGHT - TOP - BOTTOM);
        }
    }
}
