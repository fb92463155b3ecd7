// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.cli.experiment.Series.Sample;
import java.util.List;

/**
 * Decides each condition from the samples: held or violated, with the first violation, the worst
 * value, the time to detect (from the window's start) and the time to recover.
 */
final class Judge {
    static final String HELD = "held";
    static final String VIOLATED = "violated";
    static final String NOT_EVALUATED = "not evaluated";

    /** A span of the run, in milliseconds since its start. */
    record Window(long start, long end) {}

    record Verdict(
            String verdict,
            Long firstViolation,
            Object worst,
            Long detect,
            Long recover,
            String detail) {
        boolean violated() {
            return verdict.equals(VIOLATED);
        }

        ObjectNode toJson(String phase, Condition condition) {
            ObjectNode node =
                    Journal.JSON
                            .createObjectNode()
                            .put("phase", phase)
                            .put("condition", condition.text())
                            .put("probe", condition.expression().probe())
                            .put("line", condition.line())
                            .put("verdict", verdict);
            putNumber(node, "firstViolation", firstViolation);
            if (worst instanceof Number number) {
                node.put("worst", number.doubleValue());
            } else if (worst != null) {
                node.put("worst", String.valueOf(worst));
            } else {
                node.putNull("worst");
            }
            putNumber(node, "detectMillis", detect);
            putNumber(node, "recoverMillis", recover);
            if (condition.expression().operand() instanceof Double bound) {
                node.put("bound", bound);
            }
            return node.put("detail", detail);
        }

        private static void putNumber(ObjectNode node, String field, Long value) {
            if (value == null) {
                node.putNull(field);
            } else {
                node.put(field, value);
            }
        }
    }

    private Judge() {}

    /**
     * The window a condition speaks of, or {@code null} when it never opened (its fault never
     * started).
     */
    static Window window(Journal journal, String during, long now) {
        long methodEnd = journal.methodEnd >= 0 ? journal.methodEnd : now;
        if (during.equals(Condition.METHOD)
                || (during.equals(Condition.FAULTS) && journal.windows().isEmpty())) {
            return journal.methodStart < 0 ? null : new Window(journal.methodStart, methodEnd);
        }
        long start = Long.MAX_VALUE;
        long end = -1;
        for (Journal.FaultWindow fault : journal.windows()) {
            if (during.equals(Condition.FAULTS) || fault.fault.equals(during)) {
                start = Math.min(start, fault.start);
                long faultEnd = fault.endAt(now);
                end = Math.max(end, faultEnd < 0 ? methodEnd : faultEnd);
            }
        }
        return start == Long.MAX_VALUE ? null : new Window(start, Math.max(start, end));
    }

    /** An expectation of the method. */
    static Verdict expectation(
            Condition condition, List<Sample> samples, Window window, long observedUntil) {
        if (window == null) {
            return new Verdict(
                    NOT_EVALUATED, null, null, null, null, "the fault it speaks of never started");
        }
        Expression e = condition.expression();
        return switch (condition.mode()) {
            case ALWAYS -> throughout(e, samples, window, true);
            case NEVER -> throughout(e, samples, window, false);
            case WITHIN ->
                    within(
                            e,
                            samples,
                            condition.afterEnd() ? window.end() : window.start(),
                            condition.span().toMillis(),
                            observedUntil);
            case FOR_AT_LEAST -> forAtLeast(e, samples, window, condition.span().toMillis());
            case GUARD -> throw new IllegalArgumentException("a guardrail is not an expectation");
        };
    }

    /** {@code wanted}: the expression must hold at every sample (always), or at none (never). */
    private static Verdict throughout(
            Expression e, List<Sample> samples, Window window, boolean wanted) {
        Long first = null;
        Long lastBad = null;
        Long recovered = null;
        Object worst = null;
        int seen = 0;
        for (Sample sample : samples) {
            if (sample.t() < window.start() || sample.t() > window.end()) {
                continue;
            }
            seen++;
            boolean good = e.test(sample.value()) == wanted;
            if (!good) {
                first = first == null ? sample.t() : first;
                lastBad = sample.t();
                recovered = null;
                worst =
                        wanted
                                ? e.worse(
                                        worst,
                                        sample.value() == null ? sample.error() : sample.value())
                                : (worst == null ? sample.value() : worst);
            } else if (lastBad != null && recovered == null) {
                recovered = sample.t();
            }
        }
        if (seen == 0) {
            return new Verdict(
                    VIOLATED, null, null, null, null, "no sample in the window " + span(window));
        }
        if (first == null) {
            return new Verdict(HELD, null, null, null, null, seen + " samples in " + span(window));
        }
        return new Verdict(
                VIOLATED,
                first,
                worst,
                first - window.start(),
                recovered == null ? null : recovered - window.end(),
                "first at "
                        + Durations.format(first)
                        + ", "
                        + (wanted ? "worst " : e.probe() + " = ")
                        + show(worst));
    }

