// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Shell commands of an experiment ({@code run:} steps, command probes and loads), run with {@code
 * sh -c}, always within a timeout.
 */
final class Shell {
    /** The most output kept of a command (the rest is read and dropped). */
    private static final int KEPT_OUTPUT = 64 * 1024;

    record Result(int exitCode, String output, boolean timedOut) {}

    private Shell() {}

    static Process start(String command) throws IOException {
        return new ProcessBuilder("sh", "-c", command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    /** Runs a command to its end, or kills it (and its children) after the timeout. */
    static Result run(String command, Duration timeout) throws IOException, InterruptedException {
        Process process = start(command);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader =
                new Thread(
                        () -> drain(process.getInputStream(), output), "faultline-command-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                reader.join(1000);
                return new Result(-1, text(output), true);
            }
        } catch (InterruptedException e) {
            stop(process);
            throw e;
        }
        reader.join(1000);
        return new Result(process.exitValue(), text(output), false);
    }

    /** Ends a command and what it started. */
    static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void drain(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (out) {
                    if (out.size() < KEPT_OUTPUT) {
                        out.write(buffer, 0, Math.min(n, KEPT_OUTPUT - out.size()));
                    }
                }
            }
        } catch (IOException closed) {
            // the command ended
        }
    }

    private static String text(ByteArrayOutputStream output) {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }
}
