// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.time.Duration;
import java.util.Objects;

/** A delay: fixed ({@code 500ms}) or drawn uniformly from a range ({@code 100ms..900ms}). */
public final class DelayRange {
    private final long minNanos;
    private final long maxNanos;

    private DelayRange(long minNanos, long maxNanos) {
        this.minNanos = minNanos;
        this.maxNanos = maxNanos;
    }

    /** Parses {@code 500ms} or {@code 100ms..900ms}, naming {@code field} in errors. */
    public static DelayRange parse(String field, String text) {
        int dots = text.indexOf("..");
        if (dots < 0) {
            long nanos = nanos(field, text, text);
            return new DelayRange(nanos, nanos);
        }
        long min = nanos(field, text, text.substring(0, dots));
        long max = nanos(field, text, text.substring(dots + 2));
        if (max < min) {
            throw SpecException.field(
                    field,
                    "range '"
                            + text
                            + "' ends before it starts; expected MIN..MAX such as 100ms..900ms");
        }
        return new DelayRange(min, max);
    }

    /**
     * Delays are kept in nanoseconds: about 292 years fit, a larger one is refused rather than
     * wrapped.
     */
    private static long nanos(String field, String text, String part) {
        try {
            return Durations.parse(field, part).toNanos();
        } catch (ArithmeticException tooLarge) {
            throw SpecException.field(field, "'" + text + "' is too large");
        }
    }

    /** The delay for one call. */
    long nextNanos(Dice dice) {
        return minNanos == maxNanos ? minNanos : minNanos + dice.nextLong(maxNanos - minNanos + 1);
    }

    long minNanos() {
        return minNanos;
    }

    boolean isFixed() {
        return minNanos == maxNanos;
    }

    long maxNanos() {
        return maxNanos;
    }

    @Override
    public String toString() {
        String min = Durations.format(Duration.ofNanos(minNanos));
        return minNanos == maxNanos
                ? min
                : min + ".." + Durations.format(Duration.ofNanos(maxNanos));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DelayRange
                && ((DelayRange) other).minNanos == minNanos
                && ((DelayRange) other).maxNanos == maxNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(minNanos, maxNanos);
    }
}
