// SPDX-License-Identifier: Apache-2.0
package dev.faultline.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.core.Origin;
import dev.faultline.core.Protocol;
import dev.faultline.core.SpecException;
import dev.faultline.core.SpecParser;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs control commands given as text, as they arrive through {@code jcmd <pid> JVMTI.agent_load
 * faultline-agent.jar '"<command>"'}. The result line is returned and published as the system
 * property {@code faultline.last}; the active faults as {@code faultline.status}.
 *
 * <p>Commands: {@code enable <point> <action> [key:value ...]}, {@code apply <file>}, {@code
 * disable <id>}, {@code disable-all}, {@code status}. Words are separated by spaces, or by commas
 * when the command has no spaces (jcmd splits unquoted arguments at spaces).
 */
public final class JcmdCommands {
    public static final String LAST_PROPERTY = Protocol.LAST_PROPERTY;
    public static final String STATUS_PROPERTY = Protocol.STATUS_PROPERTY;
    static final List<String> VERBS =
            Arrays.asList(
                    Protocol.VERB_ENABLE,
                    Protocol.VERB_ENABLE_JSON,
                    Protocol.VERB_APPLY,
                    Protocol.VERB_DISABLE,
                    Protocol.VERB_DISABLE_ALL,
                    Protocol.VERB_STATUS,
                    Protocol.VERB_DETACH);

    private final Control control;

    public JcmdCommands(Control control) {
        this.control = control;
    }

    /** Runs one command; never throws. */
    public String run(String line) {
        Origin origin = Origin.jcmd();
        return report(
                origin,
                unquoted(line),
                () -> {
                    List<String> words = words(line);
                    if (!words.isEmpty() && words.get(0).equals(Protocol.VERB_ENABLE_JSON)) {
                        // The JSON spec as it is, spaces and all: what the faultline CLI sends.
                        String text = unquoted(line);
                        return "ok "
                                + String.join(
                                        ",",
                                        control.enableJson(
                                                text.substring(
                                                        text.indexOf(Protocol.VERB_ENABLE_JSON)
                                                                + Protocol.VERB_ENABLE_JSON
                                                                        .length()),
                                                origin));
                    }
                    if (words.equals(Arrays.asList(Protocol.VERB_DETACH))) {
                        // Recorded first: detaching closes the log.
                        control.audit(origin, "detach", "ok detached");
                        control.detach(origin);
                        return "ok detached";
                    }
                    return execute(unquoted(line), words, origin);
                });
    }

    /** Applies a fault file (the start-up {@code config=}), reporting like {@code apply}. */
    public String applyFile(Path file) {
        Origin origin = Origin.config(file.toString());
        return report(
                origin,
                "apply " + file,
                () -> "ok " + String.join(",", control.apply(file, origin)));
    }

    /**
     * Runs a command, publishes its result, and records it in the audit log unless it only read the
     * status.
     */
    private String report(Origin origin, String commandLine, Supplier<String> command) {
        String result;
        try {
            result = command.get();
        } catch (IllegalArgumentException e) {
            result = "error: " + e.getMessage();
        } catch (RuntimeException e) {
            result = "error: " + e;
        }
        System.setProperty(LAST_PROPERTY, result);
        if (!result.equals("ok detached")) {
            if (!words(commandLine).equals(Arrays.asList("status"))) {
                control.audit(origin, commandLine, result);
            }
            publishStatus();
        }
        return result;
    }

    /** Publishes the active faults as {@code faultline.status}. */
    public void publishStatus() {
        System.setProperty(STATUS_PROPERTY, control.listJson());
    }

    /**
     * jcmd reads an unquoted argument of the form {@code key=value} as an option of its own and
     * passes on only what comes before the first '=': {@code
     * enable,jdbc.execute,delay,delay:1s,id=slow} reaches the agent as {@code
     * enable,jdbc.execute,delay,delay:1s,id}. A last word with no value is such a cut.
     */
    private static void refuseCut(String line, List<String> args) {
        if (line.matches("(?s).*\\s.*") || args.size() < 3) {
            return; // the quoted form keeps its '=' (measured with the jcmd of JDK 17 and 25)
        }
        String last = args.get(args.size() - 1);
        if (separator(last) < 0) {
            throw new SpecException(
                    "the command was cut at "
                            + line.length()
                            + " characters, after '"
                            + last
                            + "': jcmd reads key=value in an unquoted argument as its own option and passes on only what comes before"
                            + " the first '='; write key:value ("
                            + last
                            + ":...), or use faultline enable --file, the JSON form over JMX"
                            + " (enable) or a config= file");
        }
    }

