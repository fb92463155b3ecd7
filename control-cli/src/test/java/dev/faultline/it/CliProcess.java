// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged CLI as a running process, for a test that signals it while it runs. */
final class CliProcess {
    private static final Path JAR =
            Paths.get(System.getProperty("faultline.cli.jar", "target/faultline-cli.jar"))
                    .toAbsolutePath();

    private final Process process;
    private final StringBuffer output = new StringBuffer();

    private CliProcess(Process process) {
        this.process = process;
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                for (String line; (line = in.readLine()) != null; ) {
                                    output.append(line).append('\n');
                                }
                            } catch (java.io.IOException ended) {
                                // the process ended
                            }
                        },
                        "cli-output");
        reader.setDaemon(true);
        reader.start();
    }

    static CliProcess start(String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(Jdk.current().java().toString(), "-jar", JAR.toString()));
        command.addAll(Arrays.asList(args));
        return new CliProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    long pid() {
        return process.pid();
    }

    String output() {
        return output.toString();
    }

    void awaitOutput(String text, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!output.toString().contains(text)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("no '" + text + "' in the output:\n" + output);
            }
            Thread.sleep(50);
        }
    }

    int awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "faultline did not end within " + seconds + " s:\n" + output);
        }
        Thread.sleep(100); // the last lines
        return process.exitValue();
    }
}
