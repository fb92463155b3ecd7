// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.lang.reflect.Array;
import java.util.Map;

/**
 * Writes the agent's own JSON: the status and {@code list()} output, the audit log's JSON lines,
 * the call recorder's report. These are maps, lists, strings, numbers, booleans and nulls, which
 * this writes as Jackson's {@code ObjectMapper} would; Jackson's serializers (some 150 classes to
 * load, verify and interpret) are then not started just to publish a fault's counters, the first
 * time a fault is enabled over jcmd or the CLI.
 *
 * <p>A value of another type is written as its {@code toString()} in quotes, never as a bean.
 */
public final class JsonText {
    private JsonText() {}

    public static String write(Object value) {
        StringBuilder out = new StringBuilder(64);
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence) {
            string(value.toString(), out);
        } else if (value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof java.math.BigInteger
                || value instanceof java.math.BigDecimal) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                string(value.toString(), out); // as Jackson writes them: "NaN", "Infinity"
            } else {
                out.append(value);
            }
        } else if (value instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(String.valueOf(entry.getKey()), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Iterable) {
            out.append('[');
            boolean first = true;
            for (Object element : (Iterable<?>) value) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(element, out);
            }
            out.append(']');
        } else if (value.getClass().isArray()) {
            out.append('[');
            for (int i = 0; i < Array.getLength(value); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(Array.get(value, i), out);
            }
            out.append(']');
        } else if (value instanceof Enum) {
            string(((Enum<?>) value).name(), out);
        } else {
            string(value.toString(), out);
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                default:
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
