// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.control.Specs;
import dev.faultline.testing.Gen;
import dev.faultline.testing.Pair;
import dev.faultline.testing.Property;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code faultline enable <target> <point> <action> --option ...} in-process, without a target JVM:
 * the options of every valid spec (of the agent's own generators) translate to that spec, checked
 * by the agent's parser; a bad option is refused with exit code 2 and a message naming the option,
 * before any target is looked up (the target named here does not exist: reaching it would exit 3).
 */
class EnableOptionsProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TRIES = 250;

    /** No JVM has this name: a command that got as far as looking for its target exits 3, not 2. */
    private static final String NO_TARGET = "no-such-jvm-f7c1e0";

    /** Spec fields and the options that give them. */
    private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("id", "--id");
        OPTIONS.put("delay", "--delay");
        OPTIONS.put("error", "--error");
        OPTIONS.put("message", "--message");
        OPTIONS.put("sqlState", "--sql-state");
        OPTIONS.put("copies", "--copies");
        OPTIONS.put("code", "--code");
        OPTIONS.put("body", "--body");
        OPTIONS.put("probability", "--probability");
        OPTIONS.put("after", "--after");
        OPTIONS.put("limit", "--limit");
        OPTIONS.put("duration", "--for");
        OPTIONS.put("seed", "--seed");
    }

    @Test
    void theOptionsOfAValidSpecTranslateToThatSpec() {
        Property.forAll(expressible())
                .tries(TRIES)
                .check(
                        valid -> {
                            List<String> args = args(valid.spec);
                            String json = enable(args).checkedSpec();
                            JsonNode expected = valid.spec.deepCopy();
                            // --copies is a number; a spec may give it as text
                            if (expected.has("copies")) {
                                ((ObjectNode) expected)
                                        .put("copies", expected.get("copies").asInt());
                            }
                            // both read from text, so that numbers compare by value, not by the
                            // node type that held them
                            assertThat(JSON.readTree(json))
                                    .as("%s", args)
                                    .isEqualTo(JSON.readTree(expected.toString()));
                        });
    }

    @Test
    void aBadOptionIsRefusedNamingItWithTheUsageCodeBeforeAnyTargetIsLookedUp() {
        Property.forAll(Pair.of(expressible(), mistakes()))
                .tries(TRIES)
                .check(
                        input -> {
                            List<String> args = args(input.first.spec);
                            Mistake mistake = input.second;
                            mistake.apply(args);
                            StringWriter err = new StringWriter();
                            int code =
                                    FaultlineCli.run(
                                            new PrintWriter(new StringWriter()),
                                            new PrintWriter(err, true),
                                            args.toArray(new String[0]));
                            assertThat(code).as("%s\n%s", args, err).isEqualTo(CliException.USAGE);
                            String message = err.toString();
                            assertThat(message).as("%s", args).containsIgnoringCase(mistake.named);
                            // one clear line of ours, or picocli's own (which names the option and
                            // prints the usage)
                            assertThat(message)
                                    .as("%s", args)
                                    .matches(
                                            "(?s)(faultline: .+\\n|(Invalid value for option|option '|Unknown option|Missing required).*)");
                        });
    }

    // ---- regressions

    /** A match key or header given twice was overwritten silently: the last one won. */
    @Test
    void aKeyGivenTwiceIsRefusedNotOverwritten() {
        StringWriter err = new StringWriter();
        assertThat(
                        FaultlineCli.run(
                                new PrintWriter(new StringWriter()),
                                new PrintWriter(err, true),
                                "enable",
                                NO_TARGET,
                                "jdbc.execute",
                                "delay",
                                "--delay",
                                "1s",
                                "--match",
                                "sql=a",
                                "--match",
                                "sql=b"))
                .isEqualTo(CliException.USAGE);
        assertThat(err.toString())
                .isEqualTo(
                        "faultline: option '--match sql=b': 'sql' given twice; expected each once\n");
        err.getBuffer().setLength(0);
        assertThat(
                        FaultlineCli.run(
                                new PrintWriter(new StringWriter()),
                                new PrintWriter(err, true),
                                "enable",
                                NO_TARGET,
                                "http.client",
                                "status",
                                "--code",
                                "503",
                                "--header",
                                "Retry-After=5",
                                "--header",
                                "Retry-After=6"))
                .isEqualTo(CliException.USAGE);
        assertThat(err.toString())
                .isEqualTo(
                        "faultline: option '--header Retry-After=6': 'Retry-After' given twice; expected each once\n");
    }

    /**
     * A bad value was sent to the target and refused there, naming the spec field rather than the
     * option, with exit code 1.
     */
    @Test
    void aBadValueIsRefusedNamingTheOptionAndNothingIsSent() {
        StringWriter err = new StringWriter();
        assertThat(
                        FaultlineCli.run(
                                new PrintWriter(new StringWriter()),
                                new PrintWriter(err, true),
                                "enable",
                                NO_TARGET,
                                "jdbc.execute",
                                "delay",
                                "--delay",
                                "soon"))
                .isEqualTo(CliException.USAGE);
        assertThat(err.toString())
                .isEqualTo(
                        "faultline: option '--delay': 'soon' is not a duration such as 250ms, 2s, 5m, 1h or PT5M\n");
        err.getBuffer().setLength(0);
        assertThat(
                        FaultlineCli.run(
                                new PrintWriter(new StringWriter()),
                                new PrintWriter(err, true),
                                "enable",
                                NO_TARGET,
                                "jdbc.execute",
                                "delay",
                                "--delay",
                                "1s",
                                "--match",
                                "sql=("))
                .isEqualTo(CliException.USAGE);
        assertThat(err.toString())
                .startsWith("faultline: option '--match sql=(': invalid regular expression");
        // a field no option gives: said so, with where to give it
        err.getBuffer().setLength(0);
        assertThat(
                        FaultlineCli.run(
                                new PrintWriter(new StringWriter()),
                                new PrintWriter(err, true),
                                "enable",
                                NO_TARGET,
                                "memory",
                                "leak"))
                .isEqualTo(CliException.USAGE);
        assertThat(err.toString())
                .startsWith("faultline: field 'rate': required for action 'leak'")
                .endsWith(
                        "(no option gives field 'rate': write the spec in a file and give it with -f)\n");
    }

    /**
     * picocli read an argument starting with '@' as a file of arguments: --message @@x became @x,
     * --body @reply.json read the file.
     */
    @Test
    void aValueStartingWithAnAtSignIsText() throws Exception {
        String status =
                enable(
                                Arrays.asList(
                                        "enable",
                                        NO_TARGET,
                                        "http.client",
                                        "status",
                                        "--code",
                                        "503",
                                        "--body",
                                        "@reply.json"))
                        .checkedSpec();
        assertThat(JSON.readTree(status).get("body").asText()).isEqualTo("@reply.json");
        String error =
                enable(
                                Arrays.asList(
                                        "enable",
                                        NO_TARGET,
                                        "jdbc.execute",
                                        "error",
                                        "--message",
                                        "@@x"))
                        .checkedSpec();
        assertThat(JSON.readTree(error).get("message").asText()).isEqualTo("@@x");
    }

    @Test
    void aValidSpecGetsAsFarAsLookingForTheTarget() {
        StringWriter err = new StringWriter();
        assertThat(
                        FaultlineCli.run(
                                new PrintWriter(new StringWriter()),
                                new PrintWriter(err, true),
                                "enable",
                                NO_TARGET,
                                "jdbc.execute",
                                "delay",
                                "--delay",
                                "1s",
                                "--for",
                                "2h"))
                .as("%s", err)
                .isEqualTo(CliException.NO_TARGET);
    }

    // ---- generators

    /** Valid specs every field of which an option gives. */
    private static Gen<Specs.Valid> expressible() {
        return Specs.valid()
                .filter(
                        valid -> {
                            for (Iterator<String> names = valid.spec.fieldNames();
                                    names.hasNext(); ) {
                                String name = names.next();
                                if (!OPTIONS.containsKey(name)
                                        && !Arrays.asList("point", "action", "match", "headers")
                                                .contains(name)) {
                                    return false;
                                }
                            }
                            return true;
                        });
    }

    /** One option made wrong, and what the refusal must name. */
    static final class Mistake {
        final String option;
        final String value;
        final String named;

        Mistake(String option, String value, String named) {
            this.option = option;
            this.value = value;
            this.named = named;
        }

        /** Replaces the option's value where it is given, else adds it. */
        void apply(List<String> args) {
            if (option.startsWith("<")) {
                args.set(option.equals("<point>") ? 2 : 3, value);
                return;
            }
            int at = args.indexOf(option);
            if (at >= 0 && !option.equals("--match") && !option.equals("--header")) {
                args.set(at + 1, value);
            } else {
                args.add(option);
                args.add(value);
            }
        }

        @Override
        public String toString() {
            return option + " " + value + " -> " + named;
        }
    }

    private static Gen<Mistake> mistakes() {
        List<Gen<Mistake>> choices = new ArrayList<>();
        Map<String, List<String>> bad = new LinkedHashMap<>();
        bad.put(
                "--delay",
                Arrays.asList("soon", "0ms", "-1s", "900ms..100ms", "", "9999999999999h"));
        bad.put(
                "--for",
                Arrays.asList("later", "0s", "-5s", "", "99999999999999999h", "5 minutes"));
        bad.put("--probability", Arrays.asList("1.5", "-0.1", "likely", "NaN", "Infinity", ""));
        bad.put("--code", Arrays.asList("abc", "1.5", "99999999999"));
        bad.put("--copies", Arrays.asList("many", "2.5", ""));
        bad.put("--after", Arrays.asList("-1", "x", "99999999999999999999"));
        bad.put("--limit", Arrays.asList("-1", "lots"));
        bad.put("--seed", Arrays.asList("random", "1.5"));
        bad.put("--id", Arrays.asList("", "a b", "-x", "ü", "x".repeat(101)));
        bad.put("--sql-state", Arrays.asList("4000", "400011", ""));
        bad.put(
                "--error",
                Arrays.asList("java.lang.String", "not a class!", "java..IOException", ""));
        bad.put("--match", Arrays.asList("sql=(", "nokey", "=x", "sql=[a-", "(?z)"));
        bad.put("--header", Arrays.asList("Bad Name=x", "X=a\r\nb", "novalue", "=x"));
        bad.put("<point>", Arrays.asList("jdbc.exec", "JDBC.EXECUTE", "", "x"));
        bad.put("--unknown-option", Arrays.asList("x"));
        for (Map.Entry<String, List<String>> entry : bad.entrySet()) {
            String option = entry.getKey();
            choices.add(
                    Gen.of(entry.getValue())
                            .map(
                                    value ->
                                            new Mistake(
                                                    option,
                                                    value,
                                                    option.equals("--unknown-option")
                                                            ? "--unknown-option"
                                                            : option)));
        }
        return Gen.oneOf(choices);
    }

    // ---- helpers

    /** {@code enable <target> <point> <action> --option value ...} for a spec. */
    private static List<String> args(ObjectNode spec) {
        List<String> args =
                new ArrayList<>(
                        Arrays.asList(
                                "enable",
                                NO_TARGET,
                                spec.get("point").asText(),
                                spec.get("action").asText()));
        for (Iterator<Map.Entry<String, JsonNode>> fields = spec.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.equals("point") || name.equals("action")) {
                continue;
            }
            if (name.equals("match") || name.equals("headers")) {
                for (Iterator<Map.Entry<String, JsonNode>> pairs = field.getValue().fields();
                        pairs.hasNext(); ) {
                    Map.Entry<String, JsonNode> pair = pairs.next();
                    args.add(name.equals("match") ? "--match" : "--header");
                    args.add(pair.getKey() + "=" + pair.getValue().asText());
                }
            } else {
                args.add(OPTIONS.get(name));
                args.add(field.getValue().asText());
            }
        }
        return args;
    }

    private static FaultlineCli.Enable enable(List<String> args) {
        CommandLine.ParseResult parsed =
                FaultlineCli.commandLine(
                                new PrintWriter(new StringWriter()),
                                new PrintWriter(new StringWriter()))
                        .parseArgs(args.toArray(new String[0]));
        return (FaultlineCli.Enable) parsed.subcommand().commandSpec().userObject();
    }
}
