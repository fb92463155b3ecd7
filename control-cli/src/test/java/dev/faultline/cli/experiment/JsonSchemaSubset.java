// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The part of JSON Schema (2020-12) that docs/experiment.schema.json uses: {@code $ref} within the
 * file, {@code type}, {@code properties}, {@code additionalProperties}, {@code required}, {@code
 * items}, {@code enum}, {@code oneOf}, {@code anyOf}, {@code not}, {@code pattern}, {@code
 * minimum}, {@code maximum}, {@code minItems}, {@code minProperties}. Enough to check the example
 * files against the schema without a validator library.
 */
final class JsonSchemaSubset {
    private final JsonNode root;

    JsonSchemaSubset(JsonNode root) {
        this.root = root;
    }

    /** The problems of {@code value} against the whole schema; empty when it is valid. */
    List<String> validate(JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(root, value, "$", problems);
        return problems;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (schema.has("$ref")) {
            JsonNode target = root.at(schema.get("$ref").asText().substring(1));
            check(target, value, at, problems);
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            problems.add(at + ": expected " + schema.get("type") + ", got " + value.getNodeType());
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode option : schema.get("enum")) {
                found |= option.equals(value);
            }
            if (!found) {
                problems.add(at + ": " + value + " not in " + schema.get("enum"));
            }
        }
        if (schema.has("pattern")
                && value.isTextual()
                && !Pattern.compile(schema.get("pattern").asText())
                        .matcher(value.asText())
                        .find()) {
            problems.add(
                    at
                            + ": '"
                            + value.asText()
                            + "' does not match "
                            + schema.get("pattern").asText());
        }
        if (schema.has("minimum")
                && value.isNumber()
                && value.asDouble() < schema.get("minimum").asDouble()) {
            problems.add(at + ": below " + schema.get("minimum"));
        }
        if (schema.has("maximum")
                && value.isNumber()
                && value.asDouble() > schema.get("maximum").asDouble()) {
            problems.add(at + ": above " + schema.get("maximum"));
        }
        if (value.isObject()) {
            object(schema, value, at, problems);
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                problems.add(at + ": fewer than " + schema.get("minItems") + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), value.get(i), at + "[" + i + "]", problems);
                }
            }
        }
        if (schema.has("oneOf")) {
            int matching = 0;
            for (JsonNode option : schema.get("oneOf")) {
                matching += valid(option, value) ? 1 : 0;
            }
            if (matching != 1) {
                problems.add(
                        at
                                + ": matches "
                                + matching
                                + " of the oneOf alternatives, not exactly one");
            }
        }
        if (schema.has("anyOf")) {
            boolean any = false;
            for (JsonNode option : schema.get("anyOf")) {
                any |= valid(option, value);
            }
            if (!any) {
                problems.add(at + ": matches none of the anyOf alternatives");
            }
        }
        if (schema.has("not") && valid(schema.get("not"), value)) {
            problems.add(at + ": matches a 'not' schema");
        }
    }

    private void object(JsonNode schema, JsonNode value, String at, List<String> problems) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(at + ": missing " + required.asText());
            }
        }
        if (schema.has("minProperties") && value.size() < schema.get("minProperties").asInt()) {
            problems.add(at + ": fewer than " + schema.get("minProperties") + " properties");
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode property = schema.path("properties").get(name);
            if (property != null) {
                check(property, value.get(name), at + "." + name, problems);
            } else if (schema.has("additionalProperties")) {
                JsonNode additional = schema.get("additionalProperties");
                if (additional.isBoolean() && !additional.asBoolean()) {
                    problems.add(at + ": unknown property " + name);
                } else if (additional.isObject()) {
                    check(additional, value.get(name), at + "." + name, problems);
                }
            }
        }
    }

    private boolean valid(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems.isEmpty();
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (typeMatches(one, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> value.isNull();
        };
    }
}
