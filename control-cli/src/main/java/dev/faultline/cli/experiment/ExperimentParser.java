// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.cli.experiment.Experiment.CommandSource;
import dev.faultline.cli.experiment.Experiment.DisableStep;
import dev.faultline.cli.experiment.Experiment.EnableStep;
import dev.faultline.cli.experiment.Experiment.FaultCounterSource;
import dev.faultline.cli.experiment.Experiment.Guardrails;
import dev.faultline.cli.experiment.Experiment.HttpSource;
import dev.faultline.cli.experiment.Experiment.JmxSource;
import dev.faultline.cli.experiment.Experiment.JvmSource;
import dev.faultline.cli.experiment.Experiment.LoadDef;
import dev.faultline.cli.experiment.Experiment.LoadStep;
import dev.faultline.cli.experiment.Experiment.ParallelStep;
import dev.faultline.cli.experiment.Experiment.ProbeDef;
import dev.faultline.cli.experiment.Experiment.ProbeSource;
import dev.faultline.cli.experiment.Experiment.RunStep;
import dev.faultline.cli.experiment.Experiment.SteadyState;
import dev.faultline.cli.experiment.Experiment.Step;
import dev.faultline.cli.experiment.Experiment.TargetDef;
import dev.faultline.cli.experiment.Experiment.WaitStep;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Reads an experiment file (docs/experiments.md, docs/experiment.schema.json) into an {@link
 * Experiment}, reporting every problem it finds with the field's name and line. The fault specs
 * themselves are checked afterwards by the agent's own parser ({@link
 * dev.faultline.cli.AgentModel}).
 */
public final class ExperimentParser {
    /**
     * The fields of each kind of object in an experiment file, as docs/experiment.schema.json names
     * them in its {@code $defs} (a test holds the two together).
     */
    static final Map<String, String[]> FIELDS =
            Map.ofEntries(
                    Map.entry(
                            "experiment",
                            new String[] {
                                "title",
                                "hypothesis",
                                "learning",
                                "improvement",
                                "variables",
                                "targets",
                                "probes",
                                "load",
                                "steady-state",
                                "expect",
                                "method",
                                "guardrails"
                            }),
                    Map.entry(
                            "target",
                            new String[] {"pid", "name", "jmx", "user-env", "password-env", "tls"}),
                    Map.entry(
                            "probe",
                            new String[] {
                                "name", "every", "delta", "http", "jmx", "jvm", "faults", "command"
                            }),
                    Map.entry(
                            "httpProbe",
                            new String[] {
                                "url", "method", "headers", "body", "timeout", "value", "json",
                                "regex"
                            }),
                    Map.entry("jmxProbe", new String[] {"target", "mbean", "attribute", "combine"}),
                    Map.entry("jvmProbe", new String[] {"target", "figure"}),
                    Map.entry("faultsProbe", new String[] {"target", "fault", "counter"}),
                    Map.entry("commandProbe", new String[] {"run", "value", "timeout"}),
                    Map.entry(
                            "load",
                            new String[] {
                                "name",
                                "url",
                                "method",
                                "headers",
                                "body",
                                "rate",
                                "concurrency",
                                "timeout",
                                "autostart",
                                "run"
                            }),
                    Map.entry(
                            "steadyState",
                            new String[] {"conditions", "settle", "recovers-within"}),
                    Map.entry("guardrails", new String[] {"max-duration", "abort-when"}),
                    Map.entry("guardrail", new String[] {"that", "for"}),
                    Map.entry(
                            "condition",
                            new String[] {
                                "that",
                                "always",
                                "never",
                                "within",
                                "after",
                                "for-at-least",
                                "during"
                            }));

    static final String[] TOP_LEVEL = FIELDS.get("experiment");
    static final String[] STEP_ACTIONS = {
        "enable", "disable", "wait", "run", "start-load", "stop-load", "parallel"
    };
    static final String[] PROBE_KINDS = {"http", "jmx", "jvm", "faults", "command"};
    static final List<String> JVM_FIGURES =
            List.of("heap-used", "threads", "gc-time", "cpu", "alive", "restarts");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern FAULT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Duration DEFAULT_EVERY = Duration.ofSeconds(1);

