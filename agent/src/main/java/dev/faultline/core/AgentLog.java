// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's audit log: fault lifecycle, control commands, and its own failures (each kind logged
 * once, all counted). Goes to stderr, a file, or nowhere ({@code log=} option), as text lines or as
 * JSON lines ({@code log-format=}). A file is created readable by its owner only: it says who
 * changed what in the service.
 */
public final class AgentLog implements FaultListener {
    /** The {@code log-format=} values. */
    public enum Format {
        TEXT,
        JSON
    }

    private final PrintWriter out;
    private final boolean closeable;

    /** Whether lines are JSON ({@code log-format=json}) rather than text. */
    private final boolean json;

    private final long pid;
    private final String jvm;
    private final AtomicLong internalErrors = new AtomicLong();
    private final Set<String> reportedFailures = ConcurrentHashMap.newKeySet();

    private AgentLog(PrintWriter out, boolean closeable, Format format) {
        this.out = out;
        this.closeable = closeable;
        if (format == Format.JSON && out != null) {
            this.json = true;
            this.pid = ProcessHandle.current().pid();
            // The name JMX tools show for the JVM (pid@host); read once, before any fault can touch
            // the lookup it makes.
            this.jvm = ManagementFactory.getRuntimeMXBean().getName();
        } else {
            this.json = false;
            this.pid = 0;
            this.jvm = null;
        }
    }

    /** Opens a text log; see {@link #open(String, Format)}. */
    public static AgentLog open(String destination) {
        return open(destination, Format.TEXT);
    }

    /**
     * Opens the log for a {@code log=} value: {@code stderr} (default), {@code off}, or a file path
     * (appended to; created with owner-only permissions where the file system has POSIX
     * permissions, an existing file keeps its own).
     */
    public static AgentLog open(String destination, Format format) {
        if (destination == null || destination.isEmpty() || destination.equals("stderr")) {
            return new AgentLog(
                    new PrintWriter(
                            new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                    false,
                    format);
        }
        if (destination.equals("off")) {
            return new AgentLog(null, false, format);
        }
        try {
            return new AgentLog(
                    new PrintWriter(
                            new OutputStreamWriter(
                                    openFile(Paths.get(destination)), StandardCharsets.UTF_8),
                            true),
                    true,
                    format);
        } catch (IOException | RuntimeException e) {
            throw SpecException.field(
                    "log",
                    "cannot open log file "
                            + destination
                            + ": "
                            + e
                            + "; expected stderr, off or a writable file path");
        }
    }

    /**
     * Creates the file as rw------- (atomically, so no one can open it in between), or appends to
     * it as it is.
     */
    private static OutputStream openFile(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            try {
                Files.createFile(
                        file,
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException kept) {
                // An existing log keeps the permissions it has: whoever made it chose them.
            }
        }
        return Files.newOutputStream(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    /** Closes a log file (the agent is detached); stderr stays open. */
    public void close() {
        if (out != null && closeable) {
            out.close();
        }
    }

    /** A message of its own kind ({@code info} in JSON lines). */
    public void info(String message) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("message", message);
        event("info", message, fields);
    }

    /**
     * Logs one event: the text as a text line, or the fields (after {@code time}, {@code pid},
     * {@code jvm} and {@code event}) as a JSON line.
     *
     * @param kind the JSON lines' {@code event}: {@code agent-started}, {@code enabled}, {@code
     *     command} ...
     */
    public void event(String kind, String text, Map<String, Object> fields) {
        if (out == null) {
            return;
        }
        String line = !json ? "[faultline] " + Instant.now() + " " + text : jsonLine(kind, fields);
        synchronized (out) {
            out.println(line);
        }
    }

    private String jsonLine(String kind, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("pid", pid);
        line.put("jvm", jvm);
        line.put("event", kind);
        line.putAll(fields);
        return JsonText.write(line);
    }

    /**
     * A control command and its result. Every command that changes or tries to change the faults is
     * in the JSON log; the text log shows the refused ones (what succeeded shows as enabled and
     * ended lines).
     */
    public void command(Origin origin, String command, String result) {
        if (!json && !result.startsWith("error")) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>(origin.toMap());
        fields.put("command", command);
        fields.put("result", result);
        event("command", "command " + command + " via " + origin + ": " + result, fields);
    }

    /**
     * Counts a failure of the agent itself and logs the first of each kind with its stack trace.
     */
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
        long count = internalErrors.incrementAndGet();
        if (!reportedFailures.add(where + ":" + failure.getClass().getName()) || out == null) {
            return;
        }
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        String stackTrace = trace.toString().trim();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("where", where);
        if (subject != null) fields.put("subject", subject);
        fields.put("error", failure.getClass().getName());
        fields.put("message", failure.getMessage());
        fields.put("stackTrace", stackTrace);
        fields.put("agentErrors", count);
        event(
                "agent-error",
                "agent failure in "
                        + where
                        + (subject == null ? "" : " of " + subject)
                        + " (the application was not affected; further failures of this kind are counted, not logged):\n"
                        + stackTrace,
                fields);
    }

    /** Failures of the agent itself since it started. */
    public long internalErrors() {
        return internalErrors.get();
    }

    @Override
    public void enabled(ActiveFault fault, Origin origin) {
        Map<String, Object> fields = faultFields(fault);
        fields.putAll(origin.toMap());
        fields.put("spec", fault.spec().toMap());
        event("enabled", "enabled " + fault.spec().describe() + " via " + origin, fields);
    }

    @Override
    public void ended(ActiveFault fault, EndReason reason, Origin origin) {
        Map<String, Object> fields = faultFields(fault);
        fields.putAll(origin.toMap());
        fields.put("matched", fault.matched());
        fields.put("injected", fault.injected());
        String how = reason == EndReason.EXPIRED ? reason.toString() : reason + " via " + origin;
        event(
                reason.toString(),
                "ended "
                        + fault.id()
                        + " ("
                        + how
                        + "): matched "
                        + fault.matched()
                        + ", injected "
                        + fault.injected(),
                fields);
    }

    @Override
    public void firstInjection(ActiveFault fault) {
        String thread = Thread.currentThread().getName();
        Map<String, Object> fields = faultFields(fault);
        fields.put("thread", thread);
        fields.put("matched", fault.matched());
        fields.put("injected", fault.injected());
        event(
                "first-injection",
                "first injection of " + fault.id() + " on thread " + thread,
                fields);
    }

    private static Map<String, Object> faultFields(ActiveFault fault) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("fault", fault.id());
        fields.put("point", fault.spec().point().name());
        fields.put("action", fault.spec().action().specName());
        return fields;
    }
}
