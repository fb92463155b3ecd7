// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code <probe> <operator> <value>}: {@code order-health is UP}, {@code shop.p99 < 800ms}, {@code
 * stock.success-rate >= 99%}, {@code pool.active <= 10}, {@code heap < 200MB}. Operators: {@code
 * is}, {@code is not}, {@code ==}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}. Values
 * with a unit are turned into the probes' own units: milliseconds ({@code ms}, {@code s}, {@code
 * m}), bytes ({@code KB}, {@code MB}, {@code GB}, powers of 1024), percent ({@code %} is the number
 * itself).
 */
public record Expression(String probe, Operator operator, Object operand, String text) {
    public static final String EXPECTED =
            "'<probe> <operator> <value>', e.g. 'order-health is UP', 'shop.p99 < 800ms', 'shop.success-rate >= 99%'";

    private static final Pattern FORM =
            Pattern.compile(
                    "\\s*([A-Za-z0-9_][A-Za-z0-9_.:-]*)\\s+(is not|is|==|!=|<=|>=|<|>)\\s+(.+?)\\s*");
    private static final Pattern QUANTITY =
            Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|%|B|KB|MB|GB|KiB|MiB|GiB)?");

    public enum Operator {
        EQ("is"),
        NE("is not"),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">=");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        /** For "worst value": whether larger values are the bad direction. */
        boolean upperBound() {
            return this == LT || this == LE;
        }
    }

    /** Parses the text, or gives {@code null} when it is not of the form. */
    static Expression parseOrNull(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return null;
        }
        Operator operator =
                switch (m.group(2)) {
                    case "is", "==" -> Operator.EQ;
                    case "is not", "!=" -> Operator.NE;
                    case "<" -> Operator.LT;
                    case "<=" -> Operator.LE;
                    case ">" -> Operator.GT;
                    default -> Operator.GE;
                };
        String raw = m.group(3);
        if (raw.length() >= 2
                && (raw.startsWith("\"") && raw.endsWith("\"")
                        || raw.startsWith("'") && raw.endsWith("'"))) {
            raw = raw.substring(1, raw.length() - 1);
        } else {
            Double quantity = quantity(raw);
            if (quantity != null) {
                return new Expression(m.group(1), operator, quantity, text.trim());
            }
        }
        if (operator != Operator.EQ && operator != Operator.NE) {
            return null; // an ordering needs a number
        }
        return new Expression(m.group(1), operator, raw, text.trim());
    }

    /** A number with an optional unit, in the probes' units; {@code null} when it is not one. */
    static Double quantity(String text) {
        Matcher m = QUANTITY.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        double number = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        return number
                * switch (unit.toUpperCase(Locale.ROOT)) {
                    case "S" -> 1000.0;
                    case "M" -> 60_000.0;
                    case "H" -> 3_600_000.0;
                    case "KB", "KIB" -> 1024.0;
                    case "MB", "MIB" -> 1024.0 * 1024;
                    case "GB", "GIB" -> 1024.0 * 1024 * 1024;
                    default -> 1.0;
                };
    }

    /** Whether a sampled value satisfies the expression; no value (a failed sample) never does. */
    public boolean test(Object value) {
        if (value == null) {
            return false;
        }
        if (operand instanceof Double bound) {
            Double number = asNumber(value);
            if (number == null) {
                return false;
            }
            int order = Double.compare(number, bound);
            return switch (operator) {
                case EQ -> order == 0;
                case NE -> order != 0;
                case LT -> order < 0;
                case LE -> order <= 0;
                case GT -> order > 0;
                case GE -> order >= 0;
            };
        }
        boolean equal = String.valueOf(value).equalsIgnoreCase((String) operand);
        return operator == Operator.EQ ? equal : !equal;
    }

    /** The worse of two values for this expression (further on the wrong side of the bound). */
    Object worse(Object current, Object candidate) {
        if (current == null) {
            return candidate;
        }
        Double a = asNumber(current);
        Double b = asNumber(candidate);
        if (a == null
                || b == null
                || !(operand instanceof Double)
                || operator == Operator.EQ
                || operator == Operator.NE) {
            return current;
        }
        return operator.upperBound()
                ? (b > a ? candidate : current)
                : (b < a ? candidate : current);
    }

    static Double asNumber(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof Boolean flag) {
            return flag ? 1.0 : 0.0;
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
