// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value of an experiment file with its path and line: typed reads that fail with a message
 * naming the field, its line and the expected form.
 */
final class Field {
    private final SourceFile source;
    final JsonNode node;
    final String path;

    Field(SourceFile source, JsonNode node, String path) {
        this.source = source;
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
    }

    boolean present() {
        return !node.isMissingNode() && !node.isNull();
    }

    Field get(String name) {
        return new Field(source, node.get(name), path.isEmpty() ? name : path + "." + name);
    }

    /**
     * Another place of the same file, by its path: for a problem found once the whole file is read.
     */
    Field at(String otherPath) {
        return new Field(source, null, otherPath);
    }

    /** The field, which must be there. */
    Field require(String name, String expected) {
        requireObject();
        Field field = get(name);
        if (!field.present()) {
            throw error(describe(field.path) + " is missing; expected " + expected);
        }
        return field;
    }

    /** Fails on a field not in {@code allowed}, naming the ones that are. */
    Field only(String... allowed) {
        requireObject();
        List<String> known = Arrays.asList(allowed);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw get(name)
                        .error(
                                "unknown field '"
                                        + get(name).path
                                        + "'; expected one of: "
                                        + String.join(", ", allowed));
            }
        }
        return this;
    }

    /**
     * A list or a value where an object belongs is named as such, not as the object's first missing
     * field.
     */
    private void requireObject() {
        if (present() && !node.isObject()) {
            throw error(
                    describe(path)
                            + " must be an object (YAML 'key: value' lines), not "
                            + (node.isArray() ? "a list" : "'" + node.asText() + "'"));
        }
    }

    String text(String expected) {
        if (!node.isValueNode() || node.isNull()) {
            throw error(
                    describe(path)
                            + " must be "
                            + expected
                            + (node.isObject()
                                    ? ", not an object"
                                    : node.isArray() ? ", not a list" : ""));
        }
        return node.asText();
    }

    String textOr(String fallback, String expected) {
        return present() ? text(expected) : fallback;
    }

    Duration duration() {
        Duration parsed = present() ? Durations.parseOrNull(text(Durations.EXPECTED)) : null;
        if (parsed == null) {
            throw error(
                    describe(path)
                            + ": "
                            + (present() ? "'" + node.asText() + "' is not " : "expected ")
                            + Durations.EXPECTED);
        }
        return parsed;
    }

    Duration durationOr(Duration fallback) {
        return present() ? duration() : fallback;
    }

    double number(double min, double max) {
        double value;
        try {
            value = node.isNumber() ? node.asDouble() : Double.parseDouble(text("a number").trim());
        } catch (NumberFormatException e) {
            throw error(describe(path) + ": '" + node.asText() + "' is not a number");
        }
        if (value < min || value > max) {
            throw error(
                    describe(path)
                            + ": "
                            + node.asText()
                            + " is out of range; expected a number from "
                            + plain(min)
                            + " to "
                            + plain(max));
        }
        return value;
    }

    int integer(int min, int max) {
        double value = number(min, max);
        if (value != Math.rint(value)) {
            throw error(describe(path) + ": " + node.asText() + " is not a whole number");
        }
        return (int) value;
    }

    boolean bool() {
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        String text = text("true or false");
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw error(describe(path) + ": '" + text + "' is not true or false");
    }

    /** The items of a list; a missing field is an empty list. */
    List<Field> items() {
        List<Field> items = new ArrayList<>();
        if (!present()) {
            return items;
        }
        if (!node.isArray()) {
            throw error(describe(path) + " must be a list (YAML '- ' items)");
        }
        for (int i = 0; i < node.size(); i++) {
            items.add(new Field(source, node.get(i), path + "[" + i + "]"));
        }
        return items;
    }

    /** The fields of an object, in file order; a missing field is an empty map. */
    Map<String, Field> entries() {
        Map<String, Field> entries = new LinkedHashMap<>();
        if (!present()) {
            return entries;
        }
        if (!node.isObject()) {
            throw error(describe(path) + " must be an object (YAML 'key: value' lines)");
        }
        node.fieldNames().forEachRemaining(name -> entries.put(name, get(name)));
        return entries;
    }

    /** A string-to-string map such as headers. */
    Map<String, String> textMap() {
        Map<String, String> map = new LinkedHashMap<>();
        entries().forEach((key, value) -> map.put(key, value.text("a text")));
        return map;
    }

    ExperimentException error(String message) {
        // every problem names its field: one whose message does not (a step, a condition as a
        // whole) gets its path in front
        boolean named =
                path.isEmpty()
                        || message.contains("'" + path + "'")
                        || message.contains("'" + path + ".")
                        || message.contains("'" + path + "[");
        return new ExperimentException(
                source.name
                        + " (line "
                        + source.line(path)
                        + "): "
                        + (named ? "" : describe(path) + ": ")
                        + message);
    }

    int line() {
        return source.line(path);
    }

    private static String describe(String path) {
        return "field '" + path + "'";
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
