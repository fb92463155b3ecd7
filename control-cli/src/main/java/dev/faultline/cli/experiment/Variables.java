// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${name}} in any text of an experiment file: the file's {@code variables}, overridden by
 * {@code --var name=value}; {@code ${env.NAME}} reads the environment; {@code ${name:-fallback}}
 * gives a fallback. {@code $${...}} stays as written.
 */
final class Variables {
    private static final Pattern REFERENCE =
            Pattern.compile("\\$?\\$\\{([A-Za-z_][A-Za-z0-9_.-]*)(?::-([^}]*))?}");

    private final Map<String, String> values;
    private final Map<String, String> environment;

    Variables(Map<String, String> values, Map<String, String> environment) {
        this.values = new LinkedHashMap<>(values);
        this.environment = environment;
    }

    Map<String, String> values() {
        return values;
    }

    /**
     * Replaces every reference in the texts under {@code field} but those of the fields {@code
     * skipped}, in place; unknown names are problems.
     */
    void substitute(Field field, Problems problems, String... skipped) {
        JsonNode node = field.node;
        if (node.isObject()) {
            field.entries()
                    .forEach(
                            (name, child) -> {
                                if (!java.util.Arrays.asList(skipped).contains(name)) {
                                    replace(
                                            child,
                                            text -> ((ObjectNode) node).set(name, text),
                                            problems);
                                }
                            });
        } else if (node.isArray()) {
            List<Field> items = field.items();
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                replace(items.get(i), text -> ((ArrayNode) node).set(index, text), problems);
            }
        }
    }

    /** A text is resolved and put back with {@code set}; anything else is looked into. */
    private void replace(Field child, Consumer<TextNode> set, Problems problems) {
        if (child.node.isTextual()) {
            String text = problems.attempt(() -> resolve(child));
            if (text != null) {
                set.accept(TextNode.valueOf(text));
            }
        } else {
            substitute(child, problems);
        }
    }

    String resolve(Field field) {
        String text = field.node.asText();
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().startsWith("$$")) {
                replacement = m.group().substring(1);
            } else {
                String name = m.group(1);
                String value =
                        name.startsWith("env.")
                                ? environment.get(name.substring(4))
                                : values.get(name);
                if (value == null) {
                    value = m.group(2);
                }
                if (value == null) {
                    throw field.error(
                            "field '"
                                    + field.path
                                    + "': "
                                    + (name.startsWith("env.")
                                            ? "environment variable "
                                                    + name.substring(4)
                                                    + " is not set (or give ${"
                                                    + name
                                                    + ":-fallback})"
                                            : "variable '"
                                                    + name
                                                    + "' is not defined; define it under variables: or give --var "
                                                    + name
                                                    + "=value"));
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
