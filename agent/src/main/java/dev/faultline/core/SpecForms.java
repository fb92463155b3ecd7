// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The common forms of point fields (text, whole numbers in a range, sizes, fractions of the heap,
 * booleans, maps of header name to value ...), and the readers of JSON values the parser shares
 * with them. Every error names the field and the expected form.
 */
public final class SpecForms {
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\t\\x20-\\x7e]*");

    private SpecForms() {}

    /** Any string; {@code list()} shows an empty one as not given. */
    public static SpecForm<String> text(String expected) {
        return new SpecForm<String>() {
            @Override
            public String parse(String field, JsonNode value) {
                return text(value, field);
            }

            @Override
            public Object render(String value) {
                return value.isEmpty() ? null : value;
            }

            @Override
            public String expected() {
                return expected;
            }
        };
    }

    /**
     * A string matching {@code pattern}; otherwise {@code '<value>' is not <what>; expected
     * <expected>}.
     */
    public static SpecForm<String> pattern(String regex, String what, String expected) {
        Pattern pattern = Pattern.compile(regex);
        return new SpecForm<String>() {
            @Override
            public String parse(String field, JsonNode value) {
                String text = text(value, field);
                if (!pattern.matcher(text).matches()) {
                    throw SpecException.field(
                            field, "'" + text + "' is not " + what + "; expected " + expected);
                }
                return text;
            }

            @Override
            public Object render(String value) {
                return value;
            }

            @Override
            public String expected() {
                return expected;
            }
        };
    }

    /**
     * A whole number from {@code min} to {@code max} (a number or its text); otherwise {@code <n>
     * is out of range; expected <expected>}.
     */
    public static SpecForm<Integer> wholeNumber(int min, int max, String expected) {
        return new SpecForm<Integer>() {
            @Override
            public Integer parse(String field, JsonNode value) {
                long n = integer(value, field);
                if (n < min || n > max) {
                    throw SpecException.field(field, n + " is out of range; expected " + expected);
                }
                return (int) n;
            }

            @Override
            public Object render(Integer value) {
                return value;
            }

            @Override
            public String expected() {
                return expected;
            }

            @Override
            public Kind kind() {
                return Kind.NUMBER;
            }
        };
    }

    /** {@code all} (0) or a whole number from 1 to {@code max}. */
    public static SpecForm<Integer> allOrCount(int max) {
        String expected = "all or a whole number from 1 to " + max;
        return new SpecForm<Integer>() {
            @Override
            public Integer parse(String field, JsonNode value) {
                if (value.isTextual() && value.asText().trim().equals("all")) {
                    return 0;
                }
                long n = integer(value, field);
                if (n < 1 || n > max) {
                    throw SpecException.field(field, n + " is out of range; expected " + expected);
                }
                return (int) n;
            }

            @Override
            public Object render(Integer value) {
                return value == 0 ? "all" : (Object) value;
            }

            @Override
            public String expected() {
                return expected;
            }
        };
    }

    /** true or false (a JSON boolean). */
    public static SpecForm<Boolean> bool() {
        return new SpecForm<Boolean>() {
            @Override
            public Boolean parse(String field, JsonNode value) {
                if (!value.isBoolean()) {
                    throw SpecException.field(field, "expected true or false");
                }
                return value.asBoolean();
            }

            @Override
            public Object render(Boolean value) {
                // false is what not giving it means: shown as not given
                return value ? Boolean.TRUE : null;
            }

            @Override
            public String expected() {
                return "true or false";
            }

            @Override
            public Kind kind() {
                return Kind.BOOLEAN;
            }
        };
    }

    /** A size with a unit, more than 0B: {@code 1MB}, {@code 64KB}; read as bytes. */
    public static SpecForm<Long> size(String expected) {
        return new SpecForm<Long>() {
            @Override
            public Long parse(String field, JsonNode value) {
                long bytes = MemorySize.parseBytes(field, text(value, field));
                if (bytes <= 0) {
                    throw SpecException.field(field, "must be more than 0B");
                }
                return bytes;
            }

            @Override
            public Object render(Long value) {
                return MemorySize.format(value);
            }

            @Override
            public String expected() {
                return expected;
            }
        };
    }

    /** A size per second such as {@code 10MB/s}, more than 0B/s; read as bytes per second. */
    public static SpecForm<Long> sizePerSecond() {
        return new SpecForm<Long>() {
            @Override
            public Long parse(String field, JsonNode value) {
                String rate = text(value, field).trim();
                if (!rate.endsWith("/s")) {
                    throw SpecException.field(
                            field, "'" + rate + "' is not a size per second such as 10MB/s");
                }
                long bytes = MemorySize.parseBytes(field, rate.substring(0, rate.length() - 2));
                if (bytes <= 0) {
                    throw SpecException.field(field, "must be more than 0B/s");
                }
                return bytes;
            }

            @Override
            public Object render(Long value) {
                return MemorySize.format(value) + "/s";
            }

            @Override
            public String expected() {
                return "a size per second such as 10MB/s";
            }
        };
    }

    /** A fraction of the maximum heap (0.5) or a size with a unit (64KB). */
    public static SpecForm<MemorySize> heapShare() {
        return new SpecForm<MemorySize>() {
            @Override
            public MemorySize parse(String field, JsonNode value) {
                return MemorySize.parse(
                        field, value.isNumber() ? value.asText() : text(value, field));
            }

            @Override
            public Object render(MemorySize value) {
                return value.toString();
            }

            @Override
            public String expected() {
                return "a heap fraction between 0 and 1 (0.5) or a size such as 64KB";
            }
        };
    }

    /** A fraction of the maximum heap strictly between 0 and 1, such as 0.9. */
    public static SpecForm<MemorySize> heapFraction() {
        return new SpecForm<MemorySize>() {
            @Override
            public MemorySize parse(String field, JsonNode value) {
                double heap;
                if (value.isNumber()) {
                    heap = value.asDouble();
                } else {
                    try {
                        heap = Double.parseDouble(value.asText().trim());
                    } catch (NumberFormatException e) {
                        throw SpecException.field(
                                field,
                                "'"
                                        + value.asText()
                                        + "' is not a number; expected a fraction between 0 and 1");
                    }
                }
                if (!(heap > 0 && heap < 1)) {
                    throw SpecException.field(
                            field,
                            heap
                                    + " is out of range; expected a fraction between 0 and 1 such as 0.9");
                }
                return MemorySize.ofHeapFraction(heap);
            }

            @Override
            public Object render(MemorySize value) {
                return value.toString();
            }

            @Override
            public String expected() {
                return "the fraction of the maximum heap to fill, such as 0.9";
            }
        };
    }

    /**
     * A single value as written: a number, a boolean, a string or null (kept as its text; {@code
     * null} for null).
     */
    public static SpecForm<String> scalar(String expected) {
        return new SpecForm<String>() {
            @Override
            public String parse(String field, JsonNode value) {
                if (value.isContainerNode()) {
                    throw SpecException.field(
                            field,
                            "expected a number, a boolean, a string or null, got "
                                    + SpecForms.kind(value));
                }
                return value.isNull() ? null : value.asText();
            }

            @Override
            public Object render(String value) {
                return value;
            }

            @Override
            public String expected() {
                return expected;
            }
        };
    }

    /**
     * An object of HTTP header name: value (printable ASCII, no line breaks), in the order given;
     * errors name the header ({@code headers.Retry-After}).
     */
    public static SpecForm<Map<String, String>> headers() {
        return new SpecForm<Map<String, String>>() {
            @Override
            public Map<String, String> parse(String field, JsonNode headers) {
                if (!headers.isObject()) {
                    throw SpecException.field(
                            field,
                            "expected an object of name: value, such as {\"Retry-After\": \"5\"}");
                }
                Map<String, String> out = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> fields = headers.fields();
                        fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> header = fields.next();
                    String name = field + "." + header.getKey();
                    if (!HEADER_NAME.matcher(header.getKey()).matches()) {
                        throw SpecException.field(name, "is not an HTTP header name");
                    }
                    if (!header.getValue().isValueNode() || header.getValue().isNull()) {
                        throw SpecException.field(
                                name,
                                "expected a string or a number, got "
                                        + SpecForms.kind(header.getValue()));
                    }
                    // Clients build the synthetic response as they build a real one; OkHttp
                    // refuses anything else in a header value, and a line break would forge
                    // further headers.
                    if (!HEADER_VALUE.matcher(header.getValue().asText()).matches()) {
                        throw SpecException.field(
                                name,
                                "expected printable ASCII text (and tabs) as the value, without line breaks");
                    }
                    out.put(header.getKey(), header.getValue().asText());
                }
                return Collections.unmodifiableMap(out);
            }

            @Override
            public Object render(Map<String, String> value) {
                return value.isEmpty() ? null : value;
            }

            @Override
            public String expected() {
                return "an object of name: value, such as {\"Retry-After\": \"5\"}";
            }

            @Override
            public Kind kind() {
                return Kind.PAIRS;
            }
        };
    }

    // ---- readers shared with the parser

    /** The value as a string; otherwise {@code expected a string, got <kind>}. */
    public static String text(JsonNode value, String field) {
        if (value.isTextual()) {
            return value.asText();
        }
        throw SpecException.field(field, "expected a string, got " + SpecForms.kind(value));
    }

    /** A whole number, given as a number or its text. */
    public static long integer(JsonNode value, String field) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw SpecException.field(
                field,
                "expected a whole number, got "
                        + (value.isTextual() ? "'" + value.asText() + "'" : kind(value)));
    }

    /** A whole number of 0 or more. */
    public static long count(JsonNode value, String field) {
        long n = integer(value, field);
        if (n < 0) {
            throw SpecException.field(
                    field, n + " is negative; expected a whole number of 0 or more");
        }
        return n;
    }

    /** What a JSON value is, in words: {@code a list}, {@code the number 3}, {@code 'x'}. */
    public static String kind(JsonNode value) {
        switch (value.getNodeType()) {
            case ARRAY:
                return "a list";
            case OBJECT:
                return "an object";
            case NUMBER:
                return "the number " + value.asText();
            case BOOLEAN:
                return "the boolean " + value.asText();
            case NULL:
                return "null";
            default:
                return "'" + value.asText() + "'";
        }
    }
}
