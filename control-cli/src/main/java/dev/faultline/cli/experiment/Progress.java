// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import dev.faultline.cli.report.Figures;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a run shows while it runs. On a terminal, a view redrawn each second: phase, elapsed and
 * planned time, each probe's latest value, the active faults with their injections, the latest
 * events. Otherwise plain lines: each event as it happens, and the probe values every five seconds.
 */
final class Progress implements AutoCloseable {
    private static final int EVENTS_SHOWN = 8;

    private final Journal journal;
    private final Map<String, RunTarget> targets;
    private final PrintStream out;
    private final boolean terminal;
    private final Thread thread;
    private volatile boolean running = true;
    private int eventsPrinted;

    Progress(Journal journal, Map<String, RunTarget> targets, PrintStream out, boolean terminal) {
        this.journal = journal;
        this.targets = targets;
        this.out = out;
        this.terminal = terminal;
        this.thread = new Thread(this::loop, "faultline-progress");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        int tick = 0;
        while (running) {
            try {
                Thread.sleep(terminal ? 1000 : 250);
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;
            }
            if (terminal) {
                redraw();
            } else {
                printNewEvents();
                if (++tick % 20 == 0) {
                    out.println(clock() + "  " + values(", "));
                }
            }
        }
    }

    /** Prints the events not printed yet (plain mode; also called at the end). */
    synchronized void printNewEvents() {
        if (terminal) {
            return;
        }
        List<String> events = journal.eventsSince(eventsPrinted);
        eventsPrinted += events.size();
        for (String event : events) {
            out.println(event);
        }
        out.flush();
    }

    private void redraw() {
        StringBuilder view = new StringBuilder("\033[H\033[2J");
        view.append(journal.experiment.title()).append('\n');
        view.append(clock()).append("  ").append(journal.currentPhase()).append('\n').append('\n');
        view.append(values("\n")).append('\n').append('\n');
        List<String> faults = new ArrayList<>();
        long now = journal.now();
        for (Journal.FaultWindow window : journal.windows()) {
            if (window.endAt(now) < 0) {
                RunTarget target = targets.get(window.target);
                long[] counts = target == null ? new long[2] : target.counters(window.id);
                faults.add(
                        "  "
                                + window.fault
                                + " on "
                                + window.target
                                + ": matched "
                                + counts[0]
                                + ", injected "
                                + counts[1]);
            }
        }
        view.append("active faults: ").append(faults.isEmpty() ? "none" : "").append('\n');
        faults.forEach(line -> view.append(line).append('\n'));
        int count = journal.eventCount();
        view.append('\n');
        journal.eventsSince(Math.max(0, count - EVENTS_SHOWN))
                .forEach(e -> view.append(e).append('\n'));
        out.print(view);
        out.flush();
    }

    private String clock() {
        return Durations.format(journal.now() / 1000 * 1000)
                + " / "
                + Durations.format(journal.plannedMillis);
    }

    private String values(String separator) {
        List<String> parts = new ArrayList<>();
        journal.series.forEach(
                (name, series) -> {
                    Series.Sample latest = series.latest();
                    String value =
                            latest == null
                                    ? "-"
                                    : latest.value() == null
                                            ? "(" + latest.error() + ")"
                                            : latest.value() instanceof Number number
                                                    ? Figures.number(
                                                            number.doubleValue(), series.unit)
                                                    : String.valueOf(latest.value());
                    parts.add((separator.equals("\n") ? "  " : "") + name + " " + value);
                });
        return String.join(separator, parts);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        printNewEvents();
    }
}
