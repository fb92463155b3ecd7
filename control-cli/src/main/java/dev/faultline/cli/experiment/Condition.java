// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import java.time.Duration;

/**
 * A condition of an experiment: an {@link Expression} and when it must hold.
 *
 * <ul>
 *   <li>{@code ALWAYS}: at every sample of the window (for steady state: of the settle span before
 *       the method, and from some moment within {@code recovers-within} after it);
 *   <li>{@code NEVER}: at no sample of the window;
 *   <li>{@code WITHIN}: at some sample no later than {@code span} after the window's start (or end,
 *       {@code after: end});
 *   <li>{@code FOR_AT_LEAST}: without a break for {@code span}, somewhere in the window;
 *   <li>a guardrail: breached (the expression true) without a break for {@code span} aborts the
 *       run.
 * </ul>
 *
 * @param during the window: {@code faults} (first fault's start to last fault's end), {@code
 *     method}, or a fault id
 */
public record Condition(
        String text,
        Expression expression,
        Mode mode,
        Duration span,
        String during,
        boolean afterEnd,
        int line) {
    public static final String FAULTS = "faults";
    public static final String METHOD = "method";

    public enum Mode {
        ALWAYS,
        NEVER,
        WITHIN,
        FOR_AT_LEAST,
        GUARD
    }

    /** As the report shows it: {@code breaker is OPEN, within 10s of the fault's start}. */
    static String describe(
            Expression expression, Mode mode, Duration span, String during, boolean afterEnd) {
        String window =
                during.equals(FAULTS)
                        ? "the faults"
                        : during.equals(METHOD) ? "the method" : "fault " + during;
        return switch (mode) {
            case ALWAYS ->
                    expression.text() + (during.equals(FAULTS) ? "" : ", throughout " + window);
            case NEVER ->
                    "never "
                            + expression.text()
                            + (during.equals(FAULTS) ? "" : ", during " + window);
            case WITHIN ->
                    expression.text()
                            + ", within "
                            + Durations.format(span)
                            + " of the "
                            + (afterEnd ? "end" : "start")
                            + " of "
                            + window;
            case FOR_AT_LEAST ->
                    expression.text()
                            + ", for at least "
                            + Durations.format(span)
                            + " during "
                            + window;
            case GUARD ->
                    expression.text() + (span.isZero() ? "" : " for " + Durations.format(span));
        };
    }
}
