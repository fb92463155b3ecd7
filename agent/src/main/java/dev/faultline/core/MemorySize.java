// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory: absolute ({@code 512MB}) or a fraction of the maximum heap ({@code 0.5}).
 */
public final class MemorySize {
    static final String EXPECTED = "a size such as 64KB, 10MB or 1GB (1MB = 1024 KB)";
    private static final Pattern SIZE =
            Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)", Pattern.CASE_INSENSITIVE);

    private final long bytes;
    private final double heapFraction;

    private MemorySize(long bytes, double heapFraction) {
        this.bytes = bytes;
        this.heapFraction = heapFraction;
    }

    public static MemorySize ofHeapFraction(double fraction) {
        return new MemorySize(-1, fraction);
    }

    /** Parses {@code 10MB}, naming {@code field} in errors. */
    public static long parseBytes(String field, String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw SpecException.field(field, "'" + text + "' is not " + EXPECTED);
        }
        int shift;
        switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "KB":
                shift = 10;
                break;
            case "MB":
                shift = 20;
                break;
            case "GB":
                shift = 30;
                break;
            default:
                shift = 0;
        }
        // Digits beyond a long, or a shift past one, would otherwise wrap to a small or negative
        // size.
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException tooLong) {
            amount = Long.MAX_VALUE;
        }
        if (amount > Long.MAX_VALUE >> shift) {
            throw SpecException.field(field, "'" + text + "' is too large; expected " + EXPECTED);
        }
        return amount << shift;
    }

    /** Parses a size or a heap fraction between 0 and 1 ({@code 0.5}). */
    public static MemorySize parse(String field, String text) {
        String value = text.trim();
        if (value.matches("0?\\.\\d+")) {
            double fraction = Double.parseDouble(value);
            if (fraction <= 0) {
                throw SpecException.field(
                        field,
                        "'"
                                + text
                                + "' is out of range; expected a heap fraction between 0 and 1 (0.5) or "
                                + EXPECTED);
            }
            return ofHeapFraction(fraction);
        }
        if (value.matches("\\d*\\.?\\d+")) {
            // a number beyond 1, or one without a unit: say what either form looks like, as every
            // other refusal does
            throw SpecException.field(
                    field,
                    "'"
                            + text
                            + "' is neither a heap fraction between 0 and 1 nor a size with a unit; expected a heap fraction"
                            + " between 0 and 1 (0.5) or "
                            + EXPECTED);
        }
        long bytes = parseBytes(field, value);
        if (bytes <= 0) {
            throw SpecException.field(
                    field,
                    "must be more than 0B; expected a heap fraction between 0 and 1 (0.5) or "
                            + EXPECTED);
        }
        return new MemorySize(bytes, -1);
    }

    /** The amount in bytes, for a heap of {@code maxHeap} bytes. */
    public long bytes(long maxHeap) {
        return bytes >= 0 ? bytes : (long) (heapFraction * maxHeap);
    }

    @Override
    public String toString() {
        return bytes >= 0 ? format(bytes) : String.valueOf(heapFraction);
    }

    /** {@code 40MB}, {@code 512KB}, {@code 100B}. */
    public static String format(long bytes) {
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0 || bytes >= 10L << 20) {
            return (bytes >> 20) + "MB";
        }
        if (bytes >= 1L << 10) {
            return (bytes >> 10) + "KB";
        }
        return bytes + "B";
    }
}