    private final Problems problems = new Problems();

    private ExperimentParser() {}

    public static Experiment parse(
            Path file, Map<String, String> variables, Map<String, String> environment) {
        return parse(SourceFile.read(file), variables, environment);
    }

    public static Experiment parse(
            SourceFile source, Map<String, String> variables, Map<String, String> environment) {
        return new ExperimentParser().read(source, variables, environment);
    }

    private Experiment read(
            SourceFile source, Map<String, String> overrides, Map<String, String> environment) {
        Field root = source.root();
        if (!root.node.isObject()) {
            throw root.error(
                    "an experiment is an object with title, hypothesis, targets, probes and method");
        }
        problems.attempt(() -> root.only(TOP_LEVEL));
        Map<String, String> declared = new LinkedHashMap<>();
        Variables env = new Variables(Map.of(), environment);
        problems.attempt(
                () ->
                        root.get("variables")
                                .entries()
                                .forEach(
                                        (name, value) -> {
                                            // a list or an object would otherwise be substituted as
                                            // nothing, wherever it is used
                                            value.text(
                                                    "a value such as http://127.0.0.1:8080 or 30s");
                                            declared.put(name, env.resolve(value));
                                        }));
        declared.putAll(overrides);
        Variables variables = new Variables(declared, environment);
        variables.substitute(root, problems, "variables");
        problems.throwIfAny(); // a missing variable would make every later message confusing

        String title =
                problems.attempt(
                        () -> root.require("title", "a one-line title").text("a one-line title"));
        String hypothesis =
                problems.attempt(
                        () ->
                                root.require("hypothesis", "the hypothesis, in words")
                                        .text("the hypothesis, in words"));
        String learning = problems.attempt(() -> root.get("learning").textOr(null, "text"));
        String improvement = problems.attempt(() -> root.get("improvement").textOr(null, "text"));
        List<TargetDef> targets =
                orEmpty(
                        problems.attempt(
                                () ->
                                        targets(
                                                root.require(
                                                        "targets",
                                                        "named JVMs, e.g. targets: {order: order}"),
                                                environment)));
        Set<String> targetNames = names(targets, TargetDef::name);
        List<ProbeDef> probes = list(root.get("probes"), probe -> probe(probe, targetNames));
        List<LoadDef> loads = list(root.get("load"), this::load);
        List<Step> method =
                orEmpty(
                        problems.attempt(
                                () ->
                                        steps(
                                                root.require(
                                                        "method",
                                                        "a list of steps (enable, wait, disable ...)"),
                                                targetNames,
                                                loads)));
        Experiment draft =
                new Experiment(
                        source.name,
                        title,
                        hypothesis,
                        learning,
                        improvement,
                        variables.values(),
                        targets,
                        probes,
                        loads,
                        null,
                        List.of(),
                        method,
                        null);
        Set<String> series = new HashSet<>(draft.seriesNames());
        for (Field probe : orEmpty(problems.attempt(root.get("probes")::items))) {
            if (probe.get("name").node.isTextual()) {
                series.add(
                        probe.get("name")
                                .node
                                .asText()); // a probe with a mistake is still known by name: one
                // message, not two
            }
        }
        Set<String> faults = new HashSet<>(Timeline.faultIds(method));
        duplicates(probes.stream().map(ProbeDef::name).toList(), root.get("probes"), "probe");
        duplicates(draft.seriesNames(), root.get("load"), "probe or load series");

        SteadyState steadyState =
                problems.attempt(() -> steadyState(root.get("steady-state"), series, faults));
        List<Condition> expectations =
                list(root.get("expect"), c -> condition(c, series, faults, false));
        Guardrails guardrails =
                problems.attempt(() -> guardrails(root.get("guardrails"), series, faults));
        List<Field> probeFields = orEmpty(problems.attempt(root.get("probes")::items));
        for (ProbeDef probe : probes) {
            if (probe.source() instanceof FaultCounterSource counter
                    && counter.fault() != null
                    && !faults.contains(counter.fault())) {
                // named by the path of the probe's fault field: the probe's index in the file,
                // found by its (unique) name
                String path =
                        probeFields.stream()
                                        .filter(
                                                f ->
                                                        probe.name()
                                                                .equals(
                                                                        f.get("name")
                                                                                .node
                                                                                .asText()))
                                        .findFirst()
                                        .map(f -> f.path)
                                        .orElse("probes")
                                + ".faults.fault";
                problems.add(
                        root.at(path)
                                .error(
                                        "field '"
                                                + path
                                                + "': probe '"
                                                + probe.name()
                                                + "' counts fault '"
                                                + counter.fault()
                                                + "', which no enable step of the method has; faults: "
                                                + String.join(", ", faults))
                                .getMessage());
            }
        }
        problems.throwIfAny();
        return new Experiment(
                source.name,
                title,
                hypothesis,
                learning,
                improvement,
                variables.values(),
                targets,
                probes,
                loads,
                steadyState,
                expectations,
                method,
                guardrails);
    }

