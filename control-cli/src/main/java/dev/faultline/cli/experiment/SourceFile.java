// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An experiment file read as a tree, remembering the line of every field, so that an error can say
 * {@code experiment.yaml: probes[2].http.url (line 14): ...}. YAML when the name ends in {@code
 * .yaml}/{@code .yml}, JSON otherwise.
 */
public final class SourceFile {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final String name;
    final JsonNode root;
    private final Map<String, Integer> lines;

    private SourceFile(String name, JsonNode root, Map<String, Integer> lines) {
        this.name = name;
        this.root = root;
        this.lines = lines;
    }

    public static SourceFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ExperimentException(file + ": cannot read it: " + e.getMessage());
        }
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return parse(file.toString(), text, lower.endsWith(".yaml") || lower.endsWith(".yml"));
    }

    public static SourceFile parse(String name, String text, boolean yaml) {
        JsonFactory factory = yaml ? new YAMLFactory() : new JsonFactory();
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ExperimentException(
                        name
                                + ": the file is empty; expected an experiment with title, hypothesis, targets, probes and method");
            }
            JsonNode root = value(parser, first, "", lines);
            return new SourceFile(name, root, lines);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked
                    && marked.getProblemMark() != null) {
                throw new ExperimentException(
                        name
                                + " (line "
                                + (marked.getProblemMark().getLine() + 1)
                                + "): not valid YAML: "
                                + (marked.getContext() == null ? "" : marked.getContext() + ": ")
                                + marked.getProblem());
            }
            throw new ExperimentException(
                    name
                            + " (line "
                            + e.getLocation().getLineNr()
                            + "): not valid "
                            + (yaml ? "YAML" : "JSON")
                            + ": "
                            + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ExperimentException(name + ": cannot read it: " + e.getMessage());
        }
    }

    private static JsonNode value(
            JsonParser parser, JsonToken token, String path, Map<String, Integer> lines)
            throws IOException {
        lines.putIfAbsent(path, parser.currentTokenLocation().getLineNr());
        switch (token) {
            case START_OBJECT:
                {
                    ObjectNode object = NODES.objectNode();
                    for (JsonToken next = parser.nextToken();
                            next != JsonToken.END_OBJECT;
                            next = parser.nextToken()) {
                        String field = parser.currentName();
                        String fieldPath = path.isEmpty() ? field : path + "." + field;
                        if (object.has(field)) {
                            throw new ExperimentException(
                                    "field '"
                                            + fieldPath
                                            + "' (line "
                                            + parser.currentTokenLocation().getLineNr()
                                            + ") is given twice");
                        }
                        lines.put(fieldPath, parser.currentTokenLocation().getLineNr());
                        object.set(field, value(parser, parser.nextToken(), fieldPath, lines));
                    }
                    return object;
                }
            case START_ARRAY:
                {
                    ArrayNode array = NODES.arrayNode();
                    for (JsonToken next = parser.nextToken();
                            next != JsonToken.END_ARRAY;
                            next = parser.nextToken()) {
                        array.add(value(parser, next, path + "[" + array.size() + "]", lines));
                    }
                    return array;
                }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? NODES.numberNode(parser.getBigIntegerValue())
                        : NODES.numberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new ExperimentException(
                        "unexpected "
                                + token
                                + " at line "
                                + parser.currentTokenLocation().getLineNr());
        }
    }

    /**
     * The line of a field (its path as {@code probes[2].http.url}), or the nearest enclosing one
     * that has a line.
     */
    int line(String path) {
        for (String p = path; ; ) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return lines.getOrDefault("", 1);
            }
            p = p.substring(0, cut);
        }
    }

    public Field root() {
        return new Field(this, root, "");
    }
}