    private static Verdict within(
            Expression e, List<Sample> samples, long reference, long span, long observedUntil) {
        for (Sample sample : samples) {
            if (sample.t() >= reference && e.test(sample.value())) {
                long took = sample.t() - reference;
                return took <= span
                        ? new Verdict(
                                HELD,
                                null,
                                sample.value(),
                                took,
                                null,
                                "after " + Durations.format(took))
                        : new Verdict(
                                VIOLATED,
                                reference + span,
                                sample.value(),
                                took,
                                null,
                                "only after " + Durations.format(took));
            }
        }
        if (observedUntil < reference + span) {
            return new Verdict(
                    VIOLATED,
                    null,
                    null,
                    null,
                    null,
                    "not seen; the run ended "
                            + Durations.format(Math.max(0, observedUntil - reference))
                            + " after the reference");
        }
        return new Verdict(
                VIOLATED,
                reference + span,
                null,
                null,
                null,
                "not seen in " + Durations.format(observedUntil - reference));
    }

    private static Verdict forAtLeast(
            Expression e, List<Sample> samples, Window window, long span) {
        long longest = 0;
        Long streakStart = null;
        Long firstStreak = null;
        long previous = -1;
        for (Sample sample : samples) {
            if (sample.t() < window.start() || sample.t() > window.end()) {
                continue;
            }
            if (e.test(sample.value())) {
                if (streakStart == null) {
                    streakStart = sample.t();
                    firstStreak = firstStreak == null ? streakStart : firstStreak;
                }
                longest = Math.max(longest, sample.t() - streakStart);
            } else {
                if (streakStart != null) {
                    longest = Math.max(longest, sample.t() - streakStart);
                }
                streakStart = null;
            }
            previous = sample.t();
        }
        if (streakStart != null && previous >= 0) {
            longest = Math.max(longest, window.end() - streakStart);
        }
        Long detect = firstStreak == null ? null : firstStreak - window.start();
        return longest >= span
                ? new Verdict(
                        HELD, null, null, detect, null, "held for " + Durations.format(longest))
                : new Verdict(
                        VIOLATED,
                        null,
                        null,
                        detect,
                        null,
                        firstStreak == null
                                ? "never held"
                                : "held for " + Durations.format(longest) + " at most");
    }

    /** A steady-state condition before the method: every sample of the settle span holds. */
    static Verdict before(Expression e, List<Sample> samples, Window window) {
        return throughout(e, samples, window, true);
    }

    /**
     * A steady-state condition after the method: it holds at every sample from some moment on, no
     * later than {@code recoversWithin} after the method ended. The time to recover counts from the
     * end of the faults.
     */
    static Verdict after(
            Expression e,
            List<Sample> samples,
            long methodEnd,
            long faultsEnd,
            long recoversWithin) {
        Long since = null;
        Object worst = null;
        int seen = 0;
        for (Sample sample : samples) {
            if (sample.t() < methodEnd) {
                continue;
            }
            seen++;
            if (e.test(sample.value())) {
                since = since == null ? sample.t() : since;
            } else {
                since = null;
                worst = e.worse(worst, sample.value() == null ? sample.error() : sample.value());
            }
        }
        if (seen == 0) {
            return new Verdict(VIOLATED, null, null, null, null, "no sample after the method");
        }
        if (since == null) {
            return new Verdict(
                    VIOLATED,
                    methodEnd + recoversWithin,
                    worst,
                    null,
                    null,
                    "not recovered within " + Durations.format(recoversWithin));
        }
        long recover = Math.max(0, since - faultsEnd);
        return since <= methodEnd + recoversWithin
                ? new Verdict(
                        HELD,
                        null,
                        worst,
                        null,
                        recover,
                        "recovered " + Durations.format(recover) + " after the faults ended")
                : new Verdict(
                        VIOLATED,
                        methodEnd + recoversWithin,
                        worst,
                        null,
                        recover,
                        "recovered only " + Durations.format(recover) + " after the faults ended");
    }

    /**
     * Since when a guardrail has been breached without a break (its latest samples all breach), or
     * -1 when its latest sample does not breach.
     */
    static long breachedSince(Expression e, List<Sample> samples) {
        long since = -1;
        for (int i = samples.size() - 1; i >= 0; i--) {
            Sample sample = samples.get(i);
            if (!e.test(sample.value())) {
                break;
            }
            since = sample.t();
        }
        return since;
    }

    static String show(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }

    private static String span(Window window) {
        return Durations.format(window.start()) + ".." + Durations.format(window.end());
    }
}