    private <T> List<T> list(Field field, Function<Field, T> each) {
        List<T> out = new ArrayList<>();
        List<Field> items = orEmpty(problems.attempt(field::items));
        for (Field item : items) {
            T value = problems.attempt(() -> each.apply(item));
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <T> Set<String> names(List<T> items, Function<T, String> name) {
        Set<String> names = new HashSet<>();
        items.forEach(item -> names.add(name.apply(item)));
        return names;
    }

    private void duplicates(List<String> names, Field where, String what) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                problems.add(
                        where.error(
                                        "two of them are named '"
                                                + name
                                                + "'; each "
                                                + what
                                                + " needs its own name")
                                .getMessage());
            }
        }
    }

    private static String name(Field field) {
        String name = field.require("name", "a name such as order-health").text("a name");
        if (!NAME.matcher(name).matches()) {
            throw field.get("name")
                    .error(
                            "field '"
                                    + field.get("name").path
                                    + "': '"
                                    + name
                                    + "' is not a name; expected letters, digits, '-' and '_' (up to 64)");
        }
        return name;
    }

    // ---------------------------------------------------------------- targets

    private List<TargetDef> targets(Field field, Map<String, String> environment) {
        List<TargetDef> targets = new ArrayList<>();
        Map<String, Field> entries = field.entries();
        if (entries.isEmpty()) {
            throw field.error(
                    "field 'targets' names no JVM; expected e.g. targets: {order: order, db: 127.0.0.1:9010}");
        }
        entries.forEach(
                (name, value) ->
                        problems.attempt(
                                () -> {
                                    if (!NAME.matcher(name).matches()) {
                                        throw value.error(
                                                "target name '"
                                                        + name
                                                        + "' is not a name; expected letters, digits, '-' and '_'");
                                    }
                                    if (value.node.isValueNode()) {
                                        targets.add(
                                                new TargetDef(
                                                        name,
                                                        value.text(
                                                                "a pid, a part of the main class or jar name, or host:port"),
                                                        null,
                                                        null,
                                                        false));
                                        return;
                                    }
                                    value.only(FIELDS.get("target"));
                                    int given =
                                            (value.get("pid").present() ? 1 : 0)
                                                    + (value.get("name").present() ? 1 : 0)
                                                    + (value.get("jmx").present() ? 1 : 0);
                                    if (given != 1) {
                                        throw value.error(
                                                "target '"
                                                        + name
                                                        + "' needs exactly one of pid, name (a part of the main class or jar name) or jmx (host:port)");
                                    }
                                    String locator =
                                            value.get("pid").present()
                                                    ? String.valueOf(
                                                            value.get("pid")
                                                                    .integer(1, Integer.MAX_VALUE))
                                                    : value.get("name").present()
                                                            ? value.get("name")
                                                                    .text(
                                                                            "a part of the main class or jar name")
                                                            : value.get("jmx")
                                                                    .text(
                                                                            "host:port or a JMX service URL");
                                    if (value.get("jmx").present()
                                            && !(locator.startsWith("service:jmx:")
                                                    || locator.matches(".+:\\d+"))) {
                                        throw value.get("jmx")
                                                .error(
                                                        "field '"
                                                                + value.get("jmx").path
                                                                + "': '"
                                                                + locator
                                                                + "' is not host:port or a JMX service URL");
                                    }
                                    targets.add(
                                            new TargetDef(
                                                    name,
                                                    locator,
                                                    fromEnvironment(
                                                            value.get("user-env"), environment),
                                                    fromEnvironment(
                                                            value.get("password-env"), environment),
                                                    value.get("tls").present()
                                                            && value.get("tls").bool()));
                                }));
        return targets;
    }

    private static String fromEnvironment(Field variable, Map<String, String> environment) {
        if (!variable.present()) {
            return null;
        }
        String name = variable.text("the name of an environment variable");
        String value = environment.get(name);
        if (value == null) {
            throw variable.error(
                    "field '" + variable.path + "': environment variable " + name + " is not set");
        }
        return value;
    }

    private static String target(Field field, Set<String> targets) {
        String name =
                field.require("target", "one of the targets: " + String.join(", ", targets))
                        .text("a target name");
        if (!targets.contains(name)) {
            throw field.get("target")
                    .error(
                            "field '"
                                    + field.get("target").path
                                    + "': no target named '"
                                    + name
                                    + "'; targets: "
                                    + String.join(", ", targets));
        }
        return name;
    }

    // ---------------------------------------------------------------- probes

    private ProbeDef probe(Field field, Set<String> targets) {
        String name = name(field);
        field.only(FIELDS.get("probe"));
        Duration every = field.get("every").durationOr(DEFAULT_EVERY);
        if (every.toMillis() < 100) {
            throw field.get("every")
                    .error("field '" + field.get("every").path + "': sample at most every 100ms");
        }
        List<String> kinds = new ArrayList<>();
        for (String kind : PROBE_KINDS) {
            if (field.get(kind).present()) {
                kinds.add(kind);
            }
        }
        if (kinds.size() != 1) {
            throw field.error(
                    "probe '"
                            + name
                            + "' needs exactly one of: "
                            + String.join(", ", PROBE_KINDS)
                            + (kinds.isEmpty()
                                    ? ""
                                    : " (it has " + String.join(" and ", kinds) + ")"));
        }
        Field spec = field.get(kinds.get(0));
        ProbeSource source =
                switch (kinds.get(0)) {
                    case "http" -> http(spec);
                    case "jmx" -> jmx(spec, targets);
                    case "jvm" -> {
                        spec.only(FIELDS.get("jvmProbe"));
                        String figure =
                                spec.require("figure", String.join(", ", JVM_FIGURES))
                                        .text("a figure");
                        if (!JVM_FIGURES.contains(figure)) {
                            throw spec.get("figure")
                                    .error(
                                            "field '"
                                                    + spec.get("figure").path
                                                    + "': unknown figure '"
                                                    + figure
                                                    + "'; expected one of: "
                                                    + String.join(", ", JVM_FIGURES));
                        }
                        yield new JvmSource(target(spec, targets), figure);
                    }
                    case "faults" -> {
                        spec.only(FIELDS.get("faultsProbe"));
                        String counter =
                                oneOf(
                                        spec.get("counter"),
                                        "injected",
                                        List.of("injected", "matched"));
                        yield new FaultCounterSource(
                                target(spec, targets),
                                spec.get("fault").textOr(null, "a fault id of the method"),
                                counter);
                    }
                    default -> {
                        spec.only(FIELDS.get("commandProbe"));
                        yield new CommandSource(
                                spec.require("run", "a shell command").text("a shell command"),
                                oneOf(
                                        spec.get("value"),
                                        "exit-code",
                                        List.of("exit-code", "output")),
                                spec.get("timeout").durationOr(Duration.ofSeconds(10)));
                    }
                };
        boolean delta = field.get("delta").present() && field.get("delta").bool();
        return new ProbeDef(name, every, source, delta, field.line());
    }

    private static String oneOf(Field field, String fallback, List<String> allowed) {
        String value = field.textOr(fallback, String.join(" or ", allowed));
        if (!allowed.contains(value)) {
            throw field.error(
                    "field '"
                            + field.path
                            + "': '"
                            + value
                            + "' is not one of: "
                            + String.join(", ", allowed));
        }
        return value;
    }

    private static HttpSource http(Field spec) {
        spec.only(FIELDS.get("httpProbe"));
        String url = url(spec);
        String measure =
                spec.get("json").present()
                        ? "json"
                        : spec.get("regex").present()
                                ? "regex"
                                : oneOf(spec.get("value"), "status", List.of("status", "latency"));
        if (spec.get("json").present() && spec.get("regex").present()) {
            throw spec.error("an HTTP probe picks its value with json or regex, not both");
        }
        String path = null;
        if (measure.equals("json")) {
            path =
                    spec.get("json")
                            .text("a path into the JSON body, e.g. status or components.db.status");
        } else if (measure.equals("regex")) {
            path = spec.get("regex").text("a regular expression");
            try {
                Pattern.compile(path);
            } catch (PatternSyntaxException e) {
                throw spec.get("regex")
                        .error(
                                "field '"
                                        + spec.get("regex").path
                                        + "': not a regular expression: "
                                        + e.getDescription());
            }
        }
        return new HttpSource(
                url,
                spec.get("method").textOr("GET", "an HTTP method"),
                spec.get("headers").textMap(),
                spec.get("body").textOr(null, "a request body"),
                spec.get("timeout").durationOr(Duration.ofSeconds(2)),
                measure,
                path);
    }

    private static String url(Field spec) {
        String url = spec.require("url", "an http:// URL").text("an http:// URL");
        try {
            URI uri = URI.create(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw spec.get("url")
                    .error(
                            "field '"
                                    + spec.get("url").path
                                    + "': '"
                                    + url
                                    + "' is not an http:// or https:// URL");
        }
        return url;
    }

    private static JmxSource jmx(Field spec, Set<String> targets) {
        spec.only(FIELDS.get("jmxProbe"));
        String mbean =
                spec.require(
                                "mbean",
                                "an ObjectName, wildcards allowed, e.g. com.zaxxer.hikari:type=Pool (*)")
                        .text("an ObjectName");
        try {
            new ObjectName(mbean);
        } catch (MalformedObjectNameException e) {
            throw spec.get("mbean")
                    .error(
                            "field '"
                                    + spec.get("mbean").path
                                    + "': '"
                                    + mbean
                                    + "' is not an ObjectName ("
                                    + e.getMessage()
                                    + "); expected e.g. com.zaxxer.hikari:type=Pool (*)");
        }
        return new JmxSource(
                target(spec, targets),
                mbean,
                spec.require(
                                "attribute",
                                "an attribute name, e.g. ActiveConnections or HeapMemoryUsage.used")
                        .text("an attribute name"),
                oneOf(spec.get("combine"), "sum", List.of("sum", "max", "min")));
    }

    // ---------------------------------------------------------------- load

    private LoadDef load(Field field) {
        String name = name(field);
        field.only(FIELDS.get("load"));
        boolean autostart = !field.get("autostart").present() || field.get("autostart").bool();
        if (field.get("run").present()) {
            if (field.get("url").present()) {
                throw field.error(
                        "load '"
                                + name
                                + "' is either built-in HTTP load (url) or a command (run), not both");
            }
            return new LoadDef(
                    name,
                    null,
                    null,
                    Map.of(),
                    null,
                    null,
                    null,
                    null,
                    autostart,
                    field.get("run").text("a shell command"));
        }
        boolean rate = field.get("rate").present();
        if (rate == field.get("concurrency").present()) {
            throw field.error(
                    "load '"
                            + name
                            + "' needs either rate (requests per second) or concurrency (parallel workers), not "
                            + (rate ? "both" : "neither"));
        }
        return new LoadDef(
                name,
                url(field),
                field.get("method").textOr("GET", "an HTTP method"),
                field.get("headers").textMap(),
                field.get("body").textOr(null, "a request body"),
                rate ? field.get("rate").integer(1, 2000) : null,
                rate ? null : field.get("concurrency").integer(1, 256),
                field.get("timeout").durationOr(Duration.ofSeconds(2)),
                autostart,
                null);
    }

    // ---------------------------------------------------------------- method

    private List<Step> steps(Field field, Set<String> targets, List<LoadDef> loads) {
        List<Step> steps = list(field, step -> step(step, targets, loads));
        Set<String> enabled = new HashSet<>();
        checkReferences(steps, enabled, field);
        return steps;
    }

    /** Fault ids are unique, and a disable names a fault an earlier (or parallel) step enables. */
    private void checkReferences(List<Step> steps, Set<String> enabled, Field where) {
        Set<String> seen = new HashSet<>();
        // each problem at the step that has it: the second enable with an id, the disable that
        // names none
        for (EnableStep enable : Timeline.enables(steps)) {
            if (!seen.add(enable.fault())) {
                problems.add(
                        where.at(enable.path() + ".id")
                                .error(
                                        "field '"
                                                + enable.path()
                                                + ".id': another enable step already uses the fault id '"
                                                + enable.fault()
                                                + "'; give each its own id")
                                .getMessage());
            }
        }
        for (DisableStep disable : Timeline.disables(steps)) {
            if (!disable.fault().equals("all") && !seen.contains(disable.fault())) {
                problems.add(
                        where.at(disable.path())
                                .error(
                                        "field '"
                                                + disable.path()
                                                + "': no enable step has the fault '"
                                                + disable.fault()
                                                + "'; faults: "
                                                + String.join(", ", seen))
                                .getMessage());
            }
        }
        enabled.addAll(seen);
    }

    private Step step(Field field, Set<String> targets, List<LoadDef> loads) {
        if (!field.node.isObject()) {
            throw field.error(
                    "a step is an object such as {enable: {...}}, {wait: 10s}, {disable: my-fault}, {run: command}");
        }
        List<String> actions = new ArrayList<>();
        for (String action : STEP_ACTIONS) {
            if (field.get(action).present()) {
                actions.add(action);
            }
        }
        if (actions.size() != 1) {
            throw field.error(
                    "a step needs exactly one of: "
                            + String.join(", ", STEP_ACTIONS)
                            + (actions.isEmpty()
                                    ? ""
                                    : " (it has "
                                            + String.join(" and ", actions)
                                            + "; use parallel for steps at the same time)"));
        }
        String action = actions.get(0);
        field.only("at", action, "timeout");
        Duration at = field.get("at").present() ? field.get("at").duration() : null;
        Field value = field.get(action);
        int line = field.line();
        if (field.get("timeout").present() && !action.equals("run")) {
            throw field.get("timeout")
                    .error(
                            "field '"
                                    + field.get("timeout").path
                                    + "': only a run step has a timeout");
        }
        return switch (action) {
            case "enable" -> enable(value, at, targets, line);
            case "disable" ->
                    new DisableStep(
                            at,
                            value.text("a fault id of this experiment, or all"),
                            line,
                            value.path);
            case "wait" -> new WaitStep(at, value.duration(), line);
            case "run" ->
                    new RunStep(
                            at,
                            value.text("a shell command"),
                            field.get("timeout").durationOr(Duration.ofSeconds(60)),
                            line);
            case "start-load", "stop-load" -> {
                String load = value.text("the name of a load");
                if (loads.stream().noneMatch(l -> l.name().equals(load))) {
                    throw value.error("field '" + value.path + "': no load named '" + load + "'");
                }
                yield new LoadStep(at, load, action.equals("start-load"), line);
            }
            default -> {
                List<List<Step>> branches = new ArrayList<>();
                for (Field branch : value.items()) {
                    branches.add(
                            branch.node.isArray()
                                    ? list(branch, s -> step(s, targets, loads))
                                    : List.of(step(branch, targets, loads)));
                }
                if (branches.size() < 2) {
                    throw value.error(
                            "field '"
                                    + value.path
                                    + "': parallel needs at least two branches (each a step, or a list of steps)");
                }
                yield new ParallelStep(at, branches, line);
            }
        };
    }

    private static EnableStep enable(Field value, Duration at, Set<String> targets, int line) {
        if (!value.node.isObject()) {
            throw value.error(
                    "field '"
                            + value.path
                            + "' must be a fault spec with a target, e.g. {target: order, point: jdbc.execute, action: delay, delay: 500ms}");
        }
        List<String> on = new ArrayList<>();
        if (value.get("targets").present()) {
            for (Field t : value.get("targets").items()) {
                on.add(t.text("a target name"));
            }
        } else {
            on.add(
                    value.require("target", "one of the targets: " + String.join(", ", targets))
                            .text("a target name"));
        }
        for (String target : on) {
            if (!targets.contains(target)) {
                throw value.error(
                        "field '"
                                + value.path
                                + "': no target named '"
                                + target
                                + "'; targets: "
                                + String.join(", ", targets));
            }
        }
        String id =
                value.require("id", "a fault id, used by disable steps and conditions")
                        .text("a fault id");
        if (!FAULT_ID.matcher(id).matches()) {
            throw value.get("id")
                    .error(
                            "field '"
                                    + value.get("id").path
                                    + "': '"
                                    + id
                                    + "' is not a fault id; expected letters, digits, '.', '-', '_' (up to 64)");
        }
        ObjectNode spec = ((ObjectNode) value.node).deepCopy();
        spec.remove(List.of("target", "targets", "id"));
        Duration own = value.get("duration").present() ? value.get("duration").duration() : null;
        return new EnableStep(at, id, List.copyOf(on), spec, own, line, value.path);
    }

    // ---------------------------------------------------------------- conditions

    private SteadyState steadyState(Field field, Set<String> series, Set<String> faults) {
        if (!field.present()) {
            return new SteadyState(List.of(), Duration.ofSeconds(2), Duration.ofSeconds(30));
        }
        Field conditions =
                field.node.isArray()
                        ? field
                        : field.only(FIELDS.get("steadyState")).get("conditions");
        List<Condition> list = list(conditions, c -> condition(c, series, faults, false));
        for (Condition condition : list) {
            if (condition.mode() != Condition.Mode.ALWAYS) {
                problems.add(
                        conditions
                                .error(
                                        "steady-state condition '"
                                                + condition.text()
                                                + "' (line "
                                                + condition.line()
                                                + ") has a time bound; steady-state conditions simply hold (use expect for time bounds)")
                                .getMessage());
            }
        }
        Field settle =
                field.node.isArray()
                        ? new Field(null, null, "steady-state.settle")
                        : field.get("settle");
        Field recovers =
                field.node.isArray()
                        ? new Field(null, null, "steady-state.recovers-within")
                        : field.get("recovers-within");
        return new SteadyState(
                list,
                settle.durationOr(Duration.ofSeconds(2)),
                recovers.durationOr(Duration.ofSeconds(30)));
    }

    private Guardrails guardrails(Field field, Set<String> series, Set<String> faults) {
        field.only(FIELDS.get("guardrails"));
        return new Guardrails(
                field.get("max-duration").present() ? field.get("max-duration").duration() : null,
                list(field.get("abort-when"), c -> condition(c, series, faults, true)));
    }

    /**
     * A string ({@code breaker is OPEN}: holds throughout) or an object: {@code that}, {@code
     * always} or {@code never} with the expression; {@code within} (with {@code after: start|end})
     * or {@code for-at-least}; {@code during}; for a guardrail, {@code that} and {@code for}.
     */
    Condition condition(Field field, Set<String> series, Set<String> faults, boolean guardrail) {
        if (field.node.isValueNode()) {
            Expression expression = expression(field, series);
            Condition.Mode mode = guardrail ? Condition.Mode.GUARD : Condition.Mode.ALWAYS;
            return new Condition(
                    Condition.describe(expression, mode, Duration.ZERO, Condition.FAULTS, false),
                    expression,
                    mode,
                    Duration.ZERO,
                    Condition.FAULTS,
                    false,
                    field.line());
        }
        if (guardrail) {
            field.only(FIELDS.get("guardrail"));
            Expression expression = expression(field.require("that", Expression.EXPECTED), series);
            Duration span = field.get("for").durationOr(Duration.ZERO);
            return new Condition(
                    Condition.describe(
                            expression, Condition.Mode.GUARD, span, Condition.FAULTS, false),
                    expression,
                    Condition.Mode.GUARD,
                    span,
                    Condition.FAULTS,
                    false,
                    field.line());
        }
        field.only(FIELDS.get("condition"));
        List<String> given = new ArrayList<>();
        for (String key : List.of("that", "always", "never")) {
            if (field.get(key).present()) {
                given.add(key);
            }
        }
        if (given.size() != 1) {
            throw field.error(
                    "a condition needs exactly one of that, always or never, each followed by "
                            + Expression.EXPECTED);
        }
        Expression expression = expression(field.get(given.get(0)), series);
        boolean within = field.get("within").present();
        boolean forAtLeast = field.get("for-at-least").present();
        if ((within || forAtLeast) && !given.get(0).equals("that")) {
            throw field.error("within and for-at-least go with that, not with " + given.get(0));
        }
        if (within && forAtLeast) {
            throw field.error(
                    "a condition has within or for-at-least, not both; write two conditions");
        }
        if (field.get("after").present() && !within) {
            throw field.get("after")
                    .error(
                            "field '"
                                    + field.get("after").path
                                    + "' goes with within (within 60s after end)");
        }
        String during =
                field.get("during").textOr(Condition.FAULTS, "faults, method or a fault id");
        if (!during.equals(Condition.FAULTS)
                && !during.equals(Condition.METHOD)
                && !faults.contains(during)) {
            throw field.get("during")
                    .error(
                            "field '"
                                    + field.get("during").path
                                    + "': '"
                                    + during
                                    + "' is not faults, method or a fault id of the method ("
                                    + String.join(", ", faults)
                                    + ")");
        }
        Condition.Mode mode =
                given.get(0).equals("never")
                        ? Condition.Mode.NEVER
                        : within
                                ? Condition.Mode.WITHIN
                                : forAtLeast ? Condition.Mode.FOR_AT_LEAST : Condition.Mode.ALWAYS;
        Duration span =
                within
                        ? field.get("within").duration()
                        : forAtLeast ? field.get("for-at-least").duration() : Duration.ZERO;
        boolean afterEnd =
                within && oneOf(field.get("after"), "start", List.of("start", "end")).equals("end");
        return new Condition(
                Condition.describe(expression, mode, span, during, afterEnd),
                expression,
                mode,
                span,
                during,
                afterEnd,
                field.line());
    }

    private static Expression expression(Field field, Set<String> series) {
        String text = field.text(Expression.EXPECTED);
        Expression expression = Expression.parseOrNull(text);
        if (expression == null) {
            throw field.error(
                    "field '"
                            + field.path
                            + "': '"
                            + text
                            + "' is not a condition; expected "
                            + Expression.EXPECTED);
        }
        if (!series.contains(expression.probe())) {
            List<String> known = new ArrayList<>(series);
            java.util.Collections.sort(known);
            throw field.error(
                    "field '"
                            + field.path
                            + "': no probe named '"
                            + expression.probe()
                            + "'; probes: "
                            + String.join(", ", known));
        }
        return expression;
    }
}
