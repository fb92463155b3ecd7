// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.faultline.core.Protocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code faultline} command. */
@Command(
        name = "faultline",
        mixinStandardHelpOptions = true,
        versionProvider = FaultlineCli.Version.class,
        description = "Switch faults on and off in running JVMs with the Faultline agent.",
        subcommands = {
            FaultlineCli.Jvms.class,
            FaultlineCli.Attach.class,
            FaultlineCli.Enable.class,
            FaultlineCli.Points.class,
            FaultlineCli.ListFaults.class,
            FaultlineCli.Disable.class,
            FaultlineCli.Watch.class,
            FaultlineCli.Detach.class,
            RunCommand.class,
            ReportCommand.class
        })
public final class FaultlineCli implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * The command with its usage and errors written to {@code out} and {@code err} (commands'
     * results still go to System.out).
     */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        // the points' own options are read from the agent jar, which only enable and points need
        boolean points = Arrays.asList(args).contains("enable");
        return commandLine(out, err, points).execute(args);
    }

    /** The command line as {@link #run} executes it: for tests that parse without executing. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, true);
    }

    private static CommandLine commandLine(
            PrintWriter out, PrintWriter err, boolean withPointOptions) {
        CommandLine commandLine = new CommandLine(new FaultlineCli());
        if (withPointOptions) {
            Enable.addPointOptions(commandLine.getSubcommands().get("enable").getCommandSpec());
        }
        return commandLine
                // no @file arguments: a message or body starting with '@' is text, not the name of
                // a file to read options from
                .setExpandAtFiles(false)
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(
                        (failure, command, parsed) -> {
                            if (failure instanceof CliException) {
                                command.getErr().println("faultline: " + failure.getMessage());
                                return ((CliException) failure).exitCode;
                            }
                            command.getErr().println("faultline: unexpected failure: " + failure);
                            return CliException.FAILED;
                        });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code <target>} and the remote JMX credentials that go with it. */
    static final class TargetOptions {
        @Parameters(
                index = "0",
                paramLabel = "<target>",
                description =
                        "a pid, a unique part of the main class or jar name, host:port or a JMX service URL")
        String target;

        @Option(
                names = "--jmx-user",
                description = "user for a JVM whose remote JMX requires authentication")
        String jmxUser;

        @Option(names = "--jmx-password", description = "password for --jmx-user")
        String jmxPassword;

        @Option(
                names = "--jmx-tls",
                description =
                        "the JVM's JMX registry uses TLS (trust store from -Djavax.net.ssl.trustStore in FAULTLINE_JAVA_OPTS)")
        boolean jmxTls;

        TargetJvm open() {
            return Targets.resolve(target, jmxUser, jmxPassword, jmxTls);
        }
    }

    @Command(
            name = "jvms",
            mixinStandardHelpOptions = true,
            description = "List the attachable JVMs of this user, and where Faultline is loaded.")
    static final class Jvms implements Callable<Integer> {
        @Override
        public Integer call() {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"PID", "JAVA", "FAULTLINE", "FAULTS", "MAIN"});
            for (VirtualMachineDescriptor descriptor : Targets.others()) {
                String java = "?";
                String faultline = "?";
                String faults = "?";
                try {
                    VirtualMachine vm = VirtualMachine.attach(descriptor);
                    try {
                        Properties properties = vm.getSystemProperties();
                        java = properties.getProperty("java.version", "?");
                        faultline = properties.getProperty(LocalJvm.VERSION_PROPERTY, "-");
                        String status = properties.getProperty(LocalJvm.STATUS_PROPERTY);
                        faults =
                                faultline.equals("-")
                                        ? "-"
                                        : String.valueOf(
                                                status == null
                                                        ? 0
                                                        : FaultTable.parse(status).size());
                    } finally {
                        vm.detach();
                    }
                } catch (Exception unreachable) {
                    // listed all the same, with what is known
                }
                rows.add(
                        new String[] {
                            descriptor.id(), java, faultline, faults, descriptor.displayName()
                        });
            }
            System.out.print(Text.columns(rows));
            return 0;
        }
    }

    @Command(
            name = "attach",
            mixinStandardHelpOptions = true,
            description =
                    "Load the agent into a running JVM (one started with it is made to instrument"
                            + " now if it has not yet).")
    static final class Attach implements Callable<Integer> {
        @Mixin TargetOptions target;

        @Override
        public Integer call() {
            try (TargetJvm jvm = target.open()) {
                boolean loaded = jvm.ensureAgent();
                System.out.println(
                        "Faultline "
                                + AgentJar.version()
                                + (loaded ? " attached to " : " already attached to ")
                                + jvm.describe());
            }
            return 0;
        }
    }

    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description = "Enable a fault (attaching first if needed) and print its id.")
    static final class Enable implements Callable<Integer> {
        @Mixin TargetOptions target;

        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "<point>",
                description = "e.g. jdbc.execute, kafka.send")
        String point;

        @Parameters(
                index = "2",
                arity = "0..1",
                paramLabel = "<action>",
                description = "e.g. delay, error, hang, status, drop, duplicate")
        String action;

        @Option(
                names = {"-f", "--file"},
                description = "enable the faults of a JSON or YAML file instead")
        Path file;

        @Option(names = "--delay", description = "delay, e.g. 500ms or 100ms..900ms")
        String delay;

        @Option(
                names = "--error",
                description =
                        "exception class to throw, or refused/timeout/reset on network points")
        String error;

        @Option(names = "--message", description = "exception message")
        String message;

        @CommandLine.Spec CommandLine.Model.CommandSpec command;

        @Option(names = "--probability", description = "chance a matching call is faulted, 0..1")
        Double probability;

        @Option(names = "--after", description = "let the first N matching calls through")
        Long after;

        @Option(names = "--limit", description = "fault at most N calls")
        Long limit;

        @Option(names = "--for", description = "how long the fault lasts, e.g. 2m (default 5m)")
        String duration;

        @Option(names = "--seed", description = "seed for reproducible probability decisions")
        Long seed;

        @Option(names = "--id", description = "the fault's id")
        String id;

        @Option(
                names = "--match",
                paramLabel = "key=regex",
                description = "match key and regular expression, e.g. sql=(?i)select.*; repeatable")
        List<String> match = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            // Attaching waits mostly on the target; checking the spec is CPU in this JVM: side by
            // side they overlap. Attaching changes nothing in the target, and the spec is checked
            // before anything is sent, so a bad spec still leaves the target as it was.
            CompletableFuture<TargetJvm> opening = CompletableFuture.supplyAsync(target::open);
            String json;
            try {
                json = checkedSpec();
            } catch (RuntimeException | IOException e) {
                opening.thenAccept(TargetJvm::close);
                throw e;
            }
            try (TargetJvm jvm = opened(opening)) {
                for (String enabled : jvm.enable(json).split(",")) {
                    System.out.println(enabled);
                }
            }
            return 0;
        }

        private static TargetJvm opened(CompletableFuture<TargetJvm> opening) {
            try {
                return opening.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException) {
                    throw (RuntimeException) e.getCause();
                }
                throw e;
            }
        }

        /**
         * The spec the options (or the file) give, checked by the agent's own parser before any
         * command reaches the target: a bad option is refused naming the option, and nothing
         * reaches the target.
         */
        String checkedSpec() throws IOException {
            String json = file != null ? fileAsJson() : specAsJson();
            String problem = problem(json);
            if (problem == null) {
                return json;
            }
            // a file's spec is a document of its own: its fields are named as in the file
            throw file != null
                    ? new CliException(CliException.FAILED, file + ": " + problem)
                    : new CliException(CliException.USAGE, optionProblem(problem));
        }

        private static String problem(String json) {
            AgentModel check = Checks.get();
            // without the agent's parser at hand, the target checks the spec all the same
            return check == null ? null : check.problem(json);
        }

        /**
         * The agent's parser, loaded once: a command enables once, but tests run many commands in
         * one JVM.
         */
        private static final class Checks {
            private static final AgentModel CHECK = load();

            private static AgentModel load() {
                try {
                    return AgentModel.withoutTargetLimits();
                } catch (RuntimeException unavailable) {
                    return null;
                }
            }

            static AgentModel get() {
                return CHECK;
            }
        }

        /**
         * Adds an option for each field the agent's points declare for the command line ({@code
         * --sql-state}, {@code --copies}, {@code --code}, {@code --header} ...), described from the
         * declaration: a point adds one with no edit here. Without the agent's declarations at hand
         * there are none; {@code -f} still gives every field.
         */
        static void addPointOptions(CommandLine.Model.CommandSpec enable) {
            AgentModel model = Checks.get();
            if (model == null) {
                return;
            }
            Map<String, AgentModel.Field> fields = new LinkedHashMap<>();
            Map<String, List<String>> usedBy = new LinkedHashMap<>();
            for (AgentModel.Point point : model.points().values()) {
                for (AgentModel.Field field : point.fields()) {
                    if (field.option() != null) {
                        fields.putIfAbsent(field.name(), field);
                        usedBy.computeIfAbsent(field.name(), n -> new ArrayList<>())
                                .add(point.name());
                    }
                }
            }
            fields.forEach(
                    (name, field) -> {
                        String where =
                                String.join(", ", usedBy.get(name))
                                        + (field.actions().isEmpty()
                                                ? ""
                                                : " " + String.join("/", field.actions()));
                        boolean pairs = field.kind().equals("pairs");
                        CommandLine.Model.OptionSpec.Builder option =
                                CommandLine.Model.OptionSpec.builder(field.option())
                                        .paramLabel("<" + field.name() + ">")
                                        .description(
                                                field.description()
                                                        + " ("
                                                        + where
                                                        + "; "
                                                        + (pairs ? "repeatable" : field.form())
                                                        + ")");
                        switch (field.kind()) {
                            case "number" -> option.type(Integer.class);
                            case "boolean" -> option.type(Boolean.class).arity("0");
                            case "pairs" ->
                                    option.type(List.class)
                                            .auxiliaryTypes(String.class)
                                            .paramLabel("name=value");
                            default -> option.type(String.class);
                        }
                        enable.addOption(option.build());
                    });
        }

        /** The points' fields the options give, by field name. */
        private Map<String, AgentModel.Field> pointFields() {
            Map<String, AgentModel.Field> fields = new LinkedHashMap<>();
            AgentModel model = Checks.get();
            if (model != null) {
                for (AgentModel.Point each : model.points().values()) {
                    for (AgentModel.Field field : each.fields()) {
                        if (field.option() != null && command.findOption(field.option()) != null) {
                            fields.putIfAbsent(field.name(), field);
                        }
                    }
                }
            }
            return fields;
        }

        /** The shared spec fields the options give. */
        private static final Map<String, String> OPTIONS =
                Map.ofEntries(
                        Map.entry("id", "--id"),
                        Map.entry("delay", "--delay"),
                        Map.entry("error", "--error"),
                        Map.entry("message", "--message"),
                        Map.entry("probability", "--probability"),
                        Map.entry("after", "--after"),
                        Map.entry("limit", "--limit"),
                        Map.entry("duration", "--for"),
                        Map.entry("seed", "--seed"));

        private static final Pattern FIELD = Pattern.compile("(?s)field '(.*?)': (.*)");

        /**
         * The parser's {@code field 'delay': ...} as the option that gave it: {@code option
         * '--delay': ...}.
         */
        String optionProblem(String problem) {
            Matcher m = FIELD.matcher(problem);
            if (!m.matches()) {
                return problem;
            }
            String field = m.group(1);
            String rest = m.group(2);
            int dot = field.indexOf('.');
            String head = dot < 0 ? field : field.substring(0, dot);
            if (head.equals("point") || head.equals("action")) {
                return "<" + head + "> '" + (head.equals("point") ? point : action) + "': " + rest;
            }
            AgentModel.Field declared = pointFields().get(head);
            boolean pairs = declared != null && declared.kind().equals("pairs");
            if (head.equals("match") || pairs) {
                String option = head.equals("match") ? "--match" : declared.option();
                if (dot >= 0) {
                    String key = field.substring(dot + 1);
                    for (String pair : head.equals("match") ? match : pairsOf(declared)) {
                        if (pair.startsWith(key + "=")) {
                            return "option '" + option + " " + pair + "': " + rest;
                        }
                    }
                }
                return "option '" + option + "': " + rest;
            }
            String option = declared != null ? declared.option() : OPTIONS.get(field);
            if (option != null) {
                return "option '" + option + "': " + rest;
            }
            return problem
                    + " (no option gives field '"
                    + field
                    + "': write the spec in a file and give it with -f)";
        }

        private String fileAsJson() throws IOException {
            if (point != null) {
                throw new CliException(
                        CliException.USAGE, "give either <point> <action> or -f <file>, not both");
            }
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            ObjectMapper reader =
                    name.endsWith(".yaml") || name.endsWith(".yml")
                            ? new ObjectMapper(new YAMLFactory())
                            : JSON;
            try {
                return JSON.writeValueAsString(reader.readTree(Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new CliException(
                        CliException.FAILED, "cannot read " + file + ": " + e.getMessage());
            }
        }

        private String specAsJson() throws IOException {
            if (point == null || action == null) {
                throw new CliException(
                        CliException.USAGE,
                        "give <point> <action> (e.g. jdbc.execute delay --delay 500ms) or -f <file>");
            }
            ObjectNode spec = JSON.createObjectNode().put("point", point).put("action", action);
            putIfSet(spec, "id", id);
            putIfSet(spec, "delay", delay);
            putIfSet(spec, "error", error);
            putIfSet(spec, "message", message);
            putIfSet(spec, "duration", duration);
            for (AgentModel.Field field : pointFields().values()) {
                Object value = command.findOption(field.option()).getValue();
                switch (field.kind()) {
                    case "pairs" ->
                            putPairs(
                                    spec,
                                    field.name(),
                                    field.option(),
                                    "name=value, e.g. " + field.option() + " " + example(field),
                                    pairsOf(field));
                    case "number" -> {
                        if (value != null) spec.put(field.name(), (Integer) value);
                    }
                    case "boolean" -> {
                        if (Boolean.TRUE.equals(value)) spec.put(field.name(), true);
                    }
                    default -> putIfSet(spec, field.name(), (String) value);
                }
            }
            if (probability != null) spec.put("probability", probability);
            if (after != null) spec.put("after", after);
            if (limit != null) spec.put("limit", limit);
            if (seed != null) spec.put("seed", seed);
            putPairs(spec, "match", "--match", "key=regex, e.g. --match sql=(?i)select.*", match);
            return JSON.writeValueAsString(spec);
        }

        /** The values of a repeated name=value option; empty when not given. */
        @SuppressWarnings("unchecked")
        private List<String> pairsOf(AgentModel.Field field) {
            List<String> values = command.findOption(field.option()).getValue();
            return values == null ? List.of() : values;
        }

        /** An example pair from the field's description ({@code e.g. Retry-After=30}). */
        private static String example(AgentModel.Field field) {
            Matcher m = EXAMPLE.matcher(field.description());
            return m.find() ? m.group(1) : "name=value";
        }

        private static final Pattern EXAMPLE = Pattern.compile("e\\.g\\. (\\S+=\\S+)");

        /**
         * Repeated {@code key=value} options as one object field of the spec; a key given twice is
         * refused, not overwritten.
         */
        private static void putPairs(
                ObjectNode spec, String field, String option, String expected, List<String> pairs) {
            if (pairs.isEmpty()) {
                return;
            }
            ObjectNode object = spec.putObject(field);
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new CliException(
                            CliException.USAGE,
                            "option '" + option + " " + pair + "': expected " + expected);
                }
                String key = pair.substring(0, eq);
                if (object.has(key)) {
                    throw new CliException(
                            CliException.USAGE,
                            "option '"
                                    + option
                                    + " "
                                    + pair
                                    + "': '"
                                    + key
                                    + "' given twice; expected each once");
                }
                object.put(key, pair.substring(eq + 1));
            }
        }

        private static void putIfSet(ObjectNode spec, String field, String value) {
            if (value != null) {
                spec.put(field, value);
            }
        }
    }

    @Command(
            name = "points",
            mixinStandardHelpOptions = true,
            description =
                    "The injection points of this agent: their actions, match keys and own fields.")
    static final class Points implements Callable<Integer> {
        @Option(names = "--json", description = "print JSON, for scripts")
        boolean json;

        @Override
        public Integer call() throws IOException {
            try (AgentModel model = AgentModel.withoutTargetLimits()) {
                if (json) {
                    System.out.println(JSON.writeValueAsString(model.points().values()));
                    return 0;
                }
                StringBuilder out = new StringBuilder();
                for (AgentModel.Point point : model.points().values()) {
                    out.append(point.name())
                            .append("\n  actions:    ")
                            .append(String.join(", ", point.actions()))
                            .append("\n  match keys: ")
                            .append(
                                    point.matchKeys().isEmpty()
                                            ? "none"
                                            : String.join(", ", point.matchKeys()))
                            .append('\n');
                    for (AgentModel.Field field : point.fields()) {
                        out.append("  ")
                                .append(field.name())
                                .append(
                                        field.actions().isEmpty()
                                                ? ""
                                                : " (" + String.join(", ", field.actions()) + ")")
                                .append(field.required() ? ", required" : "")
                                .append(": ")
                                .append(field.form())
                                .append(
                                        field.defaultValue() == null
                                                ? ""
                                                : "; default " + field.defaultValue())
                                .append(field.option() == null ? "" : "; " + field.option())
                                .append("\n      ")
                                .append(field.description())
                                .append('\n');
                    }
                }
                System.out.print(out);
            }
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "The active faults with their counters and time left.")
    static final class ListFaults implements Callable<Integer> {
        @Mixin TargetOptions target;

        @Option(names = "--json", description = "print the agent's JSON, for scripts")
        boolean json;

        @Override
        public Integer call() {
            try (TargetJvm jvm = target.open()) {
                requireAgent(jvm);
                String faults = jvm.faultsJson();
                System.out.print(json ? faults + "\n" : FaultTable.render(faults));
            }
            return 0;
        }
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "End one fault, or all of them.")
    static final class Disable implements Callable<Integer> {
        @Mixin TargetOptions target;

        @Parameters(index = "1", arity = "0..1", paramLabel = "<id>")
        String id;

        @Option(names = "--all", description = "end every fault")
        boolean all;

        @Override
        public Integer call() {
            if (all == (id != null)) {
                throw new CliException(CliException.FAILED, "give a fault id or --all");
            }
            try (TargetJvm jvm = target.open()) {
                requireAgent(jvm);
                String result =
                        jvm.command(
                                all ? Protocol.VERB_DISABLE_ALL : Protocol.VERB_DISABLE + " " + id);
                System.out.println(all ? result + " fault(s)" : result);
            }
            return 0;
        }
    }

    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = "Show the counters every second until no fault is left (or Ctrl-C).")
    static final class Watch implements Callable<Integer> {
        @Mixin TargetOptions target;

        @Override
        public Integer call() throws InterruptedException {
            boolean terminal = System.console() != null;
            try (TargetJvm jvm = target.open()) {
                requireAgent(jvm);
                while (true) {
                    String faults = jvm.faultsJson();
                    if (terminal) {
                        System.out.print("\033[H\033[2J");
                    }
                    System.out.println(
                            LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
                                    + "  "
                                    + jvm.describe());
                    if (FaultTable.parse(faults).size() == 0) {
                        System.out.println("no fault left");
                        return 0;
                    }
                    System.out.print(FaultTable.render(faults));
                    System.out.flush();
                    Thread.sleep(1000);
                }
            }
        }
    }

    @Command(
            name = "detach",
            mixinStandardHelpOptions = true,
            description =
                    "End every fault and remove the agent: classes get their original bytecode back.")
    static final class Detach implements Callable<Integer> {
        @Mixin TargetOptions target;

        @Override
        public Integer call() {
            try (TargetJvm jvm = target.open()) {
                requireAgent(jvm);
                int active = FaultTable.parse(jvm.faultsJson()).size();
                jvm.command(Protocol.VERB_DETACH);
                System.out.println(
                        "Faultline detached from "
                                + jvm.describe()
                                + ": "
                                + active
                                + " fault(s) ended, classes restored");
            }
            return 0;
        }
    }

    private static void requireAgent(TargetJvm jvm) {
        String version = jvm.agentVersion();
        if (version == null) {
            throw new CliException(
                    CliException.FAILED,
                    "Faultline is not attached to "
                            + jvm.describe()
                            + " (faultline attach loads it)");
        }
        if (!version.equals(AgentJar.version())) {
            throw AgentJar.versionMismatch(jvm.describe(), version);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"faultline " + AgentJar.version()};
        }
    }

    /** Left-aligned columns. */
    public static final class Text {
        private Text() {}

        public static String columns(List<String[]> rows) {
            int[] widths = new int[rows.get(0).length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            StringBuilder out = new StringBuilder();
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    out.append(
                            i == row.length - 1
                                    ? row[i]
                                    : String.format("%-" + (widths[i] + 2) + "s", row[i]));
                }
                out.append('\n');
            }
            return out.toString();
        }
    }
}
