// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run observed and did, with times in milliseconds since the run started: the file's
 * five steps, targets, phases, method steps, fault windows, every sample, verdicts, counters and
 * the rollback. Written as {@code journal.json} (schema {@value #SCHEMA}, docs/experiments.md); the
 * reports are rendered from that file alone, so {@code faultline report} can render them again.
 */
public final class Journal {
    public static final String SCHEMA = "faultline-journal/1";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A fault as enabled on one target: from its enable to its disable, its own end, or the
     * method's end.
     */
    static final class FaultWindow {
        final String fault;
        final String id;
        final String target;
        final String spec;
        final long start;
        volatile long end = -1;

        /** When the fault ends by itself (its own duration), or -1. */
        final long ownEnd;

        FaultWindow(String fault, String id, String target, String spec, long start, long ownEnd) {
            this.fault = fault;
            this.id = id;
            this.target = target;
            this.spec = spec;
            this.start = start;
            this.ownEnd = ownEnd;
        }

        /** The end, as far as it is known at {@code now}. */
        long endAt(long now) {
            if (end >= 0) {
                return ownEnd >= 0 ? Math.min(end, ownEnd) : end;
            }
            return ownEnd >= 0 && ownEnd <= now ? ownEnd : -1;
        }
    }

    private final long startNanos = System.nanoTime();
    final long startedEpochMillis = System.currentTimeMillis();
    final Experiment experiment;
    final String runId;
    final String label;
    final Map<String, Series> series = new LinkedHashMap<>();
    private final List<ObjectNode> events = new ArrayList<>();
    private final List<ObjectNode> phases = new ArrayList<>();
    private final List<ObjectNode> steps = new ArrayList<>();
    final List<FaultWindow> windows = new ArrayList<>();
    final ArrayNode verdicts = JSON.createArrayNode();
    final ArrayNode rollback = JSON.createArrayNode();
    final ArrayNode targets = JSON.createArrayNode();
    final ArrayNode counters = JSON.createArrayNode();
    volatile String outcome = "running";
    volatile String reason = "";
    volatile int exitCode = -1;
    volatile long methodStart = -1;
    volatile long methodEnd = -1;
    volatile long endedAt = -1;
    volatile long plannedMillis;

    Journal(Experiment experiment, String runId, String label) {
        this.experiment = experiment;
        this.runId = runId;
        this.label = label;
    }

    /** Milliseconds since the run started. */
    long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    synchronized void event(String kind, String message) {
        events.add(
                JSON.createObjectNode().put("t", now()).put("kind", kind).put("message", message));
    }

    synchronized List<String> eventsSince(int index) {
        List<String> out = new ArrayList<>();
        for (int i = index; i < events.size(); i++) {
            ObjectNode event = events.get(i);
            out.add(
                    String.format(
                            "%8s  %s",
                            Durations.format(event.path("t").asLong()),
                            event.path("message").asText()));
        }
        return out;
    }

    synchronized int eventCount() {
        return events.size();
    }

    synchronized void phase(String name) {
        long now = now();
        if (!phases.isEmpty() && !phases.get(phases.size() - 1).has("end")) {
            phases.get(phases.size() - 1).put("end", now);
        }
        if (name != null) {
            phases.add(JSON.createObjectNode().put("name", name).put("start", now));
        }
    }

    synchronized String currentPhase() {
        return phases.isEmpty() ? "starting" : phases.get(phases.size() - 1).path("name").asText();
    }

    synchronized ObjectNode step(String action, String detail, int line) {
        ObjectNode step =
                JSON.createObjectNode()
                        .put("start", now())
                        .put("action", action)
                        .put("detail", detail)
                        .put("line", line);
        steps.add(step);
        return step;
    }

    synchronized void stepEnded(ObjectNode step, String result) {
        step.put("end", now());
        if (result != null) {
            step.put("result", result);
        }
    }

    synchronized FaultWindow faultStarted(
            String fault, String id, String target, String spec, long ownEnd) {
        FaultWindow window = new FaultWindow(fault, id, target, spec, now(), ownEnd);
        windows.add(window);
        return window;
    }

    synchronized List<FaultWindow> windows() {
        return new ArrayList<>(windows);
    }

    /** The journal as JSON. */
    synchronized ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        ObjectNode run = root.putObject("run");
        run.put("id", runId)
                .put("label", label)
                .put("file", experiment.file())
                .put("title", experiment.title())
                .put("hypothesis", experiment.hypothesis())
                .put("learning", experiment.learning())
                .put("improvement", experiment.improvement())
                .put("started", Instant.ofEpochMilli(startedEpochMillis).toString())
                .put("durationMillis", endedAt >= 0 ? endedAt : now())
                .put("plannedMillis", plannedMillis)
                .put("methodStart", methodStart)
                .put("methodEnd", methodEnd)
                .put("outcome", outcome)
                .put("exitCode", exitCode)
                .put("reason", reason);
        ObjectNode variables = run.putObject("variables");
        experiment.variables().forEach(variables::put);
        root.set("targets", targets.deepCopy());
        ArrayNode probes = root.putArray("probes");
        for (Experiment.ProbeDef probe : experiment.probes()) {
            probes.addObject()
                    .put("name", probe.name())
                    .put("kind", probe.source().kind())
                    .put("unit", probe.source().unit())
                    .put("everyMillis", probe.every().toMillis())
                    .put("source", describe(probe.source()));
        }
        for (Experiment.LoadDef load : experiment.loads()) {
            if (load.url() != null) {
                for (String name : LoadSeries.NAMES) {
                    probes.addObject()
                            .put("name", load.name() + "." + name)
                            .put("kind", "load")
                            .put(
                                    "unit",
                                    name.equals("success-rate")
                                            ? "%"
                                            : name.equals("throughput") ? "req/s" : "ms")
                            .put("everyMillis", 1000)
                            .put("source", load.method() + " " + load.url());
                }
            }
        }
        ArrayNode phaseArray = root.putArray("phases");
        phases.forEach(phaseArray::add);
        ArrayNode stepArray = root.putArray("steps");
        steps.forEach(stepArray::add);
        ArrayNode faults = root.putArray("faults");
        for (FaultWindow window : windows) {
            ObjectNode fault =
                    faults.addObject()
                            .put("fault", window.fault)
                            .put("id", window.id)
                            .put("target", window.target)
                            .put("start", window.start)
                            .put("end", window.endAt(now()));
            try {
                fault.set("spec", JSON.readTree(window.spec));
            } catch (IOException e) {
                fault.put("spec", window.spec);
            }
        }
        root.set("verdicts", verdicts.deepCopy());
        root.set("counters", counters.deepCopy());
        root.set("rollback", rollback.deepCopy());
        ArrayNode eventArray = root.putArray("events");
        events.forEach(eventArray::add);
        ObjectNode samples = root.putObject("samples");
        series.forEach(
                (name, s) -> {
                    ArrayNode array = samples.putArray(name);
                    for (Series.Sample sample : s.snapshot()) {
                        ArrayNode row = array.addArray().add(sample.t());
                        if (sample.value() instanceof Number number) {
                            row.add(number.doubleValue());
                        } else if (sample.value() instanceof Boolean flag) {
                            row.add(flag ? 1 : 0);
                        } else if (sample.value() != null) {
                            row.add(String.valueOf(sample.value()));
                        } else {
                            row.addNull().add(sample.error());
                        }
                    }
                });
        return root;
    }

    static String describe(Experiment.ProbeSource source) {
        if (source instanceof Experiment.HttpSource http) {
            return http.method()
                    + " "
                    + http.url()
                    + switch (http.measure()) {
                        case "json" -> " → json " + http.path();
                        case "regex" -> " → regex " + http.path();
                        default -> " → " + http.measure();
                    };
        }
        if (source instanceof Experiment.JmxSource jmx) {
            return jmx.target()
                    + " "
                    + jmx.mbean()
                    + " "
                    + jmx.attribute()
                    + " ("
                    + jmx.combine()
                    + ")";
        }
        if (source instanceof Experiment.JvmSource jvm) {
            return jvm.target() + " " + jvm.figure();
        }
        if (source instanceof Experiment.FaultCounterSource counter) {
            return counter.target()
                    + " "
                    + (counter.fault() == null ? "all faults" : counter.fault())
                    + " "
                    + counter.counter();
        }
        Experiment.CommandSource command = (Experiment.CommandSource) source;
        return command.command() + " → " + command.value();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), toJson());
    }

    public static JsonNode read(Path file) {
        try {
            JsonNode journal = JSON.readTree(file.toFile());
            if (!SCHEMA.equals(journal.path("schema").asText())) {
                throw new ExperimentException(
                        file + ": not a Faultline journal (schema " + SCHEMA + ")");
            }
            return journal;
        } catch (IOException e) {
            throw new ExperimentException(file + ": cannot read the journal: " + e.getMessage());
        }
    }
}
