// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints durations in the forms fault specs use: {@code 250ms}, {@code 2s}, {@code 5m},
 * {@code 1h}, {@code PT5M}.
 */
public final class Durations {
    static final String EXPECTED = "a duration such as 250ms, 2s, 5m, 1h or PT5M";
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private Durations() {}

    /** Parses a duration, or throws a {@link SpecException} naming {@code field}. */
    public static Duration parse(String field, String text) {
        String value = text.trim();
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            long amount;
            try {
                amount = Long.parseLong(m.group(1));
            } catch (NumberFormatException tooLarge) {
                throw SpecException.field(field, "'" + text + "' is too large");
            }
            try {
                switch (m.group(2)) {
                    case "ms":
                        return Duration.ofMillis(amount);
                    case "s":
                        return Duration.ofSeconds(amount);
                    case "m":
                        return Duration.ofMinutes(amount);
                    default:
                        return Duration.ofHours(amount);
                }
            } catch (ArithmeticException tooLarge) {
                throw SpecException.field(field, "'" + text + "' is too large");
            }
        }
        if (value.startsWith("P") || value.startsWith("p")) {
            try {
                Duration parsed = Duration.parse(value);
                if (!parsed.isNegative()) {
                    return parsed;
                }
            } catch (DateTimeParseException ignored) {
                // reported below with the expected forms
            }
        }
        throw SpecException.field(field, "'" + text + "' is not " + EXPECTED);
    }

    /**
     * Prints a duration the short way when it is whole ({@code 500ms}, {@code 5m}), else in
     * milliseconds.
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis != 0 && millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
