// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Numbers and times as the reports print them. */
public final class Figures {
    private Figures() {}

    /** {@code 1.5s}, {@code 250ms}, {@code 2m05s}; {@code -} for a missing value. */
    static String millis(JsonNode value) {
        return value == null || value.isMissingNode() || value.isNull()
                ? "-"
                : millis(value.asLong());
    }

    static String millis(long millis) {
        if (Math.abs(millis) < 1000) {
            return millis + "ms";
        }
        if (Math.abs(millis) < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = Math.round(millis / 1000.0);
        return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, Math.abs(seconds % 60));
    }

    /** A value with its unit: {@code 812 ms}, {@code 97.5 %}, {@code 143 MiB}, {@code UP}. */
    static String value(JsonNode value, String unit) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "-";
        }
        if (!value.isNumber()) {
            return value.asText();
        }
        return number(value.asDouble(), unit);
    }

    public static String number(double number, String unit) {
        if ("bytes".equals(unit)) {
            return plain(number / (1024 * 1024)) + " MiB";
        }
        return plain(number) + (unit == null || unit.isEmpty() ? "" : " " + unit);
    }

    static String plain(double number) {
        if (number == Math.rint(number) && Math.abs(number) < 1e15) {
            return String.valueOf((long) number);
        }
        return Math.abs(number) >= 100
                ? String.valueOf(Math.round(number))
                : String.format(Locale.ROOT, "%.1f", number);
    }

    /** The title-case outcome: HELD, DEVIATED, ABORTED, NOT RUN. */
    static String outcome(String outcome) {
        return outcome.replace('-', ' ').toUpperCase(Locale.ROOT);
    }
}
