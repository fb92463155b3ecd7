package dev.faultline.core;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's audit log: fault lifecycle, control commands, and its own failures (each kind
 * logged once, all counted). Goes to stderr, a file, or nowhere ({@code log=} option).
 */
public final class AgentLog implements FaultListener {
    private final PrintWriter out;
    private final AtomicLong internalErrors = new AtomicLong();
    private final Set<String> reportedFailures = ConcurrentHashMap.newKeySet();

    private final boolean closeable;

    private AgentLog(PrintWriter out, boolean closeable) {
        this.out = out;
        this.closeable = closeable;
    }

    /**
     * Opens the log for a {@code log=} value: {@code stderr} (default), {@code off}, or a file path
     * (appended to).
     */
    public static AgentLog open(String destination) {
        if (destination == null || destination.isEmpty() || destination.equals("stderr")) {
            return new AgentLog(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true), false);
        }
        if (destination.equals("off")) {
            return new AgentLog(null, false);
        }
        try {
            return new AgentLog(new PrintWriter(new OutputStreamWriter(
                    new FileOutputStream(destination, true), StandardCharsets.UTF_8), true), true);
        } catch (IOException e) {
            throw SpecException.field("log", "cannot open log file " + destination + ": " + e.getMessage()
                    + "; expected stderr, off or a writable file path");
        }
    }

    /** Closes a log file (the agent is detached); stderr stays open. */
    public void close() {
        if (out != null && closeable) {
            out.close();
        }
    }

    public void info(String message) {
        if (out != null) {
            synchronized (out) {
                out.println("[faultline] " + Instant.now() + " " + message);
            }
        }
    }

    /** Counts a failure of the agent itself and logs the first of each kind with its stack trace. */
    public void internalError(String where, Throwable failure) {
        internalError(where, null, failure);
    }

    /**
     * Counts a failure of the agent itself and logs the first of each kind (where and exception
     * class) with its stack trace.
     *
     * @param subject what was being worked on (a class name), or {@code null}
     */
    public void internalError(String where, String subject, Throwable failure) {
        internalErrors.incrementAndGet();
        if (reportedFailures.add(where + ":" + failure.getClass().getName()) && out != null) {
            synchronized (out) {
                out.println("[faultline] " + Instant.now() + " agent failure in " + where + (subject == null ? "" : " of " + subject)
                        + " (the application was not affected; further failures of this kind are counted, not logged):");
                failure.printStackTrace(out);
            }
        }
    }

    /** Failures of the agent itself since it started. */
    public long internalErrors() {
        return internalErrors.get();
    }

    @Override
    public void enabled(ActiveFault fault) {
        info("enabled " + fault.spec().describe());
    }

    @Override
    public void ended(ActiveFault fault, EndReason reason) {
        info("ended " + fault.id() + " (" + reason + "): matched " + fault.matched() + ", injected " + fault.injected());
    }

    @Override
    public void firstInjection(ActiveFault fault) {
        info("first injection of " + fault.id() + " on thread " + Thread.currentThread().getName());
    }
}
