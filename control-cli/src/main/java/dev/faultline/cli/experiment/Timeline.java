// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.cli.experiment.Experiment.DisableStep;
import dev.faultline.cli.experiment.Experiment.EnableStep;
import dev.faultline.cli.experiment.Experiment.LoadStep;
import dev.faultline.cli.experiment.Experiment.ParallelStep;
import dev.faultline.cli.experiment.Experiment.RunStep;
import dev.faultline.cli.experiment.Experiment.Step;
import dev.faultline.cli.experiment.Experiment.WaitStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Carries out the method: its steps one after the other on the calling thread (a step with {@code
 * at} first waits for that offset from the method's start), the branches of a parallel step on
 * threads of their own. An abort interrupts it.
 */
final class Timeline {
    /**
     * What enabling and disabling a fault means for the run (bounded durations, run-prefixed ids,
     * windows).
     */
    interface Faults {
        void enable(EnableStep step);

        void disable(String fault);
    }

    private final Journal journal;
    private final Faults faults;
    private final Map<String, Loads> loads;

    /** The method's start: {@code at} offsets count from it, in parallel branches too. */
    private final long startNanos;

    Timeline(Journal journal, Faults faults, Map<String, Loads> loads) {
        this(journal, faults, loads, System.nanoTime());
    }

    private Timeline(Journal journal, Faults faults, Map<String, Loads> loads, long startNanos) {
        this.journal = journal;
        this.faults = faults;
        this.loads = loads;
        this.startNanos = startNanos;
    }

    void run(List<Step> steps) throws InterruptedException {
        for (Step step : steps) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            if (step.at() != null) {
                long due = startNanos + step.at().toNanos();
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            execute(step);
        }
    }

    private void execute(Step step) throws InterruptedException {
        ObjectNode record = journal.step(action(step), describe(step), step.line());
        String result = null;
        try {
            if (step instanceof EnableStep enable) {
                faults.enable(enable);
            } else if (step instanceof DisableStep disable) {
                faults.disable(disable.fault());
            } else if (step instanceof WaitStep wait) {
                Thread.sleep(wait.pause().toMillis());
            } else if (step instanceof RunStep run) {
                result = runCommand(run);
            } else if (step instanceof LoadStep load) {
                Loads generator = loads.get(load.load());
                if (load.start()) {
                    generator.start();
                } else {
                    generator.stop();
                }
            } else {
                parallel((ParallelStep) step);
            }
        } finally {
            journal.stepEnded(record, result);
        }
    }

    private String runCommand(RunStep run) throws InterruptedException {
        try {
            Shell.Result result = Shell.run(run.command(), run.timeout());
            String summary =
                    result.timedOut()
                            ? "timed out after " + Durations.format(run.timeout())
                            : "exit code " + result.exitCode();
            journal.event(
                    "command",
                    run.command()
                            + ": "
                            + summary
                            + (result.output().isBlank() ? "" : ": " + firstLine(result.output())));
            return summary;
        } catch (java.io.IOException e) {
            journal.event("command", run.command() + ": could not start: " + e.getMessage());
            return "could not start: " + e.getMessage();
        }
    }

    private static String firstLine(String output) {
        String line = output.strip().split("\n", 2)[0];
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private void parallel(ParallelStep step) throws InterruptedException {
        List<Thread> branches = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (List<Step> branch : step.branches()) {
            Thread thread =
                    new Thread(
                            () -> {
                                try {
                                    new Timeline(journal, faults, loads, startNanos).run(branch);
                                } catch (InterruptedException ended) {
                                    // the run was aborted
                                } catch (RuntimeException e) {
                                    synchronized (failures) {
                                        failures.add(e);
                                    }
                                }
                            },
                            "faultline-method-branch");
            thread.setDaemon(true);
            branches.add(thread);
            thread.start();
        }
        try {
            for (Thread branch : branches) {
                branch.join();
            }
        } finally {
            branches.forEach(Thread::interrupt);
        }
        synchronized (failures) {
            if (!failures.isEmpty()) {
                throw (RuntimeException) failures.get(0);
            }
        }
    }

    static String action(Step step) {
        if (step instanceof EnableStep) return "enable";
        if (step instanceof DisableStep) return "disable";
        if (step instanceof WaitStep) return "wait";
        if (step instanceof RunStep) return "run";
        if (step instanceof LoadStep load) return load.start() ? "start-load" : "stop-load";
        return "parallel";
    }

    /**
     * One line for the report: {@code slow-reads on order: jdbc.execute delay {"delay":"500ms"}}.
     */
    static String describe(Step step) {
        if (step instanceof EnableStep enable) {
            ObjectNode spec = enable.spec().deepCopy();
            String point = spec.path("point").asText();
            String action = spec.path("action").asText();
            spec.remove(List.of("point", "action"));
            return enable.fault()
                    + " on "
                    + String.join(", ", enable.targets())
                    + ": "
                    + point
                    + " "
                    + action
                    + (spec.isEmpty() ? "" : " " + spec);
        }
        if (step instanceof DisableStep disable) return disable.fault();
        if (step instanceof WaitStep wait) return Durations.format(wait.pause());
        if (step instanceof RunStep run) return run.command();
        if (step instanceof LoadStep load) return load.load();
        ParallelStep parallel = (ParallelStep) step;
        List<String> branches = new ArrayList<>();
        for (List<Step> branch : parallel.branches()) {
            List<String> parts = new ArrayList<>();
            branch.forEach(s -> parts.add(action(s) + " " + describe(s)));
            branches.add(String.join(", then ", parts));
        }
        return String.join(" | ", branches);
    }

    /** Every step, those inside parallel branches included, in file order. */
    static List<Step> flatten(List<Step> steps) {
        List<Step> out = new ArrayList<>();
        for (Step step : steps) {
            out.add(step);
            if (step instanceof ParallelStep parallel) {
                parallel.branches().forEach(branch -> out.addAll(flatten(branch)));
            }
        }
        return out;
    }

    /** The fault ids the enable steps use. */
    static List<String> faultIds(List<Step> steps) {
        return enables(steps).stream().map(EnableStep::fault).toList();
    }

    static List<EnableStep> enables(List<Step> steps) {
        return flatten(steps).stream()
                .filter(EnableStep.class::isInstance)
                .map(EnableStep.class::cast)
                .toList();
    }

    static List<DisableStep> disables(List<Step> steps) {
        return flatten(steps).stream()
                .filter(DisableStep.class::isInstance)
                .map(DisableStep.class::cast)
                .toList();
    }

    /** The method's length as planned: waits and {@code at} offsets (commands count as instant). */
    static long plannedMillis(List<Step> steps) {
        long t = 0;
        for (Step step : steps) {
            if (step.at() != null) {
                t = Math.max(t, step.at().toMillis());
            }
            if (step instanceof WaitStep wait) {
                t += wait.pause().toMillis();
            } else if (step instanceof ParallelStep parallel) {
                long longest = 0;
                for (List<Step> branch : parallel.branches()) {
                    longest = Math.max(longest, plannedMillis(branch));
                }
                t += longest;
            }
        }
        return t;
    }
}