    private String execute(String line, List<String> words, Origin origin) {
        if (words.isEmpty()) {
            throw new SpecException("no command; expected one of " + String.join(", ", VERBS));
        }
        String verb = words.get(0);
        List<String> args = words.subList(1, words.size());
        switch (verb) {
            case Protocol.VERB_ENABLE:
                refuseCut(line, args);
                return "ok "
                        + String.join(
                                ",",
                                control.enableTree(enableSpec(args, control.parser()), origin));
            case Protocol.VERB_APPLY:
                expectArgs(verb, args, 1, "apply <path to JSON or YAML file>");
                return "ok " + String.join(",", control.apply(Paths.get(args.get(0)), origin));
            case Protocol.VERB_DISABLE:
                expectArgs(verb, args, 1, "disable <id>");
                if (!control.disable(args.get(0), origin)) {
                    throw new SpecException("no active fault with id '" + args.get(0) + "'");
                }
                return "ok disabled " + args.get(0);
            case Protocol.VERB_DISABLE_ALL:
                expectArgs(verb, args, 0, Protocol.VERB_DISABLE_ALL);
                return "ok disabled " + control.disableAll(origin);
            case Protocol.VERB_STATUS:
                expectArgs(verb, args, 0, "status");
                return "ok "
                        + control.activeCount()
                        + " active, "
                        + control.agentErrors()
                        + " agent errors";
            default:
                throw new SpecException(
                        "unknown command '"
                                + verb
                                + "'; expected one of "
                                + String.join(", ", VERBS));
        }
    }

    /**
     * {@code <point> <action> [key:value ...]}: keys are spec fields, match keys, or {@code
     * match.<key>}.
     */
    private static ObjectNode enableSpec(List<String> args, SpecParser parser) {
        if (args.size() < 2) {
            throw new SpecException(
                    "usage: enable <point> <action> [key:value ...], e.g. enable jdbc.execute delay delay:500ms");
        }
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        spec.put("point", args.get(0));
        spec.put("action", args.get(1));
        ObjectNode match = JsonNodeFactory.instance.objectNode();
        for (String pair : args.subList(2, args.size())) {
            int sep = separator(pair);
            if (sep <= 0) {
                throw new SpecException(
                        "'"
                                + pair
                                + "' is not key:value; expected e.g. delay:500ms or sql:(?i)select.*");
            }
            String key = pair.substring(0, sep);
            String value = pair.substring(sep + 1);
            if (key.startsWith("match.")) {
                match.put(key.substring("match.".length()), value);
            } else if (parser.isScalarField(key)) {
                if (parser.isBooleanField(key) && (value.equals("true") || value.equals("false"))) {
                    spec.put(
                            key,
                            Boolean.parseBoolean(
                                    value)); // oom:true, jdk:true; message:true stays a text
                } else {
                    spec.put(key, value);
                }
            } else {
                match.put(
                        key,
                        value); // a match key; the parser names it if the point has no such key
            }
        }
        if (match.size() > 0) {
            spec.set("match", match);
        }
        return spec;
    }

    /** The first ':' or '=', whichever comes first. */
    private static int separator(String pair) {
        int colon = pair.indexOf(':');
        int eq = pair.indexOf('=');
        if (colon < 0) return eq;
        if (eq < 0) return colon;
        return Math.min(colon, eq);
    }

    private static void expectArgs(String verb, List<String> args, int count, String usage) {
        if (args.size() != count) {
            throw new SpecException(
                    verb
                            + " takes "
                            + count
                            + " argument"
                            + (count == 1 ? "" : "s")
                            + "; usage: "
                            + usage);
        }
    }

    /** The command without the quotes jcmd may leave around it. */
    private static String unquoted(String line) {
        String text = line == null ? "" : line.trim();
        if (text.length() >= 2
                && (text.startsWith("\"") && text.endsWith("\"")
                        || text.startsWith("'") && text.endsWith("'"))) {
            text = text.substring(1, text.length() - 1).trim();
        }
        return text;
    }

    /** Splits at whitespace, or at commas when there is none; strips the quotes jcmd may leave. */
    static List<String> words(String line) {
        String text = unquoted(line);
        List<String> words = new ArrayList<>();
        if (text.isEmpty()) {
            return words;
        }
        String separator = text.matches("(?s).*\\s.*") ? "\\s+" : ",";
        for (String word : text.split(separator)) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
