// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.cli.AgentModel;
import dev.faultline.cli.CliException;
import dev.faultline.cli.experiment.Experiment.EnableStep;
import dev.faultline.cli.experiment.Experiment.LoadDef;
import dev.faultline.cli.experiment.Experiment.ProbeDef;
import dev.faultline.cli.experiment.Experiment.TargetDef;
import dev.faultline.cli.report.Reports;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs one experiment: resolve the targets, check every fault spec, sample the probes, hold the
 * steady state, carry out the method under the guardrails, watch the recovery, roll back every
 * fault of the run on every target, judge, and write the journal and the reports.
 *
 * <p>Exit codes: {@value #HELD} the hypothesis held, {@value #DEVIATED} it did not (a weakness
 * found), {@value #ABORTED} aborted by a guardrail or a signal, {@value #NOT_RUN} could not run.
 */
public final class ExperimentRunner {
    public static final int HELD = 0;
    public static final int DEVIATED = 1;
    public static final int ABORTED = 2;
    public static final int NOT_RUN = 3;

    /**
     * Added to a fault's bounded duration, so that it outlives the run's own rollback rather than
     * racing it.
     */
    static final long DURATION_MARGIN_MILLIS = 10_000;

    /**
     * Time given to the method, recovery and rollback over their planned length when no
     * max-duration is given.
     */
    static final long DEFAULT_SLACK_MILLIS = 60_000;

    private static final long POLL_MILLIS = 100;

    public record Options(
            Path out,
            boolean dryRun,
            String label,
            Map<String, String> variables,
            PrintStream console,
            boolean terminal) {}

    private final Experiment experiment;
    private final Options options;
    private final Journal journal;
    private final String faultPrefix;
    private final Map<String, RunTarget> targets = new LinkedHashMap<>();
    private final Map<String, Loads> loads = new LinkedHashMap<>();
    private final Map<String, LoadSeries> loadSeries = new LinkedHashMap<>();
    private final long maxDurationMillis;
    private volatile String abortReason;
    private volatile Thread timelineThread;
    private volatile boolean rolledBack;

    private ExperimentRunner(Experiment experiment, Options options) {
        this.experiment = experiment;
        this.options = options;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String runId =
                stamp
                        + "-"
                        + slug(experiment.title())
                        + (options.label() == null ? "" : "-" + slug(options.label()));
        this.journal = new Journal(experiment, runId, options.label());
        this.faultPrefix = "run-" + randomTag() + ".";
        long planned =
                experiment.steadyState().settle().toMillis()
                        + Timeline.plannedMillis(experiment.method())
                        + recoveryMillis();
        journal.plannedMillis = planned;
        this.maxDurationMillis =
                experiment.guardrails() != null && experiment.guardrails().maxDuration() != null
                        ? experiment.guardrails().maxDuration().toMillis()
                        : planned + DEFAULT_SLACK_MILLIS;
    }

    /** Reads, checks and runs one experiment file; gives the exit code. */
    public static int run(Path file, Options options) {
        Experiment experiment;
        try {
            experiment = ExperimentParser.parse(file, options.variables(), System.getenv());
            checkSpecs(experiment);
        } catch (ExperimentException e) {
            e.problems().forEach(problem -> options.console().println("faultline: " + problem));
            options.console().println("faultline: " + file + ": not run; nothing was enabled");
            return NOT_RUN;
        }
        return new ExperimentRunner(experiment, options).execute();
    }

    /**
     * Every fault spec of the method, checked by the agent's own parser, with the bounded duration
     * it will get.
     */
    static void checkSpecs(Experiment experiment) {
        if (Timeline.enables(experiment.method()).isEmpty()) {
            return;
        }
        try (AgentModel check = AgentModel.load()) {
            checkSpecs(experiment, check);
        }
    }

    static void checkSpecs(Experiment experiment, AgentModel check) {
        List<String> problems = new ArrayList<>();
        for (EnableStep enable : Timeline.enables(experiment.method())) {
            ObjectNode spec = enable.spec().deepCopy().put("id", "run-check." + enable.fault());
            String problem = check.problem(spec.toString());
            if (problem != null) {
                // the agent names the spec's field; the file's reader needs the whole path to it
                problem =
                        problem.replaceFirst(
                                "^field '",
                                java.util.regex.Matcher.quoteReplacement(
                                        "field '" + enable.path() + "."));
                problems.add(
                        experiment.file()
                                + " (line "
                                + enable.line()
                                + "): fault '"
                                + enable.fault()
                                + "': "
                                + problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new ExperimentException(problems);
        }
    }

    private long recoveryMillis() {
        long longest =
                experiment.steadyState().conditions().isEmpty()
                        ? 0
                        : experiment.steadyState().recoversWithin().toMillis();
        for (Condition condition : experiment.expectations()) {
            if (condition.mode() == Condition.Mode.WITHIN && condition.afterEnd()) {
                longest = Math.max(longest, condition.span().toMillis());
            }
        }
        return longest;
    }

    private int execute() {
        PrintStream console = options.console();
        console.println(
                experiment.title()
                        + (options.label() == null ? "" : " [" + options.label() + "]")
                        + (options.dryRun() ? " (dry run)" : ""));
        try {
            for (TargetDef def : experiment.targets()) {
                RunTarget target = new RunTarget(def);
                target.open();
                targets.put(def.name(), target);
                journal.event("target", "target " + target.describe());
            }
        } catch (CliException e) {
            console.println("faultline: " + e.getMessage());
            console.println("faultline: " + experiment.file() + ": not run; nothing was enabled");
            closeTargets();
            return NOT_RUN;
        }
        if (options.dryRun()) {
            int code = dryRun();
            closeTargets();
            return code;
        }
        Signals.Handle signals = Signals.onInterrupt(signal -> abort("interrupted by " + signal));
        Thread safetyNet = new Thread(this::rollbackOnce, "faultline-rollback-on-exit");
        Runtime.getRuntime().addShutdownHook(safetyNet);
        try {
            runPhases();
        } catch (RuntimeException | Error e) {
            journal.event("error", "runner error: " + e);
            finish("error", "the runner failed: " + e, NOT_RUN);
        } finally {
            rollbackOnce();
            signals.close();
            try {
                Runtime.getRuntime().removeShutdownHook(safetyNet);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway, and finds the rollback done
            }
            closeTargets();
        }
        writeReports();
        printSummary();
        return journal.exitCode;
    }

    // ---------------------------------------------------------------- phases

    private void runPhases() {
        for (EnableStep enable : Timeline.enables(experiment.method())) {
            for (String name : enable.targets()) {
                if (targets.get(name).ensureAgent()) {
                    journal.event(
                            "target", "loaded the agent into " + targets.get(name).describe());
                }
            }
        }
        if (!faultsAllowedByTheTargets()) {
            return;
        }
        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();
        try (Sampler sampler = new Sampler();
                Progress progress =
                        new Progress(journal, targets, options.console(), options.terminal())) {
            startProbes(sampler, http);
            startLoads(sampler);
            progress.start();
            sampler.every("guardrails", POLL_MILLIS * 2, this::checkGuardrails);

            journal.phase("steady state");
            journal.event(
                    "phase",
                    "steady state: sampling for "
                            + Durations.format(experiment.steadyState().settle()));
            sleepUnlessAborted(experiment.steadyState().settle().toMillis());
            if (abortReason == null && !steadyStateHolds()) {
                return;
            }
            if (abortReason == null) {
                method();
            }
            if (abortReason == null) {
                recovery();
            }
            loads.values().forEach(Loads::stop);
            journal.phase(null);
        }
        judge();
    }

    /**
     * Checks every fault of the method against its targets' {@code allow=} option before anything
     * starts: a fault a target refuses would otherwise stop the run halfway through its method,
     * after other faults were injected.
     */
    private boolean faultsAllowedByTheTargets() {
        List<String> refused = new ArrayList<>();
        for (EnableStep enable : Timeline.enables(experiment.method())) {
            String point = enable.spec().path("point").asText();
            for (String name : enable.targets()) {
                Set<String> allowed = targets.get(name).allowedPoints();
                if (allowed != null && !allowed.contains(point)) {
                    refused.add(
                            experiment.file()
                                    + " (line "
                                    + enable.line()
                                    + "): fault '"
                                    + enable.fault()
                                    + "' on target '"
                                    + name
                                    + "': field 'point': '"
                                    + point
                                    + "' is not allowed by the target's allow= option (allowed: "
                                    + String.join(", ", allowed)
                                    + ")");
                }
            }
        }
        if (refused.isEmpty()) {
            return true;
        }
        refused.forEach(problem -> options.console().println("faultline: " + problem));
        journal.event("phase", "not run: " + String.join("; ", refused) + "; nothing injected");
        finish(
                "not-run",
                "a target's allow= option refuses a fault of the method: "
                        + String.join("; ", refused),
                NOT_RUN);
        return false;
    }

    private void startProbes(Sampler sampler, HttpClient http) {
        Probes.Http shared = new Probes.Http(http);
        for (ProbeDef probe : experiment.probes()) {
            Series series =
                    new Series(probe.name(), probe.source().unit(), probe.every().toMillis());
            journal.series.put(probe.name(), series);
            sampler.start(
                    probe.name(),
                    probe.every().toMillis(),
                    Probes.create(probe, targets, shared, faultPrefix),
                    series,
                    journal);
        }
    }

    private void startLoads(Sampler sampler) {
        for (LoadDef def : experiment.loads()) {
            LoadSeries series = new LoadSeries();
            if (def.url() != null) {
                for (String name : LoadSeries.NAMES) {
                    String unit =
                            name.equals("success-rate")
                                    ? "%"
                                    : name.equals("throughput") ? "req/s" : "ms";
                    journal.series.put(
                            def.name() + "." + name,
                            new Series(def.name() + "." + name, unit, 1000));
                }
                sampler.every(
                        "load-" + def.name(),
                        1000,
                        () -> series.flush(def.name(), journal.series, journal.now(), 1000));
            }
            loadSeries.put(def.name(), series);
            Loads load = Loads.create(def, series, journal);
            loads.put(def.name(), load);
            if (def.autostart()) {
                load.start();
                journal.event("load", "load " + def.name() + " started");
            }
        }
    }

    private boolean steadyStateHolds() {
        long now = journal.now();
        Judge.Window settle =
                new Judge.Window(
                        Math.max(0, now - experiment.steadyState().settle().toMillis()), now);
        List<String> unmet = new ArrayList<>();
        for (Condition condition : experiment.steadyState().conditions()) {
            Judge.Verdict verdict = Judge.before(condition.expression(), series(condition), settle);
            journal.verdicts.add(verdict.toJson("steady state before", condition));
            if (verdict.violated()) {
                unmet.add(condition.text() + " (" + verdict.detail() + ")");
            }
        }
        if (unmet.isEmpty()) {
            journal.event("phase", "steady state met");
            return true;
        }
        journal.event(
                "phase",
                "steady state not met: " + String.join("; ", unmet) + "; nothing injected");
        loads.values().forEach(Loads::stop);
        finish(
                "not-run",
                "steady state not met before the method: " + String.join("; ", unmet),
                NOT_RUN);
        return false;
    }

    private void method() {
        journal.phase("method");
        journal.methodStart = journal.now();
        journal.event("phase", "method started");
        Timeline timeline = new Timeline(journal, new RunFaults(), loads);
        RuntimeException[] failure = new RuntimeException[1];
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                timeline.run(experiment.method());
                            } catch (InterruptedException aborted) {
                                journal.event("phase", "method stopped");
                            } catch (RuntimeException e) {
                                failure[0] = e;
                            }
                        },
                        "faultline-method");
        thread.setDaemon(true);
        timelineThread = thread;
        thread.start();
        try {
            while (thread.isAlive()) {
                thread.join(POLL_MILLIS);
                if (abortReason != null) {
                    thread.interrupt();
                    thread.join(5000);
                }
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
        endActiveFaults("the method ended");
        journal.methodEnd = journal.now();
        if (failure[0] != null) {
            throw failure[0];
        }
        if (abortReason == null) {
            journal.event("phase", "method ended");
        }
    }

    /**
     * Observes until every steady-state condition holds again and every "within ... after end" has
     * had its time, or the bound passes.
     */
    private void recovery() {
        journal.phase("recovery");
        long faultsEnd = faultsEnd();
        long deadline = journal.methodEnd + experiment.steadyState().recoversWithin().toMillis();
        long pendingUntil = journal.methodEnd;
        for (Condition condition : experiment.expectations()) {
            if (condition.mode() == Condition.Mode.WITHIN) {
                Judge.Window window = Judge.window(journal, condition.during(), journal.now());
                if (window != null) {
                    pendingUntil =
                            Math.max(
                                    pendingUntil,
                                    (condition.afterEnd() ? window.end() : window.start())
                                            + condition.span().toMillis());
                }
            }
        }
        if (experiment.steadyState().conditions().isEmpty()) {
            deadline = journal.methodEnd;
        }
        journal.event(
                "phase",
                "recovery: observing for up to "
                        + Durations.format(Math.max(deadline, pendingUntil) - journal.methodEnd));
        long lastSample = journal.methodEnd;
        while (abortReason == null) {
            long now = journal.now();
            boolean recovered =
                    !experiment.steadyState().conditions().isEmpty() && recoveredNow(lastSample);
            boolean pendingDone = now >= pendingUntil || withinConditionsDecided();
            if ((recovered || now >= deadline) && pendingDone) {
                break;
            }
            sleepUnlessAborted(POLL_MILLIS);
        }
        journal.event("phase", "recovery observed" + (faultsEnd >= 0 ? "" : ""));
    }

    /** Every steady-state condition holds at its latest sample, taken after the method ended. */
    private boolean recoveredNow(long after) {
        for (Condition condition : experiment.steadyState().conditions()) {
            Series series = journal.series.get(condition.expression().probe());
            Series.Sample latest = series == null ? null : series.latest();
            if (latest == null
                    || latest.t() <= after
                    || !condition.expression().test(latest.value())) {
                return false;
            }
        }
        return true;
    }

    private boolean withinConditionsDecided() {
        long now = journal.now();
        for (Condition condition : experiment.expectations()) {
            if (condition.mode() == Condition.Mode.WITHIN) {
                Judge.Window window = Judge.window(journal, condition.during(), now);
                if (window == null) {
                    continue;
                }
                Judge.Verdict verdict =
                        Judge.expectation(condition, series(condition), window, now);
                if (verdict.violated()
                        && now
                                < (condition.afterEnd() ? window.end() : window.start())
                                        + condition.span().toMillis()) {
                    return false;
                }
            }
        }
        return true;
    }

    private long faultsEnd() {
        long end = -1;
        for (Journal.FaultWindow window : journal.windows()) {
            end = Math.max(end, window.endAt(journal.now()));
        }
        return end;
    }

    private List<Series.Sample> series(Condition condition) {
        Series series = journal.series.get(condition.expression().probe());
        return series == null ? List.of() : series.snapshot();
    }

    // ---------------------------------------------------------------- guardrails and aborts

    private void checkGuardrails() {
        if (abortReason != null || journal.methodStart < 0 || rolledBack) {
            return;
        }
        long now = journal.now();
        if (now > maxDurationMillis) {
            abort("max-duration " + Durations.format(maxDurationMillis) + " reached");
            return;
        }
        if (experiment.guardrails() == null) {
            return;
        }
        for (Condition guard : experiment.guardrails().abortWhen()) {
            List<Series.Sample> samples = series(guard);
            long since = Judge.breachedSince(guard.expression(), samples);
            if (since >= 0
                    && since >= journal.methodStart
                    && samples.get(samples.size() - 1).t() - since >= guard.span().toMillis()) {
                abort("guardrail breached: " + guard.text() + " (line " + guard.line() + ")");
                return;
            }
        }
    }

    /** Stops the run: the first reason wins; the method is interrupted and the rollback follows. */
    void abort(String reason) {
        synchronized (this) {
            if (abortReason != null) {
                return;
            }
            abortReason = reason;
        }
        journal.event("abort", "aborting: " + reason);
        Thread timeline = timelineThread;
        if (timeline != null) {
            timeline.interrupt();
        }
    }

    private void sleepUnlessAborted(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (abortReason == null && System.nanoTime() < until) {
            try {
                Thread.sleep(
                        Math.min(
                                POLL_MILLIS,
                                Math.max(
                                        1,
                                        TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ---------------------------------------------------------------- faults and rollback

    /**
     * Faults of this run: ids prefixed by the run, durations bounded by the time the run has left.
     */
    private final class RunFaults implements Timeline.Faults {
        @Override
        public void enable(EnableStep step) {
            for (String name : step.targets()) {
                ObjectNode spec = step.spec().deepCopy();
                spec.put("id", faultPrefix + step.fault());
                long bound =
                        Math.max(1000, maxDurationMillis - journal.now() + DURATION_MARGIN_MILLIS);
                long duration =
                        step.ownDuration() == null
                                ? bound
                                : Math.min(step.ownDuration().toMillis(), bound);
                spec.put("duration", duration + "ms");
                String id = targets.get(name).enable(spec.toString());
                long ownEnd =
                        step.ownDuration() == null
                                ? -1
                                : journal.now() + step.ownDuration().toMillis();
                journal.faultStarted(step.fault(), id, name, spec.toString(), ownEnd);
                journal.event(
                        "fault",
                        "enabled "
                                + step.fault()
                                + " on "
                                + name
                                + " ("
                                + Timeline.describe(step).split(": ", 2)[1]
                                + ", ends by itself after "
                                + Durations.format(duration)
                                + ")");
            }
        }

        @Override
        public void disable(String fault) {
            for (Journal.FaultWindow window : journal.windows()) {
                if ((fault.equals("all") || window.fault.equals(fault)) && window.end < 0) {
                    endFault(window, "disabled");
                }
            }
        }
    }

    private void endFault(Journal.FaultWindow window, String why) {
        try {
            boolean was = targets.get(window.target).disable(window.id);
            journal.event(
                    "fault",
                    (was ? "disabled " : "ended already: ")
                            + window.fault
                            + " on "
                            + window.target
                            + " ("
                            + why
                            + ")");
        } catch (CliException e) {
            journal.event(
                    "fault",
                    "could not disable "
                            + window.fault
                            + " on "
                            + window.target
                            + ": "
                            + e.getMessage()
                            + " (the rollback tries again)");
        }
        window.end = journal.now();
    }

    private void endActiveFaults(String why) {
        for (Journal.FaultWindow window : journal.windows()) {
            if (window.end < 0) {
                endFault(window, why);
            }
        }
    }

    /**
     * Disables every fault of the run on every target, found by listing the target (not from
     * memory), and lists again as proof. Runs once: at the end, on abort, on a runner error, or
     * from the shutdown hook if the runner is stopped some other way.
     */
    private void rollbackOnce() {
        synchronized (this) {
            if (rolledBack) {
                return;
            }
            rolledBack = true;
        }
        journal.phase("rollback");
        for (Journal.FaultWindow window : journal.windows()) {
            if (window.end < 0) {
                window.end = journal.now();
            }
        }
        for (RunTarget target : targets.values()) {
            ObjectNode record =
                    journal.rollback
                            .addObject()
                            .put("target", target.def.name())
                            .put("pid", target.pid());
            List<String> disabled = new ArrayList<>();
            try {
                if (!target.alive()) {
                    record.put("verified", true)
                            .put("note", "the JVM has ended; its faults ended with it");
                    record.putArray("disabled");
                    record.putArray("remaining");
                    continue;
                }
                for (String id : target.activeFaults(faultPrefix)) {
                    target.disable(id);
                    disabled.add(id);
                }
                List<String> remaining = target.activeFaults(faultPrefix);
                record.put("verified", remaining.isEmpty())
                        .put(
                                "note",
                                remaining.isEmpty()
                                        ? "listed "
                                                + target.describe()
                                                + " after the rollback: no fault of this run is left"
                                        : "faults still active after the rollback");
                disabled.forEach(record.withArray("disabled")::add);
                remaining.forEach(record.withArray("remaining")::add);
            } catch (CliException e) {
                record.put("verified", false)
                        .put(
                                "note",
                                "could not reach "
                                        + target.describe()
                                        + ": "
                                        + e.getMessage()
                                        + "; its faults end by their own duration");
                disabled.forEach(record.withArray("disabled")::add);
            }
            journal.event(
                    "rollback",
                    "rollback "
                            + target.def.name()
                            + ": "
                            + record.path("note").asText()
                            + (disabled.isEmpty()
                                    ? ""
                                    : " (disabled " + String.join(", ", disabled) + ")"));
        }
        recordCounters();
        journal.phase(null);
    }

    private void recordCounters() {
        for (Journal.FaultWindow window : journal.windows()) {
            long[] counts =
                    targets.get(window.target).allCounters().getOrDefault(window.id, new long[2]);
            journal.counters
                    .addObject()
                    .put("fault", window.fault)
                    .put("target", window.target)
                    .put("id", window.id)
                    .put("matched", counts[0])
                    .put("injected", counts[1]);
        }
    }

    private void closeTargets() {
        for (RunTarget target : targets.values()) {
            target.close();
        }
        for (RunTarget target : targets.values()) {
            ObjectNode record =
                    journal.targets
                            .addObject()
                            .put("name", target.def.name())
                            .put("locator", target.def.locator())
                            .put("describe", target.describe());
            target.pidsSeen().forEach(record.withArray("pids")::add);
        }
    }

    // ---------------------------------------------------------------- verdicts and output

    private void judge() {
        if (journal.outcome.equals("not-run")) {
            return;
        }
        long now = journal.now();
        boolean deviated = false;
        for (Condition condition : experiment.expectations()) {
            Judge.Verdict verdict =
                    Judge.expectation(
                            condition,
                            series(condition),
                            Judge.window(journal, condition.during(), now),
                            now);
            journal.verdicts.add(verdict.toJson("during the method", condition));
            deviated |= !verdict.verdict().equals(Judge.HELD);
        }
        long faultsEnd = faultsEnd() >= 0 ? faultsEnd() : journal.methodEnd;
        for (Condition condition : experiment.steadyState().conditions()) {
            if (journal.methodEnd < 0) {
                break;
            }
            Judge.Verdict verdict =
                    Judge.after(
                            condition.expression(),
                            series(condition),
                            journal.methodEnd,
                            faultsEnd,
                            experiment.steadyState().recoversWithin().toMillis());
            journal.verdicts.add(verdict.toJson("steady state after", condition));
            deviated |= verdict.violated();
        }
        if (experiment.guardrails() != null) {
            for (Condition guard : experiment.guardrails().abortWhen()) {
                boolean breached =
                        abortReason != null
                                && abortReason.contains(
                                        guard.text() + " (line " + guard.line() + ")");
                journal.verdicts.add(
                        new Judge.Verdict(
                                        breached ? Judge.VIOLATED : Judge.HELD,
                                        null,
                                        null,
                                        null,
                                        null,
                                        breached ? "breached: the run was aborted" : "not breached")
                                .toJson("guardrail", guard));
            }
        }
        if (abortReason != null) {
            finish("aborted", abortReason, ABORTED);
        } else if (deviated) {
            finish("deviated", "the system deviated from the hypothesis", DEVIATED);
        } else {
            finish("held", "the hypothesis held", HELD);
        }
    }

    private void finish(String outcome, String reason, int exitCode) {
        if (journal.exitCode >= 0) {
            return;
        }
        journal.outcome = outcome;
        journal.reason = reason;
        journal.exitCode = exitCode;
    }

    private void writeReports() {
        journal.endedAt = journal.now();
        Path dir = options.out().resolve(journal.runId);
        try {
            journal.write(dir.resolve("journal.json"));
            Reports.write(Journal.read(dir.resolve("journal.json")), dir);
        } catch (IOException | RuntimeException e) {
            options.console().println("faultline: could not write the report to " + dir + ": " + e);
        }
        journal.event("report", "report: " + dir.resolve("report.html"));
    }

    private void printSummary() {
        PrintStream console = options.console();
        console.println();
        for (var verdict : journal.verdicts) {
            console.printf(
                    "%-9s %-20s %s (line %d)%s%n",
                    verdict.path("verdict").asText().toUpperCase(Locale.ROOT),
                    verdict.path("phase").asText(),
                    verdict.path("condition").asText(),
                    verdict.path("line").asInt(),
                    verdict.path("detail").asText().isEmpty()
                            ? ""
                            : ": " + verdict.path("detail").asText());
        }
        for (var rollback : journal.rollback) {
            console.println(
                    "rollback  "
                            + rollback.path("target").asText()
                            + ": "
                            + rollback.path("note").asText());
        }
        console.println(
                switch (journal.outcome) {
                            case "held" -> "HELD: ";
                            case "deviated" -> "DEVIATED: ";
                            case "aborted" -> "ABORTED: ";
                            default -> "NOT RUN: ";
                        }
                        + journal.reason);
        console.println("report: " + options.out().resolve(journal.runId).resolve("report.html"));
        console.flush();
    }

    // ---------------------------------------------------------------- dry run

    private int dryRun() {
        PrintStream console = options.console();
        targets.values()
                .forEach(
                        t ->
                                console.println(
                                        "target    "
                                                + t.describe()
                                                + (t.def.byName()
                                                        ? " (found again by name if it restarts)"
                                                        : "")));
        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();
        int failed = 0;
        for (ProbeDef probe : experiment.probes()) {
            String result;
            try {
                Object value =
                        Probes.create(probe, targets, new Probes.Http(http), faultPrefix).read();
                result =
                        Judge.show(value)
                                + (probe.source().unit().isEmpty()
                                        ? ""
                                        : " " + probe.source().unit());
            } catch (Exception | LinkageError e) {
                failed++;
                result = "FAILED: " + Sampler.message(e);
            }
            console.println(
                    "probe     "
                            + probe.name()
                            + " every "
                            + Durations.format(probe.every())
                            + ": "
                            + Journal.describe(probe.source())
                            + " = "
                            + result);
        }
        for (LoadDef load : experiment.loads()) {
            console.println(
                    "load      "
                            + load.name()
                            + ": "
                            + (load.url() != null
                                    ? load.method()
                                            + " "
                                            + load.url()
                                            + " at "
                                            + (load.rate() != null
                                                    ? load.rate() + " req/s"
                                                    : load.concurrency() + " workers")
                                    : load.command())
                            + (load.autostart() ? "" : " (started by the method)"));
        }
        experiment
                .steadyState()
                .conditions()
                .forEach(c -> console.println("steady    " + c.text()));
        long offset = 0;
        for (Experiment.Step step : experiment.method()) {
            offset = step.at() != null ? Math.max(offset, step.at().toMillis()) : offset;
            console.printf(
                    "method    %8s  %-10s %s%n",
                    Durations.format(offset), Timeline.action(step), Timeline.describe(step));
            offset +=
                    Timeline.plannedMillis(List.of(step))
                            - (step.at() != null ? step.at().toMillis() : 0);
        }
        experiment.expectations().forEach(c -> console.println("expect    " + c.text()));
        if (experiment.guardrails() != null) {
            experiment
                    .guardrails()
                    .abortWhen()
                    .forEach(c -> console.println("guardrail abort when " + c.text()));
        }
        console.println(
                "planned   "
                        + Durations.format(journal.plannedMillis)
                        + ", at most "
                        + Durations.format(maxDurationMillis)
                        + "; fault specs checked by the agent's parser");
        if (failed > 0) {
            console.println("faultline: " + failed + " probe(s) failed; nothing was enabled");
            return NOT_RUN;
        }
        console.println("dry run: nothing was enabled");
        return HELD;
    }

    // ---------------------------------------------------------------- names

    static String slug(String text) {
        String slug =
                text.toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9]+", "-")
                        .replaceAll("(^-+|-+$)", "");
        return slug.length() > 40
                ? slug.substring(0, 40).replaceAll("-+$", "")
                : slug.isEmpty() ? "experiment" : slug;
    }

    private static String randomTag() {
        String letters = "abcdefghijkmnpqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder tag = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            tag.append(letters.charAt(random.nextInt(letters.length())));
        }
        return tag.toString();
    }
}
