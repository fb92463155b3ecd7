// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as fault specs write them ({@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code
 * PT5M}).
 */
public final class Durations {
    public static final String EXPECTED = "a duration such as 250ms, 2s, 5m, 1h or PT5M";
    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private Durations() {}

    /** The duration, or {@code null} when the text is not one. */
    public static Duration parseOrNull(String text) {
        String value = text.trim();
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            double millis =
                    switch (m.group(2)) {
                        case "ms" -> amount;
                        case "s" -> amount * 1000;
                        case "m" -> amount * 60_000;
                        default -> amount * 3_600_000;
                    };
            return millis > Long.MAX_VALUE / 2 ? null : Duration.ofMillis(Math.round(millis));
        }
        if (value.startsWith("P") || value.startsWith("p")) {
            try {
                Duration parsed = Duration.parse(value);
                return parsed.isNegative() ? null : parsed;
            } catch (DateTimeParseException notOne) {
                return null;
            }
        }
        return null;
    }

    /** {@code 1.5s}, {@code 250ms}, {@code 2m05s}: short, for people. */
    public static String format(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return millis % 1000 == 0
                    ? millis / 1000 + "s"
                    : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = Math.round(millis / 1000.0);
        return seconds % 60 == 0
                ? seconds / 60 + "m"
                : String.format(java.util.Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }

    public static String format(Duration duration) {
        return format(duration.toMillis());
    }
}
